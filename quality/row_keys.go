package quality

import (
	"encoding/binary"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// appendKey appends a binary encoding of the value at i to buf; missing
// values (null, NaN) share one encoding, as pandas' duplicated() treats
// NaN == NaN. It reports whether the value was missing.
func appendKey(buf []byte, arr arrow.Array, i int) ([]byte, bool) {
	if arr.IsNull(i) {
		return append(buf, 0), true
	}
	switch a := arr.(type) {
	case *array.Float64:
		return appendFloatKey(buf, a.Value(i))
	case *array.Float32:
		return appendFloatKey(buf, float64(a.Value(i)))
	case *array.Uint64:
		return binary.LittleEndian.AppendUint64(append(buf, 2), a.Value(i)), false
	case *array.Boolean:
		if a.Value(i) {
			return append(buf, 3, 1), false
		}
		return append(buf, 3, 0), false
	}
	if s, ok := asStrings(arr); ok {
		v := s.Value(i)
		buf = binary.AppendUvarint(append(buf, 4), uint64(len(v)))
		return append(buf, v...), false
	}
	if v, ok := intAt(arr, i); ok {
		return binary.LittleEndian.AppendUint64(append(buf, 1), uint64(v)), false
	}
	s := arr.ValueStr(i)
	buf = binary.AppendUvarint(append(buf, 5), uint64(len(s)))
	return append(buf, s...), false
}

func appendFloatKey(buf []byte, f float64) ([]byte, bool) {
	if f != f {
		return append(buf, 0), true
	}
	if f == 0 {
		f = 0 // -0 == +0
	}
	return binary.LittleEndian.AppendUint64(append(buf, 2), math.Float64bits(f)), false
}
