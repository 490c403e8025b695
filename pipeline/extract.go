package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/quality"
)

// bronzeOutcome is what the run's extraction did to the partitions.
type bronzeOutcome struct {
	results  map[bronze.PartitionKey]bronze.PartitionResult
	requests int
	attempts int
	err      error
}

// runBronze runs bronze tasks with the policy's retries: a retry runs
// again only the tasks that had a failed partition. Results of later
// attempts replace earlier ones.
func (e *env) runBronze(ctx context.Context, plan *bronze.Plan, tasks []bronze.Task) *bronzeOutcome {
	out := &bronzeOutcome{results: map[bronze.PartitionKey]bronze.PartitionResult{}}
	if len(tasks) == 0 {
		return out
	}
	client, err := e.openf1Client()
	if err != nil {
		out.err = err
		return out
	}
	x := bronze.NewExtractor(client, e.store)
	_, out.attempts, out.err = attempts(ctx, e, StageExtract, e.pol.ExtractTimeout.D(), tasks,
		func(ctx context.Context, pending []bronze.Task) ([]bronze.Task, error) {
			sub := *plan
			sub.Tasks = pending
			res, err := x.Run(ctx, &sub, bronze.RunOptions{
				RunID: e.cfg.RunID, Concurrency: e.pol.ExtractConcurrency, Now: e.now,
			})
			if res == nil {
				return pending, err
			}
			out.requests += res.Requests
			failed := map[bronze.PartitionKey]bool{}
			for _, pr := range res.Partitions {
				out.results[pr.Key] = pr
				if pr.Outcome == bronze.OutcomeFailed || pr.Outcome == bronze.OutcomeSkipped {
					failed[pr.Key] = true
				}
			}
			var again []bronze.Task
			for _, t := range pending {
				if slices.ContainsFunc(t.Partitions(), func(k bronze.PartitionKey) bool { return failed[k] }) {
					again = append(again, t)
				}
			}
			return again, err
		})
	for _, pr := range out.results {
		e.m.add(ctx, e.m.bronzePartitions, 1, attrString("outcome", string(pr.Outcome)))
		if pr.Outcome == bronze.OutcomeCreated || pr.Outcome == bronze.OutcomeChanged {
			e.m.add(ctx, e.m.bronzeRows, pr.Rows, attrString("endpoint", string(pr.Key.Endpoint)))
		}
	}
	e.m.add(ctx, e.m.bronzeRequests, int64(out.requests))
	return out
}

// sessionTasks returns the plan's tasks that write partitions of the
// given sessions only (no calendar tasks).
func sessionTasks(plan *bronze.Plan, keys map[int]bool) []bronze.Task {
	var out []bronze.Task
	for _, t := range plan.Tasks {
		if t.Kind == bronze.TaskYear {
			continue
		}
		if slices.ContainsFunc(t.Sessions, func(s bronze.SessionRef) bool { return keys[s.SessionKey] }) {
			out = append(out, t)
		}
	}
	return out
}

// calendarTasks returns the plan's per-year tasks (meetings, sessions).
func calendarTasks(plan *bronze.Plan, year int) []bronze.Task {
	var out []bronze.Task
	for _, t := range plan.Tasks {
		if t.Kind == bronze.TaskYear && (year == 0 || t.Year == year) {
			out = append(out, t)
		}
	}
	return out
}

// extractReport turns the outcome of a session's partitions into its
// extract stage report. A session fails when one of its partitions failed
// (or was never reached) after the retries.
func extractReport(st *StageReport, out *bronzeOutcome, sessionKey int) {
	keys := make([]bronze.PartitionKey, 0)
	for k := range out.results {
		if k.SessionKey == sessionKey {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b bronze.PartitionKey) int { return compareStrings(string(a.Endpoint), string(b.Endpoint)) })
	st.Attempts = out.attempts
	var failed []string
	for _, k := range keys {
		pr := out.results[k]
		st.Tables = append(st.Tables, &TableReport{Table: "bronze." + string(k.Endpoint), Rows: pr.Rows, Outcome: string(pr.Outcome),
			Published: pr.Outcome == bronze.OutcomeCreated || pr.Outcome == bronze.OutcomeChanged,
			Changed:   pr.Outcome == bronze.OutcomeCreated || pr.Outcome == bronze.OutcomeChanged})
		switch pr.Outcome {
		case bronze.OutcomeFailed:
			failed = append(failed, fmt.Sprintf("%s: %s", k.Endpoint, pr.Error))
		case bronze.OutcomeSkipped:
			failed = append(failed, fmt.Sprintf("%s: not extracted", k.Endpoint))
		case bronze.OutcomeQuarantined:
			st.Warnings = append(st.Warnings, fmt.Sprintf("%s quarantined (the previous partition stays): %s", k.Endpoint, quarantineReason(pr)))
		}
		if pr.Warning != "" {
			st.Warnings = append(st.Warnings, fmt.Sprintf("%s: %s", k.Endpoint, pr.Warning))
		}
	}
	switch {
	case len(failed) > 0:
		st.Status = StatusFailed
		st.Error = fmt.Sprintf("%d bronze partition(s) failed: %s", len(failed), failed[0])
		if out.err != nil && errors.Is(out.err, context.Canceled) {
			st.Status = StatusCancelled
		}
	default:
		st.Status = StatusOK
	}
}

func quarantineReason(pr bronze.PartitionResult) string {
	if pr.Quarantine != nil {
		return pr.Quarantine.Reason
	}
	return pr.Error
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// bronzeCheck validates the partitions written in this run (created or
// changed) against the bronze suites and records the results in the
// extract stage report. It returns the results by endpoint, and whether an
// error-severity check failed.
func (e *env) bronzeCheck(ctx context.Context, st *StageReport, in *sessionInput, written map[openf1.Endpoint]bool) (map[openf1.Endpoint]*quality.Result, bool, error) {
	results := map[openf1.Endpoint]*quality.Result{}
	blocking := false
	for _, m := range in.Manifests {
		if !written[m.Endpoint] || m.Empty {
			continue
		}
		res, sum, err := e.checkPartition(ctx, m)
		if err != nil {
			return results, blocking, err
		}
		if res == nil {
			continue
		}
		results[m.Endpoint] = res
		if tr := st.Table("bronze." + string(m.Endpoint)); tr != nil {
			tr.Quality = sum
		}
		if res.Blocking() {
			blocking = true
			st.Error = blockingReason("bronze", string(m.Endpoint), res)
		}
	}
	return results, blocking, nil
}

// checkPartition validates one bronze partition. Small partitions are
// validated whole; telemetry partitions batch by batch (the result of the
// first failing batch, or of the last batch, is kept), so they are never
// held in memory whole.
func (e *env) checkPartition(ctx context.Context, m *bronze.Manifest) (*quality.Result, *QualitySummary, error) {
	s, err := e.suite("bronze", string(m.Endpoint))
	if err != nil || s == nil {
		return nil, nil, err
	}
	rr, err := bronze.OpenPartition(ctx, e.store, m, e.o.mem)
	if err != nil {
		return nil, nil, err
	}
	defer rr.Release()
	batch := fmt.Sprintf("bronze.%s session_key=%d", m.Endpoint, m.SessionKey)
	info, _ := openf1.LookupEndpoint(m.Endpoint)
	if info.Telemetry {
		var last *quality.Result
		for rr.Next() {
			res, err := s.Validate(ctx, quality.FromRecordBatch(rr.RecordBatch()), quality.ValidateOptions{BatchName: batch, Now: e.now})
			if err != nil {
				return nil, nil, err
			}
			last = res
			if !res.Success {
				break
			}
		}
		if err := rr.Err(); err != nil {
			return nil, nil, err
		}
		if last == nil {
			return nil, nil, nil
		}
		return last, e.summarize(last), nil
	}
	var recs []arrow.RecordBatch
	for rr.Next() {
		r := rr.RecordBatch()
		r.Retain()
		recs = append(recs, r)
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if err := rr.Err(); err != nil {
		return nil, nil, err
	}
	tbl := array.NewTableFromRecords(rr.Schema(), recs)
	defer tbl.Release()
	res, err := s.Validate(ctx, quality.FromTable(tbl), quality.ValidateOptions{BatchName: batch, Now: e.now})
	if err != nil {
		return nil, nil, err
	}
	return res, e.summarize(res), nil
}

// extractLineage describes a session's extraction: API endpoints in,
// bronze partitions out (named by their endpoint folder, versioned by
// content hash), with statistics and the bronze checks.
func (e *env) extractLineage(in *sessionInput, checks map[openf1.Endpoint]*quality.Result) ([]lineage.InputDataset, []lineage.OutputDataset) {
	var inputs []lineage.InputDataset
	var outputs []lineage.OutputDataset
	if in == nil {
		return nil, nil
	}
	for _, m := range in.Manifests {
		inputs = append(inputs, apiDataset(e.baseURL(), string(m.Endpoint)).Input())
		n, err := locationDataset(e.cfg.Lake, bronze.Root+"/"+string(m.Endpoint))
		if err != nil {
			continue
		}
		out := n.Output()
		var size int64
		for _, f := range m.Files {
			size += f.Bytes
		}
		out.Facets = &lineage.DatasetFacets{
			Schema:     schemafacet.FromArrow(bronze.Schema(m.Endpoint)),
			DataSource: n.DataSource(),
			Storage:    lineage.NewStorageFacet("pitwall-bronze", "parquet"),
			Version:    lineage.NewDatasetVersionFacet(m.ContentSHA256),
		}
		if res := checks[m.Endpoint]; res != nil {
			out.Facets.DataQualityAssertions = assertionsOf(res)
		}
		out.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(m.Rows, size, int64(len(m.Files)))}
		outputs = append(outputs, out)
	}
	return inputs, outputs
}
