package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// ErrQualityBlocked is matched by the error of a stage whose data an
// error-severity quality check kept from being published (see
// *QualityError).
var ErrQualityBlocked = errors.New("pipeline: error-severity quality check failed")

// QualityError says which checks blocked a session's (or year's) publish.
type QualityError struct {
	Layer      string
	SessionKey int // 0 for a year
	Year       int
	Tables     []string
	Reason     string
}

// Error lists the failed checks.
func (e *QualityError) Error() string {
	what := fmt.Sprintf("session %d", e.SessionKey)
	if e.SessionKey == 0 {
		what = fmt.Sprintf("year %d", e.Year)
	}
	return fmt.Sprintf("pipeline: %s %s not published: %s", e.Layer, what, e.Reason)
}

// Unwrap makes errors.Is(err, ErrQualityBlocked) true.
func (e *QualityError) Unwrap() error { return ErrQualityBlocked }

// work is one session going through the stages of a run.
type work struct {
	ref     bronze.SessionRef
	rep     *SessionReport
	in      *sessionInput
	written map[openf1.Endpoint]bool // bronze partitions created or changed by this run
	checks  map[openf1.Endpoint]*quality.Result

	sb        *silver.Build // kept for gold, released by the caller
	tb        []*silver.TelemetryBuild
	silverRep *StageReport
	silverRun *stageRun
	silverQA  map[string]*quality.Result
	blocked   bool
	err       error
	snapshots map[string]int64
}

func (w *work) release() {
	if w.sb != nil {
		w.sb.Release()
		w.sb = nil
	}
	for _, tb := range w.tb {
		tb.Release()
	}
	w.tb = nil
}

// silverStage builds, checks and publishes the silver tables of the given
// sessions: one build per session, one commit per table for all sessions
// that passed their checks. Sessions that fail an error-severity check are
// not published; the rows of the failing tables go to silver.rejects.
func (e *env) silverStage(ctx context.Context, works []*work) {
	start := e.now()
	for _, w := range works {
		w.silverRep = &StageReport{Stage: StageSilver, SessionKey: w.ref.SessionKey, StartedAt: start}
		w.snapshots = map[string]int64{}
		w.silverRun = e.lin.begin(ctx, StageSilver, w.ref.DateStart, w.ref.DateEnd, e.bronzeInputs(w))
		w.silverRep.LineageRunID = w.silverRun.runID()
	}
	pending, n, err := attempts(ctx, e, StageSilver, e.pol.SilverTimeout.D(), works, e.silverOnce)
	for _, w := range works {
		w.silverRep.Attempts = n
		switch {
		case slices.Contains(pending, w):
			if w.err == nil {
				w.err = err
			}
			if w.err == nil {
				w.err = ctx.Err()
			}
			w.silverRep.Status = StatusFailed
			if errors.Is(w.err, context.Canceled) {
				w.silverRep.Status = StatusCancelled
			}
			w.silverRep.Error = errString(w.err)
		case w.blocked:
			w.silverRep.Status = StatusBlocked
			w.silverRep.Error = errString(w.err)
		default:
			w.silverRep.Status = StatusOK
			w.err = nil
		}
		w.silverRep.Seconds = e.now().Sub(start).Seconds()
		e.m.record(ctx, e.m.silverSeconds, w.silverRep.Seconds)
		outs := e.silverOutputs(ctx, w)
		var lerr error
		if w.silverRep.Status != StatusOK {
			lerr = w.err
		}
		w.silverRun.end(ctx, lerr, outs)
	}
}

// silverOnce is one attempt of the silver stage over the pending sessions.
func (e *env) silverOnce(ctx context.Context, pending []*work) ([]*work, error) {
	var again, ok, blocked []*work
	var firstErr error
	fail := func(w *work, err error) {
		w.err = err
		if firstErr == nil {
			firstErr = err
		}
		again = append(again, w)
	}
	for _, w := range pending {
		w.release()
		w.blocked, w.err = false, nil
		t0 := e.now()
		b, err := silver.BuildSession(ctx, e.store, w.ref.SessionKey, e.silverOptions(ctx))
		if err != nil {
			fail(w, fmt.Errorf("silver build of session %d: %w", w.ref.SessionKey, err))
			continue
		}
		w.sb = b
		if e.cfg.Telemetry {
			if err := e.buildTelemetry(ctx, w); err != nil {
				fail(w, err)
				continue
			}
		}
		if err := e.checkSilver(ctx, w); err != nil {
			fail(w, err)
			continue
		}
		e.o.logger.Debug("silver built", "session", w.ref.SessionKey, "seconds", e.now().Sub(t0).Seconds())
		if w.blocked {
			blocked = append(blocked, w)
		} else {
			ok = append(ok, w)
		}
	}
	if len(ok) > 0 {
		builds := make([]*silver.Build, len(ok))
		for i, w := range ok {
			builds[i] = w.sb
		}
		results, err := silver.PublishAll(ctx, e.lake, builds, e.cfg.RunID)
		e.applyPublish(ctx, ok, results, "silver")
		if err != nil {
			for _, w := range ok {
				fail(w, err)
			}
		} else {
			for _, w := range ok {
				if err := e.publishTelemetry(ctx, w); err != nil {
					fail(w, err)
				}
			}
		}
	}
	for _, w := range blocked {
		res, err := e.publishBlockedRejects(ctx, w)
		if err != nil {
			fail(w, err)
			continue
		}
		if res != nil {
			e.applyPublish(ctx, []*work{w}, []*lakehouse.PublishResult{res}, "silver")
		}
	}
	return again, firstErr
}

// checkSilver validates every table of a session's build and, when an
// error-severity check fails, moves the failing tables' rows to rejects
// and marks the session blocked.
func (e *env) checkSilver(ctx context.Context, w *work) error {
	b := w.sb
	w.silverRep.Tables = nil
	w.silverQA = map[string]*quality.Result{}
	others := map[string]quality.Data{}
	for _, t := range b.Tables() {
		others[t] = quality.FromRecordBatch(b.Record(t))
	}
	var reasons []string
	var failing []string
	for _, t := range b.Tables() {
		rec := b.Record(t)
		res, sum, err := e.check(ctx, "silver", t, rec, fmt.Sprintf("silver.%s session_key=%d", t, w.ref.SessionKey), others)
		if err != nil {
			return err
		}
		st, _ := b.Stat(t)
		tr := &TableReport{Table: "silver." + t, Rows: rec.NumRows(), Rejected: st.Rejected, Quality: sum}
		w.silverRep.Tables = append(w.silverRep.Tables, tr)
		if res == nil {
			continue
		}
		w.silverQA[t] = res
		e.countFailures(ctx, "silver", t, res)
		if res.Blocking() {
			failing = append(failing, t)
			reasons = append(reasons, blockingReason("silver", t, res))
		}
	}
	for _, tb := range w.tb {
		w.silverRep.Tables = append(w.silverRep.Tables, &TableReport{Table: "silver." + tb.Table, Rows: tb.Stats.Published, Rejected: tb.Stats.Rejected})
	}
	w.silverRep.Warnings = append(w.silverRep.Warnings, b.Warnings...)
	if len(failing) == 0 {
		return nil
	}
	for i, t := range failing {
		if err := b.RejectTable(t, reasons[i]); err != nil {
			return err
		}
		if tr := w.silverRep.Table("silver." + t); tr != nil {
			st, _ := b.Stat(t)
			tr.Rejected = st.Rejected
		}
	}
	w.blocked = true
	w.err = &QualityError{Layer: "silver", SessionKey: w.ref.SessionKey, Year: w.ref.Year, Tables: failing, Reason: strings.Join(reasons, "; ")}
	return nil
}

// publishBlockedRejects replaces, in silver.rejects, the session's rows of
// the tables whose checks failed. The session's other tables are not
// published: its previous good snapshot stays whole.
func (e *env) publishBlockedRejects(ctx context.Context, w *work) (*lakehouse.PublishResult, error) {
	var qe *QualityError
	if !errors.As(w.err, &qe) || len(qe.Tables) == 0 {
		return nil, nil
	}
	def, _ := silver.Table(silver.TableRejects)
	if err := e.ensure(ctx, def); err != nil {
		return nil, err
	}
	rec := w.sb.Rejects.Record(e.o.mem, qe.Tables...)
	defer rec.Release()
	rdr, err := array.NewRecordReader(def.Schema, []arrow.RecordBatch{rec})
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	filter := iceberg.NewAnd(iceberg.EqualTo(iceberg.Reference("session_key"), int32(w.ref.SessionKey)),
		iceberg.IsIn(iceberg.Reference("table_name"), qe.Tables...))
	res, err := e.lake.ReplaceWhere(ctx, silver.Ident(silver.TableRejects), filter, rdr,
		lakehouse.PublishOptions{RunID: e.cfg.RunID, FingerprintExclude: []string{"run_id", "rejected_at"}})
	if err != nil {
		return nil, fmt.Errorf("pipeline: publish rejects of blocked session %d: %w", w.ref.SessionKey, err)
	}
	if tr := w.silverRep.Table(res.Table); tr == nil {
		w.silverRep.Tables = append(w.silverRep.Tables, &TableReport{Table: res.Table, Rows: rec.NumRows()})
	}
	return res, nil
}

// buildTelemetry builds car_data and location for a session (streamed).
func (e *env) buildTelemetry(ctx context.Context, w *work) error {
	idx, err := w.sb.LapIndex()
	if err != nil {
		return err
	}
	for _, ep := range []openf1.Endpoint{openf1.EndpointCarData, openf1.EndpointLocation} {
		if !slices.Contains(e.cfg.endpoints(), ep) {
			continue
		}
		tb, err := silver.BuildTelemetry(ctx, e.store, w.ref.SessionKey, ep, idx, e.silverOptions(ctx))
		if errors.Is(err, bronze.ErrNoManifest) {
			continue
		}
		if err != nil {
			return fmt.Errorf("silver telemetry %s of session %d: %w", ep, w.ref.SessionKey, err)
		}
		w.tb = append(w.tb, tb)
	}
	return nil
}

// publishTelemetry streams a session's telemetry builds into the lake.
func (e *env) publishTelemetry(ctx context.Context, w *work) error {
	for _, tb := range w.tb {
		results, err := silver.PublishTelemetry(ctx, e.lake, tb, e.cfg.RunID)
		e.applyPublish(ctx, []*work{w}, results, "silver")
		if err != nil {
			return err
		}
	}
	return nil
}

// applyPublish records publish results in the sessions' stage reports:
// whether each session's rows changed, the snapshot and file counts.
func (e *env) applyPublish(ctx context.Context, ws []*work, results []*lakehouse.PublishResult, layer string) {
	for _, res := range results {
		if res == nil {
			continue
		}
		for _, w := range ws {
			rep := w.silverRep
			if layer == "gold" {
				rep = w.rep.Stage(StageGold)
			}
			if rep == nil {
				continue
			}
			tr := rep.Table(res.Table)
			if tr == nil {
				if res.Table != silver.Ident(silver.TableRejects).String() {
					continue // not this session's table
				}
				tr = &TableReport{Table: res.Table}
				for _, t := range rep.Tables {
					tr.Rows += t.Rejected
				}
				rep.Tables = append(rep.Tables, tr)
			}
			tr.Published = true
			tr.SnapshotID = res.SnapshotID
			tr.FilesAdded = res.FilesAdded
			key := int64(w.ref.SessionKey)
			switch {
			case slices.Contains(res.Sessions, key):
				tr.Changed = true
			case slices.Contains(res.Unchanged, key):
				tr.Changed = false
			default:
				tr.Changed = res.Changed // replace-where publishes (rejects)
			}
			w.snapshots[res.Table] = res.SnapshotID
		}
		if res.Changed {
			c := e.m.silverRows
			if layer == "gold" {
				c = e.m.goldRows
			}
			e.m.add(ctx, c, res.RowsWritten, attrString("table", res.Table))
		}
	}
	if layer == "silver" {
		for _, w := range ws {
			for _, tr := range w.silverRep.Tables {
				if tr.Rejected > 0 && tr.Published {
					e.m.add(ctx, e.m.silverRejected, tr.Rejected, attrString("table", tr.Table))
				}
			}
		}
	}
}

// countFailures counts failed expectations in the metrics.
func (e *env) countFailures(ctx context.Context, layer, table string, res *quality.Result) {
	c := e.m.silverChecks
	if layer == "gold" {
		c = e.m.goldChecks
	}
	for _, r := range res.Results {
		if !r.Success {
			e.m.add(ctx, c, 1, attrString("table", layer+"."+table), attrString("severity", string(r.Severity())))
		}
	}
}

// bronzeInputs are the bronze datasets a session's silver build reads.
func (e *env) bronzeInputs(w *work) []lineage.InputDataset {
	if w.in == nil {
		return nil
	}
	var out []lineage.InputDataset
	for _, m := range w.in.Manifests {
		n, err := locationDataset(e.cfg.Lake, bronze.Root+"/"+string(m.Endpoint))
		if err != nil {
			continue
		}
		in := n.Input()
		in.Facets = &lineage.DatasetFacets{DataSource: n.DataSource(), Version: lineage.NewDatasetVersionFacet(m.ContentSHA256)}
		out = append(out, in)
	}
	return out
}

// silverOutputs describes the silver tables of a session for lineage.
func (e *env) silverOutputs(ctx context.Context, w *work) []lineage.OutputDataset {
	if !e.lin.enabled() || w.silverRep == nil {
		return nil
	}
	var outs []lineage.OutputDataset
	for _, tr := range w.silverRep.Tables {
		name := strings.TrimPrefix(tr.Table, "silver.")
		ident := silver.Ident(name)
		out, err := e.lin.tableDataset(ctx, e.lake, ident, silver.Schema(name), tr.SnapshotID)
		if err != nil {
			continue // a table never published has no location yet
		}
		out.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(tr.Rows, 0, int64(tr.FilesAdded))}
		out.OutputFacets.OutputStatistics.Size = nil
		if res := w.silverQA[name]; res != nil {
			out.Facets.DataQualityAssertions = assertionsOf(res)
			out.Facets.DataQualityMetrics = metricsOf(res.Metrics())
		}
		if cl := e.silverColumnLineage(name); cl != nil {
			out.Facets.ColumnLineage = cl
		}
		outs = append(outs, out)
	}
	return outs
}

// silverColumnLineage maps each silver column to the bronze column it was
// cleaned from, by name: the same name is an identity, a unit suffix
// (_ms, _s) or a split union a transformation. Columns joined from other
// endpoints (laps' stint and compound) name those.
func (e *env) silverColumnLineage(table string) *lineage.ColumnLineageFacet {
	def, ok := silver.Table(table)
	if !ok {
		return nil
	}
	src := strings.TrimPrefix(def.Properties["pitwall.source"], "bronze.")
	if src == "" {
		return nil
	}
	ep := openf1.Endpoint(src)
	bs := bronze.Schema(ep)
	if bs == nil {
		return nil
	}
	ds, err := locationDataset(e.cfg.Lake, bronze.Root+"/"+src)
	if err != nil {
		return nil
	}
	f := lineage.NewColumnLineageFacet()
	joined := map[string][2]string{ // silver column → (endpoint, bronze column), laps only
		"stint_number": {string(openf1.EndpointStints), "stint_number"},
		"compound":     {string(openf1.EndpointStints), "compound"},
		"tyre_age":     {string(openf1.EndpointStints), "tyre_age_at_start"},
	}
	for _, fld := range def.Schema.Fields() {
		name := fld.Name
		if table == silver.TableLaps {
			if j, ok := joined[name]; ok {
				if jd, err := locationDataset(e.cfg.Lake, bronze.Root+"/"+j[0]); err == nil {
					f.Add(name, lineage.InputFieldOf(jd, j[1], lineage.TransformationIndirect, lineage.SubtypeJoin, "joined by driver and lap range"))
				}
				continue
			}
		}
		if col, same := bronzeColumn(bs, name); col != "" {
			if same {
				f.Add(name, lineage.Identity(ds, col))
			} else {
				f.Add(name, lineage.InputFieldOf(ds, col, lineage.TransformationDirect, lineage.SubtypeTransformation, "unit or type conversion"))
			}
		}
	}
	if len(f.Fields) == 0 {
		return nil
	}
	return f
}

// bronzeColumn finds the bronze column a silver column comes from.
func bronzeColumn(bs *arrow.Schema, name string) (string, bool) {
	has := func(n string) bool { return len(bs.FieldIndices(n)) > 0 }
	if has(name) {
		return name, true
	}
	var cands []string
	for _, suffix := range []string{"_ms", "_s", "_laps_behind"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			cands = append(cands, base, "duration_"+base, base+"_duration")
		}
	}
	switch name {
	case "laps_behind":
		cands = append(cands, "gap_to_leader")
	case "gap_laps_behind":
		cands = append(cands, "gap_to_leader")
	}
	if strings.HasPrefix(name, "q") && strings.HasSuffix(name, "_ms") {
		cands = append(cands, "duration")
	}
	if strings.HasPrefix(name, "q") && strings.HasSuffix(name, "_gap_ms") {
		cands = append(cands, "gap_to_leader")
	}
	for _, c := range cands {
		if has(c) {
			return c, false
		}
	}
	return "", false
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sinceStart is the seconds since t.
func sinceStart(e *env, t time.Time) float64 { return e.now().Sub(t).Seconds() }
