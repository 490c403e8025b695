package quality

import (
	"regexp"
	"unicode/utf8"
)

// regexCheck implements expect_column_values_to_match_regex and
// _not_match_regex. Matching is a search anywhere in the value, like
// Python's re.search that GX uses; the syntax is Go's RE2 (no lookarounds or
// backreferences — such a pattern is rejected when the suite is checked).
type regexCheck struct {
	column string
	re     *regexp.Regexp
	mostly float64
	negate bool
}

func buildRegex(negate bool) builder {
	return func(k *kwargs) (checker, error) {
		col, err := k.column("column")
		if err != nil {
			return nil, err
		}
		pattern, err := k.optString("regex", "(?s).*")
		if err != nil {
			return nil, err
		}
		if negate {
			if _, ok := k.m["regex"]; !ok {
				return nil, kwargErr("regex", "required")
			}
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, kwargErr("regex", "%v", err)
		}
		mostly, err := k.mostly()
		if err != nil {
			return nil, err
		}
		return &regexCheck{column: col, re: re, mostly: mostly, negate: negate}, nil
	}
}

func (c *regexCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	if err := requireClass(col, "not a string type", classString); err != nil {
		return nil, err
	}
	t := newTally(e)
	scanStrings(col, t, func(s string) bool { return c.re.MatchString(s) == c.negate })
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}

// lengthCheck implements expect_column_value_lengths_to_be_between and
// _to_equal. Length counts Unicode code points, like Python's len.
type lengthCheck struct {
	column string
	lo, hi int64
	mostly float64
}

func buildLengthsBetween(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	b, err := k.bounds(true)
	if err != nil {
		return nil, err
	}
	for _, v := range []any{b.min, b.max} {
		if v != nil {
			if _, ok := v.(int64); !ok {
				return nil, kwargErr("min_value", "lengths need integer bounds, got %s", describe(v))
			}
		}
	}
	lo, hi, err := b.intRangeOrEmpty(nil)
	if err != nil {
		return nil, kwargErr("min_value", "%v", err)
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &lengthCheck{column: col, lo: lo, hi: hi, mostly: mostly}, nil
}

func buildLengthsEqual(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	n, _, err := k.integer("value", true)
	if err != nil {
		return nil, err
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &lengthCheck{column: col, lo: n, hi: n, mostly: mostly}, nil
}

func (c *lengthCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	if err := requireClass(col, "not a string type", classString); err != nil {
		return nil, err
	}
	t := newTally(e)
	lo, hi := c.lo, c.hi
	scanStrings(col, t, func(s string) bool {
		n := int64(utf8.RuneCountInString(s))
		return n < lo || n > hi
	})
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}
