package quality

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Result is the outcome of validating one suite against one batch, shaped
// like GX's ExpectationSuiteValidationResult so that it marshals to the JSON
// GX users know (see MarshalJSON on ResultDetail for the per-expectation
// result object).
type Result struct {
	// Success is GX's: every expectation succeeded, whatever its severity.
	// Use Blocking to decide publication.
	Success         bool                `json:"success"`
	Results         []ExpectationResult `json:"results"`
	SuiteName       string              `json:"suite_name"`
	SuiteParameters map[string]any      `json:"suite_parameters"`
	Statistics      Statistics          `json:"statistics"`
	// Meta holds batch_name, row_count, validation_time and the engine name.
	Meta map[string]any `json:"meta"`

	rowCount int64
}

// Statistics counts expectation outcomes. SuccessPercent is nil (JSON null)
// when nothing was evaluated, as in GX.
type Statistics struct {
	EvaluatedExpectations    int      `json:"evaluated_expectations"`
	SuccessfulExpectations   int      `json:"successful_expectations"`
	UnsuccessfulExpectations int      `json:"unsuccessful_expectations"`
	SuccessPercent           *float64 `json:"success_percent"`
}

// ExpectationResult is one expectation's outcome (GX's
// ExpectationValidationResult).
type ExpectationResult struct {
	Success           bool           `json:"success"`
	ExpectationConfig Expectation    `json:"expectation_config"`
	Result            ResultDetail   `json:"result"`
	Meta              map[string]any `json:"meta"`
	ExceptionInfo     ExceptionInfo  `json:"exception_info"`
}

// Severity returns the expectation's severity (error when unset).
func (r ExpectationResult) Severity() Severity { return r.ExpectationConfig.Severity.OrDefault() }

// ExceptionInfo reports a check that could not run (missing column,
// unsupported type, missing other table...). Such a result is unsuccessful.
type ExceptionInfo struct {
	RaisedException    bool    `json:"raised_exception"`
	ExceptionTraceback *string `json:"exception_traceback"`
	ExceptionMessage   *string `json:"exception_message"`
}

// ValueCount is one entry of partial_unexpected_counts.
type ValueCount struct {
	Value any   `json:"value"`
	Count int64 `json:"count"`
}

// UnexpectedRow is an unexpected value of a multi-column expectation: the
// row's values for the expectation's columns. It marshals to a JSON object
// in column order, like GX's dicts.
type UnexpectedRow struct {
	Columns []string
	Values  []any
}

// MarshalJSON writes {"col": value, ...} in column order.
func (r UnexpectedRow) MarshalJSON() ([]byte, error) {
	var w objWriter
	for i, c := range r.Columns {
		w.field(c, r.Values[i])
	}
	return w.bytes()
}

// ResultDetail is the "result" object of an expectation result. Which keys
// exist depends on the kind of expectation and the result format, exactly as
// in GX: a nil pointer in a present key marshals as null (e.g.
// unexpected_percent on an empty table), an absent key is omitted.
//
// Column map expectations (BASIC and up): ElementCount, UnexpectedCount,
// UnexpectedPercent (of non-missing rows), PartialUnexpectedList, and, except
// for not_be_null/be_null, MissingCount, MissingPercent,
// UnexpectedPercentTotal (of all rows) and UnexpectedPercentNonmissing.
// SUMMARY adds PartialUnexpectedCounts and PartialUnexpectedIndexList;
// COMPLETE adds UnexpectedList and UnexpectedIndexList. Percentages are 0–100.
// Row indices are 0-based positions in the validated data.
//
// Aggregate and table expectations (BASIC and up): ObservedValue and, for
// some, Details. BOOLEAN_ONLY results are empty.
type ResultDetail struct {
	ElementCount                *int64
	UnexpectedCount             *int64
	UnexpectedPercent           *float64
	PartialUnexpectedList       []any
	MissingCount                *int64
	MissingPercent              *float64
	UnexpectedPercentTotal      *float64
	UnexpectedPercentNonmissing *float64
	PartialUnexpectedCounts     []ValueCount
	PartialUnexpectedIndexList  []int64
	UnexpectedList              []any
	UnexpectedIndexList         []int64
	ObservedValue               any
	Details                     map[string]any

	present uint16
}

// presence bits of ResultDetail keys.
const (
	hasCounts uint16 = 1 << iota
	hasMissing
	hasPartialList
	hasPartialCounts
	hasPartialIndex
	hasFullLists
	hasObserved
	hasDetails
)

// Has reports whether the GX key (e.g. "missing_count", "observed_value")
// is part of this result.
func (d ResultDetail) Has(key string) bool {
	switch key {
	case "element_count", "unexpected_count", "unexpected_percent":
		return d.present&hasCounts != 0
	case "missing_count", "missing_percent", "unexpected_percent_total", "unexpected_percent_nonmissing":
		return d.present&hasMissing != 0
	case "partial_unexpected_list":
		return d.present&hasPartialList != 0
	case "partial_unexpected_counts":
		return d.present&hasPartialCounts != 0
	case "partial_unexpected_index_list":
		return d.present&hasPartialIndex != 0
	case "unexpected_list", "unexpected_index_list":
		return d.present&hasFullLists != 0
	case "observed_value":
		return d.present&hasObserved != 0
	case "details":
		return d.present&hasDetails != 0
	}
	return false
}

// MarshalJSON writes the present keys in GX's order.
func (d ResultDetail) MarshalJSON() ([]byte, error) {
	var w objWriter
	p := d.present
	if p&hasCounts != 0 {
		w.field("element_count", d.ElementCount)
		w.field("unexpected_count", d.UnexpectedCount)
		w.field("unexpected_percent", d.UnexpectedPercent)
	}
	if p&hasPartialList != 0 {
		w.field("partial_unexpected_list", nonNil(d.PartialUnexpectedList))
	}
	if p&hasMissing != 0 {
		w.field("missing_count", d.MissingCount)
		w.field("missing_percent", d.MissingPercent)
		w.field("unexpected_percent_total", d.UnexpectedPercentTotal)
		w.field("unexpected_percent_nonmissing", d.UnexpectedPercentNonmissing)
	}
	if p&hasPartialCounts != 0 {
		counts := d.PartialUnexpectedCounts
		if counts == nil {
			counts = []ValueCount{}
		}
		w.field("partial_unexpected_counts", counts)
	}
	if p&hasPartialIndex != 0 {
		w.field("partial_unexpected_index_list", nonNilInts(d.PartialUnexpectedIndexList))
	}
	if p&hasFullLists != 0 {
		w.field("unexpected_list", nonNil(d.UnexpectedList))
		w.field("unexpected_index_list", nonNilInts(d.UnexpectedIndexList))
	}
	if p&hasObserved != 0 {
		w.field("observed_value", d.ObservedValue)
	}
	if p&hasDetails != 0 {
		w.field("details", d.Details)
	}
	return w.bytes()
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

func nonNilInts(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

// shape turns an outcome into the result object for format f, following
// GX's _format_map_output for map expectations.
func shape(o *outcome, f ResultFormat, partial int) ResultDetail {
	var d ResultDetail
	if f == ResultFormatBooleanOnly {
		return d
	}
	switch o.kind {
	case outAggregate:
		d.present |= hasObserved
		d.ObservedValue = o.observed
		if o.details != nil {
			d.present |= hasDetails
			d.Details = o.details
		}
		return d
	case outBare:
		return d
	}
	d.present |= hasCounts | hasPartialList
	d.ElementCount = ptr(o.element)
	d.UnexpectedCount = ptr(o.unexpected)
	if o.element > 0 {
		total := float64(o.unexpected) / float64(o.element) * 100
		if o.kind == outMap {
			missing := o.element - o.nonmissing
			d.MissingPercent = ptr(float64(missing) / float64(o.element) * 100)
			if o.nonmissing > 0 {
				d.UnexpectedPercentNonmissing = ptr(float64(o.unexpected) / float64(o.nonmissing) * 100)
			}
		} else {
			d.UnexpectedPercentNonmissing = ptr(total)
		}
		d.UnexpectedPercentTotal = ptr(total)
	}
	d.UnexpectedPercent = d.UnexpectedPercentNonmissing
	d.PartialUnexpectedList = o.values[:min(partial, len(o.values))]
	if o.kind == outMap {
		d.present |= hasMissing
		d.MissingCount = ptr(o.element - o.nonmissing)
	} else {
		d.UnexpectedPercentTotal = nil
	}
	if f == ResultFormatBasic {
		return d
	}
	if partial > 0 {
		d.present |= hasPartialCounts | hasPartialIndex
		d.PartialUnexpectedCounts = valueCounts(o.values, partial)
		d.PartialUnexpectedIndexList = o.rows[:min(partial, len(o.rows))]
	}
	if f == ResultFormatComplete {
		d.present |= hasFullLists
		d.UnexpectedList = o.values
		d.UnexpectedIndexList = o.rows
	}
	return d
}

// valueCounts is Counter(values).most_common(n) sorted by (-count, value):
// ties at the cut keep first-occurrence order, as Python's most_common does.
func valueCounts(values []any, n int) []ValueCount {
	if len(values) == 0 {
		return []ValueCount{}
	}
	index := map[any]int{}
	var counts []ValueCount
	for _, v := range values {
		if row, ok := v.(UnexpectedRow); ok {
			v = row.Values // GX counts multi-column values as tuples
		}
		k := valueKey(v)
		if i, ok := index[k]; ok {
			counts[i].Count++
			continue
		}
		index[k] = len(counts)
		counts = append(counts, ValueCount{Value: v, Count: 1})
	}
	slices.SortStableFunc(counts, func(a, b ValueCount) int { return int(b.Count - a.Count) })
	counts = counts[:min(n, len(counts))]
	slices.SortStableFunc(counts, func(a, b ValueCount) int {
		if a.Count != b.Count {
			return int(b.Count - a.Count)
		}
		return compareValues(a.Value, b.Value)
	})
	return counts
}

func ptr[T any](v T) *T { return &v }

// objWriter writes a JSON object with keys in insertion order.
type objWriter struct {
	buf bytes.Buffer
	err error
}

func (w *objWriter) field(key string, v any) {
	if w.err != nil {
		return
	}
	if w.buf.Len() == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	w.buf.Write(b)
}

func (w *objWriter) bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.buf.Len() == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}
