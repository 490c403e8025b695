package quality

import (
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// valueSet is a set of values converted into one column's domain, so that
// membership tests in the kernels compare typed values only.
type valueSet struct {
	class  valueClass
	ints   *int64Set
	floats map[float64]struct{}
	strs   *stringSet
	bools  [2]bool
}

// newValueSet converts values (canonical kwargs) into the domain of a
// column of type dt. Values that cannot equal any value of the column
// (a string in an int column, 2.5 in an int column, an unparsable date) are
// dropped: they never match, as in pandas' isin.
func newValueSet(dt arrow.DataType, values []any) valueSet {
	s := valueSet{class: classOf(dt)}
	switch s.class {
	case classInt:
		var ints []int64
		for _, v := range values {
			if i, ok := toIntDomain(v, dt); ok {
				ints = append(ints, i)
			}
		}
		s.ints = newInt64Set(ints)
	case classFloat:
		s.floats = map[float64]struct{}{}
		for _, v := range values {
			if f, ok := asFloat(v); ok {
				s.floats[f] = struct{}{}
			}
		}
	case classString:
		var strs []string
		for _, v := range values {
			if str, ok := v.(string); ok {
				strs = append(strs, str)
			}
		}
		s.strs = newStringSet(strs)
	case classBool:
		for _, v := range values {
			if b, ok := v.(bool); ok {
				if b {
					s.bools[1] = true
				} else {
					s.bools[0] = true
				}
			}
		}
	}
	return s
}

// toIntDomain converts a canonical value to the int64 domain of dt; date/time
// strings must land exactly on a unit of the column.
func toIntDomain(v any, dt arrow.DataType) (int64, bool) {
	if isTemporal(dt) {
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		t, err := parseTime(s)
		if err != nil {
			return 0, false
		}
		q, exact := timeToUnit(t, dt, false)
		return q, exact
	}
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < twoTo63 {
			return int64(x), true
		}
	}
	return 0, false
}

// int64Set tests membership with a bitmap when the values span at most
// 2^20 integers (positions, driver numbers, years...), else with a map.
type int64Set struct {
	min  int64
	n    uint64
	bits []uint64
	m    map[int64]struct{}
}

const maxBitmapSpan = 1 << 20

func newInt64Set(vals []int64) *int64Set {
	s := &int64Set{}
	if len(vals) == 0 {
		s.bits = []uint64{}
		return s
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	if span := uint64(hi - lo); hi-lo >= 0 && span < maxBitmapSpan {
		s.min, s.n = lo, span+1
		s.bits = make([]uint64, (s.n+63)/64)
		for _, v := range vals {
			d := uint64(v - lo)
			s.bits[d>>6] |= 1 << (d & 63)
		}
		return s
	}
	s.m = make(map[int64]struct{}, len(vals))
	for _, v := range vals {
		s.m[v] = struct{}{}
	}
	return s
}

func (s *int64Set) has(x int64) bool {
	if s.bits != nil {
		d := uint64(x - s.min)
		return d < s.n && s.bits[d>>6]&(1<<(d&63)) != 0
	}
	_, ok := s.m[x]
	return ok
}

// scanSet flags non-missing values whose membership equals negate: values
// not in the set for in_set (negate=false), values in it for not_in_set.
func scanSet(col *column, s valueSet, negate bool, t *tally) {
	switch s.class {
	case classInt:
		scanIntSet(col, s.ints, negate, t)
	case classFloat:
		scanFloatSet(col, s.floats, negate, t)
	case classString:
		scanStringSet(col, s.strs, negate, t)
	case classBool:
		scanBools(col, t, func(b bool) bool {
			in := s.bools[0]
			if b {
				in = s.bools[1]
			}
			return in == negate
		})
	}
}

func scanIntSet(col *column, s *int64Set, negate bool, t *tally) {
	var scratch [blockLen]int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		int64Blocks(arr, &scratch, func(start int, vals []int64) {
			for r := 0; r < len(vals); r += runLen {
				run := vals[r:min(r+runLen, len(vals))]
				b := base + int64(start+r)
				dense := v.allValid(start+r, len(run))
				if dense {
					t.nonmissing += int64(len(run))
				}
				if s.bits != nil {
					lo, n, bits := s.min, s.n, s.bits
					for i, x := range run {
						if !dense {
							if !v.ok(start + r + i) {
								continue
							}
							t.nonmissing++
						}
						d := uint64(x - lo)
						if in := d < n && bits[d>>6]&(1<<(d&63)) != 0; in == negate {
							t.hit(b + int64(i))
						}
					}
					continue
				}
				for i, x := range run {
					if !dense {
						if !v.ok(start + r + i) {
							continue
						}
						t.nonmissing++
					}
					if _, in := s.m[x]; in == negate {
						t.hit(b + int64(i))
					}
				}
			}
		})
	}
}

func scanFloatSet(col *column, set map[float64]struct{}, negate bool, t *tally) {
	var scratch [blockLen]float64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		float64Blocks(arr, &scratch, func(start int, vals []float64) {
			for i, x := range vals {
				if x != x || !v.ok(start+i) {
					continue
				}
				t.nonmissing++
				if _, in := set[x]; in == negate {
					t.hit(base + int64(start+i))
				}
			}
		})
	}
}

// scanBools flags non-null booleans for which bad returns true.
func scanBools(col *column, t *tally, bad func(bool) bool) {
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		a, ok := arr.(interface{ Value(int) bool })
		if !ok {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		for i := 0; i < arr.Len(); i++ {
			if !v.ok(i) {
				continue
			}
			t.nonmissing++
			if bad(a.Value(i)) {
				t.hit(base + int64(i))
			}
		}
	}
}

// stringSet tests membership of strings. Small sets (codes such as tyre
// compounds or statuses) are bucketed by length and compared directly,
// which beats hashing every value; larger ones use a map.
type stringSet struct {
	byLen [][]string
	m     map[string]struct{}
}

const (
	maxSmallSet    = 32
	maxSmallSetLen = 64
)

func newStringSet(vals []string) *stringSet {
	s := &stringSet{}
	small := len(vals) <= maxSmallSet
	for _, v := range vals {
		if len(v) >= maxSmallSetLen {
			small = false
		}
	}
	if small {
		s.byLen = make([][]string, maxSmallSetLen)
		for _, v := range vals {
			if !slices.Contains(s.byLen[len(v)], v) {
				s.byLen[len(v)] = append(s.byLen[len(v)], v)
			}
		}
		return s
	}
	s.m = make(map[string]struct{}, len(vals))
	for _, v := range vals {
		s.m[v] = struct{}{}
	}
	return s
}

func (s *stringSet) has(v string) bool {
	if s.byLen != nil {
		if len(v) >= maxSmallSetLen {
			return false
		}
		for _, c := range s.byLen[len(v)] {
			if len(v) == 0 || (c[0] == v[0] && c == v) { // first byte avoids most memequal calls
				return true
			}
		}
		return false
	}
	_, ok := s.m[v]
	return ok
}

// scanStringSet flags non-null strings whose membership equals negate.
func scanStringSet(col *column, set *stringSet, negate bool, t *tally) {
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		n := arr.Len()
		switch a := arr.(type) {
		case *array.String: // the common case, without an interface call per value
			for i := 0; i < n; i++ {
				if v.ok(i) {
					t.nonmissing++
					if set.has(a.Value(i)) == negate {
						t.hit(base + int64(i))
					}
				}
			}
		default:
			s, ok := asStrings(arr)
			if !ok {
				continue
			}
			for i := 0; i < n; i++ {
				if v.ok(i) {
					t.nonmissing++
					if set.has(s.Value(i)) == negate {
						t.hit(base + int64(i))
					}
				}
			}
		}
	}
}
