package quality

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Test helpers build small Arrow columns from Go literals; nil is a null.

type col struct {
	name string
	arr  arrow.Array
}

// fill fills b from Go literals — nil appends a null, any other value
// goes through add — and returns the array (the builder is released).
func fill[B array.Builder](b B, vals []any, add func(B, any)) arrow.Array {
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		add(b, v)
	}
	return b.NewArray()
}

func i64(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewInt64Builder(mem), vals, func(b *array.Int64Builder, v any) { b.Append(int64(v.(int))) })
}

func i32(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewInt32Builder(mem), vals, func(b *array.Int32Builder, v any) { b.Append(int32(v.(int))) })
}

func f64(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewFloat64Builder(mem), vals, func(b *array.Float64Builder, v any) {
		switch x := v.(type) {
		case int:
			b.Append(float64(x))
		case float64:
			b.Append(x)
		}
	})
}

func str(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewStringBuilder(mem), vals, func(b *array.StringBuilder, v any) { b.Append(v.(string)) })
}

func lstr(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewLargeStringBuilder(mem), vals, func(b *array.LargeStringBuilder, v any) { b.Append(v.(string)) })
}

func boolean(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewBooleanBuilder(mem), vals, func(b *array.BooleanBuilder, v any) { b.Append(v.(bool)) })
}

var tsType = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// ts takes RFC 3339 strings.
func ts(mem memory.Allocator, vals ...any) arrow.Array {
	return fill(array.NewTimestampBuilder(mem, tsType), vals, func(b *array.TimestampBuilder, v any) {
		t, err := time.Parse(time.RFC3339Nano, v.(string))
		if err != nil {
			panic(err)
		}
		b.Append(arrow.Timestamp(t.UnixMicro()))
	})
}

// batch assembles a record batch and releases the column arrays (the batch
// holds its own references). The caller releases the batch.
func batch(cols ...col) arrow.RecordBatch {
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	n := int64(0)
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.arr.DataType(), Nullable: true}
		arrs[i] = c.arr
		n = int64(c.arr.Len())
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, n)
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

// checked returns a checked allocator that must be back at zero when the
// test ends.
func checked(t *testing.T) *memory.CheckedAllocator {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

var fixedNow = func() time.Time { return time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC) }

// run validates one expectation against a batch and returns its result.
func run(t *testing.T, rec arrow.RecordBatch, e Expectation, opts ...ValidateOptions) ExpectationResult {
	t.Helper()
	var o ValidateOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	res, err := NewSuite("t", e).Validate(context.Background(), FromRecordBatch(rec), o)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if len(res.Results) != 1 {
		t.Fatalf("got %d results", len(res.Results))
	}
	return res.Results[0]
}

// resultJSON decodes the "result" object of r for key-level assertions.
func resultJSON(t *testing.T, r ExpectationResult) map[string]any {
	t.Helper()
	b, err := json.Marshal(r.Result)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func i64p(p *int64) int64 {
	if p == nil {
		return -999
	}
	return *p
}

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// wantMap asserts the counts of a column map result.
func wantMap(t *testing.T, r ExpectationResult, success bool, element, missing, unexpected int64) {
	t.Helper()
	if r.ExceptionInfo.RaisedException {
		t.Fatalf("exception: %s", *r.ExceptionInfo.ExceptionMessage)
	}
	if r.Success != success {
		t.Errorf("success = %v, want %v", r.Success, success)
	}
	d := r.Result
	if i64p(d.ElementCount) != element || i64p(d.UnexpectedCount) != unexpected {
		t.Errorf("element/unexpected = %d/%d, want %d/%d", i64p(d.ElementCount), i64p(d.UnexpectedCount), element, unexpected)
	}
	if missing >= 0 && i64p(d.MissingCount) != missing {
		t.Errorf("missing = %d, want %d", i64p(d.MissingCount), missing)
	}
}
