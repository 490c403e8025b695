package quality

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// ValidateOptions tune a validation run. The zero value validates with
// SUMMARY results, 20-item partial lists and no other tables.
type ValidateOptions struct {
	// ResultFormat is the default detail level; an expectation's own
	// result_format kwarg overrides it. Default SUMMARY.
	ResultFormat ResultFormat
	// PartialUnexpectedCount bounds partial_unexpected_list and friends.
	// 0 means the GX default of 20; a negative value means 0 (no partial
	// lists or counts, as GX's partial_unexpected_count: 0).
	PartialUnexpectedCount int
	// OtherTables are the named tables cross-table expectations refer to
	// (other_table_name), e.g. {"drivers": quality.FromTable(drivers)}.
	OtherTables map[string]Data
	// BatchName identifies the batch in Result.Meta, e.g. "silver.laps session_key=9472".
	BatchName string
	// Now stamps Result.Meta.validation_time; default time.Now.
	Now func() time.Time
}

// Validate runs every expectation of the suite against data and returns the
// result document. Problems inside one expectation (a missing column, an
// unsupported column type, a missing other table) do not stop the run: that
// expectation fails with exception_info set. Validate returns an error only
// when the run cannot happen: the suite does not compile (see Check), an
// option is invalid, or ctx is done.
//
// Validate reads data without retaining it and allocates only Go memory.
// It does not modify the suite, so one suite may validate many batches
// concurrently.
func (s *Suite) Validate(ctx context.Context, data Data, opts ValidateOptions) (*Result, error) {
	checks, err := s.compile()
	if err != nil {
		return nil, err
	}
	format := opts.ResultFormat
	if format == "" {
		format = ResultFormatSummary
	}
	if format.level() < 0 {
		return nil, fmt.Errorf("quality: ValidateOptions.ResultFormat: unknown result format %q", format)
	}
	partial := opts.PartialUnexpectedCount
	switch {
	case partial == 0:
		partial = DefaultPartialUnexpectedCount
	case partial < 0:
		partial = 0
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	res := &Result{
		Success:         true,
		SuiteName:       s.Name,
		SuiteParameters: map[string]any{},
		Results:         make([]ExpectationResult, 0, len(checks)),
		Meta: map[string]any{
			"batch_name":      opts.BatchName,
			"row_count":       data.rows,
			"validation_time": now().UTC().Format(time.RFC3339Nano),
			"engine":          "pitwall/quality (Apache Arrow)",
		},
		rowCount: data.rows,
	}
	for _, c := range checks {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("quality: validate suite %q: %w", s.Name, err)
		}
		e := &env{ctx: ctx, data: &data, others: opts.OtherTables, format: format, partial: partial}
		if c.format != "" {
			e.format = c.format
		}
		if c.partial >= 0 {
			e.partial = c.partial
		}
		r := runOne(c, e)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("quality: validate suite %q: %w", s.Name, err)
		}
		res.Results = append(res.Results, r)
		res.Statistics.EvaluatedExpectations++
		if r.Success {
			res.Statistics.SuccessfulExpectations++
		} else {
			res.Statistics.UnsuccessfulExpectations++
			res.Success = false
		}
	}
	if n := res.Statistics.EvaluatedExpectations; n > 0 {
		res.Statistics.SuccessPercent = ptr(float64(res.Statistics.SuccessfulExpectations) / float64(n) * 100)
	}
	return res, nil
}

// runOne runs one check, turning errors (and, defensively, panics) into an
// unsuccessful result with exception_info, as GX does with catch_exceptions.
func runOne(c *compiled, e *env) (r ExpectationResult) {
	r = ExpectationResult{ExpectationConfig: c.exp, Meta: map[string]any{}}
	defer func() {
		if p := recover(); p != nil {
			r.Success = false
			r.Result = ResultDetail{}
			r.ExceptionInfo = ExceptionInfo{
				RaisedException:    true,
				ExceptionMessage:   ptr(fmt.Sprintf("internal error: %v", p)),
				ExceptionTraceback: ptr(string(debug.Stack())),
			}
		}
	}()
	var view *dataView
	if c.cond != nil {
		d, v, err := c.cond.where(e.data)
		if err != nil {
			r.ExceptionInfo = ExceptionInfo{RaisedException: true, ExceptionMessage: ptr(err.Error())}
			return r
		}
		defer v.release()
		e.data, view = d, v
	}
	o, err := c.check.run(e)
	if err != nil {
		r.ExceptionInfo = ExceptionInfo{RaisedException: true, ExceptionMessage: ptr(err.Error())}
		return r
	}
	if view != nil { // row positions in the whole batch, as GX's index
		for i, row := range o.rows {
			o.rows[i] = view.original(row)
		}
	}
	r.Success = o.success
	r.Result = shape(o, e.format, e.partial)
	return r
}

// Blocking reports whether an error-severity expectation failed, i.e.
// whether the batch must not be published (DESIGN §2.4).
func (r *Result) Blocking() bool { return len(r.Failures(SeverityError)) > 0 }

// Failures returns the unsuccessful results of the given severity, or of
// every severity when sev is "".
func (r *Result) Failures(sev Severity) []ExpectationResult {
	var out []ExpectationResult
	for _, x := range r.Results {
		if !x.Success && (sev == "" || x.Severity() == sev.OrDefault()) {
			out = append(out, x)
		}
	}
	return out
}
