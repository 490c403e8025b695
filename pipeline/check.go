package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/quality"
)

// check validates a batch against the table's suite. It returns a nil
// result when the table has no suite.
func (e *env) check(ctx context.Context, layer, table string, rec arrow.RecordBatch, batch string, others map[string]quality.Data) (*quality.Result, *QualitySummary, error) {
	s, err := e.suite(layer, table)
	if err != nil || s == nil {
		return nil, nil, err
	}
	res, err := s.Validate(ctx, quality.FromRecordBatch(rec), quality.ValidateOptions{
		BatchName: batch, OtherTables: others, Now: e.now,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("pipeline: validate %s.%s: %w", layer, table, err)
	}
	return res, e.summarize(res), nil
}

// summarize turns a quality result into the report's summary.
func (e *env) summarize(res *quality.Result) *QualitySummary {
	q := &QualitySummary{Suite: res.SuiteName, Success: res.Success, Blocking: res.Blocking(),
		Evaluated: res.Statistics.EvaluatedExpectations, Passed: res.Statistics.SuccessfulExpectations,
		Failed: res.Statistics.UnsuccessfulExpectations}
	for _, r := range res.Results {
		if r.Success {
			continue
		}
		q.Failures = append(q.Failures, CheckFailure{
			Expectation: r.ExpectationConfig.Type, Column: strings.Join(r.ExpectationConfig.Columns(), ","),
			Severity: string(r.Severity()), Detail: failureDetail(r),
		})
	}
	if e.o.fullQuality {
		if b, err := json.Marshal(res); err == nil {
			q.Full = b
		}
	}
	return q
}

// failureDetail says briefly what a failed expectation saw.
func failureDetail(r quality.ExpectationResult) string {
	if r.ExceptionInfo.RaisedException {
		if m := r.ExceptionInfo.ExceptionMessage; m != nil {
			return "exception: " + *m
		}
		return "exception"
	}
	d := r.Result
	var parts []string
	if d.UnexpectedCount != nil {
		s := fmt.Sprintf("%d unexpected", *d.UnexpectedCount)
		if d.ElementCount != nil {
			s += fmt.Sprintf(" of %d", *d.ElementCount)
		}
		parts = append(parts, s)
	}
	if len(d.PartialUnexpectedList) > 0 {
		n := min(len(d.PartialUnexpectedList), 5)
		b, _ := json.Marshal(d.PartialUnexpectedList[:n])
		parts = append(parts, "e.g. "+string(b))
	}
	if d.ObservedValue != nil {
		b, _ := json.Marshal(d.ObservedValue)
		parts = append(parts, "observed "+string(b))
	}
	return strings.Join(parts, ", ")
}

// blockingReason describes the error-severity failures of a result, for
// silver.rejects and the report.
func blockingReason(layer, table string, res *quality.Result) string {
	var parts []string
	for _, r := range res.Failures(quality.SeverityError) {
		p := r.ExpectationConfig.Type
		if c := strings.Join(r.ExpectationConfig.Columns(), ","); c != "" {
			p += "(" + c + ")"
		}
		if d := failureDetail(r); d != "" {
			p += ": " + d
		}
		parts = append(parts, p)
	}
	return fmt.Sprintf("error-severity check failed on %s.%s: %s", layer, table, strings.Join(parts, "; "))
}
