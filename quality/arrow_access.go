package quality

import (
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
)

// valueClass groups Arrow types by how checks read them.
type valueClass uint8

const (
	classUnsupported valueClass = iota
	classInt                    // int8..int64, uint8..uint32, timestamp, date32/64, duration
	classFloat                  // float32, float64, uint64 (as float64, exact up to 2^53)
	classString                 // string, large_string, string_view
	classBool
	classNull // arrow null type: every value missing
)

func classOf(dt arrow.DataType) valueClass {
	switch dt.ID() {
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32,
		arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64, arrow.DURATION:
		return classInt
	case arrow.FLOAT32, arrow.FLOAT64, arrow.UINT64:
		return classFloat
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return classString
	case arrow.BOOL:
		return classBool
	case arrow.NULL:
		return classNull
	}
	return classUnsupported
}

func typeName(dt arrow.DataType) string {
	if dt == nil {
		return "count"
	}
	return dt.String()
}

// validity reads an array's null bitmap. A nil bitmap means all valid.
type validity struct {
	bm  []byte
	off int
}

func validityOf(arr arrow.Array) validity {
	if arr.NullN() == 0 {
		return validity{}
	}
	return validity{bm: arr.NullBitmapBytes(), off: arr.Data().Offset()}
}

func (v validity) ok(i int) bool { return v.bm == nil || bitutil.BitIsSet(v.bm, v.off+i) }

// runLen is the granularity at which kernels test validity in bulk.
const runLen = 64

// allValid reports whether the n values from chunk index i are all valid
// (one popcount for a run instead of a bitmap test per value).
func (v validity) allValid(i, n int) bool {
	return v.bm == nil || bitutil.CountSetBits(v.bm, v.off+i, n) == n
}

// allMissing reports a chunk whose every value is null (including the
// Arrow null type, which has no bitmap).
func allMissing(arr arrow.Array) bool { return arr.NullN() == arr.Len() }

const blockLen = 1024

// int64Blocks calls fn with the values of an integer-like chunk as int64
// slices: int64-backed types are passed whole without copying, narrower
// ones are widened block by block into scratch. start is the chunk index of
// vals[0]. It reports false for other types.
func int64Blocks(arr arrow.Array, scratch *[blockLen]int64, fn func(start int, vals []int64)) bool {
	switch a := arr.(type) {
	case *array.Int64:
		fn(0, a.Int64Values())
	case *array.Timestamp:
		fn(0, castInt64(a.TimestampValues()))
	case *array.Date64:
		fn(0, castInt64(a.Date64Values()))
	case *array.Duration:
		fn(0, castInt64(a.DurationValues()))
	case *array.Int32:
		widenInt(a.Int32Values(), scratch, fn)
	case *array.Date32:
		widenInt(a.Date32Values(), scratch, fn)
	case *array.Int16:
		widenInt(a.Int16Values(), scratch, fn)
	case *array.Int8:
		widenInt(a.Int8Values(), scratch, fn)
	case *array.Uint32:
		widenInt(a.Uint32Values(), scratch, fn)
	case *array.Uint16:
		widenInt(a.Uint16Values(), scratch, fn)
	case *array.Uint8:
		widenInt(a.Uint8Values(), scratch, fn)
	default:
		return false
	}
	return true
}

func castInt64[T ~int64](v []T) []int64 {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}

func widenInt[T ~int8 | ~int16 | ~int32 | ~uint8 | ~uint16 | ~uint32](src []T, scratch *[blockLen]int64, fn func(int, []int64)) {
	for start := 0; start < len(src); start += blockLen {
		end := min(start+blockLen, len(src))
		dst := scratch[:end-start]
		for i, v := range src[start:end] {
			dst[i] = int64(v)
		}
		fn(start, dst)
	}
}

// float64Blocks is int64Blocks for float-like chunks (float64 whole,
// float32 and uint64 widened).
func float64Blocks(arr arrow.Array, scratch *[blockLen]float64, fn func(start int, vals []float64)) bool {
	switch a := arr.(type) {
	case *array.Float64:
		fn(0, a.Float64Values())
	case *array.Float32:
		widenFloat(a.Float32Values(), scratch, fn)
	case *array.Uint64:
		widenFloat(a.Uint64Values(), scratch, fn)
	default:
		return false
	}
	return true
}

func widenFloat[T ~float32 | ~uint64](src []T, scratch *[blockLen]float64, fn func(int, []float64)) {
	for start := 0; start < len(src); start += blockLen {
		end := min(start+blockLen, len(src))
		dst := scratch[:end-start]
		for i, v := range src[start:end] {
			dst[i] = float64(v)
		}
		fn(start, dst)
	}
}

// stringArray is what string-like Arrow arrays have in common.
type stringArray interface {
	arrow.Array
	Value(int) string
}

func asStrings(arr arrow.Array) (stringArray, bool) {
	switch a := arr.(type) {
	case *array.String:
		return a, true
	case *array.LargeString:
		return a, true
	case *array.StringView:
		return a, true
	}
	return nil, false
}

// intAt reads one value of an integer-like chunk (not for hot loops).
func intAt(arr arrow.Array, i int) (int64, bool) {
	switch a := arr.(type) {
	case *array.Int64:
		return a.Value(i), true
	case *array.Int32:
		return int64(a.Value(i)), true
	case *array.Int16:
		return int64(a.Value(i)), true
	case *array.Int8:
		return int64(a.Value(i)), true
	case *array.Uint32:
		return int64(a.Value(i)), true
	case *array.Uint16:
		return int64(a.Value(i)), true
	case *array.Uint8:
		return int64(a.Value(i)), true
	case *array.Timestamp:
		return int64(a.Value(i)), true
	case *array.Date32:
		return int64(a.Value(i)), true
	case *array.Date64:
		return int64(a.Value(i)), true
	case *array.Duration:
		return int64(a.Value(i)), true
	}
	return 0, false
}

// floatAt reads one numeric value as float64; ok is false when missing
// (null or NaN) or not numeric.
func floatAt(arr arrow.Array, i int) (float64, bool) {
	if arr.IsNull(i) {
		return 0, false
	}
	switch a := arr.(type) {
	case *array.Float64:
		f := a.Value(i)
		return f, f == f
	case *array.Float32:
		f := float64(a.Value(i))
		return f, f == f
	case *array.Uint64:
		return float64(a.Value(i)), true
	}
	v, ok := intAt(arr, i)
	return float64(v), ok
}

// isMissingAt reports a null, or a NaN in a float column.
func isMissingAt(arr arrow.Array, i int) bool {
	if arr.IsNull(i) {
		return true
	}
	switch a := arr.(type) {
	case *array.Float64:
		return math.IsNaN(a.Value(i))
	case *array.Float32:
		return a.Value(i) != a.Value(i)
	}
	return false
}
