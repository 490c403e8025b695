package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// goldWork is the gold side of a session's work.
type goldWork struct {
	b       *gold.Build
	qa      map[string]*quality.Result
	run     *stageRun
	blocked bool
	err     error
}

// goldStage computes, checks and publishes the session-grain gold tables
// of sessions whose silver stage succeeded. Gold is computed from the
// session's silver build (the rows just published) and its silver.sessions
// row; sessions are checked one by one and the passing ones published in
// one commit per table.
func (e *env) goldStage(ctx context.Context, works []*work) {
	start := e.now()
	gws := map[*work]*goldWork{}
	for _, w := range works {
		st := &StageReport{Stage: StageGold, SessionKey: w.ref.SessionKey, StartedAt: start}
		w.rep.Stages = append(w.rep.Stages, st)
		gw := &goldWork{run: e.lin.begin(ctx, StageGold, w.ref.DateStart, w.ref.DateEnd, e.silverInputs(ctx, w))}
		st.LineageRunID = gw.run.runID()
		gws[w] = gw
	}
	defer func() {
		for _, gw := range gws {
			if gw.b != nil {
				gw.b.Release()
			}
		}
	}()
	pending, n, err := attempts(ctx, e, StageGold, e.pol.GoldTimeout.D(), works, func(ctx context.Context, pending []*work) ([]*work, error) {
		return e.goldOnce(ctx, pending, gws)
	})
	for _, w := range works {
		st, gw := w.rep.Stage(StageGold), gws[w]
		st.Attempts = n
		switch {
		case slices.Contains(pending, w):
			if gw.err == nil {
				gw.err = err
			}
			if gw.err == nil {
				gw.err = ctx.Err()
			}
			st.Status, st.Error = StatusFailed, errString(gw.err)
			if errors.Is(gw.err, context.Canceled) {
				st.Status = StatusCancelled
			}
		case gw.blocked:
			st.Status, st.Error = StatusBlocked, errString(gw.err)
		default:
			st.Status, gw.err = StatusOK, nil
		}
		if gw.b != nil {
			st.Warnings = append(st.Warnings, gw.b.Warnings...)
			for _, c := range gw.b.Failures() {
				st.Warnings = append(st.Warnings, "cross-check: "+c.String())
			}
		}
		st.Seconds = sinceStart(e, start)
		e.m.record(ctx, e.m.goldSeconds, st.Seconds)
		gw.run.end(ctx, gw.err, e.goldOutputs(ctx, st, gw.qa, w.ref.SessionKey))
		if gw.err != nil && w.err == nil {
			w.err = gw.err
		}
	}
}

func (e *env) goldOnce(ctx context.Context, pending []*work, gws map[*work]*goldWork) ([]*work, error) {
	var again, ok []*work
	var firstErr error
	fail := func(w *work, err error) {
		gws[w].err = err
		if firstErr == nil {
			firstErr = err
		}
		again = append(again, w)
	}
	keys := make([]int, len(pending))
	for i, w := range pending {
		keys[i] = w.ref.SessionKey
	}
	var sessions []arrow.RecordBatch
	if slices.ContainsFunc(pending, func(w *work) bool { return w.sb != nil }) {
		var err error
		sessions, err = e.scan(ctx, silver.Ident(silver.TableSessions), keyFilter("session_key", keys))
		if err != nil {
			for _, w := range pending {
				fail(w, err)
			}
			return again, firstErr
		}
		defer releaseAll(sessions)
	}
	for _, w := range pending {
		gw := gws[w]
		if gw.b != nil {
			gw.b.Release()
			gw.b = nil
		}
		gw.blocked, gw.err = false, nil
		st := w.rep.Stage(StageGold)
		st.Tables = nil
		b, err := e.computeGoldSession(ctx, w, sessions)
		if err != nil {
			fail(w, err)
			continue
		}
		gw.b = b
		gw.qa = map[string]*quality.Result{}
		var reasons, failing []string
		for _, t := range b.Tables() {
			rec := b.Record(t)
			res, sum, err := e.check(ctx, "gold", t, rec, fmt.Sprintf("gold.%s session_key=%d", t, w.ref.SessionKey), nil)
			if err != nil {
				fail(w, err)
				break
			}
			st.Tables = append(st.Tables, &TableReport{Table: "gold." + t, Rows: rec.NumRows(), Quality: sum})
			if res == nil {
				continue
			}
			gw.qa[t] = res
			e.countFailures(ctx, "gold", t, res)
			if res.Blocking() {
				failing = append(failing, t)
				reasons = append(reasons, blockingReason("gold", t, res))
			}
		}
		if gw.err != nil {
			continue
		}
		if len(failing) > 0 {
			gw.blocked = true
			gw.err = &QualityError{Layer: "gold", SessionKey: w.ref.SessionKey, Year: w.ref.Year, Tables: failing, Reason: strings.Join(reasons, "; ")}
			continue
		}
		ok = append(ok, w)
	}
	if len(ok) == 0 {
		return again, firstErr
	}
	builds := make([]*gold.Build, len(ok))
	for i, w := range ok {
		builds[i] = gws[w].b
	}
	results, err := gold.PublishAll(ctx, e.lake, builds, e.cfg.RunID)
	e.applyPublish(ctx, ok, results, "gold")
	if err != nil {
		for _, w := range ok {
			fail(w, err)
		}
	}
	return again, firstErr
}

// computeGoldSession computes one session's gold tables. During a Run the
// session's silver build is still in memory (it was just published), so
// gold is computed from it plus the session's silver.sessions row, which
// saves reading every silver table back; a standalone gold stage
// (BuildGoldSession) reads the session's silver tables from the lake with
// gold.BuildSession. Both give the same tables. Sessions are computed one
// at a time so each can be checked and gated on its own.
func (e *env) computeGoldSession(ctx context.Context, w *work, sessions []arrow.RecordBatch) (*gold.Build, error) {
	opts := gold.BuildOptions{Allocator: e.o.mem}
	var b *gold.Build
	var err error
	if w.sb != nil {
		in := gold.InputsFromSilver(w.sb)
		in.Sessions = sessions
		b, err = gold.ComputeSessions(in, []int{w.ref.SessionKey}, opts)
	} else {
		b, err = gold.BuildSession(ctx, e.lake, w.ref.SessionKey, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("gold build of session %d: %w", w.ref.SessionKey, err)
	}
	return b, nil
}

// silverInputs names the silver tables a session's gold build reads, at
// the snapshots its silver stage left.
func (e *env) silverInputs(ctx context.Context, w *work) []lineage.InputDataset {
	if !e.lin.enabled() {
		return nil
	}
	var out []lineage.InputDataset
	for _, tr := range w.silverRep.Tables {
		name := strings.TrimPrefix(tr.Table, "silver.")
		if name == silver.TableRejects || tr.SnapshotID == 0 {
			continue
		}
		ds, err := e.lin.tableDataset(ctx, e.lake, silver.Ident(name), nil, tr.SnapshotID)
		if err != nil {
			continue
		}
		out = append(out, lineage.InputDataset{Namespace: ds.Namespace, Name: ds.Name, Facets: ds.Facets})
	}
	return out
}

// goldOutputs describes the gold tables of a stage for lineage.
func (e *env) goldOutputs(ctx context.Context, st *StageReport, qa map[string]*quality.Result, sessionKey int) []lineage.OutputDataset {
	if !e.lin.enabled() {
		return nil
	}
	var outs []lineage.OutputDataset
	for _, tr := range st.Tables {
		name := strings.TrimPrefix(tr.Table, "gold.")
		out, err := e.lin.tableDataset(ctx, e.lake, gold.Ident(name), gold.Schema(name), tr.SnapshotID)
		if err != nil {
			continue
		}
		out.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(tr.Rows, 0, int64(tr.FilesAdded))}
		out.OutputFacets.OutputStatistics.Size = nil
		if res := qa[name]; res != nil {
			out.Facets.DataQualityAssertions = assertionsOf(res)
		}
		if cl := e.goldColumnLineage(ctx, name); cl != nil {
			out.Facets.ColumnLineage = cl
		}
		outs = append(outs, out)
	}
	return outs
}

// goldColumnLineage links gold columns to the silver columns of the same
// name (keys, driver numbers, compounds, positions): the cheap, certain
// part of gold's lineage. Derived metrics are documented by their
// pitwall.definition.* table properties instead.
func (e *env) goldColumnLineage(ctx context.Context, table string) *lineage.ColumnLineageFacet {
	gs := gold.Schema(table)
	if gs == nil {
		return nil
	}
	sources := []string{silver.TableResults, silver.TableLaps, silver.TableStints, silver.TablePitStops, silver.TableDrivers, silver.TableSessions}
	f := lineage.NewColumnLineageFacet()
	for _, fld := range gs.Fields() {
		for _, src := range sources {
			ss := silver.Schema(src)
			if ss == nil || len(ss.FieldIndices(fld.Name)) == 0 {
				continue
			}
			loc, err := e.lin.location(ctx, e.lake, silver.Ident(src))
			if err != nil {
				continue
			}
			t := lineage.IcebergTable{Catalog: e.lin.catalog, Namespace: []string{silver.Namespace}, Table: src, Location: loc}
			n, err := t.DatasetName()
			if err != nil {
				continue
			}
			f.Add(fld.Name, lineage.Identity(n, fld.Name))
			break
		}
	}
	if len(f.Fields) == 0 {
		return nil
	}
	return f
}

// scan reads a table's rows matching filter into retained batches; the
// caller releases them (releaseAll). A missing table reads as no rows.
func (e *env) scan(ctx context.Context, ident lakehouse.Ident, filter iceberg.BooleanExpression) ([]arrow.RecordBatch, error) {
	rr, err := e.lake.Scan(ctx, e.o.mem, ident, lakehouse.ScanOptions{Filter: filter})
	if err != nil {
		if isNoSuchTable(err) {
			return nil, nil
		}
		return nil, err
	}
	defer rr.Release()
	var out []arrow.RecordBatch
	for rr.Next() {
		r := rr.RecordBatch()
		r.Retain()
		out = append(out, r)
	}
	if err := rr.Err(); err != nil {
		releaseAll(out)
		return nil, fmt.Errorf("pipeline: scan %s: %w", ident, err)
	}
	return out, nil
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// keyFilter is "column IN keys".
func keyFilter(column string, keys []int) iceberg.BooleanExpression {
	vals := make([]int32, len(keys))
	for i, k := range keys {
		vals[i] = int32(k)
	}
	if len(vals) == 1 {
		return iceberg.EqualTo(iceberg.Reference(column), vals[0])
	}
	return iceberg.IsIn(iceberg.Reference(column), vals...)
}

// timeOf is a helper for year intervals.
func yearInterval(year int) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}
