package quality

// uniqueCheck implements expect_column_values_to_be_unique: every
// occurrence of a non-missing value that appears more than once is
// unexpected (pandas duplicated(keep=False)), so [1, 1, 2] has 2
// unexpected values.
type uniqueCheck struct {
	column string
	mostly float64
}

func buildUnique(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &uniqueCheck{column: col, mostly: mostly}, nil
}

func (c *uniqueCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	switch classOf(col.typ) {
	case classInt:
		counts := map[int64]int32{}
		visitInts(col, func(_ int64, x int64) { counts[x]++ })
		t.nonmissing = visitInts(col, func(row, x int64) {
			if counts[x] > 1 {
				t.hit(row)
			}
		})
	case classFloat:
		counts := map[float64]int32{}
		visitFloats(col, func(_ int64, x float64) { counts[x]++ })
		t.nonmissing = visitFloats(col, func(row int64, x float64) {
			if counts[x] > 1 {
				t.hit(row)
			}
		})
	case classString:
		counts := map[string]int32{}
		visitStrings(col, func(_ int64, s string) { counts[s]++ })
		t.nonmissing = visitStrings(col, func(row int64, s string) {
			if counts[s] > 1 {
				t.hit(row)
			}
		})
	case classBool:
		var counts [2]int64
		visitBools(col, func(_ int64, b bool) { counts[boolIndex(b)]++ })
		t.nonmissing = visitBools(col, func(row int64, b bool) {
			if counts[boolIndex(b)] > 1 {
				t.hit(row)
			}
		})
	case classNull:
	default:
		return nil, unsupported(c.column, col.typ, "values cannot be compared")
	}
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// monotonicCheck implements expect_column_values_to_be_increasing and
// _decreasing with GX's pandas semantics: after dropping missing values,
// each value is compared with the previous one (the first always passes);
// with strictly, equal neighbours are unexpected too.
type monotonicCheck struct {
	column     string
	increasing bool
	strictly   bool
	mostly     float64
}

func buildMonotonic(increasing bool) builder {
	return func(k *kwargs) (checker, error) {
		col, err := k.column("column")
		if err != nil {
			return nil, err
		}
		strictly, err := k.optBool("strictly", false)
		if err != nil {
			return nil, err
		}
		mostly, err := k.mostly()
		if err != nil {
			return nil, err
		}
		return &monotonicCheck{column: col, increasing: increasing, strictly: strictly, mostly: mostly}, nil
	}
}

func (c *monotonicCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	// bad reports whether cur breaks the order after prev, given cmp(cur, prev).
	bad := func(cmp int) bool {
		if !c.increasing {
			cmp = -cmp
		}
		return cmp < 0 || (c.strictly && cmp == 0)
	}
	first := true
	switch classOf(col.typ) {
	case classInt:
		var prev int64
		t.nonmissing = visitInts(col, func(row, x int64) {
			if !first && bad(cmp3(x, prev)) {
				t.hit(row)
			}
			first, prev = false, x
		})
	case classFloat:
		var prev float64
		t.nonmissing = visitFloats(col, func(row int64, x float64) {
			if !first && bad(cmp3(x, prev)) {
				t.hit(row)
			}
			first, prev = false, x
		})
	case classNull:
	default:
		return nil, unsupported(c.column, col.typ, "not a numeric or date/time type")
	}
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}

func cmp3[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
