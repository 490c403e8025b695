package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go/catalog"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// seasonNow is after every session of the simulated 2025 seasons.
var seasonNow = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// smallSeason is the simulated season most tests run: two race weekends,
// one of them a sprint weekend (10 sessions), no telemetry.
var smallSeason = sim.Config{Seed: 7, Meetings: 2, Sprints: 1}

// simServer serves a simulated season through the fake OpenF1 server.
func simServer(t testing.TB, cfg sim.Config) (*sim.Season, *openf1test.Server) {
	t.Helper()
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, serve(t, s, seasonNow)
}

func serve(t testing.TB, src openf1test.Source, now time.Time) *openf1test.Server {
	t.Helper()
	srv, err := openf1test.Start(src, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// testConfig is a backfill of a year into dir, served by srv, with
// millisecond retry delays.
func testConfig(dir string, srv *openf1test.Server, year int) Config {
	pol := BackfillPolicy()
	pol.RetryDelay = Duration(time.Millisecond)
	return Config{
		Lake: dir, Mode: Backfill, Years: []int{year}, Now: seasonNow, Policy: &pol,
		API:     APIConfig{BaseURL: srv.URL(), NoRateLimit: true, Anonymous: true},
		Lineage: LineageConfig{URL: "none"},
	}
}

// mustRun runs the pipeline and fails the test on any error.
func mustRun(t testing.TB, cfg Config, opts ...Option) *Report {
	t.Helper()
	rep, err := Run(context.Background(), cfg, opts...)
	if err != nil {
		logReport(t, rep)
		t.Fatal(err)
	}
	return rep
}

func logReport(t testing.TB, rep *Report) {
	t.Helper()
	if rep != nil {
		b, _ := rep.JSON()
		if len(b) > 20000 {
			b = b[:20000]
		}
		t.Logf("report: %s", b)
	}
}

// dataTables are every silver and gold table the pipeline writes.
func dataTables() []lakehouse.Ident {
	var out []lakehouse.Ident
	for _, d := range silver.Tables() {
		out = append(out, d.Ident())
	}
	for _, d := range gold.Tables() {
		out = append(out, d.Ident())
	}
	return out
}

// runDependent are columns whose values name the run that wrote a row.
var runDependent = []string{"run_id", "rejected_at"}

// tableRows scans a table of the lake in dir and returns its rows as JSON
// objects (run-dependent columns left out), sorted: two lakes hold the
// same data when their tableRows are equal.
func tableRows(t testing.TB, dir string, ident lakehouse.Ident) []string {
	t.Helper()
	ctx := context.Background()
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lake.Close()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rr, err := lake.Scan(ctx, mem, ident, lakehouse.ScanOptions{})
	if errors.Is(err, catalog.ErrNoSuchTable) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	var rows []string
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := range int(rec.NumRows()) {
			m := map[string]any{}
			for c, f := range rec.Schema().Fields() {
				if slices.Contains(runDependent, f.Name) {
					continue
				}
				m[f.Name] = rec.Column(c).GetOneForMarshal(i)
			}
			normalizeReject(m)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, string(b))
		}
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rows)
	return rows
}

// normalizeReject removes from a silver.rejects row what depends on when
// bronze was extracted: the bronze row's _ingested_at and _run_id inside
// raw, and the ingestion time silver quotes in a duplicate's reason.
func normalizeReject(m map[string]any) {
	raw, ok := m["raw"].(string)
	if !ok {
		return
	}
	var obj map[string]any
	if json.Unmarshal([]byte(raw), &obj) == nil {
		delete(obj, "_ingested_at")
		delete(obj, "_run_id")
		delete(obj, "_request") // meeting- or session-level request
		b, _ := json.Marshal(obj)
		m["raw"] = string(b)
	}
	if r, ok := m["reason"].(string); ok {
		m["reason"] = ingestedAt.ReplaceAllString(r, "ingested_at …")
	}
}

var ingestedAt = regexp.MustCompile(`ingested_at [0-9T:.+-]+`)

// lakeState is every data table's current snapshot and data file count.
type tableState struct {
	Snapshot int64
	Files    int
}

func lakeState(t testing.TB, dir string) map[string]tableState {
	t.Helper()
	ctx := context.Background()
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lake.Close()
	out := map[string]tableState{}
	for _, id := range dataTables() {
		tbl, err := lake.LoadTable(ctx, id)
		if errors.Is(err, catalog.ErrNoSuchTable) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		st := tableState{}
		if s := tbl.CurrentSnapshot(); s != nil {
			st.Snapshot = s.SnapshotID
			tasks, err := tbl.Scan().PlanFiles(ctx)
			if err != nil {
				t.Fatal(err)
			}
			st.Files = len(tasks)
		}
		out[id.String()] = st
	}
	return out
}

// assertSameTables compares every silver and gold table of two lakes.
func assertSameTables(t *testing.T, want, got string) {
	t.Helper()
	for _, id := range dataTables() {
		w, g := tableRows(t, want, id), tableRows(t, got, id)
		if !slices.Equal(w, g) {
			t.Errorf("%s: %d rows in the reference lake, %d in the other; first differences:\n%s", id, len(w), len(g), firstDiff(w, g))
		}
	}
}

func firstDiff(a, b []string) string {
	out := ""
	n := 0
	for _, x := range a {
		if !slices.Contains(b, x) && n < 3 {
			out += "  only in reference: " + x + "\n"
			n++
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) && n < 6 {
			out += "  only in other:     " + x + "\n"
			n++
		}
	}
	return out
}

// referenceLake is a lake holding an uninterrupted backfill of
// smallSeason, built once for the tests that compare against it. Tests
// must not write to it.
var reference struct {
	once sync.Once
	dir  string
	rep  *Report
	err  error
}

func referenceLake(t *testing.T) string {
	t.Helper()
	reference.once.Do(func() {
		dir, err := os.MkdirTemp("", "pitwall-reference-lake-")
		if err != nil {
			reference.err = err
			return
		}
		reference.dir = filepath.Join(dir, "lake")
		s, err := sim.New(smallSeason)
		if err != nil {
			reference.err = err
			return
		}
		srv, err := openf1test.Start(s, openf1test.WithNow(func() time.Time { return seasonNow }))
		if err != nil {
			reference.err = err
			return
		}
		defer srv.Close()
		reference.rep, reference.err = Run(context.Background(), testConfig(reference.dir, srv, 2025))
	})
	if reference.err != nil {
		t.Fatal(reference.err)
	}
	return reference.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if reference.dir != "" {
		os.RemoveAll(filepath.Dir(reference.dir))
	}
	os.Exit(code)
}

// sim1Meeting is a one-weekend season for tests that only need a run.
var sim1Meeting = sim.Config{Seed: 3, Meetings: 1}
