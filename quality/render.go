package quality

import (
	"cmp"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// render returns the value at i as a JSON-ready Go value, GX-style: ints as
// int64, floats as float64 (±Inf as the strings "Infinity"/"-Infinity",
// which JSON cannot carry otherwise), strings copied out of Arrow memory,
// timestamps as RFC 3339 strings in the column's zone, dates as YYYY-MM-DD.
// Missing values (null, NaN) are nil.
func render(arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Uint64:
		return a.Value(i)
	case *array.Uint32:
		return int64(a.Value(i))
	case *array.Uint16:
		return int64(a.Value(i))
	case *array.Uint8:
		return int64(a.Value(i))
	case *array.Float64:
		return renderFloat(a.Value(i))
	case *array.Float32:
		return renderFloat(float64(a.Value(i)))
	case *array.Boolean:
		return a.Value(i)
	case *array.Timestamp:
		return renderInt(a.DataType(), int64(a.Value(i)))
	case *array.Date32:
		return renderInt(a.DataType(), int64(a.Value(i)))
	case *array.Date64:
		return renderInt(a.DataType(), int64(a.Value(i)))
	case *array.Duration:
		return int64(a.Value(i))
	}
	if s, ok := asStrings(arr); ok {
		return strings.Clone(s.Value(i))
	}
	return arr.ValueStr(i)
}

func renderFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return nil
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return f
}

// renderInt renders an int64 in the domain of an integer-like column.
func renderInt(dt arrow.DataType, v int64) any {
	switch d := dt.(type) {
	case *arrow.TimestampType:
		loc, err := d.GetZone()
		if err != nil {
			loc = time.UTC
		}
		return arrow.Timestamp(v).ToTime(d.Unit).In(loc).Format(time.RFC3339Nano)
	case *arrow.Date32Type:
		return arrow.Date32(v).ToTime().Format(time.DateOnly)
	case *arrow.Date64Type:
		return arrow.Date64(v).ToTime().Format(time.DateOnly)
	}
	return v
}

// compareValues orders rendered values GX-style for sorting value counts:
// nil first, then booleans, numbers, strings, lists element-wise.
func compareValues(a, b any) int {
	ra, rb := rankOf(a), rankOf(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch x := a.(type) {
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case int64, uint64, float64:
		return compareNumbers(a, b)
	case string:
		return strings.Compare(x, b.(string))
	case []any:
		y := b.([]any)
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := compareValues(x[i], y[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(x), len(y))
	case UnexpectedRow:
		return compareValues(x.Values, b.(UnexpectedRow).Values)
	}
	return 0
}

func rankOf(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case int64, uint64, float64:
		return 2
	case string:
		return 3
	case []any:
		return 4
	case UnexpectedRow:
		return 5
	}
	return 6
}

func compareNumbers(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		return cmp.Compare(ai, bi)
	}
	return cmp.Compare(toFloat(a), toFloat(b))
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

// valueKey returns a comparable map key for a rendered value (lists and
// rows become their formatted text).
func valueKey(v any) any {
	switch x := v.(type) {
	case []any, UnexpectedRow:
		return fmt.Sprintf("%#v", x)
	}
	return v
}
