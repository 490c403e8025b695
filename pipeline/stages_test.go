package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"testing"
)

// TestStageFunctionsMatchRun: an orchestrator calling the stage functions
// one by one — each call from a fresh, JSON round-tripped Config, as a
// task on another worker would get it — builds exactly the tables a Run
// builds. Calling a stage again changes nothing.
func TestStageFunctionsMatchRun(t *testing.T) {
	ref := referenceLake(t)
	_, srv := simServer(t, smallSeason)
	dir := filepath.Join(t.TempDir(), "lake")
	ctx := context.Background()

	// What the DAG's first task computes and hands to the others.
	cfg := testConfig(dir, srv, 2025)
	plan, err := Plan(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RunID = plan.RunID
	payload, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	task := func() Config {
		var c Config
		if err := json.Unmarshal(payload, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if len(plan.Years) != 1 || plan.Years[0] != 2025 || len(plan.Sessions) != 10 {
		t.Fatalf("plan: years %v, %d sessions", plan.Years, len(plan.Sessions))
	}

	must := func(st *StageReport, err error) *StageReport {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != StatusOK {
			t.Fatalf("%s: %s %s", st.Stage, st.Status, st.Error)
		}
		return st
	}
	must(ExtractCalendar(ctx, task(), 2025))
	must(BuildCalendar(ctx, task(), 2025))
	for _, s := range plan.Sessions {
		must(ExtractSession(ctx, task(), s.SessionKey))
		must(BuildSilverSession(ctx, task(), s.SessionKey))
		must(BuildGoldSession(ctx, task(), s.SessionKey))
	}
	must(BuildStandings(ctx, task(), 2025))
	assertSameTables(t, ref, dir)

	// Idempotent: the same task again commits nothing.
	before := lakeState(t, dir)
	k := plan.Sessions[len(plan.Sessions)-1].SessionKey
	for _, st := range []*StageReport{must(BuildSilverSession(ctx, task(), k)), must(BuildGoldSession(ctx, task(), k)), must(BuildStandings(ctx, task(), 2025))} {
		for _, tr := range st.Tables {
			if tr.Changed {
				t.Errorf("%s again: %s changed", st.Stage, tr.Table)
			}
		}
	}
	if after := lakeState(t, dir); !maps.Equal(before, after) {
		t.Fatalf("repeated stages changed the lake")
	}

	// A session that was never extracted is a clear, permanent error.
	if _, err := BuildSilverSession(ctx, task(), 424242); err == nil || !permanent(err) {
		t.Fatalf("unknown session: %v", err)
	}
	// A run id that is not a UUID is refused before anything is opened.
	bad := task()
	bad.RunID = "not-a-uuid"
	if _, err := BuildStandings(ctx, bad, 2025); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("bad run id: %v", err)
	}
}
