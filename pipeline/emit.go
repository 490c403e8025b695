package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
	"github.com/pitwall-f1/pitwall/quality"
)

// emitter describes pipeline runs in OpenLineage: one run for the pipeline
// (job = the DAG id) and one per stage and session (job = "<dag>.<stage>",
// with a parent facet pointing at the pipeline run). Events go through an
// asynchronous queue, so a slow or dead lineage backend never holds a run;
// Close waits for the queue at most until its context's deadline.
type emitter struct {
	client  *lineage.Client // nil: lineage off
	async   *lineage.AsyncTransport
	ns      string
	dag     string
	parent  string // pipeline run id
	catalog lineage.IcebergCatalog
	log     *slog.Logger
	failed  atomic.Int64 // events that could not be emitted

	locMu sync.Mutex
	locs  map[lakehouse.Ident]string
}

// newEmitter builds the lineage client of a run. transport overrides cfg.
func newEmitter(cfg Config, catalog lakehouse.Config, transport lineage.Transport, log *slog.Logger) (*emitter, error) {
	e := &emitter{ns: cfg.Lineage.Namespace, dag: cfg.Mode.DAG(), parent: cfg.RunID, log: log,
		catalog: icebergCatalog(catalog), locs: map[lakehouse.Ident]string{}}
	if transport == nil {
		t, err := transportFor(cfg.Lineage, log)
		if err != nil {
			return nil, err
		}
		transport = t
	}
	if transport == nil {
		return e, nil
	}
	async, err := lineage.NewAsyncTransport(transport, lineage.AsyncConfig{Logger: log, OnError: func(_ lineage.Payload, err error) {
		e.failed.Add(1)
		log.Warn("lineage delivery failed", "err", err)
	}})
	if err != nil {
		return nil, fmt.Errorf("pipeline: lineage transport: %w", err)
	}
	e.async = async
	c, err := lineage.NewClient(lineage.WithTransport(async), lineage.WithLogger(log))
	if err != nil {
		_ = async.Close(context.Background())
		return nil, err
	}
	e.client = c
	return e, nil
}

// transportFor resolves LineageConfig into a transport (nil: lineage off).
func transportFor(lc LineageConfig, log *slog.Logger) (lineage.Transport, error) {
	u := strings.TrimSpace(lc.URL)
	switch {
	case u == "":
		c, err := lineage.ConfigFromEnvironment()
		if err != nil {
			return nil, fmt.Errorf("pipeline: lineage configuration: %w", err)
		}
		if c.Source == "default" || c.Transport.Type == "noop" {
			return nil, nil
		}
		return lineage.NewTransport(c.Transport, log)
	case strings.EqualFold(u, "none"), strings.EqualFold(u, "off"):
		return nil, nil
	case strings.EqualFold(u, "console"):
		return lineage.NewConsoleTransport(os.Stderr), nil
	case strings.HasPrefix(u, "http://"), strings.HasPrefix(u, "https://"):
		return lineage.NewHTTPTransport(lineage.HTTPConfig{
			URL: u, APIKey: lineage.Secret(os.Getenv(lineage.EnvAPIKey)),
			Endpoint: os.Getenv(lineage.EnvEndpoint), Logger: log,
		})
	default:
		p := u
		if strings.HasPrefix(u, "file://") {
			pu, err := url.Parse(u)
			if err != nil {
				return nil, fmt.Errorf("%w: lineage URL %q", ErrInvalidConfig, u)
			}
			p = pu.Path
		}
		return lineage.NewFileTransport(lineage.FileConfig{Path: p})
	}
}

// icebergCatalog describes the catalog for dataset naming.
func icebergCatalog(c lakehouse.Config) lineage.IcebergCatalog {
	ic := lineage.IcebergCatalog{Type: c.Type, Name: c.Name, URI: c.Props[lakehouse.PropURI],
		Warehouse: c.Props[lakehouse.PropWarehouse], GlueRegion: c.Props[lakehouse.PropGlueRegion],
		GlueAccountID: c.Props["glue.id"]}
	if c.Type == lakehouse.TypeSQL {
		if d := strings.ToLower(c.Props[lakehouse.PropSQLDialect]); d != "" && d != "sqlite" {
			ic.Driver = d
		}
	}
	return ic
}

func (e *emitter) enabled() bool { return e != nil && e.client != nil }

func (e *emitter) emit(ctx context.Context, ev *lineage.RunEvent) {
	if !e.enabled() {
		return
	}
	// Emit validates and queues; it does not wait for delivery.
	if err := e.client.Emit(context.WithoutCancel(ctx), ev); err != nil {
		e.failed.Add(1)
		e.log.Warn("lineage event not emitted", "job", ev.Job.Name, "err", err)
	}
}

// close flushes queued events until ctx's deadline.
func (e *emitter) close(ctx context.Context) error {
	if !e.enabled() {
		return nil
	}
	return e.client.Close(ctx)
}

// stats counts the run's events; call after close.
func (e *emitter) stats() *LineageStats {
	if !e.enabled() {
		return nil
	}
	st := e.async.Stats()
	return &LineageStats{Emitted: st.Enqueued, Delivered: st.Delivered, Failed: st.Enqueued - st.Delivered + st.Dropped}
}

// pipelineEvent is an event of the parent run.
func (e *emitter) pipelineEvent(typ lineage.EventType, nominal time.Time, errMsg string) *lineage.RunEvent {
	ev := lineage.NewRunEvent(typ, e.parent, e.ns, e.dag)
	ev.Job.Facets = &lineage.JobFacets{JobType: lineage.NewJobTypeFacet("DAG")}
	rf := &lineage.RunFacets{ProcessingEngine: lineage.PitwallEngineFacet()}
	if !nominal.IsZero() {
		rf.NominalTime = lineage.NewNominalTimeFacet(nominal, time.Time{})
	}
	if errMsg != "" {
		rf.ErrorMessage = lineage.NewErrorMessageFacet(errMsg, "")
	}
	ev.Run.Facets = rf
	return ev
}

// stageRun is one OpenLineage run of a stage.
type stageRun struct {
	e        *emitter
	id       string
	job      string
	from, to time.Time
	inputs   []lineage.InputDataset
}

// begin emits the START event of a stage run; nominal times are the data
// interval (the session's start and end, or the year).
func (e *emitter) begin(ctx context.Context, stage string, from, to time.Time, inputs []lineage.InputDataset) *stageRun {
	r := &stageRun{e: e, id: lineage.NewRunID(), job: e.dag + "." + stage, from: from, to: to, inputs: inputs}
	if e.enabled() {
		e.emit(ctx, r.event(lineage.EventStart, nil, ""))
	}
	return r
}

// runID returns the run id for reports ("" when lineage is off).
func (r *stageRun) runID() string {
	if !r.e.enabled() {
		return ""
	}
	return r.id
}

// end emits COMPLETE, or FAIL with the error message.
func (r *stageRun) end(ctx context.Context, err error, outputs []lineage.OutputDataset) {
	if !r.e.enabled() {
		return
	}
	if err != nil {
		r.e.emit(ctx, r.event(lineage.EventFail, outputs, err.Error()))
		return
	}
	r.e.emit(ctx, r.event(lineage.EventComplete, outputs, ""))
}

func (r *stageRun) event(typ lineage.EventType, outputs []lineage.OutputDataset, errMsg string) *lineage.RunEvent {
	ev := lineage.NewRunEvent(typ, r.id, r.e.ns, r.job)
	ev.Job.Facets = &lineage.JobFacets{JobType: lineage.NewJobTypeFacet("TASK")}
	rf := &lineage.RunFacets{
		Parent:           lineage.NewParentFacet(r.e.parent, r.e.ns, r.e.dag).WithRoot(r.e.parent, r.e.ns, r.e.dag),
		ProcessingEngine: lineage.PitwallEngineFacet(),
	}
	if !r.from.IsZero() {
		rf.NominalTime = lineage.NewNominalTimeFacet(r.from, r.to)
	}
	if errMsg != "" {
		rf.ErrorMessage = lineage.NewErrorMessageFacet(errMsg, "")
	}
	ev.Run.Facets = rf
	ev.Inputs = r.inputs
	ev.Outputs = outputs
	return ev
}

// tableDataset names an Iceberg table (by its location) with the facets
// that identify it, its schema and, when snapshot is set, its version.
func (e *emitter) tableDataset(ctx context.Context, lake *lakehouse.Lake, ident lakehouse.Ident, schema *arrow.Schema, snapshot int64) (lineage.OutputDataset, error) {
	loc, err := e.location(ctx, lake, ident)
	if err != nil {
		return lineage.OutputDataset{}, err
	}
	t := lineage.IcebergTable{Catalog: e.catalog, Namespace: []string{ident.Namespace}, Table: ident.Name,
		Location: loc, SnapshotID: snapshot}
	out, err := t.Output()
	if err != nil {
		return lineage.OutputDataset{}, err
	}
	if schema != nil {
		out.Facets.Schema = schemafacet.FromArrow(schema)
	}
	return out, nil
}

// location returns a table's location, loading it once per run.
func (e *emitter) location(ctx context.Context, lake *lakehouse.Lake, ident lakehouse.Ident) (string, error) {
	e.locMu.Lock()
	loc, ok := e.locs[ident]
	e.locMu.Unlock()
	if ok {
		return loc, nil
	}
	tbl, err := lake.LoadTable(ctx, ident)
	if err != nil {
		return "", err
	}
	loc = tbl.Location()
	e.locMu.Lock()
	e.locs[ident] = loc
	e.locMu.Unlock()
	return loc, nil
}

// assertionsOf converts quality assertions into lineage ones.
func assertionsOf(res *quality.Result) *lineage.DataQualityAssertionsFacet {
	if res == nil {
		return nil
	}
	qa := res.Assertions()
	out := make([]lineage.Assertion, 0, len(qa))
	for _, a := range qa {
		out = append(out, lineage.Assertion{
			Assertion: a.Assertion, Success: a.Success, Column: a.Column, Severity: a.Severity,
			Name: a.Name, Description: a.Description, Expected: a.Expected, Actual: a.Actual,
			Params: a.Params, ContentType: "json",
		})
	}
	return lineage.NewDataQualityAssertionsFacet(out...)
}

// metricsOf converts quality metrics into the dataQualityMetrics facet.
func metricsOf(m quality.Metrics) *lineage.DataQualityMetricsFacet {
	f := lineage.NewDataQualityMetricsFacet()
	f.RowCount = m.RowCount
	return f
}

// locationDataset names the dataset at a blob URL plus a sub-path.
func locationDataset(base, sub string) (lineage.DatasetName, error) {
	u, err := url.Parse(base)
	if err != nil {
		return lineage.DatasetName{}, err
	}
	u.RawQuery, u.User = "", nil
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + strings.TrimPrefix(sub, "/")
	return lineage.LocationDataset(u.String())
}

// apiDataset names an OpenF1 endpoint: namespace the API origin, name the
// endpoint path.
func apiDataset(baseURL, endpoint string) lineage.DatasetName {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return lineage.DatasetName{Namespace: "https://api.openf1.org", Name: "/v1/" + endpoint}
	}
	return lineage.DatasetName{Namespace: u.Scheme + "://" + u.Host, Name: strings.TrimSuffix(u.Path, "/") + "/v1/" + endpoint}
}
