package openf1

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// queryValue is a predicate value coerced the way the API coerces it
// (API.md §2.3) so bounds can be compared: boolean, number, datetime or
// string. Whole-day datetimes are turned into the instant bounds the API uses.
type queryValue struct {
	kind uint8 // valBool, valNum, valTime, valString
	num  float64
	t    time.Time
	s    string
}

const (
	valBool = iota + 1
	valNum
	valTime
	valString
)

func coerceValue(s string) queryValue {
	switch strings.ToLower(s) {
	case "true":
		return queryValue{kind: valBool, num: 1}
	case "false":
		return queryValue{kind: valBool, num: 0}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return queryValue{kind: valNum, num: float64(n)}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXnN_") {
		return queryValue{kind: valNum, num: f}
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return queryValue{kind: valTime, t: d, s: "day"}
	}
	if t, ok := parseTimeFast([]byte(s)); ok {
		return queryValue{kind: valTime, t: t.Time}
	}
	return queryValue{kind: valString, s: s}
}

// bound is one side of a range after whole-day adjustment: value and
// whether the bound itself is included.
type bound struct {
	v         queryValue
	inclusive bool
	pred      Predicate
}

func (v queryValue) cmp(w queryValue) int {
	switch v.kind {
	case valTime:
		return v.t.Compare(w.t)
	case valString:
		return strings.Compare(v.s, w.s)
	}
	switch {
	case v.num < w.num:
		return -1
	case v.num > w.num:
		return 1
	}
	return 0
}

// toBound applies the API's whole-day rule (API.md §2.5) to a comparison.
func toBound(p Predicate) (bound, bool) {
	v := coerceValue(p.Value)
	day := v.kind == valTime && v.s == "day"
	next := func() { v.t = v.t.AddDate(0, 0, 1) }
	b := bound{pred: p}
	switch p.Op {
	case OpGt:
		if day { // > D  →  >= D+1
			next()
			b.inclusive = true
		}
	case OpGe:
		b.inclusive = true
	case OpLt: // < D stays < D
	case OpLe:
		if day { // <= D  →  < D+1
			next()
		} else {
			b.inclusive = true
		}
	default:
		return bound{}, false
	}
	if day {
		v.s = ""
	}
	b.v = v
	return b, true
}

// checkRanges rejects, per field, a lower bound that is above every upper
// bound of the same type (or meets it with an open end, an empty range).
func (q Query) checkRanges() error {
	type sides struct{ lower, upper []bound }
	var fields map[string]*sides
	for _, p := range q {
		if p.Op == OpEq {
			continue
		}
		b, ok := toBound(p)
		if !ok {
			continue
		}
		if fields == nil {
			fields = make(map[string]*sides)
		}
		s := fields[p.Field]
		if s == nil {
			s = &sides{}
			fields[p.Field] = s
		}
		if p.Op == OpGt || p.Op == OpGe {
			s.lower = append(s.lower, b)
		} else {
			s.upper = append(s.upper, b)
		}
	}
	for field, s := range fields {
		for _, lo := range s.lower {
			var top *bound
			for i := range s.upper {
				up := &s.upper[i]
				if up.v.kind != lo.v.kind {
					continue
				}
				if top == nil || up.v.cmp(top.v) > 0 || (up.v.cmp(top.v) == 0 && up.inclusive) {
					top = up
				}
			}
			if top == nil {
				continue
			}
			c := lo.v.cmp(top.v)
			if c > 0 || (c == 0 && !(lo.inclusive && top.inclusive)) {
				return fmt.Errorf("openf1: inverted or empty range on %s: lower bound %s%s%s is not below any upper bound (highest: %s%s%s); the API would match almost everything or nothing",
					field, lo.pred.Field, lo.pred.Op, lo.pred.Value, top.pred.Field, top.pred.Op, top.pred.Value)
			}
		}
	}
	return nil
}
