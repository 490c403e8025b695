package lakehouse

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplaceSessionsIdempotentAndSelective(t *testing.T) {
	t.Parallel()
	// Whole input held in memory (decided before writing), streamed from
	// the first batch, and streamed after one buffered batch.
	for name, buffer := range map[string]int64{"buffered": 0, "streamed": -1, "mixed": 1} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testReplaceSessionsIdempotentAndSelective(t, buffer)
		})
	}
}

func testReplaceSessionsIdempotentAndSelective(t *testing.T, buffer int64) {
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	sessions := []int64{24001, 24002, 24003}
	gen := lapGen{drivers: 4, laps: 5}
	opts := PublishOptions{RunID: "run-1", Allocator: mem, BufferBytes: buffer}

	rdr := gen.reader(t, mem, sessions)
	res, err := l.ReplaceSessions(ctx, lapsIdent, sessions, rdr, opts)
	rdr.Release()
	require.NoError(t, err)
	assert.True(t, res.Changed)
	assert.Equal(t, sessions, res.Sessions)
	assert.Equal(t, int64(3*4*5), res.RowsWritten)
	assert.Equal(t, 3, res.FilesAdded, "one file per session partition")
	assert.Equal(t, 0, res.FilesRemoved)
	assert.Equal(t, 1, res.Attempts)

	info, err := l.Describe(ctx, lapsIdent)
	require.NoError(t, err)
	require.Len(t, info.Snapshots, 1)
	assert.Equal(t, res.SnapshotID, info.CurrentSnapshotID)
	assert.Equal(t, "run-1", info.Snapshots[0].Summary[SummaryRunID])
	assert.Equal(t, "24001,24002,24003", info.Snapshots[0].Summary[SummarySessionKeys])

	filesBefore := treeFiles(t, filepath.Join(dir, "warehouse"))
	snapsBefore := snapshotIDsOf(t, l, lapsIdent)

	// Same rows, different batching and order: nothing to publish.
	rdr = gen.reader(t, mem, []int64{24003}, []int64{24002, 24001})
	again, err := l.ReplaceSessions(ctx, lapsIdent, sessions, rdr, PublishOptions{RunID: "run-2", Allocator: mem, BufferBytes: buffer})
	rdr.Release()
	require.NoError(t, err)
	assert.False(t, again.Changed)
	assert.Equal(t, sessions, again.Unchanged)
	assert.Empty(t, again.Sessions)
	assert.Equal(t, res.SnapshotID, again.SnapshotID)
	assert.Equal(t, snapsBefore, snapshotIDsOf(t, l, lapsIdent), "no new snapshot")
	assert.Equal(t, filesBefore, treeFiles(t, filepath.Join(dir, "warehouse")), "no new data or metadata files")

	// OpenF1 corrects one session: only that session is replaced.
	changedGen := lapGen{drivers: 4, laps: 5, bump: map[int64]int64{24002: 250}}
	rdr = changedGen.reader(t, mem, sessions)
	fix, err := l.ReplaceSessions(ctx, lapsIdent, sessions, rdr, PublishOptions{RunID: "run-3", Allocator: mem, BufferBytes: buffer})
	rdr.Release()
	require.NoError(t, err)
	assert.True(t, fix.Changed)
	assert.Equal(t, []int64{24002}, fix.Sessions)
	assert.Equal(t, []int64{24001, 24003}, fix.Unchanged)
	assert.Equal(t, 1, fix.FilesAdded)
	assert.Equal(t, 1, fix.FilesRemoved)
	assert.Equal(t, int64(20), fix.RowsWritten)

	filesAfter := parquetFiles(treeFiles(t, filepath.Join(dir, "warehouse")))
	for _, f := range parquetFiles(filesBefore) {
		if filepath.Base(filepath.Dir(f)) == "session_key=24002" {
			continue
		}
		assert.Contains(t, filesAfter, f, "files of untouched sessions stay in place")
	}

	got := scanStats(t, l, mem, ScanOptions{})
	assert.Equal(t, map[int64]sessionStats{
		24001: gen.expected(24001),
		24002: changedGen.expected(24002),
		24003: gen.expected(24003),
	}, got)
	assert.Equal(t, gen.expected(24002).Duration+250*int64(4*4), changedGen.expected(24002).Duration,
		"16 non-null laps moved by 250 ms")

	// Time travel to the first snapshot still sees the original session.
	old := scanStats(t, l, mem, ScanOptions{SnapshotID: res.SnapshotID, Filter: iceberg.EqualTo(iceberg.Reference("session_key"), int64(24002))})
	assert.Equal(t, map[int64]sessionStats{24002: gen.expected(24002)}, old)
}

func TestReplaceSessionsEmptiesListedSessionWithoutRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	gen := lapGen{drivers: 2, laps: 3}
	mem := memory.NewGoAllocator()

	rdr := gen.reader(t, mem, []int64{24001, 24002})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002}, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(t, err)

	// Session 24002 was cancelled: it is listed but has no rows any more.
	rdr = gen.reader(t, mem, []int64{24001})
	res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002}, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(t, err)
	assert.Equal(t, []int64{24002}, res.Sessions)
	assert.Equal(t, 1, res.FilesRemoved)
	assert.Equal(t, 0, res.FilesAdded)
	assert.Equal(t, map[int64]sessionStats{24001: gen.expected(24001)}, scanStats(t, l, mem, ScanOptions{}))
}

func TestReplaceSessionsRejectsRowsOutsideTheList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	rdr := lapGen{drivers: 2, laps: 2}.reader(t, mem, []int64{24001, 24009})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{})
	rdr.Release()
	var outside *OutsideRowsError
	require.ErrorAs(t, err, &outside)
	assert.ErrorIs(t, err, ErrRowsOutsideReplace)
	assert.Equal(t, []string{"24009"}, outside.Values)
	assert.Equal(t, int64(4), outside.Rows)
	assert.Empty(t, snapshotIDsOf(t, l, lapsIdent))
	assert.Empty(t, parquetFiles(treeFiles(t, filepath.Join(dir, "warehouse"))), "nothing written is left behind")
}

func TestReplaceSessionsInputErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	rdr := lapGen{drivers: 1, laps: 1}.reader(t, mem, []int64{24001})
	defer rdr.Release()

	_, err = l.ReplaceSessions(ctx, lapsIdent, nil, rdr, PublishOptions{})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{1}, nil, PublishOptions{})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{1}, rdr, PublishOptions{KeyColumn: "meeting"})
	assert.ErrorContains(t, err, `no column "meeting"`)
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{1}, rdr, PublishOptions{KeyColumn: "compound"})
	assert.ErrorContains(t, err, "want an integer type")
	_, err = l.ReplaceSessions(ctx, Ident{Namespace: "silver", Name: "nope"}, []int64{1}, rdr, PublishOptions{})
	assert.ErrorContains(t, err, "silver.nope")
}

// A table keyed by session but not partitioned by it cannot swap whole
// files: the replace deletes row-level and appends, and is not skipped.
func TestReplaceSessionsWithoutKeyPartition(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	def := lapsDef()
	def.PartitionBy = Identity("year")
	_, err := l.EnsureTable(ctx, def)
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 3, laps: 4}

	for run := range 2 {
		rdr := gen.reader(t, mem, []int64{24001, 24002})
		res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002}, rdr, PublishOptions{})
		rdr.Release()
		require.NoError(t, err)
		assert.True(t, res.Changed, "run %d: no identity partition on the key, so no skip", run)
	}
	g2 := lapGen{drivers: 3, laps: 4, bump: map[int64]int64{24002: 7}}
	rdr := g2.reader(t, mem, []int64{24002})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24002}, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(t, err)
	assert.Equal(t, map[int64]sessionStats{24001: gen.expected(24001), 24002: g2.expected(24002)},
		scanStats(t, l, mem, ScanOptions{}), "no duplicates, the other session untouched")
}

// A fingerprint is only trusted while the files it was recorded with are
// still the ones holding the session: a change by another writer is
// repaired by the next publish of the same data.
func TestFingerprintIgnoredAfterExternalChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 2, laps: 3}
	publish := func() *PublishResult {
		rdr := gen.reader(t, mem, []int64{24001, 24002})
		defer rdr.Release()
		res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002}, rdr, PublishOptions{})
		require.NoError(t, err)

		return res
	}
	publish()

	// Another engine deletes one session's rows directly.
	tbl, err := l.LoadTable(ctx, lapsIdent)
	require.NoError(t, err)
	_, err = tbl.Delete(ctx, iceberg.EqualTo(iceberg.Reference("session_key"), int64(24001)), nil)
	require.NoError(t, err)
	require.NotContains(t, scanStats(t, l, mem, ScanOptions{}), int64(24001))

	res := publish()
	assert.Equal(t, []int64{24001}, res.Sessions)
	assert.Equal(t, []int64{24002}, res.Unchanged)
	assert.Equal(t, gen.expected(24001), scanStats(t, l, mem, ScanOptions{})[24001])
}

func TestFingerprintExcludeColumns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()

	rdr := lapGen{drivers: 2, laps: 3}.reader(t, mem, []int64{24001})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{FingerprintExclude: []string{"lap_duration_ms"}})
	rdr.Release()
	require.NoError(t, err)

	rdr = lapGen{drivers: 2, laps: 3, bump: map[int64]int64{24001: 1}}.reader(t, mem, []int64{24001})
	res, err := l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{FingerprintExclude: []string{"lap_duration_ms"}})
	rdr.Release()
	require.NoError(t, err)
	assert.False(t, res.Changed, "only an excluded column differs")

	rdr = lapGen{drivers: 2, laps: 3, bump: map[int64]int64{24001: 1}}.reader(t, mem, []int64{24001})
	res, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(t, err)
	assert.True(t, res.Changed, "with every column fingerprinted the change is seen")

	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{FingerprintExclude: []string{"session_key"}})
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestAppendIsNotIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 2, laps: 2}
	for range 2 {
		rdr := gen.reader(t, mem, []int64{24001})
		res, err := l.Append(ctx, lapsIdent, rdr, PublishOptions{RunID: "r"})
		rdr.Release()
		require.NoError(t, err)
		assert.True(t, res.Changed)
		assert.Equal(t, int64(4), res.RowsWritten)
	}
	assert.Equal(t, int64(8), scanStats(t, l, mem, ScanOptions{})[24001].Rows)

	empty := gen.reader(t, mem)
	res, err := l.Append(ctx, lapsIdent, empty, PublishOptions{})
	empty.Release()
	require.NoError(t, err)
	assert.False(t, res.Changed)
	assert.Len(t, snapshotIDsOf(t, l, lapsIdent), 2)
}

func TestSchemaMismatchIsAClearError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)

	// Data with a column the table does not have yet (EnsureTable not run).
	mem := memory.NewGoAllocator()
	rdr := tyreAgeReader(t, mem, lapGen{drivers: 1, laps: 2}, 24001)
	defer rdr.Release()
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{})
	require.Error(t, err)
	assert.ErrorContains(t, err, "silver.laps")
	assert.ErrorContains(t, err, "tyre_age")
	assert.Empty(t, snapshotIDsOf(t, l, lapsIdent))
}
