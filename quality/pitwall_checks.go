package quality

import (
	"cmp"
	"fmt"
	"slices"
)

// inOtherTableCheck implements pitwall_expect_column_values_to_be_in_other_table:
// each non-missing value of column must occur in other_column (default: the
// same name) of the table other_table_name, passed in
// ValidateOptions.OtherTables. It is a column map expectation (mostly,
// missing values excluded). GX has no core equivalent; the nearest is an
// unexpected_rows_expectation with a SQL anti-join.
type inOtherTableCheck struct {
	column, other, otherColumn string
	mostly                     float64
}

func buildInOtherTable(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	other, err := k.column("other_table_name")
	if err != nil {
		return nil, err
	}
	otherCol, err := k.optString("other_column", col)
	if err != nil {
		return nil, err
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &inOtherTableCheck{column: col, other: other, otherColumn: otherCol, mostly: mostly}, nil
}

func (c *inOtherTableCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	od, err := e.other(c.other)
	if err != nil {
		return nil, err
	}
	oc, err := od.column(c.otherColumn)
	if err != nil {
		return nil, fmt.Errorf("table %q: %w", c.other, err)
	}
	set, err := otherValueSet(col, oc)
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	scanSet(col, set, false, t)
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}

// otherValueSet builds a value set in col's domain from the distinct values
// of another table's column.
func otherValueSet(col, other *column) (valueSet, error) {
	entries, _, err := distinct(other)
	if err != nil {
		return valueSet{}, err
	}
	ca, cb := classOf(col.typ), classOf(other.typ)
	mismatch := fmt.Errorf("%w: cannot look up column %q (%s) in column %q (%s)", ErrUnsupportedType, col.name, col.typ, other.name, other.typ)
	s := valueSet{class: ca}
	switch ca {
	case classInt:
		if (cb != classInt && cb != classFloat && cb != classNull) || isTemporal(col.typ) != isTemporal(other.typ) {
			return s, mismatch
		}
		sa, sb := nanosPerUnit(col.typ), nanosPerUnit(other.typ)
		var ints []int64
		for _, en := range entries {
			i, ok := toIntDomain(en.key, nil)
			if !ok {
				continue
			}
			if n := i * sb; n%sa == 0 {
				ints = append(ints, n/sa)
			}
		}
		s.ints = newInt64Set(ints)
	case classFloat:
		if (cb != classInt && cb != classFloat && cb != classNull) || isTemporal(other.typ) {
			return s, mismatch
		}
		s.floats = map[float64]struct{}{}
		for _, en := range entries {
			f, _ := asFloat(en.key)
			s.floats[f] = struct{}{}
		}
	case classString, classBool:
		if cb != ca && cb != classNull {
			return s, mismatch
		}
		var strs []string
		for _, en := range entries {
			switch k := en.key.(type) {
			case string:
				strs = append(strs, k)
			case bool:
				s.bools[boolIndex(k)] = true
			}
		}
		s.strs = newStringSet(strs)
	case classNull:
	default:
		return s, unsupported(col.name, col.typ, "values cannot be compared")
	}
	return s, nil
}

// stintsCheck implements pitwall_expect_stints_to_not_overlap. Rows are
// grouped by group_by (default session_key, driver_number); within a group
// the closed lap ranges [lap_start, lap_end] of two rows must not overlap.
// With allow_shared_boundary a range may start on the lap where the previous
// one ended (OpenF1 reports stints that way for some sessions, e.g. the 2024
// Australian GP). Every row involved in an overlap is unexpected. Rows with a
// missing lap_start or lap_end count as missing; a reversed row (lap_start >
// lap_end, which expect_column_pair_values_a_to_be_greater_than_b reports)
// is read as the range [lap_end, lap_start].
type stintsCheck struct {
	groupBy          []string
	start, end       string
	allowSharedBound bool
	mostly           float64
}

func buildStintsNotOverlapping(k *kwargs) (checker, error) {
	groupBy, err := k.stringList("group_by", false, 0)
	if err != nil {
		return nil, err
	}
	if groupBy == nil {
		groupBy = []string{"session_key", "driver_number"}
	}
	c := &stintsCheck{groupBy: groupBy}
	if c.start, err = k.optString("lap_start_column", "lap_start"); err != nil {
		return nil, err
	}
	if c.end, err = k.optString("lap_end_column", "lap_end"); err != nil {
		return nil, err
	}
	if c.allowSharedBound, err = k.optBool("allow_shared_boundary", false); err != nil {
		return nil, err
	}
	if c.mostly, err = k.mostly(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *stintsCheck) run(e *env) (*outcome, error) {
	groupCols, err := e.columns(c.groupBy)
	if err != nil {
		return nil, err
	}
	bounds, err := e.columns([]string{c.start, c.end})
	if err != nil {
		return nil, err
	}
	for _, b := range bounds {
		if err := requireClass(b, "not an integer type", classInt); err != nil {
			return nil, err
		}
	}
	groups, err := groupRows(e, groupCols, "never", 64)
	if err != nil {
		return nil, err
	}
	starts, okS := intsByRow(bounds[0], e.data.rows)
	ends, okE := intsByRow(bounds[1], e.data.rows)
	var rows []int
	for r := range groups.ids {
		if okS[r] && okE[r] {
			rows = append(rows, r)
			if starts[r] > ends[r] { // reversed: the pair check reports it; read it as a range
				starts[r], ends[r] = ends[r], starts[r]
			}
		}
	}
	slices.SortFunc(rows, func(a, b int) int {
		return cmp.Or(cmp.Compare(groups.ids[a], groups.ids[b]), cmp.Compare(starts[a], starts[b]),
			cmp.Compare(ends[a], ends[b]), cmp.Compare(a, b))
	})
	bad := make(map[int]bool)
	var active []int
	for i, r := range rows {
		if i > 0 && groups.ids[rows[i-1]] != groups.ids[r] {
			active = active[:0]
		}
		kept := active[:0]
		for _, a := range active {
			if ends[a] > starts[r] || (ends[a] == starts[r] && !c.allowSharedBound) {
				kept = append(kept, a)
			}
		}
		active = kept
		if len(active) > 0 {
			bad[r] = true
			for _, a := range active {
				bad[a] = true
			}
		}
		active = append(active, r)
	}
	t := newTally(e)
	t.nonmissing = int64(len(rows))
	for r := range groups.ids {
		if bad[r] {
			t.hit(int64(r))
		}
	}
	cols := append(slices.Clone(groupCols), bounds...)
	return mapOutcome(t, e.data.rows, c.mostly, false, func(row int64) any { return rowValues(cols, row) }), nil
}

// intsByRow materializes an integer-like column with a presence flag per row.
func intsByRow(col *column, n int64) ([]int64, []bool) {
	vals := make([]int64, n)
	ok := make([]bool, n)
	visitInts(col, func(row, x int64) { vals[row], ok[row] = x, true })
	return vals, ok
}

// increasingGroupsCheck implements
// pitwall_expect_column_values_to_be_increasing_within_groups: within each
// group_by group, rows ordered by order_by (ties by row position), column
// never decreases from one row to the next (strictly: always increases).
// It is GX's expect_column_values_to_be_increasing applied per group, e.g.
// championship points per driver across rounds. Rows with a missing value or
// order key count as missing.
type increasingGroupsCheck struct {
	column   string
	groupBy  []string
	orderBy  string
	strictly bool
	mostly   float64
}

func buildIncreasingWithinGroups(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	c := &increasingGroupsCheck{column: col}
	if c.groupBy, err = k.stringList("group_by", true, 1); err != nil {
		return nil, err
	}
	if c.orderBy, err = k.column("order_by"); err != nil {
		return nil, err
	}
	if c.strictly, err = k.optBool("strictly", false); err != nil {
		return nil, err
	}
	if c.mostly, err = k.mostly(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *increasingGroupsCheck) run(e *env) (*outcome, error) {
	groupCols, err := e.columns(c.groupBy)
	if err != nil {
		return nil, err
	}
	cols, err := e.columns([]string{c.orderBy, c.column})
	if err != nil {
		return nil, err
	}
	for _, col := range cols {
		if err := requireClass(col, "not a numeric or date/time type", classInt, classFloat); err != nil {
			return nil, err
		}
	}
	groups, err := groupRows(e, groupCols, "never", 64)
	if err != nil {
		return nil, err
	}
	order, okO := sortKeysByRow(cols[0], e.data.rows)
	vals, okV := sortKeysByRow(cols[1], e.data.rows)
	var rows []int
	for r := range groups.ids {
		if okO[r] && okV[r] {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b int) int {
		return cmp.Or(cmp.Compare(groups.ids[a], groups.ids[b]), order.compare(a, b), cmp.Compare(a, b))
	})
	t := newTally(e)
	t.nonmissing = int64(len(rows))
	bad := make([]bool, e.data.rows)
	for i := 1; i < len(rows); i++ {
		prev, r := rows[i-1], rows[i]
		if groups.ids[prev] != groups.ids[r] {
			continue
		}
		d := vals.compare(r, prev)
		if d < 0 || (c.strictly && d == 0) {
			bad[r] = true
		}
	}
	for r, b := range bad {
		if b {
			t.hit(int64(r))
		}
	}
	all := append(slices.Clone(groupCols), cols...)
	return mapOutcome(t, e.data.rows, c.mostly, false, func(row int64) any { return rowValues(all, row) }), nil
}

// sortKeys holds one column's values per row as int64 (integer-like, exact)
// or float64.
type sortKeys struct {
	ints   []int64
	floats []float64
}

func (s sortKeys) compare(a, b int) int {
	if s.ints != nil {
		return cmp.Compare(s.ints[a], s.ints[b])
	}
	return cmp.Compare(s.floats[a], s.floats[b])
}

func sortKeysByRow(col *column, n int64) (sortKeys, []bool) {
	if classOf(col.typ) == classInt {
		v, ok := intsByRow(col, n)
		return sortKeys{ints: v}, ok
	}
	v := make([]float64, n)
	ok := make([]bool, n)
	visitFloats(col, func(row int64, x float64) { v[row], ok[row] = x, true })
	return sortKeys{floats: v}, ok
}
