package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// TestPipelineFromRecordings (issue 11): the whole pipeline — bronze,
// silver, gold, quality, lineage — runs offline over the folder of real
// recorded OpenF1 responses, served by the fake server from LoadDir. Its
// gold tables hold the recorded races (Bahrain 2023 and 2024, Australia
// 2024) and the Barcelona 2026 practice and qualifying, and the 2024
// championship computed from the multi-session result recordings is the
// real one.
func TestPipelineFromRecordings(t *testing.T) {
	dir := sharedtest.FixturesDir(t)
	if testing.Short() {
		t.Skip("a season of real recordings through every layer; skipped with -short")
	}
	ctx := context.Background()
	src, load, err := openf1test.LoadDirContext(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range load.Unplaced() {
		t.Logf("not loaded: %s: %s", f.Path, f.Reason)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // after the last recorded session
	srv := serve(t, src, now)
	lake := filepath.Join(t.TempDir(), "lake")
	lineageFile := filepath.Join(lake, "lineage.ndjson")
	cfg := testConfig(lake, srv, 2024)
	cfg.Now = now
	cfg.SessionKeys = []int{7953, 11302, 11303}
	cfg.Lineage.URL = lineageFile

	// Every session of 2024 — pre-season test days whose pit stops run
	// past lap 100 included — and the 2026 Barcelona practice (garage
	// out-laps, pit lane times of many minutes) passes the built-in
	// checks: nothing is blocked.
	rep, err := Run(ctx, cfg)
	if err != nil {
		logReport(t, rep)
		if rep != nil {
			for _, k := range rep.SessionsWith(StatusBlocked) {
				t.Logf("blocked: session %d: %s", k, rep.Session(k).Error)
			}
		}
		t.Fatal(err)
	}
	for _, k := range []int{7953, 9462, 9472, 9488, 11302, 11303} {
		if s := rep.Session(k); s == nil || s.Status != StatusOK {
			t.Fatalf("session %d: %+v", k, s)
		}
	}

	summaries := map[int]bool{}
	for _, r := range tableRows(t, lake, gold.Ident(gold.TableSessionSummary)) {
		var m struct {
			SessionKey int `json:"session_key"`
		}
		if err := json.Unmarshal([]byte(r), &m); err != nil {
			t.Fatal(err)
		}
		summaries[m.SessionKey] = true
	}
	laps := map[int]int{}
	for _, r := range tableRows(t, lake, gold.Ident(gold.TableLapAnalytics)) {
		var m struct {
			SessionKey int `json:"session_key"`
		}
		json.Unmarshal([]byte(r), &m)
		laps[m.SessionKey]++
	}
	// races with recorded laps, and the 2026 Barcelona sessions
	for k, want := range map[int]int{9488: 998, 11302: 337, 11303: 255} {
		if !summaries[k] || laps[k] != want {
			t.Errorf("session %d: summary %v, %d laps in gold.lap_analytics, want %d (the recording's)", k, summaries[k], laps[k], want)
		}
	}
	for _, k := range []int{7953, 9472} {
		if !summaries[k] || laps[k] < 1000 {
			t.Errorf("race %d: summary %v, %d laps in gold.lap_analytics", k, summaries[k], laps[k])
		}
	}

	// 2024 drivers' championship after the last round, from the
	// session_result recordings of every race and sprint: Verstappen 437,
	// Norris 374, Leclerc 356, Piastri 292, Sainz 290.
	type standing struct {
		Year, Round, DriverNumber, Position int
		Points                              float64
	}
	var final []standing
	last := 0
	for _, r := range tableRows(t, lake, gold.Ident(gold.TableChampionshipStandings)) {
		var m struct {
			Year         int     `json:"year"`
			Round        int     `json:"round"`
			DriverNumber int     `json:"driver_number"`
			Position     int     `json:"position"`
			Points       float64 `json:"points"`
		}
		json.Unmarshal([]byte(r), &m)
		if m.Year != 2024 {
			continue
		}
		if m.Round > last {
			last, final = m.Round, nil
		}
		if m.Round == last {
			final = append(final, standing{m.Year, m.Round, m.DriverNumber, m.Position, m.Points})
		}
	}
	slices.SortFunc(final, func(a, b standing) int { return a.Position - b.Position })
	want := []standing{{2024, 24, 1, 1, 437}, {2024, 24, 4, 2, 374}, {2024, 24, 16, 3, 356}, {2024, 24, 81, 4, 292}, {2024, 24, 55, 5, 290}}
	if len(final) < len(want) || !slices.Equal(final[:len(want)], want) {
		t.Fatalf("2024 standings after round %d: %+v, want %+v", last, final[:min(len(final), 5)], want)
	}

	// lineage went to the NDJSON file
	b, err := os.ReadFile(lineageFile)
	if err != nil || len(b) == 0 {
		t.Fatalf("lineage file: %d bytes, %v", len(b), err)
	}
}
