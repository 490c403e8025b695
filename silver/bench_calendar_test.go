package silver_test

import (
	"context"
	"testing"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// BenchmarkBuildSeasonSessions builds every session of the simulator's
// default season (120 sessions) from a file:// bronze store, one after
// the other: each BuildSession locating its session in the bronze
// calendar itself, or all of them sharing one Calendar loaded per run
// (LoadCalendar is inside the timed loop). Extraction happens once,
// outside the timer.
//
//	go test ./silver -run XXX -bench BuildSeasonSessions -benchtime 3x
func BenchmarkBuildSeasonSessions(b *testing.B) {
	ctx := context.Background()
	season, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	store, err := bronze.OpenStore(ctx, "file://"+b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	extract(b, client(b, season), store, bronze.PlanRequest{Years: []int{season.Config().Year}, Endpoints: batchEndpoints()}, "bench")
	keys := season.SessionKeys()
	run := func(b *testing.B, withCalendar bool) {
		for range b.N {
			opts := silver.BuildOptions{RunID: "bench"}
			if withCalendar {
				if opts.Calendar, err = silver.LoadCalendar(ctx, store, opts); err != nil {
					b.Fatal(err)
				}
			}
			for _, k := range keys {
				bd, err := silver.BuildSession(ctx, store, k, opts)
				if err != nil {
					b.Fatal(err)
				}
				bd.Release()
			}
		}
		b.ReportMetric(float64(len(keys)*b.N)/b.Elapsed().Seconds(), "sessions/s")
	}
	b.Run("calendar=per-session", func(b *testing.B) { run(b, false) })
	b.Run("calendar=loaded-once", func(b *testing.B) { run(b, true) })
}
