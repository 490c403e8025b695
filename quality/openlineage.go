package quality

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
)

// Assertion is one entry of the OpenLineage dataQualityAssertions dataset
// facet (spec facets/1-1-0/DataQualityAssertionsDatasetFacet.json). The JSON
// tags are the facet's; the lineage package converts these plain values into
// its own facet types.
type Assertion struct {
	Assertion   string         `json:"assertion"`             // the GX expectation type
	Success     bool           `json:"success"`               // the expectation's success
	Column      string         `json:"column,omitempty"`      // kwargs.column; empty for table and multi-column checks
	Severity    string         `json:"severity,omitempty"`    // error, warn or info
	Name        string         `json:"name,omitempty"`        // expectation id, else meta.name
	Description string         `json:"description,omitempty"` // expectation description
	Expected    string         `json:"expected,omitempty"`    // JSON of the success kwargs, e.g. {"max_value":300000,"min_value":60000,"mostly":0.99}
	Actual      string         `json:"actual,omitempty"`      // observed_value JSON, or unexpected counts, or the exception
	Params      map[string]any `json:"params,omitempty"`      // all kwargs (column_A/column_B/column_list for multi-column checks)
}

// Assertions returns one Assertion per expectation result, in suite order.
func (r *Result) Assertions() []Assertion {
	out := make([]Assertion, 0, len(r.Results))
	for _, x := range r.Results {
		cfg := x.ExpectationConfig
		a := Assertion{
			Assertion:   cfg.Type,
			Success:     x.Success,
			Column:      cfg.Column(),
			Severity:    string(x.Severity()),
			Name:        cfg.ID,
			Description: cfg.Description,
			Expected:    expectedString(cfg.Kwargs),
			Actual:      actualString(x),
		}
		if a.Name == "" {
			a.Name, _ = cfg.Meta["name"].(string)
		}
		if len(cfg.Kwargs) > 0 {
			a.Params = cloneValue(cfg.Kwargs)
		}
		out = append(out, a)
	}
	return out
}

// nonSuccessKwargs say where or how to check, not what passes.
var nonSuccessKwargs = []string{"column", "column_A", "column_B", "column_list", "result_format",
	"catch_exceptions", "include_config", "batch_id", "group_by", "order_by", "other_table_name",
	"other_column", "lap_start_column", "lap_end_column"}

func expectedString(kw map[string]any) string {
	rest := maps.Clone(kw)
	for _, k := range nonSuccessKwargs {
		delete(rest, k)
	}
	if len(rest) == 0 {
		return ""
	}
	b, err := json.Marshal(rest)
	if err != nil {
		return ""
	}
	return string(b)
}

func actualString(x ExpectationResult) string {
	if x.ExceptionInfo.RaisedException && x.ExceptionInfo.ExceptionMessage != nil {
		return "exception: " + *x.ExceptionInfo.ExceptionMessage
	}
	d := x.Result
	switch {
	case d.Has("observed_value"):
		b, err := json.Marshal(d.ObservedValue)
		if err != nil {
			return ""
		}
		return string(b)
	case d.Has("unexpected_count") && d.UnexpectedCount != nil:
		s := fmt.Sprintf("unexpected_count=%d", *d.UnexpectedCount)
		if d.UnexpectedPercent != nil {
			s += fmt.Sprintf(" (%s%%)", strconv.FormatFloat(*d.UnexpectedPercent, 'g', 6, 64))
		}
		return s
	}
	return ""
}

// Metrics is the content of the OpenLineage dataQualityMetrics facet
// (DataQualityMetricsDatasetFacet 1-0-0, or the deprecated input facet
// 1-0-3, which has the same fields). Pointers are nil when unknown; the JSON
// tags are the facet's, and integer fields stay integers as the schema
// requires.
type Metrics struct {
	RowCount      *int64                   `json:"rowCount,omitempty"`
	ColumnMetrics map[string]ColumnMetrics `json:"columnMetrics"`
}

// ColumnMetrics are one column's metrics.
type ColumnMetrics struct {
	NullCount     *int64             `json:"nullCount,omitempty"`
	DistinctCount *int64             `json:"distinctCount,omitempty"`
	Sum           *float64           `json:"sum,omitempty"`
	Count         *float64           `json:"count,omitempty"` // non-missing values
	Min           *float64           `json:"min,omitempty"`
	Max           *float64           `json:"max,omitempty"`
	Quantiles     map[string]float64 `json:"quantiles,omitempty"` // "0.5" → median
}

// Metrics derives dataQualityMetrics from the results, following the
// mapping OpenLineage's GX integration uses, without its bugs: rowCount is
// the validated row count; per column, nullCount and count come from any
// column map result (missing_count; for not_be_null the unexpected count),
// min/max/sum from the min/max/sum expectations, distinctCount from
// unique_value_count, quantiles from the median ("0.5") and quantile
// expectations. Results that raised an exception or carry no detail
// (BOOLEAN_ONLY) contribute nothing. For metrics of every column whatever the
// suite, use Profile.
func (r *Result) Metrics() Metrics {
	rows := r.rowCount
	m := Metrics{RowCount: &rows, ColumnMetrics: map[string]ColumnMetrics{}}
	for _, x := range r.Results {
		col := x.ExpectationConfig.Column()
		d := x.Result
		if col == "" || x.ExceptionInfo.RaisedException {
			continue
		}
		cm := m.ColumnMetrics[col]
		touched := true
		switch typ := x.ExpectationConfig.Type; {
		case typ == "expect_column_values_to_not_be_null" && d.UnexpectedCount != nil && d.ElementCount != nil:
			cm.NullCount = ptr(*d.UnexpectedCount)
			cm.Count = ptr(float64(*d.ElementCount - *d.UnexpectedCount))
		case typ == "expect_column_values_to_be_null" && d.UnexpectedCount != nil && d.ElementCount != nil:
			cm.NullCount = ptr(*d.ElementCount - *d.UnexpectedCount)
			cm.Count = ptr(float64(*d.UnexpectedCount))
		case d.Has("missing_count") && d.MissingCount != nil && d.ElementCount != nil:
			cm.NullCount = ptr(*d.MissingCount)
			cm.Count = ptr(float64(*d.ElementCount - *d.MissingCount))
		case typ == "expect_column_min_to_be_between":
			cm.Min = numberPtr(d.ObservedValue)
		case typ == "expect_column_max_to_be_between":
			cm.Max = numberPtr(d.ObservedValue)
		case typ == "expect_column_sum_to_be_between":
			cm.Sum = numberPtr(d.ObservedValue)
		case typ == "expect_column_unique_value_count_to_be_between":
			if n, ok := d.ObservedValue.(int64); ok {
				cm.DistinctCount = ptr(n)
			}
		case typ == "expect_column_median_to_be_between":
			if f := numberPtr(d.ObservedValue); f != nil {
				cm.Quantiles = withQuantile(cm.Quantiles, 0.5, *f)
			}
		case typ == "expect_column_quantile_values_to_be_between":
			ov, _ := d.ObservedValue.(map[string]any)
			qs, _ := ov["quantiles"].([]any)
			vs, _ := ov["values"].([]any)
			for i := range min(len(qs), len(vs)) {
				q, qok := qs[i].(float64)
				v := numberPtr(vs[i])
				if qok && v != nil {
					cm.Quantiles = withQuantile(cm.Quantiles, q, *v)
				}
			}
		default:
			touched = false
		}
		if touched {
			m.ColumnMetrics[col] = cm
		}
	}
	return m
}

func withQuantile(m map[string]float64, q, v float64) map[string]float64 {
	if m == nil {
		m = map[string]float64{}
	}
	m[strconv.FormatFloat(q, 'f', -1, 64)] = v
	return m
}

func numberPtr(v any) *float64 {
	switch x := v.(type) {
	case int64:
		return ptr(float64(x))
	case uint64:
		return ptr(float64(x))
	case float64:
		return ptr(x)
	}
	return nil
}
