package quality

import (
	"math"
	"slices"
	"testing"
)

func TestInSet(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"compound", str(mem, "SOFT", "MEDIUM", "soft", nil, "HYPERSOFT", "SOFT")},
		col{"driver_number", i32(mem, 1, 44, 99, 100, nil, 1)},
		col{"big", i64(mem, 1, 1<<25, -(1 << 25), 7, 7, nil)},
		col{"rainfall", f64(mem, 0, 1, 0.5, math.NaN(), nil, 1)},
		col{"dnf", boolean(mem, true, false, nil, false, false, true)},
		col{"name", lstr(mem, "VER", "HAM", nil, "LEC", "VER", "ALO")},
	)
	defer rec.Release()

	r := run(t, rec, ExpectColumnValuesToBeInSet("compound", KnownCompounds()...))
	wantMap(t, r, false, 6, 1, 2) // "soft" (case matters) and HYPERSOFT
	if !slices.Equal(r.Result.PartialUnexpectedList, []any{"soft", "HYPERSOFT"}) {
		t.Errorf("partial list = %v", r.Result.PartialUnexpectedList)
	}
	// Dense int set (bitmap) on an int32 column.
	r = run(t, rec, ExpectColumnValuesToBeInSet("driver_number", 1, 44, 99))
	wantMap(t, r, false, 6, 1, 1)
	// Sparse int set (span > 2^20: a map) on int64; 1.0 matches 1 but 7.5
	// can never match, so both 7s are unexpected.
	r = run(t, rec, ExpectColumnValuesToBeInSet("big", 1<<25, -(1<<25), 1).With("value_set", []any{1 << 25, -(1 << 25), 1.0, 7.5}))
	wantMap(t, r, false, 6, 1, 2)
	// Floats: NaN is missing; 0.5 unexpected; ints in the set match floats.
	r = run(t, rec, ExpectColumnValuesToBeInSet("rainfall", 0, 1))
	wantMap(t, r, false, 6, 2, 1)
	r = run(t, rec, ExpectColumnValuesToBeInSet("dnf", false))
	wantMap(t, r, false, 6, 1, 2)
	r = run(t, rec, ExpectColumnValuesToNotBeInSet("name", "VER"))
	wantMap(t, r, false, 6, 1, 2)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{0, 4}) {
		t.Errorf("not_in_set index = %v", r.Result.PartialUnexpectedIndexList)
	}
	// Empty value_set: every present value is unexpected.
	r = run(t, rec, NewExpectation("expect_column_values_to_be_in_set", map[string]any{"column": "driver_number", "value_set": []any{}}))
	wantMap(t, r, false, 6, 1, 5)
}

func TestInt64SetRepresentations(t *testing.T) {
	dense := newInt64Set([]int64{-3, 0, 5})
	sparse := newInt64Set([]int64{math.MinInt64, 0, math.MaxInt64})
	if dense.bits == nil || sparse.m == nil {
		t.Fatal("expected a bitmap for a small span and a map for a huge one")
	}
	for _, x := range []int64{-4, -3, -2, 0, 5, 6, math.MaxInt64, math.MinInt64} {
		if got, want := dense.has(x), x == -3 || x == 0 || x == 5; got != want {
			t.Errorf("dense.has(%d) = %v", x, got)
		}
		if got, want := sparse.has(x), x == math.MinInt64 || x == 0 || x == math.MaxInt64; got != want {
			t.Errorf("sparse.has(%d) = %v", x, got)
		}
	}
}
