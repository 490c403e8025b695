package quality

import (
	"context"
	"slices"
)

// env is what a check sees while it runs: the data, the other tables and
// how much detail to collect.
type env struct {
	ctx     context.Context
	data    *Data
	others  map[string]Data
	format  ResultFormat
	partial int // partial_unexpected_count
}

// limit is how many unexpected rows to keep: none for BOOLEAN_ONLY, all for
// COMPLETE, the partial count otherwise (GX computes SUMMARY's value counts
// over that partial list too).
func (e *env) limit() int {
	switch e.format {
	case ResultFormatBooleanOnly:
		return 0
	case ResultFormatComplete:
		return -1
	}
	return e.partial
}

func (e *env) column(name string) (*column, error) { return e.data.column(name) }

func (e *env) other(name string) (*Data, error) {
	d, ok := e.others[name]
	if !ok {
		names := make([]string, 0, len(e.others))
		for n := range e.others {
			names = append(names, n)
		}
		slices.Sort(names)
		return nil, &tableNotFoundError{name: name, have: names}
	}
	return &d, nil
}

type tableNotFoundError struct {
	name string
	have []string
}

func (e *tableNotFoundError) Error() string {
	return ErrTableNotFound.Error() + ": " + quote(e.name) + " (ValidateOptions.OtherTables has " + quoteAll(e.have) + ")"
}

func (e *tableNotFoundError) Unwrap() error { return ErrTableNotFound }

// tally accumulates a map expectation's counts while kernels scan.
type tally struct {
	nonmissing int64
	unexpected int64
	rows       []int64 // unexpected row indices, ascending, at most limit
	limit      int     // <0: keep all
}

func newTally(e *env) *tally { return &tally{limit: e.limit()} }

// hit records one unexpected row. Kernels call it only on the rare path.
func (t *tally) hit(row int64) {
	t.unexpected++
	if t.limit < 0 || len(t.rows) < t.limit {
		t.rows = append(t.rows, row)
	}
}

type outcomeKind uint8

const (
	outMap          outcomeKind = iota + 1 // column map: counts with missing_*
	outMapNoMissing                        // not_null / be_null: counts without missing_*
	outAggregate                           // observed_value (+ details)
	outBare                                // success only (expect_column_to_exist)
)

// outcome is what a check computed, before result_format shaping.
type outcome struct {
	kind       outcomeKind
	success    bool
	element    int64
	nonmissing int64
	unexpected int64
	rows       []int64
	values     []any
	observed   any
	details    map[string]any
}

// mapOutcome applies GX's mostly rule. The denominator is the non-missing
// count, or every row when nullsCounted (not_be_null, be_null). Zero rows or
// a zero denominator is vacuously true.
func mapOutcome(t *tally, element int64, mostly float64, nullsCounted bool, value func(row int64) any) *outcome {
	o := &outcome{kind: outMap, element: element, nonmissing: t.nonmissing, unexpected: t.unexpected, rows: t.rows}
	denom := t.nonmissing
	if nullsCounted {
		o.kind = outMapNoMissing
		denom = element
	}
	o.success = element == 0 || denom == 0 || mostlySuccess(denom, t.unexpected, mostly)
	if len(t.rows) > 0 {
		o.values = make([]any, len(t.rows))
		for i, r := range t.rows {
			o.values[i] = value(r)
		}
	}
	return o
}

// mostlySuccess is GX's _mostly_success: the fraction of considered rows
// that are expected, in float64, compared with >=. Because IEEE division is
// correctly rounded, exactly 99 of 100 expected gives 0.99 == mostly.
func mostlySuccess(considered, unexpected int64, mostly float64) bool {
	n := float64(considered)
	return (n-float64(unexpected))/n >= mostly
}

func aggregate(success bool, observed any, details map[string]any) *outcome {
	return &outcome{kind: outAggregate, success: success, observed: observed, details: details}
}

func quote(s string) string { return `"` + s + `"` }

func quoteAll(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += quote(s)
	}
	return out + "]"
}
