package gold

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// opt is a value that may be null (OK false).
type opt[T any] struct {
	V  T
	OK bool
}

func some[T any](v T) opt[T] { return opt[T]{v, true} }

func none[T any]() opt[T] { return opt[T]{} }

// columns reads the cells of one silver batch by column name. It is
// tolerant of the physical types a scan may hand back (any integer width,
// large strings, any timestamp unit), and a column the batch does not have
// reads as null: silver adds columns over time and old files lack them.
type columns struct {
	rec arrow.RecordBatch
	idx map[string]int
}

func newColumns(rec arrow.RecordBatch) columns {
	idx := make(map[string]int, rec.NumCols())
	for i, f := range rec.Schema().Fields() {
		idx[f.Name] = i
	}
	return columns{rec: rec, idx: idx}
}

func (c columns) rows() int { return int(c.rec.NumRows()) }

func (c columns) arr(name string) arrow.Array {
	i, ok := c.idx[name]
	if !ok {
		return nil
	}
	return c.rec.Column(i)
}

// colReader reads one column; a missing column reads as null.
type colReader struct{ a arrow.Array }

func (c columns) col(name string) colReader { return colReader{c.arr(name)} }

func (r colReader) null(i int) bool { return r.a == nil || r.a.IsNull(i) }

func (r colReader) i64(i int) opt[int64] {
	if r.null(i) {
		return opt[int64]{}
	}
	switch a := r.a.(type) {
	case *array.Int64:
		return some(a.Value(i))
	case *array.Int32:
		return some(int64(a.Value(i)))
	case *array.Int16:
		return some(int64(a.Value(i)))
	case *array.Int8:
		return some(int64(a.Value(i)))
	case *array.Uint64:
		return some(int64(a.Value(i)))
	case *array.Uint32:
		return some(int64(a.Value(i)))
	case *array.Uint16:
		return some(int64(a.Value(i)))
	case *array.Uint8:
		return some(int64(a.Value(i)))
	case *array.Float64:
		return some(int64(a.Value(i)))
	}
	return opt[int64]{}
}

func (r colReader) i32(i int) opt[int32] {
	v := r.i64(i)
	return opt[int32]{int32(v.V), v.OK}
}

func (r colReader) int(i int) opt[int] {
	v := r.i64(i)
	return opt[int]{int(v.V), v.OK}
}

func (r colReader) f64(i int) opt[float64] {
	if r.null(i) {
		return opt[float64]{}
	}
	switch a := r.a.(type) {
	case *array.Float64:
		return some(a.Value(i))
	case *array.Float32:
		return some(float64(a.Value(i)))
	}
	v := r.i64(i)
	return opt[float64]{float64(v.V), v.OK}
}

func (r colReader) str(i int) opt[string] {
	if r.null(i) {
		return opt[string]{}
	}
	switch a := r.a.(type) {
	case *array.String:
		return some(a.Value(i))
	case *array.LargeString:
		return some(a.Value(i))
	case *array.StringView:
		return some(a.Value(i))
	}
	return opt[string]{}
}

func (r colReader) boolean(i int) opt[bool] {
	if r.null(i) {
		return opt[bool]{}
	}
	if a, ok := r.a.(*array.Boolean); ok {
		return some(a.Value(i))
	}
	return opt[bool]{}
}

// flag reads a boolean column, null as false.
func (r colReader) flag(i int) bool { v := r.boolean(i); return v.OK && v.V }

// ts reads a timestamp as microseconds since the epoch.
func (r colReader) ts(i int) opt[int64] {
	if r.null(i) {
		return opt[int64]{}
	}
	a, ok := r.a.(*array.Timestamp)
	if !ok {
		return opt[int64]{}
	}
	v := int64(a.Value(i))
	switch a.DataType().(*arrow.TimestampType).Unit {
	case arrow.Second:
		v *= 1_000_000
	case arrow.Millisecond:
		v *= 1000
	case arrow.Nanosecond:
		v /= 1000
	}
	return some(v)
}

// rowWriter appends one row to a record builder, field by field in schema
// order. Each helper checks the builder type so a schema/writer mismatch is
// an error, not a panic.
type rowWriter struct {
	b   *array.RecordBuilder
	i   int
	err error
}

func (w *rowWriter) next(want string) array.Builder {
	if w.i >= len(w.b.Fields()) {
		w.fail(fmt.Errorf("gold: row has more values than the schema has columns (%s)", want))
		return nil
	}
	f := w.b.Field(w.i)
	w.i++
	return f
}

func (w *rowWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *rowWriter) mismatch(want string) {
	w.fail(fmt.Errorf("gold: column %q is not %s", w.b.Schema().Field(w.i-1).Name, want))
}

func (w *rowWriter) i32(v opt[int32]) {
	b, ok := w.next("int32").(*array.Int32Builder)
	if !ok {
		w.mismatch("int32")
		return
	}
	if v.OK {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) int(v opt[int]) { w.i32(opt[int32]{int32(v.V), v.OK}) }

func (w *rowWriter) i64(v opt[int64]) {
	b, ok := w.next("int64").(*array.Int64Builder)
	if !ok {
		w.mismatch("int64")
		return
	}
	if v.OK {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) f64(v opt[float64]) {
	b, ok := w.next("float64").(*array.Float64Builder)
	if !ok {
		w.mismatch("float64")
		return
	}
	if v.OK {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) str(v opt[string]) {
	b, ok := w.next("string").(*array.StringBuilder)
	if !ok {
		w.mismatch("string")
		return
	}
	if v.OK {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) boolean(v bool) {
	b, ok := w.next("bool").(*array.BooleanBuilder)
	if !ok {
		w.mismatch("bool")
		return
	}
	b.Append(v)
}

func (w *rowWriter) optBool(v opt[bool]) {
	b, ok := w.next("bool").(*array.BooleanBuilder)
	if !ok {
		w.mismatch("bool")
		return
	}
	if v.OK {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) ts(v opt[int64]) {
	b, ok := w.next("timestamp").(*array.TimestampBuilder)
	if !ok {
		w.mismatch("timestamp")
		return
	}
	if v.OK {
		b.Append(arrow.Timestamp(v.V))
	} else {
		b.AppendNull()
	}
}

// end checks that the row filled every column.
func (w *rowWriter) end() {
	if w.err == nil && w.i != len(w.b.Fields()) {
		w.fail(fmt.Errorf("gold: row filled %d of %d columns", w.i, len(w.b.Fields())))
	}
	w.i = 0
}

// batchWriter builds one table's batch row by row.
type batchWriter struct {
	rb *array.RecordBuilder
	w  rowWriter
}

func newBatchWriter(b *Build, schema *arrow.Schema) *batchWriter {
	rb := array.NewRecordBuilder(b.mem, schema)
	return &batchWriter{rb: rb, w: rowWriter{b: rb}}
}

// row returns the writer for the next row; call end on it when done.
func (bw *batchWriter) row() *rowWriter { return &bw.w }

// finish returns the batch (owned by the caller) or the first write error.
func (bw *batchWriter) finish() (arrow.RecordBatch, error) {
	defer bw.rb.Release()
	if bw.w.err != nil {
		return nil, bw.w.err
	}
	return bw.rb.NewRecordBatch(), nil
}

func i32of(v int) opt[int32] { return some(int32(v)) }

func optI32(v opt[int]) opt[int32] { return opt[int32]{int32(v.V), v.OK} }

func strOrNull(s string) opt[string] { return opt[string]{s, s != ""} }
