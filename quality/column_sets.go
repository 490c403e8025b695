package quality

import (
	"math"
	"slices"
)

type distinctMode uint8

const (
	distinctInSet      distinctMode = iota + 1 // distinct ⊆ value_set
	distinctContainSet                         // value_set ⊆ distinct
	distinctEqualSet                           // equal sets
)

// distinctCheck implements expect_column_distinct_values_to_be_in_set,
// _to_contain_set and _to_equal_set. observed_value is the sorted list of
// distinct non-missing values, details.value_counts their counts. value_set
// items are compared in the column's domain (date/time strings for temporal
// columns); an item of another type never matches. For _be_in_set a null
// value_set is vacuously true, as in GX.
type distinctCheck struct {
	column string
	values []any
	null   bool
	mode   distinctMode
}

func buildDistinct(mode distinctMode) builder {
	return func(k *kwargs) (checker, error) {
		col, err := k.column("column")
		if err != nil {
			return nil, err
		}
		values, err := k.list("value_set", mode != distinctInSet)
		if err != nil {
			return nil, err
		}
		return &distinctCheck{column: col, values: values, null: values == nil, mode: mode}, nil
	}
}

func (c *distinctCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	entries, _, err := distinct(col)
	if err != nil {
		return nil, err
	}
	observed := make([]any, len(entries))
	counts := make([]any, len(entries))
	have := map[any]bool{}
	for i, en := range entries {
		observed[i] = renderDomain(col, en.key)
		counts[i] = map[string]any{"value": observed[i], "count": en.count}
		have[en.key] = true
	}
	want := map[any]bool{}
	allConvertible := true
	for _, v := range c.values {
		if d, ok := toDomain(col, v); ok {
			want[d] = true
		} else {
			allConvertible = false
		}
	}
	var success bool
	switch c.mode {
	case distinctInSet:
		success = c.null || subset(have, want)
	case distinctContainSet:
		success = allConvertible && subset(want, have)
	case distinctEqualSet:
		success = allConvertible && subset(want, have) && subset(have, want)
	}
	return aggregate(success, observed, map[string]any{"value_counts": counts}), nil
}

func subset(a, b map[any]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// quantileCheck implements expect_column_quantile_values_to_be_between:
// quantile_ranges = {"quantiles": [q...], "value_ranges": [[lo, hi]...]}
// (null = unbounded, inclusive). Quantiles use pandas' "nearest"
// interpolation unless allow_relative_error names another method (lower,
// higher, midpoint, linear), as GX does on pandas.
type quantileCheck struct {
	column    string
	quantiles []float64
	ranges    [][2]any
	method    string
}

func buildQuantiles(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	v, ok := k.get("quantile_ranges")
	if !ok {
		return nil, kwargErr("quantile_ranges", "required")
	}
	qr, ok := v.(map[string]any)
	if !ok {
		return nil, kwargErr("quantile_ranges", "must be an object with quantiles and value_ranges")
	}
	qs, _ := qr["quantiles"].([]any)
	vr, _ := qr["value_ranges"].([]any)
	if len(qs) == 0 || len(qs) != len(vr) {
		return nil, kwargErr("quantile_ranges", "quantiles and value_ranges must be non-empty lists of the same length")
	}
	c := &quantileCheck{column: col, method: "nearest"}
	for i, q := range qs {
		f, ok := asFloat(q)
		if !ok || f < 0 || f > 1 {
			return nil, kwargErr("quantile_ranges", "quantile %d must be a number in [0, 1]", i)
		}
		r, ok := vr[i].([]any)
		if !ok || len(r) != 2 {
			return nil, kwargErr("quantile_ranges", "value range %d must be [min, max]", i)
		}
		for _, x := range r {
			if _, num := asFloat(x); !num && x != nil {
				return nil, kwargErr("quantile_ranges", "value range %d must hold numbers or null", i)
			}
		}
		c.quantiles = append(c.quantiles, f)
		c.ranges = append(c.ranges, [2]any{r[0], r[1]})
	}
	if v, ok := k.get("allow_relative_error"); ok {
		switch x := v.(type) {
		case bool:
			if x {
				return nil, kwargErr("allow_relative_error", "true is for SQL engines; use an interpolation name")
			}
		case string:
			if !slices.Contains([]string{"linear", "lower", "higher", "midpoint", "nearest"}, x) {
				return nil, kwargErr("allow_relative_error", "unknown interpolation %q", x)
			}
			c.method = x
		default:
			return nil, kwargErr("allow_relative_error", "must be false or an interpolation name")
		}
	}
	return c, nil
}

func (c *quantileCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	cl := classOf(col.typ)
	if (cl != classInt && cl != classFloat && cl != classNull) || isTemporal(col.typ) {
		return nil, unsupported(c.column, col.typ, "not a numeric type")
	}
	sorted := sortedFloats(col)
	values := make([]any, len(c.quantiles))
	details := make([]any, len(c.quantiles))
	success := true
	for i, q := range c.quantiles {
		v := quantile(sorted, q, c.method)
		ok := !math.IsNaN(v)
		if lo, has := asFloat(c.ranges[i][0]); has && !(v >= lo) {
			ok = false
		}
		if hi, has := asFloat(c.ranges[i][1]); has && !(v <= hi) {
			ok = false
		}
		values[i] = renderFloat(v)
		details[i] = ok
		success = success && ok
	}
	qs := make([]any, len(c.quantiles))
	for i, q := range c.quantiles {
		qs[i] = q
	}
	return aggregate(success, map[string]any{"quantiles": qs, "values": values},
		map[string]any{"success_details": details}), nil
}
