package quality

import (
	"reflect"
	"slices"
	"testing"
)

func TestValuesInOtherTable(t *testing.T) {
	mem := checked(t)
	laps := batch(col{"driver_number", i64(mem, 1, 44, 2, nil, 44, 99)})
	defer laps.Release()
	drivers := batch(col{"driver_number", i32(mem, 1, 44, 16)}, col{"number", f64(mem, 1, 2, 3)})
	defer drivers.Release()
	opts := ValidateOptions{OtherTables: map[string]Data{"drivers": FromRecordBatch(drivers)}}
	r := run(t, laps, ExpectColumnValuesToBeInOtherTable("driver_number", "drivers", "driver_number"), opts)
	wantMap(t, r, false, 6, 1, 2)
	if !slices.Equal(r.Result.PartialUnexpectedList, []any{int64(2), int64(99)}) {
		t.Errorf("unexpected = %v", r.Result.PartialUnexpectedList)
	}
	// int column looked up in a float column; other_column defaults to column.
	r = run(t, laps, NewExpectation(TypeValuesInOtherTable, map[string]any{"column": "driver_number", "other_table_name": "drivers"}).Mostly(0.6), opts)
	wantMap(t, r, true, 6, 1, 2)
	r = run(t, laps, ExpectColumnValuesToBeInOtherTable("driver_number", "drivers", "number"), opts)
	wantMap(t, r, false, 6, 1, 3)
	r = run(t, laps, ExpectColumnValuesToBeInOtherTable("driver_number", "drivers", "nope"), opts)
	if !r.ExceptionInfo.RaisedException {
		t.Error("missing other column should raise")
	}
}

func TestStintsNotOverlapping(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"session_key", i64(mem, 1, 1, 1, 1, 1, 1, 2, 2)},
		col{"driver_number", i64(mem, 44, 44, 44, 1, 1, 1, 44, 44)},
		// driver 44: 1-20, 21-40, 41-57 clean; driver 1: 1-20, 20-35 (shared
		// lap 20), 30-57 (overlaps 20-35); session 2: 1-10 and 5-8 nested.
		col{"lap_start", i64(mem, 21, 1, 41, 1, 20, 30, 1, 5)},
		col{"lap_end", i64(mem, 40, 20, 57, 20, 35, 57, 10, 8)},
	)
	defer rec.Release()
	r := run(t, rec, ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end"))
	wantMap(t, r, false, 8, 0, 5)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{3, 4, 5, 6, 7}) {
		t.Errorf("index = %v", r.Result.PartialUnexpectedIndexList)
	}
	if !reflect.DeepEqual(r.Result.PartialUnexpectedList[0], UnexpectedRow{
		Columns: []string{"session_key", "driver_number", "lap_start", "lap_end"},
		Values:  []any{int64(1), int64(1), int64(1), int64(20)}}) {
		t.Errorf("row = %#v", r.Result.PartialUnexpectedList[0])
	}
	// Sharing lap 20 is fine with allow_shared_boundary; 20-35 still
	// overlaps 30-57.
	r = run(t, rec, ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end").With("allow_shared_boundary", true))
	wantMap(t, r, false, 8, 0, 4)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{4, 5, 6, 7}) {
		t.Errorf("index = %v", r.Result.PartialUnexpectedIndexList)
	}
}

func TestIncreasingWithinGroups(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024, 2024, 2024, 2024)},
		col{"driver_number", i64(mem, 1, 16, 1, 16, 1, 16, 16)},
		col{"round", i64(mem, 2, 1, 1, 2, 3, 3, 4)},
		// driver 1 by round: 26, 44, 43 (drop at round 3); driver 16: 18, 18, 33, nil.
		col{"points", f64(mem, 44, 18, 26, 18, 43, 33, nil)},
	)
	defer rec.Release()
	e := ExpectColumnValuesToBeIncreasingWithinGroups("points", []string{"year", "driver_number"}, "round")
	r := run(t, rec, e)
	wantMap(t, r, false, 7, 1, 1)
	if r.Result.PartialUnexpectedIndexList[0] != 4 {
		t.Errorf("index = %v", r.Result.PartialUnexpectedIndexList)
	}
	r = run(t, rec, e.Strictly()) // 18 -> 18 for driver 16 also fails
	wantMap(t, r, false, 7, 1, 2)
}
