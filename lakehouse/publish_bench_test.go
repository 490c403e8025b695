package lakehouse

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// A season without telemetry: 120 sessions × 20 drivers × 25 laps = 60k
// laps-like rows.
const (
	benchSessions = 120
	benchDrivers  = 20
	benchLaps     = 25
)

func benchSessionKeys() []int64 {
	keys := make([]int64, benchSessions)
	for i := range keys {
		keys[i] = 24001 + int64(i)
	}

	return keys
}

// seasonReader holds a season in 12 batches of 10 sessions. Every lap of
// every session is moved by bump ms so each iteration publishes new data.
func seasonReader(b *testing.B, mem memory.Allocator, bump int64) array.RecordReader {
	keys := benchSessionKeys()
	g := lapGen{drivers: benchDrivers, laps: benchLaps, bump: map[int64]int64{}}
	for _, k := range keys {
		g.bump[k] = bump
	}
	var groups [][]int64
	for i := 0; i < len(keys); i += 10 {
		groups = append(groups, keys[i:i+10])
	}

	return g.reader(b, mem, groups...)
}

func newBenchLake(b *testing.B) *Lake {
	l, _ := openTestLake(b)
	_, err := l.EnsureTable(context.Background(), lapsDef())
	require.NoError(b, err)

	return l
}

// BenchmarkPublishSeasonOneCommit replaces all 120 sessions in one commit
// (a backfill).
func BenchmarkPublishSeasonOneCommit(b *testing.B) {
	ctx := context.Background()
	l := newBenchLake(b)
	mem := memory.NewGoAllocator()
	keys := benchSessionKeys()
	var rows int64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		rdr := seasonReader(b, mem, int64(i))
		b.StartTimer()
		res, err := l.ReplaceSessions(ctx, lapsIdent, keys, rdr, PublishOptions{})
		rdr.Release()
		require.NoError(b, err)
		require.True(b, res.Changed)
		rows += res.RowsWritten
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkPublishSeasonPerSession publishes the same season one commit
// per session (a weekly run, session by session).
func BenchmarkPublishSeasonPerSession(b *testing.B) {
	ctx := context.Background()
	l := newBenchLake(b)
	mem := memory.NewGoAllocator()
	var rows int64
	b.ResetTimer()
	for i := range b.N {
		g := lapGen{drivers: benchDrivers, laps: benchLaps, bump: map[int64]int64{}}
		for _, k := range benchSessionKeys() {
			g.bump[k] = int64(i)
			b.StopTimer()
			rdr := g.reader(b, mem, []int64{k})
			b.StartTimer()
			res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{k}, rdr, PublishOptions{})
			rdr.Release()
			require.NoError(b, err)
			rows += res.RowsWritten
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkPublishSeasonUnchanged re-publishes an identical season: the
// cost of an idempotent re-run (fingerprints, no commit).
func BenchmarkPublishSeasonUnchanged(b *testing.B) {
	ctx := context.Background()
	l := newBenchLake(b)
	mem := memory.NewGoAllocator()
	keys := benchSessionKeys()
	rdr := seasonReader(b, mem, 0)
	_, err := l.ReplaceSessions(ctx, lapsIdent, keys, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(b, err)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		rdr := seasonReader(b, mem, 0)
		b.StartTimer()
		res, err := l.ReplaceSessions(ctx, lapsIdent, keys, rdr, PublishOptions{})
		rdr.Release()
		require.NoError(b, err)
		require.False(b, res.Changed)
	}
	b.ReportMetric(float64(b.N*benchSessions*benchDrivers*benchLaps)/b.Elapsed().Seconds(), "rows/s")
}
