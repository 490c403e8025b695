package lakehouse

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeS3 serves an in-memory S3 on 127.0.0.1 with one bucket.
type fakeS3 struct {
	backend *s3mem.Backend
	url     string
	bucket  string
}

func newFakeS3(t testing.TB, bucket string) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	require.NoError(t, backend.CreateBucket(bucket))
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)

	return &fakeS3{backend: backend, url: srv.URL, bucket: bucket}
}

// keys lists every object key in the bucket, sorted.
func (f *fakeS3) keys(t testing.TB) []string {
	t.Helper()
	list, err := f.backend.ListBucket(f.bucket, nil, gofakes3.ListBucketPage{})
	require.NoError(t, err)
	out := make([]string, 0, len(list.Contents))
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	slices.Sort(out)

	return out
}

func TestS3WarehouseReplaceFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s3 := newFakeS3(t, "pitwall-lake")
	cfg, err := ConfigFromProperties(map[string]string{
		"type":                        "sql",
		"uri":                         filepath.Join(t.TempDir(), "catalog.db"),
		"warehouse":                   "s3://pitwall-lake/warehouse",
		"s3.endpoint":                 s3.url,
		"s3.region":                   "us-east-1",
		"s3.access-key-id":            "AKIAFAKE",
		"s3.secret-access-key":        "fake-secret",
		"s3.force-virtual-addressing": "false",
	})
	require.NoError(t, err)
	assert.NotContains(t, cfg.String(), "fake-secret")
	l, err := Open(ctx, cfg)
	require.NoError(t, err)
	defer l.Close()

	tbl, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	assert.Equal(t, "s3://pitwall-lake/warehouse/silver.db/laps", tbl.Location())

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sessions := []int64{24001, 24002}
	gen := lapGen{drivers: 3, laps: 4}
	publish := func(g lapGen) *PublishResult {
		rdr := g.reader(t, mem, sessions)
		defer rdr.Release()
		res, err := l.ReplaceSessions(ctx, lapsIdent, sessions, rdr, PublishOptions{RunID: "s3", Allocator: mem})
		require.NoError(t, err)

		return res
	}

	first := publish(gen)
	assert.True(t, first.Changed)
	objects := s3.keys(t)
	assert.Len(t, parquetFiles(objects), 2)

	again := publish(gen)
	assert.False(t, again.Changed)
	assert.Equal(t, first.SnapshotID, again.SnapshotID)
	assert.Equal(t, objects, s3.keys(t), "no new objects")

	g2 := lapGen{drivers: 3, laps: 4, bump: map[int64]int64{24001: 5}}
	fix := publish(g2)
	assert.Equal(t, []int64{24001}, fix.Sessions)
	assert.Equal(t, []int64{24002}, fix.Unchanged)
	assert.Equal(t, map[int64]sessionStats{24001: g2.expected(24001), 24002: gen.expected(24002)},
		scanStats(t, l, mem, ScanOptions{}))

	// Maintenance on S3: the superseded 24001 file goes with its snapshot.
	assert.Len(t, parquetFiles(s3.keys(t)), 3)
	exp, err := l.ExpireSnapshots(ctx, lapsIdent, ExpireOptions{OlderThan: time.Nanosecond, RetainLast: 1})
	require.NoError(t, err)
	assert.Len(t, exp.Expired, 1)
	remaining := parquetFiles(s3.keys(t))
	assert.Len(t, remaining, 2)
	for _, k := range remaining {
		assert.True(t, strings.HasPrefix(k, "warehouse/silver.db/laps/data/year=2024/session_key=2400"), k)
	}
	stray := "warehouse/silver.db/laps/data/year=2024/session_key=24001/crashed-writer.parquet"
	_, err = s3.backend.PutObject(s3.bucket, stray, nil, strings.NewReader("PAR1"), 4, nil)
	require.NoError(t, err)
	time.Sleep(5 * time.Millisecond)
	orphans, err := l.RemoveOrphanFiles(ctx, lapsIdent, OrphanOptions{OlderThan: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, []string{"s3://pitwall-lake/" + stray}, orphans.Deleted)
	assert.NotContains(t, s3.keys(t), stray)
	assert.Len(t, parquetFiles(s3.keys(t)), 2)
	assert.Equal(t, map[int64]sessionStats{24001: g2.expected(24001), 24002: gen.expected(24002)},
		scanStats(t, l, mem, ScanOptions{}))
}
