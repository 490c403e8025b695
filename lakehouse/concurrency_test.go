package lakehouse

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go/table"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// barrier releases its waiters once n of them have arrived (or after a
// timeout, so a broken test fails instead of hanging).
type barrier struct {
	mu      sync.Mutex
	arrived int
	n       int
	open    chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, open: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		close(b.open)
	}
	b.mu.Unlock()
	select {
	case <-b.open:
	case <-time.After(10 * time.Second):
	}
}

// Two writers publish different sessions of the same table at the same
// moment. Both first attempts are held until both have loaded the table
// and staged their commit, so exactly one wins the catalog's
// compare-and-swap and the other must reload and redo its replace.
func TestConcurrentPublishersBothLand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	// Seed one session so both writers start from the same snapshot.
	gen := lapGen{drivers: 3, laps: 4}
	rdr := gen.reader(t, mem, []int64{24001})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{})
	rdr.Release()
	require.NoError(t, err)

	both := newBarrier(2)
	l.beforeCommit = func(_ Ident, attempt int) {
		if attempt == 1 {
			both.wait()
		}
	}

	sessions := []int64{24002, 24003}
	results := make([]*PublishResult, len(sessions))
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, s := range sessions {
		wg.Go(func() {
			rdr := gen.reader(t, mem, []int64{s})
			defer rdr.Release()
			results[i], errs[i] = l.ReplaceSessions(ctx, lapsIdent, []int64{s}, rdr,
				PublishOptions{RunID: "writer", Allocator: mem, Backoff: func(int) time.Duration { return time.Millisecond }})
		})
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])

	attempts := []int{results[0].Attempts, results[1].Attempts}
	assert.ElementsMatch(t, []int{1, 2}, attempts, "one writer won the race, the other retried once")
	for i, r := range results {
		assert.True(t, r.Changed)
		assert.Equal(t, []int64{sessions[i]}, r.Sessions)
	}

	got := scanStats(t, l, mem, ScanOptions{})
	assert.Equal(t, map[int64]sessionStats{
		24001: gen.expected(24001), 24002: gen.expected(24002), 24003: gen.expected(24003),
	}, got, "no lost update")

	info, err := l.Describe(ctx, lapsIdent)
	require.NoError(t, err)
	assert.Len(t, info.Snapshots, 3)
	for _, s := range sessions {
		assert.Contains(t, info.Properties, fingerprintPrefix+"session_key."+itoa(s), "both fingerprints recorded")
	}
}

// Two workers publish the same session with the same rows (a retried
// task overlapping its first try): the loser finds on reload that the
// table already holds its rows, commits nothing and removes its files.
func TestConcurrentIdenticalPublishesCommitOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 3, laps: 4}

	both := newBarrier(2)
	l.beforeCommit = func(_ Ident, attempt int) {
		if attempt == 1 {
			both.wait()
		}
	}
	results := make([]*PublishResult, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			rdr := gen.reader(t, mem, []int64{24001})
			defer rdr.Release()
			results[i], errs[i] = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr,
				PublishOptions{Backoff: func(int) time.Duration { return time.Millisecond }})
		})
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	assert.ElementsMatch(t, []bool{true, false}, []bool{results[0].Changed, results[1].Changed})
	assert.ElementsMatch(t, []int{1, 2}, []int{results[0].Attempts, results[1].Attempts})
	assert.Equal(t, results[0].SnapshotID, results[1].SnapshotID)
	assert.Len(t, snapshotIDsOf(t, l, lapsIdent), 1)
	assert.Len(t, parquetFiles(treeFiles(t, dir+"/warehouse")), 1, "the loser's files are removed")
	assert.Equal(t, map[int64]sessionStats{24001: gen.expected(24001)}, scanStats(t, l, mem, ScanOptions{}))
}

// A writer that keeps losing gives up with a typed error and leaves no
// data files behind.
func TestPublishGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	mem := memory.NewGoAllocator()
	gen := lapGen{drivers: 2, laps: 2}

	// Before each commit, another writer sneaks in a snapshot of its own
	// (a plain iceberg-go append of another session).
	rival := int64(24100)
	l.beforeCommit = func(ident Ident, _ int) {
		tbl, err := l.cat.LoadTable(ctx, ident.identifier())
		require.NoError(t, err)
		rival++
		other := gen.reader(t, mem, []int64{rival})
		defer other.Release()
		_, err = tbl.Append(ctx, other, nil)
		require.NoError(t, err)
	}
	rdr := gen.reader(t, mem, []int64{24001})
	defer rdr.Release()
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{MaxAttempts: 3, Backoff: func(int) time.Duration { return 0 }})
	var cc *CommitConflictError
	require.ErrorAs(t, err, &cc)
	assert.ErrorIs(t, err, ErrCommitConflict)
	assert.Equal(t, 3, cc.Attempts)
	assert.True(t, isCommitConflict(cc.Err))
	for _, f := range parquetFiles(treeFiles(t, dir+"/warehouse")) {
		assert.NotContains(t, f, "session_key=24001/", "uncommitted data files are removed")
	}
	assert.NotContains(t, scanStats(t, l, mem, ScanOptions{}), int64(24001))
}

func TestCommitConflictClassification(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{table.ErrCommitFailed, true},
		{errors.Join(errors.New("x"), table.ErrCommitFailed), true},
		{table.ErrCommitDiverged, true},
		{errors.New(`requirement failed: branch "main" has changed: expected id 1, found 2`), true},
		{errors.New("commit failed, refresh and try again"), true},
		{errors.New("sqlite: database is locked (5) (SQLITE_BUSY)"), true},
		{errors.New("rest: commit failed due to unknown reason"), false},
		{errors.New("permission denied"), false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, isCommitConflict(tc.err), "%v", tc.err)
	}
	for attempt := range 20 {
		d := DefaultBackoff(attempt)
		assert.Positive(t, d)
		assert.LessOrEqual(t, d, backoffCap+time.Millisecond)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
