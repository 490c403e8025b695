package gold

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/silver"
)

func TestRulesFor(t *testing.T) {
	for _, c := range []struct {
		year         int
		p1, p10, p11 float64
		sprint1, s8  float64
		fastestLap   bool
	}{
		{2018, 25, 1, 0, 0, 0, false},
		{2021, 25, 1, 0, 3, 0, true},
		{2023, 25, 1, 0, 8, 1, true},
		{2024, 25, 1, 0, 8, 1, true},
		{2025, 25, 1, 0, 8, 1, false},
		{2026, 25, 1, 0, 8, 1, false},
	} {
		r := RulesFor(c.year)
		if r.PositionPoints(false, 1) != c.p1 || r.PositionPoints(false, 10) != c.p10 || r.PositionPoints(false, 11) != c.p11 ||
			r.PositionPoints(true, 1) != c.sprint1 || r.PositionPoints(true, 8) != c.s8 || r.FastestLapEligible(false, 1) != c.fastestLap {
			t.Errorf("%d: %+v", c.year, r)
		}
		if r.FastestLapEligible(true, 1) || r.FastestLapEligible(false, 11) {
			t.Errorf("%d: fastest-lap point in a sprint or outside the top ten", c.year)
		}
	}
}

func ExampleRulesFor() {
	for _, year := range []int{2024, 2025} {
		r := RulesFor(year)
		fmt.Printf("%d: win %g, P10 %g, sprint win %g, fastest lap %g\n",
			year, r.PositionPoints(false, 1), r.PositionPoints(false, 10), r.PositionPoints(true, 1), r.FastestLapPoint)
	}
	// Output:
	// 2024: win 25, P10 1, sprint win 8, fastest lap 1
	// 2025: win 25, P10 1, sprint win 8, fastest lap 0
}

func TestScoreSession(t *testing.T) {
	rules := RulesFor(2024)
	pos := func(v int) opt[int] { return some(v) }
	results := []resultRow{
		{driver: 1, position: pos(1), laps: pos(57)},
		{driver: 11, position: pos(2), laps: pos(57)},
		{driver: 16, position: pos(10), laps: pos(52), dnf: true}, // classified DNF (≥ 90%)
		{driver: 55, position: pos(9), laps: pos(40), dnf: true},  // not classified: 70%
		{driver: 44, position: pos(11), laps: pos(57)},
		{driver: 63, dsq: true},
	}
	s := scoreSession(rules, false, results, 16)
	if s[1].points != 25 || s[11].points != 18 || s[16].points != 2 || !s[16].flPoint || s[55].points != 0 || s[63].points != 0 {
		t.Errorf("scores %+v", s)
	}
	// the fastest lap outside the top ten scores for nobody
	if s := scoreSession(rules, false, results, 44); s[44].points != 0 || s[44].flPoint {
		t.Errorf("P11 got the fastest-lap point: %+v", s[44])
	}
	// sprints never award it
	if s := scoreSession(rules, true, results, 1); s[1].points != 8 {
		t.Errorf("sprint winner %+v", s[1])
	}
}

func TestInferFastestLap(t *testing.T) {
	rules := RulesFor(2024)
	pos, pts := func(v int) opt[int] { return some(v) }, func(v float64) opt[float64] { return some(v) }
	results := []resultRow{
		{driver: 1, position: pos(1), points: pts(25)},
		{driver: 4, position: pos(10), points: pts(2)},
	}
	if d, ok := inferFastestLap(rules, false, results); !ok || d != 4 {
		t.Errorf("inferred %d %v, want 4", d, ok)
	}
	results[0].points = pts(26) // two holders: published points are inconsistent
	if d, ok := inferFastestLap(rules, false, results); ok {
		t.Errorf("inferred %d from ambiguous points", d)
	}
	if _, ok := inferFastestLap(RulesFor(2025), false, results[1:]); ok {
		t.Error("inferred a fastest-lap point in 2025")
	}
}

func TestRankTalliesCountback(t *testing.T) {
	a := &tally{points: 100}
	a.finish(1)
	a.finish(3)
	b := &tally{points: 100}
	b.finish(1)
	b.finish(2)
	c := &tally{points: 100}
	c.finish(1)
	c.finish(2)
	d := &tally{points: 120}
	pos := rankTallies(map[int]*tally{44: a, 16: b, 4: c, 81: d})
	// 81 on points; 4 and 16 beat 44 on second places; 4 beats 16 on car number
	if pos[81] != 1 || pos[4] != 2 || pos[16] != 3 || pos[44] != 4 {
		t.Errorf("positions %v", pos)
	}
}

// standingsInputs is a two-round 2024 season: a sprint weekend then a
// Grand Prix weekend, three drivers in two teams.
func standingsInputs(t *testing.T) Inputs {
	mem := checkedMem(t)
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	return Inputs{
		Meetings: batches(silverBatch(t, mem, silver.TableMeetings,
			row{"meeting_key": 2, "meeting_name": "Second GP", "date_start": day(14)},
			row{"meeting_key": 1, "meeting_name": "First GP", "date_start": day(0)})),
		Sessions: batches(silverBatch(t, mem, silver.TableSessions,
			row{"meeting_key": 1, "session_key": 10, "session_name": "Sprint", "session_type": "Race", "is_sprint": true, "date_start": day(1)},
			row{"meeting_key": 1, "session_key": 11, "session_name": "Race", "session_type": "Race", "date_start": day(2)},
			row{"meeting_key": 1, "session_key": 12, "session_name": "Qualifying", "session_type": "Qualifying", "date_start": day(1)},
			row{"meeting_key": 2, "session_key": 20, "session_name": "Race", "session_type": "Race", "date_start": day(16)})),
		Drivers: batches(silverBatch(t, mem, silver.TableDrivers,
			row{"session_key": 10, "driver_number": 1, "name_acronym": "VER", "team_name": "Red Bull Racing"},
			row{"session_key": 10, "driver_number": 4, "name_acronym": "NOR", "team_name": "McLaren"},
			row{"session_key": 10, "driver_number": 81, "name_acronym": "PIA", "team_name": "McLaren"},
			row{"session_key": 11, "driver_number": 1, "team_name": "Red Bull Racing"},
			row{"session_key": 11, "driver_number": 4, "team_name": "McLaren"},
			row{"session_key": 11, "driver_number": 81, "team_name": "McLaren"},
			row{"session_key": 20, "driver_number": 1, "team_name": "Red Bull Racing"},
			row{"session_key": 20, "driver_number": 4, "team_name": "McLaren"},
			row{"session_key": 20, "driver_number": 81, "team_name": "McLaren"})),
		Results: batches(silverBatch(t, mem, silver.TableResults,
			// sprint: NOR 8, VER 7, PIA 6
			row{"session_key": 10, "driver_number": 4, "position": 1, "status": "FINISHED", "points": 8.0},
			row{"session_key": 10, "driver_number": 1, "position": 2, "status": "FINISHED", "points": 7.0},
			row{"session_key": 10, "driver_number": 81, "position": 3, "status": "FINISHED", "points": 6.0},
			// GP 1: VER 25, NOR 18, PIA 15 (no laps: the fastest lap comes from the published 16)
			row{"session_key": 11, "driver_number": 1, "position": 1, "status": "FINISHED", "points": 25.0},
			row{"session_key": 11, "driver_number": 4, "position": 2, "status": "FINISHED", "points": 18.0},
			row{"session_key": 11, "driver_number": 81, "position": 3, "status": "FINISHED", "points": 16.0},
			// GP 2: NOR 25, PIA 18, VER 15 (no published points)
			row{"session_key": 20, "driver_number": 4, "position": 1, "status": "FINISHED"},
			row{"session_key": 20, "driver_number": 81, "position": 2, "status": "FINISHED"},
			row{"session_key": 20, "driver_number": 1, "position": 3, "status": "FINISHED"})),
		ChampionshipDrivers: batches(silverBatch(t, mem, silver.TableChampionshipDrivers,
			row{"session_key": 20, "driver_number": 1, "position_current": 2, "points_current": 47.0},
			row{"session_key": 20, "driver_number": 4, "position_current": 1, "points_current": 51.0},
			row{"session_key": 20, "driver_number": 81, "position_current": 3, "points_current": 40.0})),
	}
}

func TestComputeStandings(t *testing.T) {
	mem := checkedMem(t)
	b, err := ComputeStandings(standingsInputs(t), 2024, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if b.Rounds != 2 || b.Year != 2024 {
		t.Fatalf("rounds %d year %d", b.Rounds, b.Year)
	}
	type key struct{ round, driver int64 }
	got := map[key]map[string]any{}
	for _, r := range rowsOf(t, b, TableChampionshipStandings) {
		got[key{i64(r["round"]), i64(r["driver_number"])}] = r
	}
	for k, want := range map[key][4]float64{ // round points, points, position, wins
		{1, 1}: {32, 32, 1, 1}, {1, 4}: {26, 26, 2, 0}, {1, 81}: {22, 22, 3, 0},
		{2, 4}: {25, 51, 1, 1}, {2, 1}: {15, 47, 2, 1}, {2, 81}: {18, 40, 3, 0},
	} {
		r := got[k]
		if f64(r["round_points"]) != want[0] || f64(r["points"]) != want[1] || float64(i64(r["position"])) != want[2] || float64(i64(r["wins"])) != want[3] {
			t.Errorf("round %d car %d: %v, want %v", k.round, k.driver, r, want)
		}
	}
	// a sprint weekend is one round: the sprint and the GP both count
	if r := got[key{1, 4}]; f64(r["sprint_points"]) != 8 || f64(r["race_points"]) != 18 || i64(r["sprint_wins"]) != 1 {
		t.Errorf("round 1 NOR %v", r)
	}
	if r := got[key{1, 81}]; f64(r["race_points"]) != 16 || i64(r["podiums"]) != 1 {
		t.Errorf("the fastest-lap point inferred from published points: %v", r)
	}
	if r := got[key{2, 1}]; f64(r["published_points"]) != 47 || i64(r["published_position"]) != 2 || f64(r["gap_to_leader"]) != 4 {
		t.Errorf("round 2 VER %v", r)
	}
	if f := b.Failures(); len(f) != 0 || len(b.CrossChecks) != 6+6 {
		t.Errorf("cross-checks %v, failures %v", b.CrossChecks, f)
	}
	teams := map[key]map[string]any{}
	for _, r := range rowsOf(t, b, TableChampionshipTeamStandings) {
		if r["team_name"] == "McLaren" {
			teams[key{i64(r["round"]), 0}] = r
		}
	}
	if r := teams[key{2, 0}]; f64(r["points"]) != 91 || i64(r["position"]) != 1 || i64(r["wins"]) != 1 {
		t.Errorf("McLaren after round 2: %v", r)
	}
}

func TestComputeStandingsReportsDisagreement(t *testing.T) {
	mem := checkedMem(t)
	in := standingsInputs(t)
	in.ChampionshipDrivers = batches(silverBatch(t, mem, silver.TableChampionshipDrivers,
		row{"session_key": 20, "driver_number": 1, "position_current": 2, "points_current": 48.0}))
	b, err := ComputeStandings(in, 2024, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	f := b.Failures()
	if len(f) != 1 || f[0].Check != "championship_drivers.points_current" || f[0].Computed != 47 || f[0].Published != 48 {
		t.Fatalf("failures %v", f)
	}
	// reported, not overwritten: the standings keep the computed points
	for _, r := range rowsOf(t, b, TableChampionshipStandings) {
		if i64(r["round"]) == 2 && i64(r["driver_number"]) == 1 && (f64(r["points"]) != 47 || f64(r["published_points"]) != 48) {
			t.Errorf("VER row %v", r)
		}
	}
	if _, err := ComputeStandings(in, 2019, BuildOptions{Allocator: mem}); !errors.Is(err, ErrNoSeason) {
		t.Errorf("a year without races: %v", err)
	}
}

func TestStats(t *testing.T) {
	s, _ := summarize([]float64{4, 1, 3, 2})
	// NumPy: median 2.5, IQR (type 7) 3.25 − 1.75, std(ddof=1) 1.2910
	if s.median != 2.5 || s.iqr != 1.5 || math.Abs(s.sd-1.2909944) > 1e-6 || s.mean != 2.5 {
		t.Errorf("summary %+v", s)
	}
	f, ok := leastSquares([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7})
	if !ok || f.slope != 2 || f.intercept != 1 || f.stderr != 0 {
		t.Errorf("fit %+v", f)
	}
	if _, ok := leastSquares([]float64{2, 2, 2}, []float64{1, 2, 3}); ok {
		t.Error("a slope over a single x")
	}
}
