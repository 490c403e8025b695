package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/iceberg-go/catalog"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// standingsInputs are the silver tables the championship is computed from.
var standingsInputs = []string{
	silver.TableMeetings, silver.TableSessions, silver.TableResults, silver.TableDrivers,
	silver.TableLaps, silver.TableRaceControl, silver.TableChampionshipDrivers, silver.TableChampionshipTeams,
}

// standingsStage computes, checks and publishes the championship tables of
// a year from what silver holds for it (every session published so far),
// with retries, and describes it in lineage.
func (e *env) standingsStage(ctx context.Context, year int) *StageReport {
	st := &StageReport{Stage: StageStandings, Year: year, StartedAt: e.now()}
	from, to := yearInterval(year)
	run := e.lin.begin(ctx, StageStandings, from, to, e.standingsLineageInputs(ctx))
	st.LineageRunID = run.runID()
	var qa map[string]*quality.Result
	_, n, err := attempts(ctx, e, StageStandings, e.pol.StandingsTimeout.D(), []int{year}, func(ctx context.Context, p []int) ([]int, error) {
		var err error
		qa, err = e.standingsOnce(ctx, st, year)
		if err != nil && !errors.Is(err, ErrQualityBlocked) {
			return p, err
		}
		return nil, err
	})
	st.Attempts = n
	st.Seconds = sinceStart(e, st.StartedAt)
	switch {
	case errors.Is(err, gold.ErrNoSeason):
		st.Status, st.Error = StatusSkipped, err.Error()
		err = nil
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
	e.m.record(ctx, e.m.goldSeconds, st.Seconds, attrStage(StageStandings))
	run.end(ctx, err, e.goldOutputs(ctx, st, qa, 0))
	return st
}

func (e *env) standingsOnce(ctx context.Context, st *StageReport, year int) (map[string]*quality.Result, error) {
	st.Tables, st.Warnings = nil, nil
	b, err := gold.BuildStandings(ctx, e.lake, year, gold.BuildOptions{Allocator: e.o.mem})
	if err != nil {
		return nil, fmt.Errorf("gold standings %d: %w", year, err)
	}
	defer b.Release()
	st.Warnings = append(st.Warnings, b.Warnings...)
	for _, c := range b.Failures() {
		st.Warnings = append(st.Warnings, "cross-check: "+c.String())
	}
	qa := map[string]*quality.Result{}
	var reasons []string
	for _, t := range b.Tables() {
		rec := b.Record(t)
		res, sum, err := e.check(ctx, "gold", t, rec, fmt.Sprintf("gold.%s year=%d", t, year), nil)
		if err != nil {
			return qa, err
		}
		st.Tables = append(st.Tables, &TableReport{Table: "gold." + t, Rows: rec.NumRows(), Quality: sum})
		if res == nil {
			continue
		}
		qa[t] = res
		e.countFailures(ctx, "gold", t, res)
		if res.Blocking() {
			reasons = append(reasons, blockingReason("gold", t, res))
		}
	}
	if len(reasons) > 0 {
		return qa, &QualityError{Layer: "gold", Year: year, Tables: b.Tables(), Reason: strings.Join(reasons, "; ")}
	}
	results, err := gold.PublishAll(ctx, e.lake, []*gold.Build{b}, e.cfg.RunID)
	for _, res := range results {
		if tr := st.Table(res.Table); tr != nil {
			tr.Published, tr.Changed, tr.SnapshotID, tr.FilesAdded = true, res.Changed, res.SnapshotID, res.FilesAdded
		}
		if res.Changed {
			e.m.add(ctx, e.m.goldRows, res.RowsWritten, attrString("table", res.Table))
		}
	}
	return qa, err
}

// standingsLineageInputs names the silver tables standings read.
func (e *env) standingsLineageInputs(ctx context.Context) []lineage.InputDataset {
	if !e.lin.enabled() {
		return nil
	}
	var out []lineage.InputDataset
	for _, t := range standingsInputs {
		info, err := e.lake.Describe(ctx, silver.Ident(t))
		if err != nil {
			continue
		}
		ds, err := e.lin.tableDataset(ctx, e.lake, silver.Ident(t), nil, info.CurrentSnapshotID)
		if err != nil {
			continue
		}
		out = append(out, lineage.InputDataset{Namespace: ds.Namespace, Name: ds.Name, Facets: ds.Facets})
	}
	return out
}

// isNoSuchTable reports a missing table.
func isNoSuchTable(err error) bool {
	return errors.Is(err, catalog.ErrNoSuchTable)
}
