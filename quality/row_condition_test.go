package quality

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// laps: an out-lap of 420 s and a 500 s lap flagged accurate (a real
// problem); the condition keeps rows 1, 2, 4 and 5 (row 3 has a null flag).
func conditionLaps(t *testing.T) arrow.RecordBatch {
	mem := checked(t)
	rec := batch(
		col{"lap_duration_ms", i64(mem, 420_000, 90_000, 95_000, 91_000, 500_000, nil)},
		col{"is_accurate", boolean(mem, false, true, true, nil, true, true)})
	t.Cleanup(rec.Release)
	return rec
}

func TestRowConditionRestrictsRows(t *testing.T) {
	rec := conditionLaps(t)
	between := ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000)
	all := run(t, rec, between, ValidateOptions{ResultFormat: ResultFormatComplete})
	wantMap(t, all, false, 6, 1, 2)

	for _, e := range []Expectation{
		between.RowCondition("is_accurate==True"),
		between.With("row_condition", `col("is_accurate")==True`).With("condition_parser", "great_expectations"),
		between.With("row_condition", "is_accurate == True"), // no parser: pandas
	} {
		r := run(t, rec, e, ValidateOptions{ResultFormat: ResultFormatComplete})
		// the 4 matching rows, one of them missing, one unexpected: row 4
		// of the batch
		wantMap(t, r, false, 4, 1, 1)
		if !slices.Equal(r.Result.UnexpectedIndexList, []int64{4}) || len(r.Result.UnexpectedList) != 1 || r.Result.UnexpectedList[0] != int64(500_000) {
			t.Errorf("%v: unexpected %v at %v", e.Kwargs["row_condition"], r.Result.UnexpectedList, r.Result.UnexpectedIndexList)
		}
	}
	// the other rows
	r := run(t, rec, between.RowCondition("is_accurate==False"))
	wantMap(t, r, false, 1, 0, 1)
	if !slices.Equal(r.Result.PartialUnexpectedIndexList, []int64{0}) {
		t.Errorf("index %v", r.Result.PartialUnexpectedIndexList)
	}
	// row_count sees the matching rows only
	if r := run(t, rec, ExpectTableRowCountToEqual(4).RowCondition("is_accurate==True")); !r.Success {
		t.Errorf("row count: %+v", r.Result)
	}
}

// TestRowConditionAcrossChunks: a table whose columns are chunked
// differently; matching runs straddle chunk boundaries.
func TestRowConditionAcrossChunks(t *testing.T) {
	mem := checked(t)
	d1, d2 := i64(mem, 1, 500, 3), i64(mem, 4, 600, 6, 700)
	f1, f2 := boolean(mem, true, true), boolean(mem, false, true, true, true, true)
	cv := arrow.NewChunked(arrow.PrimitiveTypes.Int64, []arrow.Array{d1, d2})
	cf := arrow.NewChunked(arrow.FixedWidthTypes.Boolean, []arrow.Array{f1, f2})
	for _, a := range []arrow.Array{d1, d2, f1, f2} {
		a.Release()
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64}, {Name: "ok", Type: arrow.FixedWidthTypes.Boolean}}, nil)
	colV, colF := arrow.NewColumn(schema.Field(0), cv), arrow.NewColumn(schema.Field(1), cf)
	cv.Release()
	cf.Release()
	tbl := array.NewTable(schema, []arrow.Column{*colV, *colF}, 7)
	colV.Release()
	colF.Release()
	defer tbl.Release()
	// rows 0,1 and 3..6 match; values 1 500 | 4 600 6 700
	res, err := NewSuite("t", ExpectColumnValuesToBeBetween("v", 0, 100).RowCondition("ok==True")).
		Validate(context.Background(), FromTable(tbl), ValidateOptions{ResultFormat: ResultFormatComplete})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Results[0]
	wantMap(t, r, false, 6, 0, 3)
	if !slices.Equal(r.Result.UnexpectedIndexList, []int64{1, 4, 6}) {
		t.Errorf("indices %v, want [1 4 6]", r.Result.UnexpectedIndexList)
	}
}

func TestRowConditionErrors(t *testing.T) {
	for _, e := range []Expectation{
		ExpectColumnValuesToNotBeNull("a").With("row_condition", `a > 1`),
		ExpectColumnValuesToNotBeNull("a").With("row_condition", `a==True & b==False`),
		ExpectColumnValuesToNotBeNull("a").With("row_condition", `col("a")==True`).With("condition_parser", "spark"),
		ExpectColumnValuesToNotBeNull("a").With("row_condition", 3),
	} {
		err := NewSuite("s", e).Check()
		var ke *KwargError
		if !errors.As(err, &ke) {
			t.Errorf("%v: error %v", e.Kwargs, err)
		}
	}
	// a condition column that is missing or not boolean is an exception
	rec := conditionLaps(t)
	for _, cond := range []string{"nope==True", "lap_duration_ms==True"} {
		r := run(t, rec, ExpectColumnValuesToNotBeNull("lap_duration_ms").RowCondition(cond))
		if r.Success || !r.ExceptionInfo.RaisedException {
			t.Errorf("%s: %+v", cond, r)
		}
	}
}

func TestRowConditionColumnsAndRename(t *testing.T) {
	s := NewSuite("s",
		ExpectColumnValuesToBeBetween("lap_duration_ms", 1, 2).RowCondition("is_accurate==True"),
		ExpectColumnValuesToBeBetween("lap_duration_ms", 1, 2).
			With("row_condition", `col("is_accurate")==False`).With("condition_parser", "great_expectations"))
	if got := s.Expectations[0].Columns(); !slices.Equal(got, []string{"lap_duration_ms", "is_accurate"}) {
		t.Errorf("columns %v", got)
	}
	s.RenameColumn("is_accurate", "accurate")
	if c := s.Expectations[0].Kwargs["row_condition"]; c != "accurate==True" {
		t.Errorf("renamed condition %v", c)
	}
	if c := s.Expectations[1].Kwargs["row_condition"]; c != `col("accurate")==False` {
		t.Errorf("renamed condition %v", c)
	}
	// GX JSON round trip keeps the condition
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseSuite(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Expectations[0].Kwargs["row_condition"] != "accurate==True" || back.Expectations[0].Kwargs["condition_parser"] != "pandas" {
		t.Errorf("round trip %v", back.Expectations[0].Kwargs)
	}
}
