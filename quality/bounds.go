package quality

import (
	"fmt"
	"math"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// bounds are GX's min_value/max_value pair. A nil side is unbounded. Values
// are int64, float64 or string (a date/time for temporal columns, or a plain
// string compared lexicographically for string columns).
type bounds struct {
	min, max             any
	strictMin, strictMax bool
}

// intRange converts the bounds into an inclusive int64 range in the domain
// of an integer-like column of type dt (nil for plain counts). Fractional
// numeric bounds round inward; date/time strings are converted to the
// column's unit. An empty range comes back with lo > hi.
func (b bounds) intRange(dt arrow.DataType) (lo, hi int64, err error) {
	lo, hi = math.MinInt64, math.MaxInt64
	if b.min != nil {
		if lo, err = intBound(b.min, dt, b.strictMin, true); err != nil {
			return 0, 0, err
		}
	}
	if b.max != nil {
		if hi, err = intBound(b.max, dt, b.strictMax, false); err != nil {
			return 0, 0, err
		}
	}
	return lo, hi, nil
}

const twoTo63 = 9223372036854775808.0

func intBound(v any, dt arrow.DataType, strict, isMin bool) (int64, error) {
	temporal := isTemporal(dt)
	switch x := v.(type) {
	case int64:
		if temporal {
			return 0, fmt.Errorf("bound %d: a %s column needs a date/time string bound", x, dt)
		}
		if !strict {
			return x, nil
		}
		if isMin {
			if x == math.MaxInt64 {
				return math.MaxInt64, errEmptyRange
			}
			return x + 1, nil
		}
		if x == math.MinInt64 {
			return math.MinInt64, errEmptyRange
		}
		return x - 1, nil
	case float64:
		if temporal {
			return 0, fmt.Errorf("bound %v: a %s column needs a date/time string bound", x, dt)
		}
		var r float64
		if isMin {
			r = math.Ceil(x)
			if strict && r == x {
				r++
			}
		} else {
			r = math.Floor(x)
			if strict && r == x {
				r--
			}
		}
		switch {
		case r >= twoTo63:
			if isMin {
				return math.MaxInt64, errEmptyRange
			}
			return math.MaxInt64, nil
		case r < -twoTo63:
			if isMin {
				return math.MinInt64, nil
			}
			return math.MinInt64, errEmptyRange
		}
		return int64(r), nil
	case string:
		if !temporal {
			return 0, fmt.Errorf("bound %q: a number is needed for a %v column", x, typeName(dt))
		}
		t, err := parseTime(x)
		if err != nil {
			return 0, err
		}
		q, exact := timeToUnit(t, dt, isMin)
		if strict && exact {
			if isMin {
				q++
			} else {
				q--
			}
		}
		return q, nil
	}
	return 0, fmt.Errorf("unsupported bound %v", v)
}

// errEmptyRange marks a strict bound at the edge of int64; callers treat it
// as "nothing passes" by returning an empty range.
var errEmptyRange = fmt.Errorf("empty range")

// intRangeOrEmpty is intRange with errEmptyRange mapped to an empty range.
func (b bounds) intRangeOrEmpty(dt arrow.DataType) (int64, int64, error) {
	lo, hi, err := b.intRange(dt)
	if err == errEmptyRange {
		return 1, 0, nil
	}
	return lo, hi, err
}

// floatRange converts the bounds into an inclusive float64 range; a strict
// bound moves to the next representable float, which is exactly equivalent.
func (b bounds) floatRange() (lo, hi float64, err error) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if b.min != nil {
		f, ok := asFloat(b.min)
		if !ok {
			return 0, 0, fmt.Errorf("bound %q: a number is needed for a numeric column", b.min)
		}
		lo = f
		if b.strictMin {
			lo = math.Nextafter(f, math.Inf(1))
		}
	}
	if b.max != nil {
		f, ok := asFloat(b.max)
		if !ok {
			return 0, 0, fmt.Errorf("bound %q: a number is needed for a numeric column", b.max)
		}
		hi = f
		if b.strictMax {
			hi = math.Nextafter(f, math.Inf(-1))
		}
	}
	return lo, hi, nil
}

// stringRange returns a predicate for string columns (lexicographic, by
// UTF-8 bytes, which is code point order as in Python).
func (b bounds) stringRange() (func(string) bool, error) {
	var lo, hi string
	var hasLo, hasHi bool
	if b.min != nil {
		s, ok := b.min.(string)
		if !ok {
			return nil, fmt.Errorf("bound %v: a string is needed for a string column", b.min)
		}
		lo, hasLo = s, true
	}
	if b.max != nil {
		s, ok := b.max.(string)
		if !ok {
			return nil, fmt.Errorf("bound %v: a string is needed for a string column", b.max)
		}
		hi, hasHi = s, true
	}
	sMin, sMax := b.strictMin, b.strictMax
	return func(s string) bool {
		if hasLo && (s < lo || (sMin && s == lo)) {
			return false
		}
		if hasHi && (s > hi || (sMax && s == hi)) {
			return false
		}
		return true
	}, nil
}

// checkFloat tests a float observation (aggregates). NaN never passes.
func (b bounds) checkFloat(x float64) (bool, error) {
	lo, hi, err := b.floatRange()
	if err != nil {
		return false, err
	}
	return x >= lo && x <= hi, nil
}

// checkInt tests an integer observation in the domain of dt (nil: counts).
func (b bounds) checkInt(x int64, dt arrow.DataType) (bool, error) {
	lo, hi, err := b.intRangeOrEmpty(dt)
	if err != nil {
		return false, err
	}
	return x >= lo && x <= hi, nil
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// parseTime parses a date/time bound. Strings without an offset are UTC.
func parseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a date/time (want RFC 3339 or YYYY-MM-DD)", s)
}

func isTemporal(dt arrow.DataType) bool {
	if dt == nil {
		return false
	}
	switch dt.ID() {
	case arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64:
		return true
	}
	return false
}

// timeToUnit converts t to the integer domain of a temporal column,
// rounding up (ceil) or down; exact reports that no rounding happened.
func timeToUnit(t time.Time, dt arrow.DataType, ceil bool) (int64, bool) {
	sec, nsec := t.Unix(), int64(t.Nanosecond())
	var perSec, nsPer int64
	switch d := dt.(type) {
	case *arrow.TimestampType:
		switch d.Unit {
		case arrow.Second:
			perSec, nsPer = 1, 1e9
		case arrow.Millisecond:
			perSec, nsPer = 1e3, 1e6
		case arrow.Microsecond:
			perSec, nsPer = 1e6, 1e3
		default:
			perSec, nsPer = 1e9, 1
		}
	case *arrow.Date64Type:
		perSec, nsPer = 1e3, 1e6
	case *arrow.Date32Type:
		days := floorDiv(sec, 86400)
		exact := sec-days*86400 == 0 && nsec == 0
		if ceil && !exact {
			days++
		}
		return days, exact
	}
	q := sec*perSec + nsec/nsPer
	exact := nsec%nsPer == 0
	if ceil && !exact {
		q++
	}
	return q, exact
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
