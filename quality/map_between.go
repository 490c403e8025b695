package quality

// betweenCheck implements expect_column_values_to_be_between: each
// non-missing value v must satisfy min_value <= v <= max_value (< with
// strict_min/strict_max); a missing bound is unbounded. Numeric columns take
// numeric bounds, timestamp/date columns date/time strings, string columns
// strings (lexicographic).
type betweenCheck struct {
	column string
	b      bounds
	mostly float64
}

func buildBetween(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	b, err := k.bounds(true)
	if err != nil {
		return nil, err
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &betweenCheck{column: col, b: b, mostly: mostly}, nil
}

func (c *betweenCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	switch classOf(col.typ) {
	case classInt:
		lo, hi, err := c.b.intRangeOrEmpty(col.typ)
		if err != nil {
			return nil, err
		}
		scanIntRange(col, lo, hi, t)
	case classFloat:
		lo, hi, err := c.b.floatRange()
		if err != nil {
			return nil, err
		}
		scanFloatRange(col, lo, hi, t)
	case classString:
		in, err := c.b.stringRange()
		if err != nil {
			return nil, err
		}
		scanStrings(col, t, func(s string) bool { return !in(s) })
	case classNull:
	default:
		return nil, unsupported(c.column, col.typ, "not a numeric, date/time or string type")
	}
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}

// scanIntRange flags values outside the inclusive [lo, hi]. Runs of 64
// values without nulls take a branch-light loop.
func scanIntRange(col *column, lo, hi int64, t *tally) {
	var scratch [blockLen]int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		int64Blocks(arr, &scratch, func(start int, vals []int64) {
			for s := 0; s < len(vals); s += runLen {
				run := vals[s:min(s+runLen, len(vals))]
				b := base + int64(start+s)
				if v.allValid(start+s, len(run)) {
					t.nonmissing += int64(len(run))
					for i, x := range run {
						if x < lo || x > hi {
							t.hit(b + int64(i))
						}
					}
					continue
				}
				for i, x := range run {
					if !v.ok(start + s + i) {
						continue
					}
					t.nonmissing++
					if x < lo || x > hi {
						t.hit(b + int64(i))
					}
				}
			}
		})
	}
}

// scanFloatRange flags values outside [lo, hi]; NaN is missing. NaN fails
// every comparison, so in-range values take one test and NaN is sorted
// out on the rare path.
func scanFloatRange(col *column, lo, hi float64, t *tally) {
	var scratch [blockLen]float64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		float64Blocks(arr, &scratch, func(start int, vals []float64) {
			for s := 0; s < len(vals); s += runLen {
				run := vals[s:min(s+runLen, len(vals))]
				b := base + int64(start+s)
				dense := v.allValid(start+s, len(run))
				var n int64
				for i, x := range run {
					if x >= lo && x <= hi {
						if dense || v.ok(start+s+i) {
							n++
						}
						continue
					}
					if x != x || (!dense && !v.ok(start+s+i)) {
						continue
					}
					n++
					t.hit(b + int64(i))
				}
				t.nonmissing += n
			}
		})
	}
}

// scanStrings flags non-null strings for which bad returns true.
func scanStrings(col *column, t *tally, bad func(string) bool) {
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		s, ok := asStrings(arr)
		if !ok {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		n := arr.Len()
		for i := 0; i < n; i++ {
			if !v.ok(i) {
				continue
			}
			t.nonmissing++
			if bad(s.Value(i)) {
				t.hit(base + int64(i))
			}
		}
	}
}

// requireClass returns an unsupported-type error unless col is one of want.
func requireClass(col *column, what string, want ...valueClass) error {
	cl := classOf(col.typ)
	for _, w := range want {
		if cl == w {
			return nil
		}
	}
	if cl == classNull {
		return nil
	}
	return unsupported(col.name, col.typ, what)
}
