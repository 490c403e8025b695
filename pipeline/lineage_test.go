package pipeline

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

// TestLineageEvents: every stage of every session is one OpenLineage run
// (START, then COMPLETE) whose parent is the pipeline run; outputs are
// Iceberg tables named by location with the snapshot the report records,
// statistics, quality assertions and column lineage; every event
// validates against the official schemas.
func TestLineageEvents(t *testing.T) {
	validator, err := lineagetest.NewValidator(lineagetest.FixturesDir(t))
	if err != nil {
		t.Fatal(err)
	}
	season, srv := simServer(t, smallSeason)
	rec := new(lineagetest.Recorder)
	dir := filepath.Join(t.TempDir(), "lake")
	rep := mustRun(t, testConfig(dir, srv, 2025), WithLineageTransport(rec))

	if l := rep.Lineage; l == nil || l.Emitted != uint64(len(rec.Payloads())) || l.Delivered != l.Emitted || l.Failed != 0 {
		t.Errorf("report lineage stats %+v, recorder holds %d events", rep.Lineage, len(rec.Payloads()))
	}
	for _, p := range rec.Payloads() {
		if err := validator.ValidateEvent(p.Body); err != nil {
			t.Fatalf("invalid event: %v\n%s", err, p.Body)
		}
	}
	events, err := rec.Events()
	if err != nil {
		t.Fatal(err)
	}
	runs := map[string][]*lineage.RunEvent{} // run id → events
	var order []string
	for _, ev := range events {
		re, ok := ev.(*lineage.RunEvent)
		if !ok {
			t.Fatalf("unexpected event kind %T", ev)
		}
		if _, seen := runs[re.Run.RunID]; !seen {
			order = append(order, re.Run.RunID)
		}
		runs[re.Run.RunID] = append(runs[re.Run.RunID], re)
	}
	parent := runs[rep.RunID]
	if len(parent) != 2 || parent[0].EventType != lineage.EventStart || parent[1].EventType != lineage.EventComplete || parent[0].Job.Name != Backfill.DAG() {
		t.Fatalf("pipeline run events: %+v", parent)
	}
	stages := map[string]int{}
	for _, id := range order {
		if id == rep.RunID {
			continue
		}
		evs := runs[id]
		if len(evs) != 2 || evs[0].EventType != lineage.EventStart || evs[1].EventType != lineage.EventComplete {
			t.Fatalf("run %s: %d events", id, len(evs))
		}
		end := evs[1]
		p := end.Run.Facets.Parent
		if p == nil || p.Run.RunID != rep.RunID || p.Job.Name != Backfill.DAG() {
			t.Fatalf("run %s (%s) has no parent facet to the pipeline run", id, end.Job.Name)
		}
		if end.Run.Facets.ProcessingEngine == nil || end.Job.Facets.JobType == nil || end.Run.Facets.NominalTime == nil {
			t.Fatalf("run %s (%s) lacks processing_engine, jobType or nominalTime", id, end.Job.Name)
		}
		stages[strings.TrimPrefix(end.Job.Name, Backfill.DAG()+".")]++
	}
	n := len(season.SessionKeys())
	if want := map[string]int{StageExtract: n, StageSilver: n, StageGold: n, StageCalendar: 1, StageStandings: 1}; !maps.Equal(stages, want) {
		t.Fatalf("stage runs %v, want %v", stages, want)
	}

	// The silver run of the first race: its silver.laps output.
	race := season.RaceSessionKeys()[0]
	sr := rep.Session(race).Stage(StageSilver)
	laps := sr.Table("silver.laps")
	end := runs[sr.LineageRunID][1]
	i := slices.IndexFunc(end.Outputs, func(o lineage.OutputDataset) bool {
		return strings.HasSuffix(o.Name, "/silver.db/laps") || strings.HasSuffix(o.Name, "/silver/laps")
	})
	if i < 0 {
		t.Fatalf("silver run outputs: %v", names(end.Outputs))
	}
	out := end.Outputs[i]
	f := out.Facets
	if out.Namespace != "file" || f.Version == nil || f.Version.DatasetVersion != strconv.FormatInt(laps.SnapshotID, 10) {
		t.Errorf("silver.laps output %s %s, version %+v, want snapshot %d", out.Namespace, out.Name, f.Version, laps.SnapshotID)
	}
	if f.Symlinks == nil || len(f.Symlinks.Identifiers) == 0 || f.Symlinks.Identifiers[0].Name != "silver.laps" || !strings.HasPrefix(f.Symlinks.Identifiers[0].Namespace, "sqlite://") {
		t.Errorf("silver.laps symlinks %+v", f.Symlinks)
	}
	if f.Schema == nil || f.DataQualityAssertions == nil || len(f.DataQualityAssertions.Assertions) != laps.Quality.Evaluated || f.ColumnLineage == nil {
		t.Errorf("silver.laps facets: schema %v, assertions %v, column lineage %v", f.Schema != nil, f.DataQualityAssertions, f.ColumnLineage != nil)
	}
	if cl := f.ColumnLineage; cl != nil {
		if in := cl.Fields["lap_duration_ms"].InputFields; len(in) != 1 || in[0].Field != "lap_duration" || !strings.HasSuffix(in[0].Name, "/bronze/laps") {
			t.Errorf("lap_duration_ms lineage %+v", cl.Fields["lap_duration_ms"])
		}
	}
	if st := out.OutputFacets; st == nil || st.OutputStatistics == nil || *st.OutputStatistics.RowCount != laps.Rows || laps.Rows != int64(len(season.Laps(race))) {
		t.Errorf("silver.laps outputStatistics %+v, report rows %d, season laps %d", out.OutputFacets, laps.Rows, len(season.Laps(race)))
	}
	if !slices.ContainsFunc(end.Inputs, func(in lineage.InputDataset) bool {
		return strings.HasSuffix(in.Name, "/bronze/laps") && in.Facets.Version != nil
	}) {
		t.Errorf("silver run inputs %v lack bronze/laps with its content hash", end.Inputs)
	}
	nt := end.Run.Facets.NominalTime
	if ref, _ := season.Session(race); !nt.NominalStartTime.Equal(ref.DateStart.Time) {
		t.Errorf("nominal start %s, session start %s", nt.NominalStartTime, ref.DateStart.Time)
	}
}

func names(outs []lineage.OutputDataset) []string {
	var s []string
	for _, o := range outs {
		s = append(s, o.Name)
	}
	return s
}

// TestLineageNeverBlocksTheRun: a lineage backend that never answers costs
// the run at most the flush timeout; the data is published and the report
// says events were lost.
func TestLineageNeverBlocksTheRun(t *testing.T) {
	hang := make(chan struct{})
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer backend.Close()
	defer close(hang)
	_, srv := simServer(t, sim1Meeting)
	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)
	cfg.Lineage.URL = backend.URL
	cfg.Policy.LineageFlushTimeout = Duration(300 * time.Millisecond)
	start := time.Now()
	rep, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != StatusOK || rep.Totals.SessionsOK == 0 {
		t.Fatalf("run: %s", rep.Status)
	}
	if rep.Lineage == nil || rep.Lineage.Failed == 0 || !slices.ContainsFunc(rep.Errors, func(s string) bool { return strings.Contains(s, "lineage") }) {
		t.Errorf("report errors %v do not mention lost lineage events", rep.Errors)
	}
	t.Logf("run with a dead lineage backend took %s: %v", time.Since(start), rep.Errors)
}
