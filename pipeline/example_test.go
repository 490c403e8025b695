package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/pipeline"
)

// demoSource serves a simulated one-weekend season on a local fake OpenF1
// API, as examples/pipeline -demo does.
func demoSource() (*openf1test.Server, time.Time) {
	season, err := sim.New(sim.Config{Seed: 3, Meetings: 1})
	if err != nil {
		log.Fatal(err)
	}
	now := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC) // the season is over
	srv, err := openf1test.Start(season, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		log.Fatal(err)
	}
	return srv, now
}

// A backfill of a season into a local lake, run twice: the second run
// finds every session's bronze input unchanged and commits nothing.
func ExampleRun() {
	srv, now := demoSource()
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "pitwall-example-")
	defer os.RemoveAll(dir)

	cfg := pipeline.Config{
		Lake:  filepath.Join(dir, "lake"),
		Mode:  pipeline.Backfill,
		Years: []int{2025},
		Now:   now,
		API:   pipeline.APIConfig{BaseURL: srv.URL(), NoRateLimit: true, Anonymous: true},
	}
	for range 2 {
		rep, err := pipeline.Run(context.Background(), cfg)
		if err != nil {
			log.Fatal(err)
		}
		t := rep.Totals
		fmt.Printf("%s: %d sessions, %d built, %d unchanged, new snapshots: %v\n", rep.Status, t.Sessions, t.SessionsOK, t.SessionsSkipped, t.Snapshots > 0)
	}
	// Output:
	// ok: 5 sessions, 5 built, 0 unchanged, new snapshots: true
	// ok: 5 sessions, 0 built, 5 unchanged, new snapshots: false
}

// Stage functions are what an orchestrator calls, one task each, with the
// same JSON Config for every task of a DAG run.
func ExampleBuildSilverSession() {
	srv, now := demoSource()
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "pitwall-example-")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	cfg := pipeline.Config{
		Lake: filepath.Join(dir, "lake"), Mode: pipeline.Backfill, Years: []int{2025}, Now: now,
		API: pipeline.APIConfig{BaseURL: srv.URL(), NoRateLimit: true, Anonymous: true},
	}
	plan, err := pipeline.Plan(ctx, cfg) // the DAG's first task: what to fan out
	if err != nil {
		log.Fatal(err)
	}
	cfg.RunID = plan.RunID
	payload, _ := json.Marshal(cfg) // what every task receives

	var task pipeline.Config
	_ = json.Unmarshal(payload, &task)
	if _, err := pipeline.ExtractCalendar(ctx, task, 2025); err != nil {
		log.Fatal(err)
	}
	if _, err := pipeline.BuildCalendar(ctx, task, 2025); err != nil {
		log.Fatal(err)
	}
	race := plan.Sessions[len(plan.Sessions)-1]
	if _, err := pipeline.ExtractSession(ctx, task, race.SessionKey); err != nil {
		log.Fatal(err)
	}
	st, err := pipeline.BuildSilverSession(ctx, task, race.SessionKey)
	if err != nil {
		log.Fatal(err)
	}
	laps := st.Table("silver.laps")
	fmt.Println(race.Name, st.Status, laps.Changed, laps.Quality.Blocking)
	// Output:
	// Race ok true false
}

// The policies of the seed's two DAGs.
func ExamplePolicyFor() {
	for _, m := range []pipeline.Mode{pipeline.Weekly, pipeline.Backfill} {
		p := pipeline.PolicyFor(m)
		fmt.Printf("%s (%s): %d retries every %s, silver %s, gold %s\n", m, m.DAG(), p.Retries, p.RetryDelay, p.SilverTimeout, p.GoldTimeout)
	}
	// Output:
	// weekly (f1_end_to_end_pipeline): 2 retries every 5m0s, silver 30m0s, gold 20m0s
	// backfill (f1_historical_backfill): 3 retries every 10m0s, silver 40m0s, gold 30m0s
}
