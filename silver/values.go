package silver

import (
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// nullable is a value that may be null (Valid false).
type nullable[T any] struct {
	V     T
	Valid bool
}

func some[T any](v T) nullable[T] { return nullable[T]{v, true} }

func nonZero[T comparable](v T) nullable[T] {
	var zero T
	return nullable[T]{v, v != zero}
}

// rowWriter appends one row to a record builder, field by field in schema
// order.
type rowWriter struct {
	b *array.RecordBuilder
	i int
}

func (w *rowWriter) next() array.Builder {
	f := w.b.Field(w.i)
	w.i++
	return f
}

func (w *rowWriter) i32(v nullable[int32]) {
	b := w.next().(*array.Int32Builder)
	if v.Valid {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) i64(v nullable[int64]) {
	b := w.next().(*array.Int64Builder)
	if v.Valid {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) f64(v nullable[float64]) {
	b := w.next().(*array.Float64Builder)
	if v.Valid {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) str(v nullable[string]) {
	b := w.next().(*array.StringBuilder)
	if v.Valid {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) boolean(v nullable[bool]) {
	b := w.next().(*array.BooleanBuilder)
	if v.Valid {
		b.Append(v.V)
	} else {
		b.AppendNull()
	}
}

// ts appends a timestamp given in µs since the epoch.
func (w *rowWriter) ts(v nullable[int64]) {
	b := w.next().(*array.TimestampBuilder)
	if v.Valid {
		b.Append(arrow.Timestamp(v.V))
	} else {
		b.AppendNull()
	}
}

func (w *rowWriter) list(v intList) {
	b := w.next().(*array.ListBuilder)
	if !v.present {
		b.AppendNull()
		return
	}
	b.Append(true)
	vb := b.ValueBuilder().(*array.Int32Builder)
	for i, x := range v.vals {
		if v.ok[i] {
			vb.Append(x)
		} else {
			vb.AppendNull()
		}
	}
}

// keys appends the year, meeting_key, session_key columns.
func (w *rowWriter) keys(s *scope, meetingKey int32) {
	w.i32(some(int32(s.year)))
	w.i32(some(meetingKey))
	w.i32(some(int32(s.sessionKey)))
}

// done checks that every field got a value (a programming error otherwise).
func (w *rowWriter) done() {
	if w.i != w.b.Schema().NumFields() {
		panic(fmt.Sprintf("silver: row wrote %d of %d fields of %v", w.i, w.b.Schema().NumFields(), w.b.Schema()))
	}
}

type intList struct {
	vals    []int32
	ok      []bool
	present bool
}

// rowReader reads typed values of one bronze row and remembers the first
// value that does not fit its silver column, so the row can be rejected
// with a precise reason.
type rowReader struct {
	t    *bronzeRows
	ord  int
	code string // ReasonInvalidValue or ReasonMissingValue once a problem is found
	why  string
}

func (t *bronzeRows) row(ord int) *rowReader { return &rowReader{t: t, ord: ord} }

func (r *rowReader) fail(code, format string, args ...any) {
	if r.code == "" {
		r.code, r.why = code, fmt.Sprintf(format, args...)
	}
}

func (r *rowReader) ok() bool { return r.code == "" }

// i32 reads an integer column that must fit int32.
func (r *rowReader) i32(name string) nullable[int32] {
	v, ok := r.t.int64At(r.ord, r.t.col(name))
	if !ok {
		return nullable[int32]{}
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		r.fail(ReasonInvalidValue, "%s = %d is out of the int32 range", name, v)
		return nullable[int32]{}
	}
	return some(int32(v))
}

// reqI32 is i32 for a column silver requires.
func (r *rowReader) reqI32(name string) int32 {
	v := r.i32(name)
	if !v.Valid && r.code == "" {
		r.fail(ReasonMissingValue, "%s is null", name)
	}
	return v.V
}

func (r *rowReader) f64(name string) nullable[float64] {
	v, ok := r.t.float64At(r.ord, r.t.col(name))
	return nullable[float64]{v, ok}
}

// ms reads a duration in seconds as integer milliseconds.
func (r *rowReader) ms(name string) nullable[int64] {
	v, ok := r.t.float64At(r.ord, r.t.col(name))
	if !ok {
		return nullable[int64]{}
	}
	m, ok := secondsToMS(v)
	if !ok {
		r.fail(ReasonInvalidValue, "%s = %v seconds does not fit integer milliseconds", name, v)
	}
	return nullable[int64]{m, ok}
}

// str reads a string, trimmed; empty strings read as null.
func (r *rowReader) str(name string) nullable[string] {
	v, ok := r.t.stringAt(r.ord, r.t.col(name))
	if !ok {
		return nullable[string]{}
	}
	v = strings.TrimSpace(v)
	return nullable[string]{v, v != ""}
}

func (r *rowReader) boolean(name string) nullable[bool] {
	v, ok := r.t.boolAt(r.ord, r.t.col(name))
	return nullable[bool]{v, ok}
}

// ts reads a timestamp as µs since the epoch.
func (r *rowReader) ts(name string) nullable[int64] {
	v, ok := r.t.timeAt(r.ord, r.t.col(name))
	return nullable[int64]{v, ok}
}

func (r *rowReader) reqTS(name string) int64 {
	v := r.ts(name)
	if !v.Valid {
		r.fail(ReasonMissingValue, "%s is null", name)
	}
	return v.V
}

func (r *rowReader) list(name string) intList {
	vals, ok, present := r.t.intListAt(r.ord, r.t.col(name))
	return intList{vals, ok, present}
}

// raw reads a union column's raw JSON text.
func (r *rowReader) raw(name string) (string, bool) {
	return r.t.stringAt(r.ord, r.t.col(name))
}

// secondsToMS converts seconds to integer milliseconds, rounding to the
// nearest millisecond (OpenF1 times have millisecond precision; the float
// text may carry artefacts such as 82.15899999999999).
func secondsToMS(s float64) (int64, bool) {
	if math.IsNaN(s) || math.IsInf(s, 0) || math.Abs(s) > 1e12 {
		return 0, false
	}
	return int64(math.Round(s * 1000)), true
}

// roundMS rounds seconds to the millisecond.
func roundMS(s float64) float64 { return math.Round(s*1000) / 1000 }

// byPosition orders classification rows: classified (non-null position)
// first, by position, then the rest; ties by driver number.
func byPosition(aPos nullable[int32], aDriver int32, cPos nullable[int32], cDriver int32) int {
	if aPos.Valid != cPos.Valid {
		if aPos.Valid {
			return -1
		}
		return 1
	}
	if aPos.V != cPos.V {
		return int(aPos.V - cPos.V)
	}
	return int(aDriver - cDriver)
}
