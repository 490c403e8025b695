package gold

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// BenchmarkSeason measures gold on a full simulated season (24 weekends,
// 6 of them sprint weekends, 2025 rules, real-API quirks on):
//
//	compute:   ComputeSessions + ComputeStandings from silver batches in memory
//	lake:      BuildSessions + BuildStandings, scanning silver from a local
//	           SQLite/Iceberg lake
//	publish:   PublishAll of both builds into the lake (idempotent replace;
//	           unchanged content is detected and skipped after the first run)
//
// Run with: go test ./gold -run '^$' -bench BenchmarkSeason -benchtime 5x
func BenchmarkSeason(b *testing.B) {
	ctx := context.Background()
	season, builds := simSeason(b, sim.Config{Seed: 1, Year: 2025, Quirks: sim.AllQuirks()}, memory.DefaultAllocator)
	year := season.Config().Year
	in := InputsFromSilver(builds...)
	keys := season.SessionKeys()
	laps := 0
	for _, k := range keys {
		laps += len(season.Laps(k))
	}
	lake := openLake(b, builds)
	b.Logf("season: %d sessions, %d laps", len(keys), laps)

	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			sb, err := ComputeSessions(in, nil, BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			cb, err := ComputeStandings(in, year, BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sb.Release()
			cb.Release()
		}
		b.ReportMetric(float64(laps)*float64(b.N)/b.Elapsed().Seconds(), "laps/s")
	})
	b.Run("lake", func(b *testing.B) {
		for b.Loop() {
			sb, err := BuildSessions(ctx, lake, keys, BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			cb, err := BuildStandings(ctx, lake, year, BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sb.Release()
			cb.Release()
		}
	})
	b.Run("publish", func(b *testing.B) {
		sb, err := BuildSessions(ctx, lake, keys, BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer sb.Release()
		cb, err := BuildStandings(ctx, lake, year, BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer cb.Release()
		first := true
		for b.Loop() {
			res, err := PublishAll(ctx, lake, []*Build{sb, cb}, fmt.Sprint("bench-", b.N))
			if err != nil {
				b.Fatal(err)
			}
			if first {
				var rows int64
				for _, r := range res {
					rows += r.RowsWritten
				}
				b.Logf("first publish: %d tables, %d rows", len(res), rows)
				first = false
			}
		}
	})
}
