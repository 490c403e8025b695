package silver_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/silver"
)

// fakeS3 serves an in-memory S3 on 127.0.0.1 (gofakes3) with one bucket.
type fakeS3 struct {
	backend *s3mem.Backend
	url     string
	bucket  string
}

func newFakeS3(t *testing.T, bucket string) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	require.NoError(t, backend.CreateBucket(bucket))
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return &fakeS3{backend: backend, url: srv.URL, bucket: bucket}
}

func (f *fakeS3) keys(t *testing.T, prefix string) []string {
	t.Helper()
	list, err := f.backend.ListBucket(f.bucket, &gofakes3.Prefix{Prefix: prefix, HasPrefix: true}, gofakes3.ListBucketPage{})
	require.NoError(t, err)
	var out []string
	for _, c := range list.Contents {
		out = append(out, c.Key)
	}
	return out
}

// TestS3Lake runs the flow with bronze and the Iceberg warehouse on S3
// (gofakes3): extract a simulated weekend, build, publish, re-publish
// without changes, and account for every bronze row.
func TestS3Lake(t *testing.T) {
	ctx := context.Background()
	s3 := newFakeS3(t, "pitwall")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake-secret")
	t.Setenv("AWS_REGION", "us-east-1")

	store, err := bronze.OpenStore(ctx, "s3://pitwall/lake?endpoint="+s3.url+"&use_path_style=true&region=us-east-1")
	require.NoError(t, err)
	defer store.Close()
	season := simSeason(t, 1)
	extract(t, client(t, season), store, bronze.PlanRequest{Years: []int{2024}, Endpoints: batchEndpoints()}, "bronze-s3")
	require.NotEmpty(t, s3.keys(t, "lake/bronze/laps/"))

	cfg, err := lakehouse.ConfigFromProperties(map[string]string{
		"type":                        "sql",
		"uri":                         filepath.Join(t.TempDir(), "catalog.db"),
		"warehouse":                   "s3://pitwall/warehouse",
		"s3.endpoint":                 s3.url,
		"s3.region":                   "us-east-1",
		"s3.access-key-id":            "AKIAFAKE",
		"s3.secret-access-key":        "fake-secret",
		"s3.force-virtual-addressing": "false",
	})
	require.NoError(t, err)
	lake, err := lakehouse.Open(ctx, cfg)
	require.NoError(t, err)
	defer lake.Close()

	mem := checkedAllocator(t)
	sessions := season.SessionKeys()
	publish := func(runID string) []*lakehouse.PublishResult {
		builds := buildAll(t, store, []int{2024}, sessions, silver.BuildOptions{Allocator: mem, RunID: runID})
		defer releaseAll(builds)
		res, err := silver.PublishAll(ctx, lake, builds, runID)
		require.NoError(t, err)
		return res
	}
	publish("s3-1")
	objects := s3.keys(t, "warehouse/silver.db/")
	var parquet int
	for _, k := range objects {
		if strings.HasSuffix(k, ".parquet") {
			parquet++
		}
	}
	assert.Greater(t, parquet, 5*len(silver.SessionTables())/2)
	for _, r := range publish("s3-2") {
		assert.False(t, r.Changed, r.String())
	}
	assert.Equal(t, objects, s3.keys(t, "warehouse/silver.db/"), "a re-run adds no object")

	rejects := rejectCounts(t, lake, nil)
	for _, table := range silver.SessionTables() {
		def, _ := silver.Table(table)
		ep := strings.TrimPrefix(def.Properties["pitwall.source"], "bronze.")
		counts := tableCounts(t, lake, table, "session_key")
		for _, s := range sessions {
			m, err := store.Manifests(ctx, bronzeEndpoint(ep), bronze.ManifestFilter{Years: []int{2024}, SessionKeys: []int{s}})
			require.NoError(t, err)
			for _, man := range m {
				assert.Equal(t, man.Rows, counts[s]+rejects[rejectKey(s, table)], "%s %d", table, s)
			}
		}
	}
}
