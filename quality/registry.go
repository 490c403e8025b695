package quality

import (
	"fmt"
	"maps"
	"slices"
)

// checker is a compiled expectation.
type checker interface {
	run(e *env) (*outcome, error)
}

// builder compiles kwargs into a checker.
type builder func(k *kwargs) (checker, error)

// registry maps GX type names (and pitwall_ ones) to builders.
var registry = map[string]builder{
	// table
	"expect_column_to_exist":                      buildColumnToExist,
	"expect_table_columns_to_match_set":           buildColumnsMatchSet,
	"expect_table_columns_to_match_ordered_list":  buildColumnsMatchOrderedList,
	"expect_table_column_count_to_equal":          buildColumnCountEqual,
	"expect_table_column_count_to_be_between":     buildColumnCountBetween,
	"expect_table_row_count_to_be_between":        buildRowCountBetween,
	"expect_table_row_count_to_equal":             buildRowCountEqual,
	"expect_table_row_count_to_equal_other_table": buildRowCountEqualOther,
	// column map
	"expect_column_values_to_not_be_null":       buildNotNull,
	"expect_column_values_to_be_null":           buildBeNull,
	"expect_column_values_to_be_unique":         buildUnique,
	"expect_column_values_to_be_in_set":         buildInSet(false),
	"expect_column_values_to_not_be_in_set":     buildInSet(true),
	"expect_column_values_to_be_between":        buildBetween,
	"expect_column_values_to_match_regex":       buildRegex(false),
	"expect_column_values_to_not_match_regex":   buildRegex(true),
	"expect_column_value_lengths_to_be_between": buildLengthsBetween,
	"expect_column_value_lengths_to_equal":      buildLengthsEqual,
	"expect_column_values_to_be_increasing":     buildMonotonic(true),
	"expect_column_values_to_be_decreasing":     buildMonotonic(false),
	"expect_column_values_to_be_of_type":        buildOfType,
	// column aggregate
	"expect_column_min_to_be_between":                         buildStat(statMin),
	"expect_column_max_to_be_between":                         buildStat(statMax),
	"expect_column_mean_to_be_between":                        buildStat(statMean),
	"expect_column_median_to_be_between":                      buildStat(statMedian),
	"expect_column_stdev_to_be_between":                       buildStat(statStdev),
	"expect_column_sum_to_be_between":                         buildStat(statSum),
	"expect_column_unique_value_count_to_be_between":          buildStat(statUniqueCount),
	"expect_column_proportion_of_unique_values_to_be_between": buildStat(statUniqueProportion),
	"expect_column_quantile_values_to_be_between":             buildQuantiles,
	"expect_column_distinct_values_to_be_in_set":              buildDistinct(distinctInSet),
	"expect_column_distinct_values_to_contain_set":            buildDistinct(distinctContainSet),
	"expect_column_distinct_values_to_equal_set":              buildDistinct(distinctEqualSet),
	// column pair / multicolumn
	"expect_column_pair_values_a_to_be_greater_than_b": buildPairGreater,
	"expect_column_pair_values_to_be_equal":            buildPairEqual,
	"expect_compound_columns_to_be_unique":             buildCompoundUnique,
	// pitwall
	TypeValuesInOtherTable:     buildInOtherTable,
	TypeStintsNotOverlapping:   buildStintsNotOverlapping,
	TypeIncreasingWithinGroups: buildIncreasingWithinGroups,
}

// Pitwall's own expectation types. GX has no core equivalent, so they carry
// the "pitwall_" prefix; a GX installation would not load them.
const (
	// TypeValuesInOtherTable: every non-missing value of column is present in
	// other_column of the table other_table_name (a foreign-key check). GX's
	// closest core feature is a SQL unexpected_rows_expectation.
	TypeValuesInOtherTable = "pitwall_expect_column_values_to_be_in_other_table"
	// TypeStintsNotOverlapping: within each group_by group, the closed lap
	// ranges [lap_start_column, lap_end_column] of different rows do not
	// overlap (a shared boundary lap is allowed with allow_shared_boundary).
	TypeStintsNotOverlapping = "pitwall_expect_stints_to_not_overlap"
	// TypeIncreasingWithinGroups: within each group_by group, ordered by
	// order_by, column never decreases (strictly: always increases), e.g.
	// championship points across rounds per driver.
	TypeIncreasingWithinGroups = "pitwall_expect_column_values_to_be_increasing_within_groups"
)

// ExpectationTypes lists every supported expectation type, sorted.
func ExpectationTypes() []string {
	return slices.Sorted(maps.Keys(registry))
}

// compiled is an expectation ready to run.
type compiled struct {
	exp     Expectation
	check   checker
	cond    *rowCondition // row_condition, nil for every row
	format  ResultFormat  // "" = the run's format
	partial int           // <0 = the run's count
}

// compile checks an expectation's type, kwargs and severity.
func compile(e Expectation) (*compiled, error) {
	b, ok := registry[e.Type]
	if !ok {
		return nil, fmt.Errorf("%w %q (see quality.ExpectationTypes)", ErrUnknownExpectation, e.Type)
	}
	if _, err := ParseSeverity(string(e.Severity)); err != nil {
		return nil, err
	}
	kw, err := normalizeKwargs(e.Kwargs)
	if err != nil {
		return nil, err
	}
	k := newKwargs(kw)
	if err := k.checkParams(); err != nil {
		return nil, err
	}
	chk, err := b(k)
	if err != nil {
		return nil, err
	}
	if err := k.finish(); err != nil {
		return nil, err
	}
	cond, err := parseRowCondition(kw)
	if err != nil {
		return nil, err
	}
	c := &compiled{exp: e, check: chk, cond: cond, partial: -1}
	if v, ok := kw["result_format"]; ok && v != nil {
		c.format, c.partial, _ = resultFormatKwarg(v) // validated by finish
	}
	return c, nil
}
