package gold

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// farFuture is the clock of the fake server and the planner: after every
// recorded and simulated session.
var farFuture = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)

// goldEndpoints are the endpoints gold needs from bronze (no telemetry,
// intervals or radio).
var goldEndpoints = []openf1.Endpoint{
	openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps,
	openf1.EndpointStints, openf1.EndpointPit, openf1.EndpointSessionResult, openf1.EndpointStartingGrid,
	openf1.EndpointRaceControl, openf1.EndpointPosition, openf1.EndpointWeather, openf1.EndpointOvertakes,
	openf1.EndpointChampionshipDrivers, openf1.EndpointChampionshipTeams,
}

// checkedMem returns a checked allocator asserted empty when the test
// ends, after every cleanup registered later (such as releasing builds).
func checkedMem(t testing.TB) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

// fixturesDir returns ../shared/fixtures/openf1, or skips the test.
func fixturesDir(t testing.TB) string { return sharedtest.FixturesDir(t) }

// extract serves src through the fake OpenF1 server and runs a bronze
// extraction of req into an in-memory store.
func extract(t testing.TB, src openf1test.Source, req bronze.PlanRequest) *bronze.Store {
	t.Helper()
	ctx := context.Background()
	srv := openf1test.NewServer(src, openf1test.WithNow(func() time.Time { return farFuture }))
	t.Cleanup(srv.Close)
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		t.Fatal(err)
	}
	store, err := bronze.OpenStore(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if req.Endpoints == nil {
		req.Endpoints = goldEndpoints
	}
	req.Now = farFuture
	x := bronze.NewExtractor(client, store)
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, bronze.RunOptions{Concurrency: 4})
	if err != nil {
		t.Fatalf("bronze run: %v (%s)", err, res.Summary())
	}
	if q := res.Quarantined(); len(q) > 0 {
		t.Logf("bronze quarantined %d partitions, first: %+v", len(q), q[0])
	}
	return store
}

// silverBuilds builds the calendars of years and the given sessions (all
// sessions of the calendars when sessionKeys is nil). The builds are
// released at cleanup.
func silverBuilds(t testing.TB, store *bronze.Store, mem memory.Allocator, years []int, sessionKeys []int) []*silver.Build {
	t.Helper()
	out := silverBuildsKeep(t, store, mem, years, sessionKeys)
	t.Cleanup(func() {
		for _, b := range out {
			b.Release()
		}
	})
	return out
}

// silverBuildsKeep is silverBuilds without the release.
func silverBuildsKeep(t testing.TB, store *bronze.Store, mem memory.Allocator, years []int, sessionKeys []int) []*silver.Build {
	t.Helper()
	ctx := context.Background()
	var out []*silver.Build
	opts := silver.BuildOptions{Allocator: mem, RunID: "silver-test"}
	all := sessionKeys == nil
	for _, y := range years {
		b, err := silver.BuildCalendar(ctx, store, y, opts)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
		if all {
			for _, s := range decodeSessions([]arrow.RecordBatch{b.Record(silver.TableSessions)}) {
				sessionKeys = append(sessionKeys, s.sessionKey)
			}
		}
	}
	for _, k := range sessionKeys {
		b, err := silver.BuildSession(ctx, store, k, opts)
		if err != nil {
			t.Fatalf("silver session %d: %v", k, err)
		}
		out = append(out, b)
	}
	return out
}

// simSeason generates a season and runs it through the fake server, bronze
// and silver; the builds are released at cleanup.
func simSeason(t testing.TB, cfg sim.Config, mem memory.Allocator) (*sim.Season, []*silver.Build) {
	t.Helper()
	season, builds := simSeasonKeep(t, cfg, mem)
	t.Cleanup(func() {
		for _, b := range builds {
			b.Release()
		}
	})
	return season, builds
}

// simSeasonKeep is simSeason without the release: the caller owns the
// builds.
func simSeasonKeep(t testing.TB, cfg sim.Config, mem memory.Allocator) (*sim.Season, []*silver.Build) {
	t.Helper()
	season, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	store := extract(t, season, bronze.PlanRequest{Years: []int{season.Config().Year}})
	return season, silverBuildsKeep(t, store, mem, []int{season.Config().Year}, nil)
}

// openLake opens a temporary local lake holding the silver builds.
func openLake(t testing.TB, builds []*silver.Build) *lakehouse.Lake {
	t.Helper()
	ctx := context.Background()
	lake, err := lakehouse.OpenLocal(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lake.Close() })
	if _, err := silver.PublishAll(ctx, lake, builds, "silver-test"); err != nil {
		t.Fatal(err)
	}
	return lake
}

// readGold scans a gold table back from the lake, as rows of column name to
// value (nil for null).
func readGold(t testing.TB, lake *lakehouse.Lake, table string) []map[string]any {
	t.Helper()
	rdr, err := lake.Scan(context.Background(), nil, Ident(table), lakehouse.ScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Release()
	var out []map[string]any
	for rdr.Next() {
		out = append(out, recordRows(rdr.RecordBatch())...)
	}
	if err := rdr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// recordRows converts a batch to rows of column name to Go value.
func recordRows(rec arrow.RecordBatch) []map[string]any {
	c := newColumns(rec)
	out := make([]map[string]any, c.rows())
	for i := range out {
		row := map[string]any{}
		for j, f := range rec.Schema().Fields() {
			r := colReader{rec.Column(j)}
			if r.null(i) {
				row[f.Name] = nil
				continue
			}
			switch rec.Column(j).(type) {
			case *array.Int32, *array.Int64:
				row[f.Name] = r.i64(i).V
			case *array.Float64:
				row[f.Name] = r.f64(i).V
			case *array.String, *array.LargeString:
				row[f.Name] = r.str(i).V
			case *array.Boolean:
				row[f.Name] = r.boolean(i).V
			case *array.Timestamp:
				row[f.Name] = r.ts(i).V
			}
		}
		out[i] = row
	}
	return out
}

// rowsOf returns a build's table as rows.
func rowsOf(t testing.TB, b *Build, table string) []map[string]any {
	t.Helper()
	rec := b.Record(table)
	if rec == nil {
		t.Fatalf("build has no %s", table)
	}
	return recordRows(rec)
}

func i64(v any) int64 {
	if v == nil {
		return 0
	}
	return v.(int64)
}

func f64(v any) float64 {
	if v == nil {
		return 0
	}
	return v.(float64)
}

// row is one hand-made silver row: column name to value (int, int64,
// float64, string, bool, time.Time). Missing columns are null; the key
// columns year, meeting_key and session_key default to a 2024 test session.
type row map[string]any

// silverBatch builds a batch with silver.Schema(table) from hand-made rows.
func silverBatch(t testing.TB, mem memory.Allocator, table string, rows ...row) arrow.RecordBatch {
	t.Helper()
	schema := silver.Schema(table)
	if schema == nil {
		t.Fatalf("no silver table %s", table)
	}
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	defaults := row{"year": 2024, "meeting_key": 1, "session_key": 100}
	for _, r := range rows {
		for i, f := range schema.Fields() {
			v, ok := r[f.Name]
			if !ok {
				v, ok = defaults[f.Name]
			}
			fb := b.Field(i)
			if !ok || v == nil {
				if !f.Nullable {
					switch x := fb.(type) {
					case *array.BooleanBuilder:
						x.Append(false)
						continue
					case *array.StringBuilder:
						x.Append("")
						continue
					}
				}
				fb.AppendNull()
				continue
			}
			switch x := fb.(type) {
			case *array.Int32Builder:
				x.Append(int32(v.(int)))
			case *array.Int64Builder:
				x.Append(int64(v.(int)))
			case *array.Float64Builder:
				switch n := v.(type) {
				case float64:
					x.Append(n)
				case int:
					x.Append(float64(n))
				}
			case *array.StringBuilder:
				x.Append(v.(string))
			case *array.BooleanBuilder:
				x.Append(v.(bool))
			case *array.TimestampBuilder:
				x.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
			default:
				t.Fatalf("%s.%s: unsupported builder %T", table, f.Name, fb)
			}
		}
	}
	rec := b.NewRecordBatch()
	t.Cleanup(rec.Release)
	return rec
}

// batches wraps one batch as a slice.
func batches(recs ...arrow.RecordBatch) []arrow.RecordBatch { return recs }

// lapKey identifies one lap of one driver.
type lapKey struct{ driver, lap int }
