package gold

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/silver"
)

// posted26 is the multi-session dump of 2023–2025: sessions, meetings,
// drivers and session_result (positions.json).
const posted26 = "POSTED26__F1-Data/Data_Files"

type rawSession struct {
	Key     int    `json:"session_key"`
	Meeting int    `json:"meeting_key"`
	Year    int    `json:"year"`
	Name    string `json:"session_name"`
	Type    string `json:"session_type"`
	Start   string `json:"date_start"`
}

type rawResult struct {
	Session  int      `json:"session_key"`
	Driver   int      `json:"driver_number"`
	Position *int     `json:"position"`
	Points   *float64 `json:"points"`
	Laps     *int     `json:"number_of_laps"`
	DNF      bool     `json:"dnf"`
	DSQ      bool     `json:"dsq"`
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatal(err)
	}
}

// expectedRound recomputes, from the raw rows alone, what every driver
// scored in each round of a year and the Grand Prix positions for the
// countback. The points tables are written out here on purpose (not taken
// from RulesFor). The fastest-lap point (2019–2024) goes to the top-ten
// finisher whose recorded points exceed his position's by one.
type expectedSeason struct {
	rounds   [][]int               // session keys per round, in calendar order
	points   []map[int]float64     // per round: driver → points scored
	gp       map[int]map[int]int   // driver → GP position → count (all rounds)
	gpUpTo   []map[int]map[int]int // per round: cumulative countback
	meetings []int
}

func expectSeason(t *testing.T, dir string, year int) expectedSeason {
	var sessions []rawSession
	var results []rawResult
	readJSON(t, filepath.Join(dir, posted26, "sessions.json"), &sessions)
	readJSON(t, filepath.Join(dir, posted26, "positions.json"), &results)
	byRound := map[int][]rawSession{}
	for _, s := range sessions {
		if s.Year == year && s.Type == "Race" {
			byRound[s.Meeting] = append(byRound[s.Meeting], s)
		}
	}
	var meetings []int
	for m := range byRound {
		meetings = append(meetings, m)
	}
	first := func(m int) string {
		return slices.MinFunc(byRound[m], func(a, b rawSession) int { return strings.Compare(a.Start, b.Start) }).Start
	}
	slices.SortFunc(meetings, func(a, b int) int { return strings.Compare(first(a), first(b)) })
	res := map[int][]rawResult{}
	for _, r := range results {
		res[r.Session] = append(res[r.Session], r)
	}
	race := []float64{25, 18, 15, 12, 10, 8, 6, 4, 2, 1}
	sprint := []float64{8, 7, 6, 5, 4, 3, 2, 1}
	e := expectedSeason{gp: map[int]map[int]int{}, meetings: meetings}
	for _, m := range meetings {
		pts := map[int]float64{}
		var keys []int
		for _, s := range byRound[m] {
			keys = append(keys, s.Key)
			isSprint := s.Name == "Sprint"
			table := race
			if isSprint {
				table = sprint
			}
			for _, r := range res[s.Key] {
				p := 0.0
				if r.Position != nil && *r.Position <= len(table) && !r.DSQ {
					p = table[*r.Position-1]
				}
				if !isSprint && year <= 2024 && r.Points != nil && r.Position != nil && *r.Position <= 10 && *r.Points-p == 1 {
					p++ // fastest lap
				}
				pts[r.Driver] += p
				if !isSprint && r.Position != nil {
					if e.gp[r.Driver] == nil {
						e.gp[r.Driver] = map[int]int{}
					}
					e.gp[r.Driver][*r.Position]++
				}
			}
		}
		e.rounds = append(e.rounds, keys)
		e.points = append(e.points, pts)
		snap := map[int]map[int]int{}
		for d, c := range e.gp {
			snap[d] = map[int]int{}
			for p, n := range c {
				snap[d][p] = n
			}
		}
		e.gpUpTo = append(e.gpUpTo, snap)
	}
	return e
}

// countbackBetter reports whether a's Grand Prix finishes beat b's by
// countback (more wins, then more seconds, ...); equal gives false.
func countbackBetter(a, b map[int]int) (better, equal bool) {
	for p := 1; p <= 30; p++ {
		if a[p] != b[p] {
			return a[p] > b[p], false
		}
	}
	return false, true
}

func TestRealSeasonStandings(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two recorded seasons through bronze, silver and gold")
	}
	ctx := context.Background()
	dir := fixturesDir(t)
	mem := checkedMem(t)
	src, _, err := openf1test.LoadFS(ctx, os.DirFS(dir), posted26)
	if err != nil {
		t.Fatal(err)
	}
	years := []int{2024, 2025}
	store := extract(t, src, bronze.PlanRequest{Years: years, Endpoints: []openf1.Endpoint{
		openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointSessionResult}})
	// silver: the calendars, then every race and sprint session
	cal := silverBuilds(t, store, mem, years, []int{})
	var keys []int
	for _, b := range cal {
		for _, s := range decodeSessions([]arrow.RecordBatch{b.Record(silver.TableSessions)}) {
			if s.isRace() {
				keys = append(keys, s.sessionKey)
			}
		}
	}
	builds := append(cal, silverBuilds(t, store, mem, nil, keys)...)
	lake := openLake(t, builds)

	for _, year := range years {
		b, err := BuildStandings(ctx, lake, year, BuildOptions{Allocator: mem})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Publish(ctx, lake, b, "gold-test"); err != nil {
			t.Fatal(err)
		}
		checkSeason(t, dir, year, b)
		b.Release()
	}
}

func checkSeason(t *testing.T, dir string, year int, b *Build) {
	t.Helper()
	exp := expectSeason(t, dir, year)
	if b.Rounds != len(exp.rounds) {
		t.Errorf("%d: %d rounds, the recordings have %d", year, b.Rounds, len(exp.rounds))
	}
	checks, fails := 0, b.Failures()
	for _, c := range b.CrossChecks {
		if c.Check == "session_result.points" {
			checks++
		}
	}
	if len(fails) > 0 {
		t.Errorf("%d: %d of %d cross-checks fail, first %v", year, len(fails), len(b.CrossChecks), fails[0])
	}
	inferred := 0
	for _, w := range b.Warnings {
		if strings.Contains(w, "taken from published points") {
			inferred++
		}
	}
	t.Logf("%d: %d rounds; %d session_result points cross-checked, all agree; fastest-lap holder inferred from published points in %d races (no laps in the recordings)",
		year, b.Rounds, checks, inferred)

	rows := rowsOf(t, b, TableChampionshipStandings)
	byRound := map[int][]map[string]any{}
	for _, r := range rows {
		byRound[int(i64(r["round"]))] = append(byRound[int(i64(r["round"]))], r)
	}
	prev := map[int64]float64{}
	for rn := 1; rn <= len(exp.rounds); rn++ {
		rs := byRound[rn]
		slices.SortFunc(rs, func(a, b map[string]any) int { return cmp.Compare(i64(a["position"]), i64(b["position"])) })
		for i, r := range rs {
			d := i64(r["driver_number"])
			// points per round are what the rules distribute for the round's classification
			if want := exp.points[rn-1][int(d)]; f64(r["round_points"]) != want {
				t.Errorf("%d round %d car %d: %v points in the round, the rules give %g", year, rn, d, r["round_points"], want)
			}
			// monotone, and cumulative
			if f64(r["points"]) != prev[d]+f64(r["round_points"]) {
				t.Errorf("%d round %d car %d: %v points after %g + %v", year, rn, d, r["points"], prev[d], r["round_points"])
			}
			prev[d] = f64(r["points"])
			if i64(r["position"]) != int64(i+1) {
				t.Errorf("%d round %d: positions not 1..n: %v at %d", year, rn, r["position"], i+1)
			}
			if i == 0 {
				continue
			}
			up := rs[i-1]
			switch {
			case f64(up["points"]) < f64(r["points"]):
				t.Errorf("%d round %d: P%d has fewer points than P%d", year, rn, i, i+1)
			case f64(up["points"]) == f64(r["points"]):
				better, equal := countbackBetter(exp.gpUpTo[rn-1][int(i64(up["driver_number"]))], exp.gpUpTo[rn-1][int(d)])
				if !better && !(equal && i64(up["driver_number"]) < d) {
					t.Errorf("%d round %d: tie on %v points between cars %v and %v broken the wrong way", year, rn, r["points"], up["driver_number"], d)
				}
			}
		}
	}
	last := byRound[len(exp.rounds)]
	slices.SortFunc(last, func(a, b map[string]any) int { return cmp.Compare(i64(a["position"]), i64(b["position"])) })
	var top []string
	for _, r := range last[:min(10, len(last))] {
		top = append(top, fmt.Sprintf("%d. %s (%s) %g", i64(r["position"]), r["full_name"], r["team_name"], f64(r["points"])))
	}
	t.Logf("%d drivers after round %d:\n  %s", year, len(exp.rounds), strings.Join(top, "\n  "))
	teams := rowsOf(t, b, TableChampionshipTeamStandings)
	var tops []string
	for _, r := range teams {
		if int(i64(r["round"])) == len(exp.rounds) {
			tops = append(tops, fmt.Sprintf("%02d. %s %g", i64(r["position"]), r["team_name"], f64(r["points"])))
		}
	}
	slices.Sort(tops)
	t.Logf("%d constructors after round %d:\n  %s", year, len(exp.rounds), strings.Join(tops, "\n  "))

	if year == 2024 {
		// the real 2024 final tables: Verstappen 437, McLaren 666
		if i64(last[0]["driver_number"]) != 1 || f64(last[0]["points"]) != 437 {
			t.Errorf("2024 champion %v with %v points; Max Verstappen won with 437", last[0]["full_name"], last[0]["points"])
		}
		if !strings.HasPrefix(tops[0], "01. McLaren 666") {
			t.Errorf("2024 constructors' champion %q; McLaren won with 666", tops[0])
		}
	}
}
