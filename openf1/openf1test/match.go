package openf1test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// fieldFilter is everything a query says about one field (API.md §2.4):
// the field matches when any equality matches, or any unpaired bound
// matches, or both bounds of any lower/upper pair match.
type fieldFilter struct {
	field     string
	eqs       []param
	unbounded []param
	pairs     [][2]param
}

// filter is a whole query: fields are AND-ed.
type filter struct {
	fields []fieldFilter
	kinds  fieldKinds
}

// buildFilter groups params by field (in order of first appearance), drops
// duplicate predicates and pairs lower with upper bounds greedily, exactly as
// the server's _generate_query_predicate does. Bounds whose values Python
// cannot compare (say a number and a date on one field) make the server fail
// with a TypeError; buildFilter returns a *queryError then.
func buildFilter(params []param, kinds fieldKinds) (*filter, error) {
	f := &filter{kinds: kinds}
	index := map[string]int{}
	var groups [][]param
	for _, p := range params {
		i, ok := index[p.field]
		if !ok {
			i = len(groups)
			index[p.field] = i
			groups = append(groups, nil)
		}
		if !slices.ContainsFunc(groups[i], func(q param) bool { return q.op == p.op && q.val.same(p.val) }) {
			groups[i] = append(groups[i], p)
		}
	}
	for _, g := range groups {
		ff, err := pairBounds(g)
		if err != nil {
			return nil, err
		}
		f.fields = append(f.fields, ff)
	}
	return f, nil
}

func isLower(op openf1.Op) bool { return op == openf1.OpGt || op == openf1.OpGe }
func isUpper(op openf1.Op) bool { return op == openf1.OpLt || op == openf1.OpLe }

func pairBounds(g []param) (fieldFilter, error) {
	ff := fieldFilter{field: g[0].field}
	var lower, upper []param
	for _, p := range g {
		switch {
		case p.op == openf1.OpEq:
			ff.eqs = append(ff.eqs, p)
		case isLower(p.op):
			lower = append(lower, p)
		case isUpper(p.op):
			upper = append(upper, p)
		}
	}
	var cmpErr error
	cmp := func(a, b param) int {
		c, ok := a.val.compare(b.val)
		if !ok && cmpErr == nil {
			cmpErr = &queryError{msg: fmt.Sprintf("TypeError: cannot compare %s with %s for field %q", a.val.kind, b.val.kind, a.field)}
		}
		return c
	}
	// Both lists sorted by value, largest first, equal values in request
	// order; the smallest lower bound is taken from the end.
	desc := func(a, b param) int { return -cmp(a, b) }
	slices.SortStableFunc(lower, desc)
	slices.SortStableFunc(upper, desc)
	paired := map[int]bool{} // indexes into g
	pos := func(p param) int {
		return slices.IndexFunc(g, func(q param) bool { return q.op == p.op && q.val.same(p.val) })
	}
	for len(lower) > 0 && len(upper) > 0 {
		lb := lower[len(lower)-1]
		lower = lower[:len(lower)-1]
		found := -1
		for i := len(upper) - 1; i >= 0; i-- {
			if cmp(lb, upper[i]) <= 0 {
				found = i
				break
			}
		}
		if cmpErr != nil {
			return ff, cmpErr
		}
		if found < 0 {
			break
		}
		ub := upper[found]
		upper = slices.Delete(upper, found, found+1)
		ff.pairs = append(ff.pairs, [2]param{lb, ub})
		paired[pos(lb)], paired[pos(ub)] = true, true
	}
	if cmpErr != nil {
		return ff, cmpErr
	}
	for i, p := range g {
		if p.op != openf1.OpEq && !paired[i] {
			ff.unbounded = append(ff.unbounded, p)
		}
	}
	return ff, nil
}

// matches reports whether the field value v (raw JSON, nil when the record
// lacks the field) satisfies the field's filter.
func (ff *fieldFilter) matches(v []byte, kinds fieldKinds) bool {
	for _, p := range ff.eqs {
		if p.test(ff.field, v, kinds) {
			return true
		}
	}
	for _, p := range ff.unbounded {
		if p.test(ff.field, v, kinds) {
			return true
		}
	}
	for _, pr := range ff.pairs {
		if pr[0].test(ff.field, v, kinds) && pr[1].test(ff.field, v, kinds) {
			return true
		}
	}
	return false
}

// test applies one predicate to a raw JSON value with MongoDB's rules: only
// values of the same type family compare (numbers with numbers, strings with
// strings, dates with dates, booleans with booleans); null, missing fields,
// arrays and objects match nothing.
func (p param) test(field string, v []byte, kinds fieldKinds) bool {
	c, ok := compareRecordValue(field, v, p.val, kinds)
	if !ok {
		return false
	}
	switch p.op {
	case openf1.OpEq:
		return c == 0
	case openf1.OpGt:
		return c > 0
	case openf1.OpGe:
		return c >= 0
	case openf1.OpLt:
		return c < 0
	case openf1.OpLe:
		return c <= 0
	}
	return false
}

// compareRecordValue compares record value v with filter value q; ok is
// false when the two are not comparable.
func compareRecordValue(field string, v []byte, q value, kinds fieldKinds) (int, bool) {
	switch kindOf(v) {
	case jsonBool:
		if q.kind != valBool {
			return 0, false
		}
		rb := v[0] == 't'
		switch {
		case rb == q.b:
			return 0, true
		case rb:
			return 1, true
		}
		return -1, true
	case jsonNumber:
		if q.kind != valInt && q.kind != valFloat {
			return 0, false
		}
		n, ok := parseNumber(v)
		if !ok {
			return 0, false
		}
		return cmpNumber(n, q.num), true
	case jsonString:
		s, ok := decodeString(v)
		if !ok {
			return 0, false
		}
		if kinds.isTime(field, s) {
			if q.kind != valTime {
				return 0, false
			}
			t, ok := parseRecordTime(s)
			if !ok {
				return 0, false
			}
			return t.Compare(q.t), true
		}
		if q.kind != valString {
			return 0, false
		}
		return strings.Compare(s, q.text), true
	}
	return 0, false
}
