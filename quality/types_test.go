package quality

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// typedColumn builds the values 1, 2, null, 200 (or the type's closest
// equivalent) in an Arrow type.
func typedColumn(mem memory.Allocator, dt arrow.DataType) arrow.Array {
	b := array.NewBuilder(mem, dt)
	defer b.Release()
	for i, v := range []int{1, 2, 0, 200} {
		if i == 2 {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.Int8Builder:
			bb.Append(int8(min(v, 127)))
		case *array.Int16Builder:
			bb.Append(int16(v))
		case *array.Int32Builder:
			bb.Append(int32(v))
		case *array.Uint8Builder:
			bb.Append(uint8(v))
		case *array.Uint16Builder:
			bb.Append(uint16(v))
		case *array.Uint32Builder:
			bb.Append(uint32(v))
		case *array.Uint64Builder:
			bb.Append(uint64(v))
		case *array.Float32Builder:
			bb.Append(float32(v))
		case *array.DurationBuilder:
			bb.Append(arrow.Duration(v))
		case *array.Date32Builder:
			bb.Append(arrow.Date32(v)) // days after 1970-01-01
		case *array.Date64Builder:
			bb.Append(arrow.Date64(int64(v) * 86_400_000))
		case *array.LargeStringBuilder:
			bb.Append(string(rune('a' + v%26)))
		case *array.StringViewBuilder:
			bb.Append(string(rune('a' + v%26)))
		}
	}
	return b.NewArray()
}

func TestArrowTypes(t *testing.T) {
	mem := checked(t)
	types := []arrow.DataType{arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32,
		arrow.PrimitiveTypes.Uint8, arrow.PrimitiveTypes.Uint16, arrow.PrimitiveTypes.Uint32, arrow.PrimitiveTypes.Uint64,
		arrow.PrimitiveTypes.Float32, arrow.FixedWidthTypes.Duration_ms, arrow.FixedWidthTypes.Date32, arrow.FixedWidthTypes.Date64}
	for _, dt := range types {
		arr := typedColumn(mem, dt)
		rec := batch(col{"v", arr})
		e := ExpectColumnValuesToBeBetween("v", 1, 100)
		if isTemporal(dt) {
			e = NewExpectation("expect_column_values_to_be_between", map[string]any{"column": "v", "min_value": "1970-01-02", "max_value": "1970-04-10"})
		}
		// 1, 2 inside; 200 (127 for int8) outside; one null.
		wantMap(t, run(t, rec, e), false, 4, 1, 1)
		wantMap(t, run(t, rec, ExpectColumnValuesToNotBeNull("v")), false, 4, -1, 1)
		r := run(t, rec, ExpectColumnValuesToBeUnique("v"))
		wantMap(t, r, true, 4, 1, 0)
		mx := run(t, rec, ExpectColumnMaxToBeBetween("v", 0, 1000).With("min_value", nil).With("max_value", nil).With("max_value", maxBound(dt)))
		if !mx.Success {
			t.Errorf("%s: max = %v (%v)", dt, mx.Result.ObservedValue, mx.ExceptionInfo.ExceptionMessage)
		}
		rec.Release()
	}
	for _, dt := range []arrow.DataType{arrow.BinaryTypes.LargeString, arrow.BinaryTypes.StringView} {
		rec := batch(col{"v", typedColumn(mem, dt)})
		wantMap(t, run(t, rec, ExpectColumnValuesToBeInSet("v", "b", "c")), false, 4, 1, 1)
		wantMap(t, run(t, rec, ExpectColumnValuesToMatchRegex("v", "^[bc]$")), false, 4, 1, 1)
		wantMap(t, run(t, rec, ExpectCompoundColumnsToBeUnique("v")), true, 4, 1, 0)
		rec.Release()
	}
}

func maxBound(dt arrow.DataType) any {
	if isTemporal(dt) {
		return "1970-07-20"
	}
	return int64(1000)
}

func TestRenderedValues(t *testing.T) {
	mem := checked(t)
	nullArr := array.NewNull(4)
	rec := batch(
		col{"d32", typedColumn(mem, arrow.FixedWidthTypes.Date32)},
		col{"f32", typedColumn(mem, arrow.PrimitiveTypes.Float32)},
		col{"inf", f64(mem, math.Inf(1), 1, nil, math.Inf(-1))},
		col{"u64", typedColumn(mem, arrow.PrimitiveTypes.Uint64)},
		col{"nothing", nullArr},
		col{"pair", f64(mem, 1.5, math.Copysign(0, -1), nil, 0.0)},
	)
	defer rec.Release()
	r := run(t, rec, ExpectColumnValuesToBeInSet("d32", "1970-01-02"), ValidateOptions{ResultFormat: ResultFormatComplete})
	if !reflect.DeepEqual(r.Result.UnexpectedList, []any{"1970-01-03", "1970-07-20"}) {
		t.Errorf("date32 values = %v", r.Result.UnexpectedList)
	}
	r = run(t, rec, ExpectColumnValuesToBeBetween("inf", 0, 10), ValidateOptions{ResultFormat: ResultFormatComplete})
	if !reflect.DeepEqual(r.Result.UnexpectedList, []any{"Infinity", "-Infinity"}) {
		t.Errorf("inf values = %v", r.Result.UnexpectedList)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("infinite values must still marshal: %v", err)
	}
	r = run(t, rec, ExpectColumnValuesToBeInSet("u64", 1, 2), ValidateOptions{ResultFormat: ResultFormatComplete})
	if !reflect.DeepEqual(r.Result.UnexpectedList, []any{uint64(200)}) {
		t.Errorf("uint64 values = %v", r.Result.UnexpectedList)
	}
	// The Arrow null type: every value missing.
	wantMap(t, run(t, rec, ExpectColumnValuesToNotBeNull("nothing")), false, 4, -1, 4)
	wantMap(t, run(t, rec, ExpectColumnValuesToBeNull("nothing")), true, 4, -1, 0)
	wantMap(t, run(t, rec, ExpectColumnValuesToBeBetween("nothing", 0, 1)), true, 4, 4, 0)
	// -0.0 and 0.0 are the same key, as in pandas.
	wantMap(t, run(t, rec, ExpectCompoundColumnsToBeUnique("pair")), false, 4, 1, 2)
}

func TestTimeBoundRounding(t *testing.T) {
	day := &arrow.Date32Type{}
	sec := &arrow.TimestampType{Unit: arrow.Second}
	for _, tc := range []struct {
		in   string
		dt   arrow.DataType
		ceil bool
		want int64
		ok   bool
	}{
		{"1970-01-02", day, true, 1, true},
		{"1970-01-02T12:00:00Z", day, true, 2, false},
		{"1970-01-02T12:00:00Z", day, false, 1, false},
		{"1969-12-31T12:00:00Z", day, false, -1, false},
		{"1970-01-01T00:00:01.5Z", sec, true, 2, false},
		{"1970-01-01T00:00:01.5Z", sec, false, 1, false},
		{"1970-01-01T01:00:00+01:00", sec, false, 0, true},
	} {
		tm, err := parseTime(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := timeToUnit(tm, tc.dt, tc.ceil); got != tc.want || ok != tc.ok {
			t.Errorf("%s %s ceil=%v: %d %v, want %d %v", tc.in, tc.dt, tc.ceil, got, ok, tc.want, tc.ok)
		}
	}
	if _, err := parseTime("yesterday"); err == nil {
		t.Error("parsed nonsense")
	}
}
