package lakehouse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpireSnapshotsAndRemoveOrphans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	sessions := []int64{24001, 24002, 24003}
	wh := filepath.Join(dir, "warehouse")

	// Three versions of session 24002.
	var gen lapGen
	var files [][]string // parquet files present after each publish
	for v := range 3 {
		gen = lapGen{drivers: 2, laps: 3, bump: map[int64]int64{24002: int64(10 * v)}}
		rdr := gen.reader(t, mem, sessions)
		_, err := l.ReplaceSessions(ctx, lapsIdent, sessions, rdr, PublishOptions{})
		rdr.Release()
		require.NoError(t, err)
		files = append(files, parquetFiles(treeFiles(t, wh)))
	}
	require.Len(t, files[2], 5, "3 current files + 2 superseded versions of 24002")
	snaps := snapshotIDsOf(t, l, lapsIdent)
	require.Len(t, snaps, 3)
	superseded := difference(files[2], currentFiles(t, l))
	require.Len(t, superseded, 2)

	res, err := l.ExpireSnapshots(ctx, lapsIdent, ExpireOptions{OlderThan: time.Nanosecond, RetainLast: 1})
	require.NoError(t, err)
	assert.ElementsMatch(t, snaps[:2], res.Expired)
	assert.Equal(t, 1, res.Remaining)
	assert.Equal(t, snaps[2], res.CurrentSnapshotID)
	for _, f := range superseded {
		assert.False(t, fileExists(f), "data file only an expired snapshot used is deleted: %s", f)
	}
	for _, f := range currentFiles(t, l) {
		assert.True(t, fileExists(f), "current data file kept: %s", f)
	}
	assert.Equal(t, map[int64]sessionStats{
		24001: gen.expected(24001), 24002: gen.expected(24002), 24003: gen.expected(24003),
	}, scanStats(t, l, mem, ScanOptions{}))

	// Nothing left to expire: a no-op.
	res, err = l.ExpireSnapshots(ctx, lapsIdent, ExpireOptions{OlderThan: time.Nanosecond})
	require.NoError(t, err)
	assert.Empty(t, res.Expired)

	// Orphans: files a crashed writer left under the table location.
	dataDir := filepath.Join(wh, "silver.db", "laps", "data", "year=2024", "session_key=24001")
	stale := filepath.Join(dataDir, "00000-crashed-writer.parquet")
	fresh := filepath.Join(dataDir, "00001-in-flight-writer.parquet")
	require.NoError(t, os.WriteFile(stale, []byte("PAR1 partial"), 0o644))
	require.NoError(t, os.WriteFile(fresh, []byte("PAR1 partial"), 0o644))
	old := time.Now().Add(-2 * time.Hour)
	require.NoError(t, os.Chtimes(stale, old, old))

	dry, err := l.RemoveOrphanFiles(ctx, lapsIdent, OrphanOptions{OlderThan: time.Hour, DryRun: true})
	require.NoError(t, err)
	require.Len(t, dry.Orphans, 1)
	assert.True(t, strings.HasSuffix(dry.Orphans[0], "00000-crashed-writer.parquet"))
	assert.Empty(t, dry.Deleted)
	assert.True(t, fileExists(stale), "dry run deletes nothing")

	rm, err := l.RemoveOrphanFiles(ctx, lapsIdent, OrphanOptions{OlderThan: time.Hour})
	require.NoError(t, err)
	assert.Len(t, rm.Deleted, 1)
	assert.Equal(t, int64(len("PAR1 partial")), rm.Bytes)
	assert.False(t, fileExists(stale))
	assert.True(t, fileExists(fresh), "files younger than the minimum age are never touched")
	for _, f := range currentFiles(t, l) {
		assert.True(t, fileExists(f))
	}
	assert.Equal(t, gen.expected(24001), scanStats(t, l, mem, ScanOptions{})[24001])

	_, err = l.RemoveOrphanFiles(ctx, lapsIdent, OrphanOptions{OlderThan: -time.Hour})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// currentFiles lists the local paths of the data files of the current
// snapshot.
func currentFiles(t testing.TB, l *Lake) []string {
	t.Helper()
	tbl, err := l.LoadTable(context.Background(), lapsIdent)
	require.NoError(t, err)
	tasks, err := tbl.Scan().PlanFiles(context.Background())
	require.NoError(t, err)
	out := make([]string, len(tasks))
	for i, task := range tasks {
		out[i] = strings.TrimPrefix(task.File.FilePath(), "file://")
	}

	return out
}

func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			out = append(out, x)
		}
	}

	return out
}

func TestCompactManifestsKeepsDataAndFingerprints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 2, laps: 2}
	sessions := []int64{24001, 24002, 24003, 24004, 24005, 24006}
	publishEach := func() (changed int) {
		for _, s := range sessions {
			rdr := gen.reader(t, mem, []int64{s})
			res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{s}, rdr, PublishOptions{})
			rdr.Release()
			require.NoError(t, err)
			if res.Changed {
				changed++
			}
		}

		return changed
	}
	require.Equal(t, len(sessions), publishEach())
	before := manifestCount(t, l)
	require.Equal(t, len(sessions), before, "one manifest per per-session commit")

	res, err := l.CompactManifests(ctx, lapsIdent)
	require.NoError(t, err)
	assert.Equal(t, before, res.ManifestsRewritten)
	assert.Equal(t, 1, res.ManifestsAdded)
	assert.Equal(t, 1, manifestCount(t, l))
	assert.Zero(t, publishEach(), "fingerprints still match after compaction")
	stats := scanStats(t, l, mem, ScanOptions{})
	assert.Len(t, stats, len(sessions))
	for _, s := range sessions {
		assert.Equal(t, gen.expected(s), stats[s])
	}

	again, err := l.CompactManifests(ctx, lapsIdent)
	require.NoError(t, err)
	assert.Zero(t, again.ManifestsRewritten, "already compact: no-op")
	assert.Equal(t, res.SnapshotID, again.SnapshotID)
}

func manifestCount(t testing.TB, l *Lake) int {
	t.Helper()
	tbl, err := l.LoadTable(context.Background(), lapsIdent)
	require.NoError(t, err)
	fs, err := tbl.FS(context.Background())
	require.NoError(t, err)
	ms, err := tbl.CurrentSnapshot().Manifests(fs)
	require.NoError(t, err)

	return len(ms)
}
