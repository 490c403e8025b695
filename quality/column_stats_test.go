package quality

import (
	"math"
	"reflect"
	"testing"
)

func TestColumnAggregates(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"x", i64(mem, 4, 8, nil, 15, 16, 23, 42)},
		col{"f", f64(mem, 1, math.NaN(), 2, 2, nil, nil, nil)},
		col{"empty", f64(mem, nil, nil, math.NaN(), nil, nil, nil, nil)},
		col{"name", str(mem, "VER", "ALO", nil, "HAM", "ALO", "SAI", "BOT")},
		col{"t", ts(mem, "2024-03-02T15:03:00Z", "2024-03-02T15:01:00Z", nil, nil, nil, nil, "2024-03-02T15:02:00Z")},
	)
	defer rec.Release()
	// Values present in x: 4 8 15 16 23 42 (n=6, sum 108, mean 18,
	// squared deviations 196+100+9+4+25+576 = 910).
	for _, tc := range []struct {
		e        Expectation
		observed any
		success  bool
	}{
		{ExpectColumnMinToBeBetween("x", 4, 4), int64(4), true},
		{ExpectColumnMinToBeBetween("x", 4, 4).StrictMin(), int64(4), false},
		{ExpectColumnMaxToBeBetween("x", 0, 41), int64(42), false},
		{ExpectColumnSumToBeBetween("x", 108, 108), int64(108), true},
		{ExpectColumnMeanToBeBetween("x", 18, 18), 18.0, true},
		{ExpectColumnMedianToBeBetween("x", 15.5, 15.5), 15.5, true},
		{ExpectColumnStdevToBeBetween("x", 13.49, 13.50), math.Sqrt(910.0 / 5), true},
		{ExpectColumnUniqueValueCountToBeBetween("x", 7, math.Inf(1)), int64(6), false},
		{ExpectColumnProportionOfUniqueValuesToBeBetween("x", 1, 1), 1.0, true},
		// f: 1, 2, 2 (NaN and nulls skipped).
		{ExpectColumnMeanToBeBetween("f", 1, 2), 5.0 / 3, true},
		{ExpectColumnUniqueValueCountToBeBetween("f", 2, 2), int64(2), true},
		{ExpectColumnProportionOfUniqueValuesToBeBetween("f", 0, 0.5), 2.0 / 3, false},
		{ExpectColumnMinToBeBetween("f", 1, 1), 1.0, true},
		// Nothing present: undefined statistics fail with null; counts are 0.
		{ExpectColumnMeanToBeBetween("empty", 0, 1), nil, false},
		{ExpectColumnMinToBeBetween("empty", 0, 1), nil, false},
		{ExpectColumnStdevToBeBetween("empty", 0, 1), nil, false},
		{ExpectColumnSumToBeBetween("empty", 0, 0), 0.0, true},
		{ExpectColumnUniqueValueCountToBeBetween("empty", 0, 0), int64(0), true},
		{ExpectColumnProportionOfUniqueValuesToBeBetween("empty", 0, 0), 0.0, true},
		// Strings and timestamps order naturally.
		{NewExpectation("expect_column_min_to_be_between", map[string]any{"column": "name", "min_value": "ALO", "max_value": "ALO"}), "ALO", true},
		{NewExpectation("expect_column_max_to_be_between", map[string]any{"column": "name", "max_value": "VER", "strict_max": true}), "VER", false},
		{NewExpectation("expect_column_max_to_be_between", map[string]any{"column": "t", "max_value": "2024-03-02T15:03:00Z"}), "2024-03-02T15:03:00Z", true},
		{NewExpectation("expect_column_min_to_be_between", map[string]any{"column": "t", "min_value": "2024-03-02T15:01:00.000001Z"}), "2024-03-02T15:01:00Z", false},
	} {
		r := run(t, rec, tc.e)
		if r.ExceptionInfo.RaisedException {
			t.Errorf("%s(%v): exception %s", tc.e.Type, tc.e.Kwargs, *r.ExceptionInfo.ExceptionMessage)
			continue
		}
		got := r.Result.ObservedValue
		if f, ok := got.(float64); ok {
			if w, ok := tc.observed.(float64); !ok || !approx(f, w) {
				t.Errorf("%s(%v): observed %v, want %v", tc.e.Type, tc.e.Kwargs, got, tc.observed)
			}
		} else if got != tc.observed {
			t.Errorf("%s(%v): observed %#v, want %#v", tc.e.Type, tc.e.Kwargs, got, tc.observed)
		}
		if r.Success != tc.success {
			t.Errorf("%s(%v): success %v, want %v", tc.e.Type, tc.e.Kwargs, r.Success, tc.success)
		}
		if !r.Result.Has("observed_value") || r.Result.Has("element_count") {
			t.Errorf("%s: aggregate result keys wrong: %v", tc.e.Type, resultJSON(t, r))
		}
	}
	r := run(t, rec, ExpectColumnMeanToBeBetween("name", 0, 1))
	if !r.ExceptionInfo.RaisedException {
		t.Error("mean of strings should raise")
	}
}

func TestQuantilesAndDistinctSets(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"x", i64(mem, 42, 4, nil, 16, 8, 23, 15)},
		col{"compound", str(mem, "SOFT", "MEDIUM", "SOFT", nil, "SOFT", "MEDIUM", nil)},
		col{"d", ts(mem, "2024-03-02T00:00:00Z", nil, nil, nil, nil, nil, "2024-03-03T00:00:00Z")},
	)
	defer rec.Release()
	// Sorted: 4 8 15 16 23 42. nearest: q·5 rounded half-even -> 0.25→1.25→8,
	// 0.5→2.5→15, 0.9→4.5→23.
	r := run(t, rec, ExpectColumnQuantileValuesToBeBetween("x",
		QuantileRange{0.25, 8, 8}, QuantileRange{0.5, 15, 15}, QuantileRange{0.9, 24, math.Inf(1)}))
	ov := r.Result.ObservedValue.(map[string]any)
	if !reflect.DeepEqual(ov["values"], []any{8.0, 15.0, 23.0}) || r.Success {
		t.Errorf("quantiles = %v success %v", ov, r.Success)
	}
	if !reflect.DeepEqual(r.Result.Details["success_details"], []any{true, true, false}) {
		t.Errorf("details = %v", r.Result.Details)
	}
	r = run(t, rec, ExpectColumnQuantileValuesToBeBetween("x", QuantileRange{0.9, 32.5, 32.5}).With("allow_relative_error", "linear"))
	if !r.Success {
		t.Errorf("linear 0.9 quantile = %v", r.Result.ObservedValue)
	}

	r = run(t, rec, ExpectColumnDistinctValuesToBeInSet("compound", "SOFT", "MEDIUM", "HARD"))
	if !r.Success || !reflect.DeepEqual(r.Result.ObservedValue, []any{"MEDIUM", "SOFT"}) {
		t.Errorf("in_set: %v %v", r.Success, r.Result.ObservedValue)
	}
	want := []any{map[string]any{"value": "MEDIUM", "count": int64(2)}, map[string]any{"value": "SOFT", "count": int64(3)}}
	if !reflect.DeepEqual(r.Result.Details["value_counts"], want) {
		t.Errorf("value_counts = %v", r.Result.Details["value_counts"])
	}
	if r := run(t, rec, ExpectColumnDistinctValuesToBeInSet("compound", "SOFT")); r.Success {
		t.Error("MEDIUM is not in {SOFT}")
	}
	if r := run(t, rec, ExpectColumnDistinctValuesToContainSet("compound", "SOFT", "HARD")); r.Success {
		t.Error("HARD does not occur")
	}
	if r := run(t, rec, ExpectColumnDistinctValuesToContainSet("compound", "SOFT")); !r.Success {
		t.Error("SOFT occurs")
	}
	if r := run(t, rec, ExpectColumnDistinctValuesToEqualSet("compound", "MEDIUM", "SOFT")); !r.Success {
		t.Error("equal set")
	}
	if r := run(t, rec, ExpectColumnDistinctValuesToEqualSet("x", 4, 8, 15, 16, 23)); r.Success {
		t.Error("42 is missing from the set")
	}
	// Date/time values are compared as instants.
	if r := run(t, rec, ExpectColumnDistinctValuesToEqualSet("d", "2024-03-02", "2024-03-03T00:00:00+00:00")); !r.Success {
		t.Errorf("timestamp equal set: %v", r.Result.ObservedValue)
	}
}
