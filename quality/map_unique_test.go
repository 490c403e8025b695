package quality

import (
	"math"
	"slices"
	"testing"
)

func TestUnique(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"i", i64(mem, 1, 1, 2, nil, nil, 3)},
		col{"f", f64(mem, 1.5, math.NaN(), math.NaN(), 2.5, 1.5, 0)},
		col{"s", str(mem, "a", "b", "a", "a", nil, "c")},
		col{"b", boolean(mem, true, false, nil, nil, nil, nil)},
	)
	defer rec.Release()
	// Every occurrence of a repeated value is unexpected; nulls are skipped.
	r := run(t, rec, ExpectColumnValuesToBeUnique("i"))
	wantMap(t, r, false, 6, 2, 2)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{0, 1}) {
		t.Errorf("index = %v", r.Result.PartialUnexpectedIndexList)
	}
	r = run(t, rec, ExpectColumnValuesToBeUnique("f")) // NaN is missing, not a duplicate
	wantMap(t, r, false, 6, 2, 2)
	r = run(t, rec, ExpectColumnValuesToBeUnique("s"))
	wantMap(t, r, false, 6, 1, 3)
	r = run(t, rec, ExpectColumnValuesToBeUnique("b"))
	wantMap(t, r, true, 6, 4, 0)
	// mostly: 3 of 5 strings unexpected -> 40% expected.
	if r := run(t, rec, ExpectColumnValuesToBeUnique("s").Mostly(0.4)); !r.Success {
		t.Error("mostly 0.4 should pass")
	}
}

func TestIncreasingDecreasing(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"lap", i64(mem, 1, 2, 2, nil, 1, 5)},
		col{"t", ts(mem, "2024-03-02T15:00:00Z", "2024-03-02T15:01:00Z", nil, "2024-03-02T14:00:00Z", "2024-03-02T16:00:00Z", "2024-03-02T16:00:00Z")},
		col{"x", f64(mem, 3, math.NaN(), 2, 2, 1, 4)},
	)
	defer rec.Release()
	// Compared with the previous non-missing value: 1,2,2,1,5 -> only 1 (row 4) drops.
	r := run(t, rec, ExpectColumnValuesToBeIncreasing("lap"))
	wantMap(t, r, false, 6, 1, 1)
	if r.Result.PartialUnexpectedIndexList[0] != 4 {
		t.Errorf("index = %v", r.Result.PartialUnexpectedIndexList)
	}
	r = run(t, rec, ExpectColumnValuesToBeIncreasing("lap").Strictly())
	wantMap(t, r, false, 6, 1, 2)
	r = run(t, rec, ExpectColumnValuesToBeIncreasing("t"))
	wantMap(t, r, false, 6, 1, 1)
	// x without NaN: 3,2,2,1,4 decreasing except 4; strictly also 2 == 2.
	r = run(t, rec, ExpectColumnValuesToBeDecreasing("x"))
	wantMap(t, r, false, 6, 1, 1)
	r = run(t, rec, ExpectColumnValuesToBeDecreasing("x").Strictly())
	wantMap(t, r, false, 6, 1, 2)
}
