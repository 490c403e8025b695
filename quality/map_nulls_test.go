package quality

import (
	"math"
	"slices"
	"testing"
)

func TestNotNullCountsNullsAndNaN(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"lap_duration", f64(mem, 91.2, nil, math.NaN(), 93.0, nil)},
		col{"driver_number", i64(mem, 1, nil, 44, 16, 81)},
	)
	defer rec.Release()

	// 3 of 5 lap durations are missing (two nulls, one NaN).
	r := run(t, rec, ExpectColumnValuesToNotBeNull("lap_duration"))
	wantMap(t, r, false, 5, -1, 3)
	if got := r.Result.PartialUnexpectedIndexList; !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("index list = %v", got)
	}
	if want := []any{nil, nil, nil}; !slices.Equal(r.Result.PartialUnexpectedList, want) {
		t.Errorf("partial list = %v", r.Result.PartialUnexpectedList)
	}
	// Denominator is all rows: 2 of 5 present = 0.4.
	if !approx(*r.Result.UnexpectedPercent, 60) {
		t.Errorf("unexpected_percent = %v, want 60", *r.Result.UnexpectedPercent)
	}
	m := resultJSON(t, r)
	for _, k := range []string{"missing_count", "missing_percent", "unexpected_percent_total", "unexpected_percent_nonmissing"} {
		if _, ok := m[k]; ok {
			t.Errorf("not_be_null result has %s; GX omits missing_* here", k)
		}
	}
	if r := run(t, rec, ExpectColumnValuesToNotBeNull("lap_duration").Mostly(0.4)); !r.Success {
		t.Error("mostly 0.4 with 2/5 present should pass")
	}
	if r := run(t, rec, ExpectColumnValuesToNotBeNull("lap_duration").Mostly(0.41)); r.Success {
		t.Error("mostly 0.41 with 2/5 present should fail")
	}

	r = run(t, rec, ExpectColumnValuesToNotBeNull("driver_number"))
	wantMap(t, r, false, 5, -1, 1)

	// be_null: NaN counts as null, so unexpected are the 2 real values.
	r = run(t, rec, ExpectColumnValuesToBeNull("lap_duration"))
	wantMap(t, r, false, 5, -1, 2)
	if !slices.Equal(r.Result.PartialUnexpectedList, []any{91.2, 93.0}) {
		t.Errorf("be_null partial list = %v", r.Result.PartialUnexpectedList)
	}
}

func TestNotNullLimitsCollectedRows(t *testing.T) {
	mem := checked(t)
	vals := make([]any, 100)
	for i := range vals {
		if i%2 == 0 {
			vals[i] = nil
		} else {
			vals[i] = i
		}
	}
	rec := batch(col{"x", i64(mem, vals...)})
	defer rec.Release()
	r := run(t, rec, ExpectColumnValuesToNotBeNull("x"))
	wantMap(t, r, false, 100, -1, 50)
	if len(r.Result.PartialUnexpectedIndexList) != 20 || r.Result.PartialUnexpectedIndexList[19] != 38 {
		t.Errorf("partial index list = %v", r.Result.PartialUnexpectedIndexList)
	}
	r = run(t, rec, ExpectColumnValuesToNotBeNull("x"), ValidateOptions{ResultFormat: ResultFormatComplete})
	if len(r.Result.UnexpectedIndexList) != 50 || r.Result.UnexpectedIndexList[49] != 98 {
		t.Errorf("complete index list has %d entries", len(r.Result.UnexpectedIndexList))
	}
}
