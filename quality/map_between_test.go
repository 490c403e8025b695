package quality

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

func TestBetweenInclusiveStrictAndMissing(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"position", i64(mem, 1, 22, 0, 23, nil, 10)},
		col{"gap", f64(mem, 0.0, 1.5, math.NaN(), nil, 2.0, -0.1)},
	)
	defer rec.Release()

	// 5 non-missing positions; 0 and 23 outside [1, 22].
	r := run(t, rec, ExpectColumnValuesToBeBetween("position", 1, 22))
	wantMap(t, r, false, 6, 1, 2)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{2, 3}) {
		t.Errorf("index list = %v", r.Result.PartialUnexpectedIndexList)
	}
	if !approx(*r.Result.UnexpectedPercent, 40) || !approx(*r.Result.UnexpectedPercentTotal, 100*2.0/6) ||
		!approx(*r.Result.MissingPercent, 100.0/6) || *r.Result.UnexpectedPercentNonmissing != *r.Result.UnexpectedPercent {
		t.Errorf("percents = %v %v %v", *r.Result.UnexpectedPercent, *r.Result.UnexpectedPercentTotal, *r.Result.MissingPercent)
	}
	// strict_max excludes 22 as well.
	r = run(t, rec, ExpectColumnValuesToBeBetween("position", 1, 22).StrictMax())
	wantMap(t, r, false, 6, 1, 3)
	// Fractional bounds on an int column round inward: [0.5, 22.5] == [1, 22].
	r = run(t, rec, ExpectColumnValuesToBeBetween("position", 0.5, 22.5))
	wantMap(t, r, false, 6, 1, 2)
	// No upper bound.
	r = run(t, rec, ExpectColumnValuesToBeBetween("position", 1, math.Inf(1)))
	wantMap(t, r, false, 6, 1, 1)

	// Floats: NaN and null are missing (2), -0.1 is below 0.
	r = run(t, rec, ExpectColumnValuesToBeBetween("gap", 0, 2))
	wantMap(t, r, false, 6, 2, 1)
	// strict_min: 0.0 fails too.
	r = run(t, rec, ExpectColumnValuesToBeBetween("gap", 0, 2).StrictMin())
	wantMap(t, r, false, 6, 2, 2)
}

// mostly boundaries: 100 values, k of them unexpected.
func TestBetweenMostlyBoundaries(t *testing.T) {
	mem := checked(t)
	for _, tc := range []struct {
		unexpected int
		mostly     float64
		want       bool
	}{
		{1, 0.99, true},   // exactly 99% expected: passes (>=)
		{2, 0.99, false},  // 98%: fails
		{0, 0.99, true},   // 100%
		{1, 0.991, false}, // just above the observed 0.99
		{1, 0.989, true},  // just below
		{100, 0, true},    // mostly 0 always passes
		{0, 1, true},
		{1, 1, false},
	} {
		vals := make([]any, 100)
		for i := range vals {
			vals[i] = 90_000
			if i < tc.unexpected {
				vals[i] = 400_000
			}
		}
		vals = append(vals, nil, nil) // nulls do not count
		rec := batch(col{"lap_duration_ms", i64(mem, vals...)})
		r := run(t, rec, ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(tc.mostly))
		rec.Release()
		wantMap(t, r, tc.want, 102, 2, int64(tc.unexpected))
	}
}

func TestMapExpectationsOnEmptyAndAllNull(t *testing.T) {
	mem := checked(t)
	empty := batch(col{"x", i64(mem)}, col{"s", str(mem)})
	defer empty.Release()
	allNull := batch(col{"x", i64(mem, nil, nil, nil)}, col{"s", str(mem, nil, nil, nil)})
	defer allNull.Release()

	exps := []Expectation{
		ExpectColumnValuesToBeBetween("x", 1, 2),
		ExpectColumnValuesToBeInSet("x", 1),
		ExpectColumnValuesToBeUnique("x"),
		ExpectColumnValuesToMatchRegex("s", "^a$"),
		ExpectColumnValuesToBeIncreasing("x"),
		ExpectColumnValueLengthsToEqual("s", 3),
	}
	for _, e := range exps {
		// GX: vacuously true; percentages undefined (null).
		r := run(t, empty, e)
		wantMap(t, r, true, 0, 0, 0)
		m := resultJSON(t, r)
		for _, k := range []string{"unexpected_percent", "missing_percent", "unexpected_percent_total", "unexpected_percent_nonmissing"} {
			if v, ok := m[k]; !ok || v != nil {
				t.Errorf("%s on empty: %s = %v (present %v), want null", e.Type, k, v, ok)
			}
		}
		// All null: vacuously true, missing 100%, unexpected_percent null,
		// unexpected_percent_total 0.
		r = run(t, allNull, e)
		wantMap(t, r, true, 3, 3, 0)
		if r.Result.UnexpectedPercent != nil || *r.Result.MissingPercent != 100 || *r.Result.UnexpectedPercentTotal != 0 {
			t.Errorf("%s on all-null: %+v", e.Type, resultJSON(t, r))
		}
	}
	// not_be_null on empty: vacuously true, unexpected_percent null.
	r := run(t, empty, ExpectColumnValuesToNotBeNull("x"))
	wantMap(t, r, true, 0, -1, 0)
	if r.Result.UnexpectedPercent != nil {
		t.Error("unexpected_percent on empty should be null")
	}
}

func TestBetweenTimestampsStringsAndChunks(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"date_start", ts(mem, "2024-03-02T15:00:00Z", "2024-03-02T14:59:59.999999Z", nil, "2024-03-03T00:00:00Z")},
		col{"name", str(mem, "ALO", "VER", "alo", nil)},
	)
	defer rec.Release()
	r := run(t, rec, ExpectColumnValuesToBeBetween("date_start", math.Inf(-1), math.Inf(1)).
		With("min_value", "2024-03-02T15:00:00Z").With("max_value", "2024-03-02"))
	// max 2024-03-02 is midnight: all three present values are after it.
	wantMap(t, r, false, 4, 1, 3)
	r = run(t, rec, NewExpectation("expect_column_values_to_be_between", map[string]any{
		"column": "date_start", "min_value": "2024-03-02T15:00:00+00:00", "max_value": "2024-03-03"}))
	wantMap(t, r, false, 4, 1, 1)
	if r.Result.PartialUnexpectedList[0] != "2024-03-02T14:59:59.999999Z" {
		t.Errorf("timestamp rendered as %v", r.Result.PartialUnexpectedList[0])
	}
	// Strings compare by code point: "alo" > "Z".
	r = run(t, rec, NewExpectation("expect_column_values_to_be_between", map[string]any{"column": "name", "min_value": "A", "max_value": "Z"}))
	wantMap(t, r, false, 4, 1, 1)
	// A numeric bound on a timestamp column is an exception, not a panic.
	r = run(t, rec, ExpectColumnValuesToBeBetween("date_start", 0, 1))
	if r.Success || !r.ExceptionInfo.RaisedException {
		t.Errorf("numeric bound on timestamp: %+v", r.ExceptionInfo)
	}
}

func TestChunkedTable(t *testing.T) {
	mem := checked(t)
	// Column a in chunks of 2+3, column b in 4+1: row walking must align.
	a1, a2 := i64(mem, 1, 2), i64(mem, 3, nil, 50)
	b1, b2 := i64(mem, 0, 5, 1, 1), i64(mem, 100)
	ca := arrow.NewChunked(arrow.PrimitiveTypes.Int64, []arrow.Array{a1, a2})
	cb := arrow.NewChunked(arrow.PrimitiveTypes.Int64, []arrow.Array{b1, b2})
	for _, x := range []arrow.Array{a1, a2, b1, b2} {
		x.Release()
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64, Nullable: true}, {Name: "b", Type: arrow.PrimitiveTypes.Int64}}, nil)
	colA, colB := arrow.NewColumn(schema.Field(0), ca), arrow.NewColumn(schema.Field(1), cb)
	ca.Release()
	cb.Release()
	tbl := array.NewTable(schema, []arrow.Column{*colA, *colB}, 5)
	colA.Release()
	colB.Release()
	defer tbl.Release()

	s := NewSuite("chunked",
		ExpectColumnValuesToBeBetween("a", 1, 10),
		ExpectColumnPairValuesAToBeGreaterThanB("a", "b"),
		ExpectCompoundColumnsToBeUnique("b"),
	)
	res, err := s.Validate(context.Background(), FromTable(tbl), ValidateOptions{ResultFormat: ResultFormatComplete})
	if err != nil {
		t.Fatal(err)
	}
	// a: 1,2,3,null,50 -> 50 (row 4) out of range.
	wantMap(t, res.Results[0], false, 5, 1, 1)
	if res.Results[0].Result.UnexpectedIndexList[0] != 4 {
		t.Errorf("between index = %v", res.Results[0].Result.UnexpectedIndexList)
	}
	// a > b: 1>0 ok, 2>5 no, 3>1 ok, null vs 1 -> unexpected, 50>100 no.
	wantMap(t, res.Results[1], false, 5, 0, 3)
	if !slices.Equal(res.Results[1].Result.UnexpectedIndexList, []int64{1, 3, 4}) {
		t.Errorf("pair index = %v", res.Results[1].Result.UnexpectedIndexList)
	}
	// b: 0,5,1,1,100 -> rows 2 and 3 duplicate.
	if !slices.Equal(res.Results[2].Result.UnexpectedIndexList, []int64{2, 3}) {
		t.Errorf("compound index = %v", res.Results[2].Result.UnexpectedIndexList)
	}
}
