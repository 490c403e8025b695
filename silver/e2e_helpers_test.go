package silver_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// planNow is after every recorded and simulated session.
var planNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// fixturesDir returns ../shared/fixtures/openf1 next to the module root,
// or skips the test when ../shared is absent.
func fixturesDir(t testing.TB) string { return sharedtest.FixturesDir(t) }

var (
	recordingsOnce sync.Once
	recordings     *openf1test.MemorySource
	recordingsErr  error
)

// recorded serves the real recordings (loaded once per test binary).
func recorded(t testing.TB) *openf1test.MemorySource {
	t.Helper()
	dir := fixturesDir(t)
	recordingsOnce.Do(func() { recordings, _, recordingsErr = openf1test.LoadDir(dir) })
	require.NoError(t, recordingsErr)
	return recordings
}

// client starts a fake OpenF1 server over src and returns a client for it.
func client(t testing.TB, src openf1test.Source) *openf1.Client {
	t.Helper()
	srv := openf1test.NewServer(src)
	t.Cleanup(srv.Close)
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	require.NoError(t, err)
	return c
}

// batchEndpoints are the non-telemetry endpoints.
func batchEndpoints() []openf1.Endpoint {
	var out []openf1.Endpoint
	for _, e := range openf1.Endpoints() {
		if !e.Telemetry {
			out = append(out, e.Name)
		}
	}
	return out
}

// extract runs a bronze extraction of req through c into store.
func extract(t testing.TB, c *openf1.Client, store *bronze.Store, req bronze.PlanRequest, runID string) *bronze.RunResult {
	t.Helper()
	ctx := context.Background()
	if req.Now.IsZero() {
		req.Now = planNow
	}
	x := bronze.NewExtractor(c, store)
	plan, err := x.Plan(ctx, req)
	require.NoError(t, err)
	res, err := x.Run(ctx, plan, bronze.RunOptions{RunID: runID})
	require.NoError(t, err)
	require.Zero(t, res.Count(bronze.OutcomeQuarantined), "quarantined partitions: %+v", res.Quarantined())
	return res
}

func memStore(t testing.TB) *bronze.Store {
	t.Helper()
	s, err := bronze.OpenStore(context.Background(), "mem://")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// localLake opens a lake in a temp dir and returns it with its warehouse dir.
func localLake(t testing.TB) (*lakehouse.Lake, string) {
	t.Helper()
	dir := t.TempDir()
	l, err := lakehouse.OpenLocal(context.Background(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l, filepath.Join(dir, "warehouse")
}

// buildAll builds the calendars of years and the given sessions.
func buildAll(t testing.TB, store *bronze.Store, years, sessions []int, opts silver.BuildOptions) []*silver.Build {
	t.Helper()
	ctx := context.Background()
	var out []*silver.Build
	for _, y := range years {
		b, err := silver.BuildCalendar(ctx, store, y, opts)
		require.NoError(t, err)
		out = append(out, b)
	}
	for _, s := range sessions {
		b, err := silver.BuildSession(ctx, store, s, opts)
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

func releaseAll(bs []*silver.Build) {
	for _, b := range bs {
		b.Release()
	}
}

// tableCounts scans a silver table and counts rows per value of an
// integer key column (session_key or year).
func tableCounts(t testing.TB, l *lakehouse.Lake, table, keyCol string) map[int]int64 {
	t.Helper()
	rdr, err := l.Scan(context.Background(), memory.DefaultAllocator, silver.Ident(table), lakehouse.ScanOptions{Columns: []string{keyCol}})
	require.NoError(t, err)
	defer rdr.Release()
	out := map[int]int64{}
	for rdr.Next() {
		col := rdr.RecordBatch().Column(0).(*array.Int32)
		for i := range col.Len() {
			out[int(col.Value(i))]++
		}
	}
	require.NoError(t, rdr.Err())
	return out
}

// rejectCounts counts silver.rejects rows per (session_key, table_name)
// (session_key 0 for calendar rejects).
func rejectCounts(t testing.TB, l *lakehouse.Lake, filter iceberg.BooleanExpression) map[string]int64 {
	t.Helper()
	rdr, err := l.Scan(context.Background(), memory.DefaultAllocator, silver.Ident(silver.TableRejects),
		lakehouse.ScanOptions{Columns: []string{"session_key", "table_name", "year"}, Filter: filter})
	require.NoError(t, err)
	defer rdr.Release()
	out := map[string]int64{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		sc := rec.Schema()
		sess := rec.Column(sc.FieldIndices("session_key")[0]).(*array.Int32)
		tbl := rec.Column(sc.FieldIndices("table_name")[0]).(*array.String)
		year := rec.Column(sc.FieldIndices("year")[0]).(*array.Int32)
		for i := range int(rec.NumRows()) {
			k := int(sess.Value(i))
			if k == 0 {
				k = int(year.Value(i))
			}
			out[rejectKey(k, tbl.Value(i))]++
		}
	}
	require.NoError(t, rdr.Err())
	return out
}

func rejectKey(scope int, table string) string { return table + "@" + strconv.Itoa(scope) }

// dataFiles lists the Parquet data files under a warehouse directory.
func dataFiles(t testing.TB, warehouse string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(warehouse, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			out = append(out, p)
		}
		return nil
	})
	require.NoError(t, err)
	slices.Sort(out)
	return out
}

// simSeason is a small simulated season with every API quirk on.
func simSeason(t testing.TB, meetings int) *sim.Season {
	t.Helper()
	s, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: meetings, Quirks: sim.AllQuirks()})
	require.NoError(t, err)
	return s
}

func checkedAllocator(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

func bronzeEndpoint(name string) openf1.Endpoint { return openf1.Endpoint(name) }

func lakehouseScanAll() lakehouse.ScanOptions { return lakehouse.ScanOptions{} }
