package gold

import (
	"math"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// testSeason is the simulated season of the unit tests: twelve weekends
// (three of them sprint weekends) of 2024, the last year with the
// fastest-lap point, with every real-API data defect switched on. It is
// simulated and run through bronze and silver once per test binary.
var testSeason = sim.Config{Seed: 7, Year: 2024, Meetings: 12, Sprints: 3, Quirks: sim.AllQuirks()}

var (
	seasonOnce   sync.Once
	seasonSim    *sim.Season
	seasonInputs Inputs
)

// simInputs returns the test season and its silver batches (shared by the
// tests, never released: they live as long as the test binary).
func simInputs(t *testing.T) (*sim.Season, Inputs) {
	t.Helper()
	seasonOnce.Do(func() {
		var builds []*silver.Build
		seasonSim, builds = simSeasonKeep(t, testSeason, memory.DefaultAllocator)
		seasonInputs = InputsFromSilver(builds...)
	})
	if seasonSim == nil {
		t.Fatal("simulating the test season failed")
	}
	return seasonSim, seasonInputs
}

func TestSimSafetyCarPeriods(t *testing.T) {
	season, in := simInputs(t)
	periods := 0
	for _, st := range season.Truth().Sessions {
		if st.Distance == 0 {
			continue
		}
		got := TrackPeriods(st.SessionKey, in.RaceControl, in.Laps)
		var want []TrackPeriod
		for _, p := range st.SafetyCars {
			want = append(want, TrackPeriod{Kind: p.Kind, StartLap: p.StartLap, EndLap: p.EndLap, Closed: true})
		}
		if !slices.Equal(got, want) {
			t.Errorf("session %d (%s): periods %v, simulated %v", st.SessionKey, st.Name, got, want)
		}
		periods += len(want)
	}
	if periods == 0 {
		t.Fatal("the season has no SC/VSC period: the test proves nothing")
	}
	t.Logf("%d SC/VSC periods found as simulated", periods)
}

func TestSimFastestLapsAndStandings(t *testing.T) {
	mem := checkedMem(t)
	season, in := simInputs(t)
	truth := season.Truth()

	sb, err := ComputeSessions(in, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Release()
	summaries := map[int64]map[string]any{}
	for _, r := range rowsOf(t, sb, TableSessionSummary) {
		summaries[i64(r["session_key"])] = r
	}
	for _, st := range truth.Sessions {
		if st.FastestLap == nil {
			continue
		}
		r := summaries[int64(st.SessionKey)]
		if i64(r["fastest_lap_driver_number"]) != int64(st.FastestLap.DriverNumber) ||
			i64(r["fastest_lap_ms"]) != int64(math.Round(st.FastestLap.Duration*1000)) {
			t.Errorf("session %d: fastest lap %v by %v, simulated %+v", st.SessionKey, r["fastest_lap_ms"], r["fastest_lap_driver_number"], *st.FastestLap)
		}
	}

	b, err := ComputeStandings(in, truth.Year, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if f := b.Failures(); len(f) > 0 {
		t.Errorf("%d of %d cross-checks fail, first: %v", len(f), len(b.CrossChecks), f[0])
	}
	last := map[int64]map[string]any{}
	for _, r := range rowsOf(t, b, TableChampionshipStandings) {
		if int(i64(r["round"])) == b.Rounds {
			last[i64(r["driver_number"])] = r
		}
	}
	for _, ds := range truth.DriverStandings {
		r := last[int64(ds.DriverNumber)]
		if r == nil || i64(r["position"]) != int64(ds.Position) || f64(r["points"]) != ds.Points {
			t.Errorf("driver %d: got %v, simulated P%d %g", ds.DriverNumber, r, ds.Position, ds.Points)
		}
	}
	teams := map[string]map[string]any{}
	for _, r := range rowsOf(t, b, TableChampionshipTeamStandings) {
		if int(i64(r["round"])) == b.Rounds {
			teams[r["team_name"].(string)] = r
		}
	}
	for _, ts := range truth.TeamStandings {
		r := teams[ts.TeamName]
		if r == nil || i64(r["position"]) != int64(ts.Position) || f64(r["points"]) != ts.Points {
			t.Errorf("team %s: got %v, simulated P%d %g", ts.TeamName, r, ts.Position, ts.Points)
		}
	}
	t.Logf("%d rounds, %d cross-checks agree; warnings %v", b.Rounds, len(b.CrossChecks), b.Warnings)
}

func TestSimDegradation(t *testing.T) {
	mem := checkedMem(t)
	season, in := simInputs(t)
	truth := season.Truth()
	b, err := ComputeSessions(in, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	races := map[int64]bool{}
	for _, r := range rowsOf(t, b, TableSessionSummary) {
		if r["session_name"] == "Race" {
			races[i64(r["session_key"])] = true
		}
	}
	slopes := map[string][]float64{}
	for _, r := range rowsOf(t, b, TableStintAnalysis) {
		if races[i64(r["session_key"])] && r["degradation_s_per_lap"] != nil && i64(r["degradation_laps"]) >= 8 {
			c := r["compound"].(string)
			slopes[c] = append(slopes[c], f64(r["degradation_s_per_lap"]))
		}
	}
	for c, want := range truth.Degradation {
		s := slopes[c]
		if len(s) < 10 {
			t.Errorf("%s: only %d stints with a slope", c, len(s))
			continue
		}
		sort.Float64s(s)
		got := s[len(s)/2]
		t.Logf("%-6s %3d stints, median slope %.4f s/lap, simulated %.4f (%+.1f%%)", c, len(s), got, want, (got-want)/want*100)
		if math.Abs(got-want) > 0.1*want {
			t.Errorf("%s: degradation %.4f s/lap, simulated %.4f: more than 10%% off", c, got, want)
		}
	}
}

// TestSimStandings2025 checks a season under the 2025 rules (no
// fastest-lap point) against the simulator's final tables.
func TestSimStandings2025(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a second season")
	}
	mem := checkedMem(t)
	season, builds := simSeason(t, sim.Config{Seed: 11, Year: 2025, Meetings: 4, Sprints: 2, Quirks: sim.AllQuirks()}, mem)
	truth := season.Truth()
	b, err := ComputeStandings(InputsFromSilver(builds...), truth.Year, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if f := b.Failures(); len(f) > 0 {
		t.Errorf("%d cross-checks fail, first %v", len(f), f[0])
	}
	final := map[int64]map[string]any{}
	for _, r := range rowsOf(t, b, TableChampionshipStandings) {
		if int(i64(r["round"])) == b.Rounds {
			final[i64(r["driver_number"])] = r
		}
	}
	if len(final) != len(truth.DriverStandings) {
		t.Errorf("%d drivers in the standings, simulated %d", len(final), len(truth.DriverStandings))
	}
	for _, ds := range truth.DriverStandings {
		if r := final[int64(ds.DriverNumber)]; r == nil || i64(r["position"]) != int64(ds.Position) || f64(r["points"]) != ds.Points {
			t.Errorf("driver %d: %v, simulated P%d %g", ds.DriverNumber, r, ds.Position, ds.Points)
		}
	}
	t.Logf("%d rounds, %d cross-checks agree", b.Rounds, len(b.CrossChecks))
}
