package quality

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestTableExpectations(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"session_key", i64(mem, 1, 2, 3)}, col{"driver_number", i64(mem, 1, 44, 16)}, col{"lap_number", i64(mem, 1, 1, 1)})
	defer rec.Release()
	other := batch(col{"driver_number", i64(mem, 1, 44)})
	defer other.Release()
	opts := ValidateOptions{OtherTables: map[string]Data{"drivers": FromRecordBatch(other)}}

	r := run(t, rec, ExpectColumnToExist("lap_number"))
	if !r.Success || len(resultJSON(t, r)) != 0 {
		t.Errorf("column_to_exist: %v %v", r.Success, resultJSON(t, r))
	}
	if r := run(t, rec, ExpectColumnToExist("lap_number").With("column_index", 1)); r.Success {
		t.Error("lap_number is at index 2")
	}
	if r := run(t, rec, ExpectColumnToExist("compound")); r.Success || r.ExceptionInfo.RaisedException {
		t.Error("a missing column fails without an exception")
	}

	r = run(t, rec, ExpectTableColumnsToMatchSet("lap_number", "session_key", "driver_number"))
	if !r.Success || !reflect.DeepEqual(r.Result.ObservedValue, []any{"session_key", "driver_number", "lap_number"}) {
		t.Errorf("match_set: %v", resultJSON(t, r))
	}
	r = run(t, rec, ExpectTableColumnsToMatchSet("session_key", "driver_number", "compound"))
	want := map[string]any{"mismatched": map[string]any{"unexpected": []any{"lap_number"}, "missing": []any{"compound"}}}
	if r.Success || !reflect.DeepEqual(r.Result.Details, want) ||
		!reflect.DeepEqual(r.Result.ObservedValue, []any{"driver_number", "lap_number", "session_key"}) {
		t.Errorf("match_set mismatch: %v", resultJSON(t, r))
	}
	if r := run(t, rec, ExpectTableColumnsToMatchSet("session_key").With("exact_match", false)); !r.Success {
		t.Error("subset with exact_match=false should pass")
	}
	r = run(t, rec, ExpectTableColumnsToMatchOrderedList("session_key", "lap_number", "driver_number"))
	mm := r.Result.Details["mismatched"].([]any)
	if r.Success || len(mm) != 2 || mm[0].(map[string]any)["Expected Column Position"] != int64(1) {
		t.Errorf("ordered list: %v", resultJSON(t, r))
	}
	if r := run(t, rec, ExpectTableColumnsToMatchOrderedList("session_key", "driver_number", "lap_number")); !r.Success {
		t.Error("ordered list should match")
	}
	if r := run(t, rec, ExpectTableColumnCountToEqual(3)); !r.Success || r.Result.ObservedValue != int64(3) {
		t.Error("column count")
	}
	if r := run(t, rec, ExpectTableColumnCountToBeBetween(4, 10)); r.Success {
		t.Error("column count between")
	}
	if r := run(t, rec, ExpectTableRowCountToBeBetween(1, 3)); !r.Success || r.Result.ObservedValue != int64(3) {
		t.Error("row count between")
	}
	if r := run(t, rec, ExpectTableRowCountToBeBetween(1, 3).StrictMax()); r.Success {
		t.Error("strict row count")
	}
	if r := run(t, rec, ExpectTableRowCountToEqual(4)); r.Success {
		t.Error("row count equal")
	}
	r = run(t, rec, ExpectTableRowCountToEqualOtherTable("drivers"), opts)
	if r.Success || !reflect.DeepEqual(r.Result.ObservedValue, map[string]any{"self": int64(3), "other": int64(2)}) {
		t.Errorf("other table: %v", resultJSON(t, r))
	}
	r = run(t, rec, ExpectTableRowCountToEqualOtherTable("results"), opts)
	if r.Success || !r.ExceptionInfo.RaisedException || !strings.Contains(*r.ExceptionInfo.ExceptionMessage, `"results"`) {
		t.Errorf("missing other table: %+v", r.ExceptionInfo)
	}
	r = run(t, rec, ExpectColumnValuesToBeOfType("driver_number", "int64"))
	if !r.Success || r.Result.ObservedValue != "int64" {
		t.Errorf("of_type: %v", resultJSON(t, r))
	}
	if r := run(t, rec, ExpectColumnValuesToBeOfType("driver_number", "string")); r.Success {
		t.Error("int64 is not a string")
	}
}

func TestMissingColumnIsAnException(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"a", i64(mem, 1)})
	defer rec.Release()
	s := NewSuite("s", ExpectColumnValuesToNotBeNull("lap_duration_ms"), ExpectColumnValuesToNotBeNull("a"),
		ExpectCompoundColumnsToBeUnique("a", "b"), ExpectColumnPairValuesToBeEqual("x", "a"))
	res, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Success || res.Statistics.UnsuccessfulExpectations != 3 || *res.Statistics.SuccessPercent != 25 {
		t.Errorf("statistics = %+v", res.Statistics)
	}
	for _, i := range []int{0, 2, 3} {
		ei := res.Results[i].ExceptionInfo
		if !ei.RaisedException || !strings.Contains(*ei.ExceptionMessage, ErrColumnNotFound.Error()) {
			t.Errorf("result %d: %+v", i, ei)
		}
	}
	if !strings.Contains(*res.Results[0].ExceptionInfo.ExceptionMessage, `"lap_duration_ms" (have [a])`) {
		t.Errorf("message = %s", *res.Results[0].ExceptionInfo.ExceptionMessage)
	}
}

func TestValidateContextAndOptions(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"a", i64(mem, 1)})
	defer rec.Release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewSuite("s", ExpectColumnValuesToNotBeNull("a")).Validate(ctx, FromRecordBatch(rec), ValidateOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	_, err = NewSuite("s").Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{ResultFormat: "VERBOSE"})
	if err == nil {
		t.Error("bad result format accepted")
	}
	res, err := NewSuite("s").Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{})
	if err != nil || !res.Success || res.Statistics.SuccessPercent != nil {
		t.Errorf("empty suite: %+v %v", res.Statistics, err)
	}
}
