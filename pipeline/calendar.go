package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// calendarStage builds, checks and publishes silver.meetings and
// silver.sessions of a year (with retries), and describes it in lineage.
// An error-severity failure keeps the year's previous calendar.
func (e *env) calendarStage(ctx context.Context, year int) *StageReport {
	st := &StageReport{Stage: StageCalendar, Year: year, StartedAt: e.now()}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	inputs := e.calendarInputs(ctx, year)
	run := e.lin.begin(ctx, StageCalendar, from, from.AddDate(1, 0, 0), inputs)
	st.LineageRunID = run.runID()
	var qa map[string]*quality.Result
	_, n, err := attempts(ctx, e, StageCalendar, e.pol.StandingsTimeout.D(), []int{year}, func(ctx context.Context, p []int) ([]int, error) {
		var err error
		qa, err = e.calendarOnce(ctx, st, year)
		if err != nil && !errors.Is(err, ErrQualityBlocked) {
			return p, err
		}
		return nil, err
	})
	st.Attempts = n
	st.Seconds = sinceStart(e, st.StartedAt)
	switch {
	case errors.Is(err, ErrQualityBlocked):
		st.Status, st.Error = StatusBlocked, err.Error()
	case err != nil:
		st.Status, st.Error = StatusFailed, err.Error()
		if errors.Is(err, context.Canceled) {
			st.Status = StatusCancelled
		}
	default:
		st.Status = StatusOK
	}
	var outs []lineage.OutputDataset
	if e.lin.enabled() {
		for _, tr := range st.Tables {
			name := strings.TrimPrefix(tr.Table, "silver.")
			out, oerr := e.lin.tableDataset(ctx, e.lake, silver.Ident(name), silver.Schema(name), tr.SnapshotID)
			if oerr != nil {
				continue
			}
			out.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(tr.Rows, 0, int64(tr.FilesAdded))}
			out.OutputFacets.OutputStatistics.Size = nil
			if res := qa[name]; res != nil {
				out.Facets.DataQualityAssertions = assertionsOf(res)
			}
			if cl := e.silverColumnLineage(name); cl != nil {
				out.Facets.ColumnLineage = cl
			}
			outs = append(outs, out)
		}
	}
	var lerr error
	if st.Status != StatusOK {
		lerr = err
	}
	run.end(ctx, lerr, outs)
	return st
}

func (e *env) calendarOnce(ctx context.Context, st *StageReport, year int) (map[string]*quality.Result, error) {
	st.Tables, st.Warnings = nil, nil
	b, err := silver.BuildCalendar(ctx, e.store, year, silver.BuildOptions{Allocator: e.o.mem, RunID: e.cfg.RunID, Now: e.now})
	if err != nil {
		return nil, fmt.Errorf("silver calendar %d: %w", year, err)
	}
	defer b.Release()
	st.Warnings = b.Warnings
	qa := map[string]*quality.Result{}
	var reasons []string
	for _, t := range b.Tables() {
		rec := b.Record(t)
		res, sum, err := e.check(ctx, "silver", t, rec, fmt.Sprintf("silver.%s year=%d", t, year), nil)
		if err != nil {
			return qa, err
		}
		s, _ := b.Stat(t)
		st.Tables = append(st.Tables, &TableReport{Table: "silver." + t, Rows: rec.NumRows(), Rejected: s.Rejected, Quality: sum})
		if res == nil {
			continue
		}
		qa[t] = res
		e.countFailures(ctx, "silver", t, res)
		if res.Blocking() {
			reasons = append(reasons, blockingReason("silver", t, res))
		}
	}
	if len(reasons) > 0 {
		return qa, &QualityError{Layer: "silver", Year: year, Tables: b.Tables(), Reason: strings.Join(reasons, "; ")}
	}
	results, err := silver.Publish(ctx, e.lake, b, e.cfg.RunID)
	for _, res := range results {
		tr := st.Table(res.Table)
		if tr == nil {
			tr = &TableReport{Table: res.Table}
			st.Tables = append(st.Tables, tr)
		}
		tr.Published, tr.Changed, tr.SnapshotID, tr.FilesAdded = true, res.Changed, res.SnapshotID, res.FilesAdded
		if res.Changed {
			e.m.add(ctx, e.m.silverRows, res.RowsWritten, attrString("table", res.Table))
		}
	}
	return qa, err
}

// calendarInputs names the bronze calendar partitions of a year.
func (e *env) calendarInputs(ctx context.Context, year int) []lineage.InputDataset {
	var out []lineage.InputDataset
	for _, ep := range []openf1.Endpoint{openf1.EndpointMeetings, openf1.EndpointSessions} {
		n, err := locationDataset(e.cfg.Lake, bronze.Root+"/"+string(ep))
		if err != nil {
			continue
		}
		in := n.Input()
		in.Facets = &lineage.DatasetFacets{DataSource: n.DataSource()}
		if m, err := e.store.Manifest(ctx, bronze.PartitionKey{Endpoint: ep, Year: year}); err == nil {
			in.Facets.Version = lineage.NewDatasetVersionFacet(m.ContentSHA256)
		}
		out = append(out, in)
	}
	return out
}
