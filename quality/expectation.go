package quality

import (
	"maps"
	"math"
)

// Expectation is one configured check, as in a GX suite: a type such as
// "expect_column_values_to_not_be_null", its kwargs (GX's names and JSON
// values), free-form meta, an optional id and description, and pitwall's
// severity.
//
// Build expectations with the Expect… constructors and refine them with the
// chainable methods (Mostly, StrictMin, WithSeverity...); every method returns
// a modified copy, so a value can be reused as a template. Kwargs are kept in
// canonical JSON form (int64, float64, string, bool, nil, []any,
// map[string]any); integral numbers are int64.
type Expectation struct {
	Type        string
	Kwargs      map[string]any
	Meta        map[string]any
	ID          string
	Description string
	// Severity decides what a failure means (DESIGN §2.4). Empty means
	// error. In GX JSON it is read from "severity" (GX ≥ 1.x) or
	// meta.severity, and written to meta.severity.
	Severity Severity
}

// NewExpectation builds an expectation of any registered type from raw
// kwargs (Go values are normalized; an unsupported Go type is reported when
// the suite is checked).
func NewExpectation(typ string, kwargs map[string]any) Expectation {
	e := Expectation{Type: typ, Kwargs: map[string]any{}}
	for k, v := range kwargs {
		e.Kwargs[k] = normalizeOrKeep(v)
	}
	return e
}

func normalizeOrKeep(v any) any {
	if n, err := normalize(v); err == nil {
		return n
	}
	return v // compile reports it
}

// With returns a copy with kwarg key set to value.
func (e Expectation) With(key string, value any) Expectation {
	e.Kwargs = maps.Clone(e.Kwargs)
	if e.Kwargs == nil {
		e.Kwargs = map[string]any{}
	}
	e.Kwargs[key] = normalizeOrKeep(value)
	return e
}

// Mostly sets GX's mostly: the fraction (0–1) of non-missing values that
// must be expected for the expectation to succeed.
func (e Expectation) Mostly(fraction float64) Expectation { return e.With("mostly", fraction) }

// StrictMin makes min_value exclusive.
func (e Expectation) StrictMin() Expectation { return e.With("strict_min", true) }

// StrictMax makes max_value exclusive.
func (e Expectation) StrictMax() Expectation { return e.With("strict_max", true) }

// Strictly makes increasing/decreasing expectations strict.
func (e Expectation) Strictly() Expectation { return e.With("strictly", true) }

// OrEqual lets expect_column_pair_values_a_to_be_greater_than_b accept a == b.
func (e Expectation) OrEqual() Expectation { return e.With("or_equal", true) }

// WithSeverity returns a copy with the given severity.
func (e Expectation) WithSeverity(s Severity) Expectation {
	e.Severity = s
	return e
}

// Warn is WithSeverity(SeverityWarn).
func (e Expectation) Warn() Expectation { return e.WithSeverity(SeverityWarn) }

// WithID returns a copy with the given id (GX 1.x uses UUIDs; any string works).
func (e Expectation) WithID(id string) Expectation {
	e.ID = id
	return e
}

// WithDescription returns a copy with a human-readable description.
func (e Expectation) WithDescription(d string) Expectation {
	e.Description = d
	return e
}

// WithMeta returns a copy with meta[key] = value.
func (e Expectation) WithMeta(key string, value any) Expectation {
	e.Meta = maps.Clone(e.Meta)
	if e.Meta == nil {
		e.Meta = map[string]any{}
	}
	e.Meta[key] = normalizeOrKeep(value)
	return e
}

// Column returns kwargs["column"], or "" for table and multi-column types.
func (e Expectation) Column() string {
	s, _ := e.Kwargs["column"].(string)
	return s
}

// RowCondition restricts the expectation to the rows where a boolean
// column has a value, in GX's pandas syntax ("is_accurate==True"; it sets
// row_condition and condition_parser "pandas"). Only such conditions are
// supported; others make the suite fail Check. The matching rows are
// viewed through one zero-copy slice per run of consecutive matching rows,
// so the cost grows with the number of runs: negligible for lap-grain
// tables, ~10× an unconditional check on 10 M rows in runs of 18.
func (e Expectation) RowCondition(condition string) Expectation {
	return e.With("row_condition", condition).With("condition_parser", "pandas")
}

// Columns returns every column the expectation names (column, column_A,
// column_B, column_list and the pitwall group/order columns, in kwarg
// order, then the row_condition's column).
func (e Expectation) Columns() []string {
	var out []string
	for _, k := range columnKwargs {
		switch v := e.Kwargs[k].(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	if c := columnOfCondition(e.Kwargs); c != "" {
		out = append(out, c)
	}
	return out
}

// columnKwargs are the kwargs that hold column names of the validated data
// (not of other tables).
var columnKwargs = []string{"column", "column_A", "column_B", "column_list", "group_by", "order_by", "lap_start_column", "lap_end_column"}

// MarshalJSON writes the GX 1.x expectation configuration:
// {"type", "kwargs", "meta", "id", "description"}; severity goes to meta.
func (e Expectation) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.field("type", e.Type)
	kw := e.Kwargs
	if kw == nil {
		kw = map[string]any{}
	}
	w.field("kwargs", kw)
	meta := maps.Clone(e.Meta)
	if meta == nil {
		meta = map[string]any{}
	}
	if e.Severity != "" {
		meta["severity"] = string(e.Severity)
	}
	w.field("meta", meta)
	if e.ID != "" {
		w.field("id", e.ID)
	}
	if e.Description != "" {
		w.field("description", e.Description)
	}
	return w.bytes()
}

// boundKwargs turns Go bounds into kwargs: ±Inf means no bound, and the kwarg
// is left out (GX reads a missing bound as None). NaN is kept so that Check
// reports it.
func boundKwargs(kw map[string]any, min, max float64) map[string]any {
	if !math.IsInf(min, 0) {
		kw["min_value"] = normalizeOrKeep(min)
	}
	if !math.IsInf(max, 0) {
		kw["max_value"] = normalizeOrKeep(max)
	}
	return kw
}
