package quality

// Constructors for every expectation type, named after the GX type
// (expect_column_values_to_be_between → ExpectColumnValuesToBeBetween).
// Numeric bounds are float64; pass math.Inf(-1) or math.Inf(1) for "no
// bound". Options that GX spells as kwargs (mostly, strict_min, strictly,
// or_equal, exact_match...) are set with the chainable methods or With.

// Scalar is the element type accepted by the set constructors.
type Scalar interface {
	~string | ~bool | ~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint8 | ~uint16 | ~uint32 | ~float32 | ~float64
}

func exp(typ string, kw map[string]any) Expectation {
	return Expectation{Type: typ, Kwargs: kw}
}

func anySlice[T any](vals []T) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = normalizeOrKeep(v)
	}
	return out
}

// ExpectColumnToExist: the data has the column.
func ExpectColumnToExist(column string) Expectation {
	return exp("expect_column_to_exist", map[string]any{"column": column})
}

// ExpectTableColumnsToMatchSet: the data has exactly these columns, in any
// order (With("exact_match", false): at least these).
func ExpectTableColumnsToMatchSet(columns ...string) Expectation {
	return exp("expect_table_columns_to_match_set", map[string]any{"column_set": anySlice(columns)})
}

// ExpectTableColumnsToMatchOrderedList: the data has exactly these columns in this order.
func ExpectTableColumnsToMatchOrderedList(columns ...string) Expectation {
	return exp("expect_table_columns_to_match_ordered_list", map[string]any{"column_list": anySlice(columns)})
}

// ExpectTableColumnCountToEqual: the data has n columns.
func ExpectTableColumnCountToEqual(n int) Expectation {
	return exp("expect_table_column_count_to_equal", map[string]any{"value": int64(n)})
}

// ExpectTableColumnCountToBeBetween: the column count is within [min, max].
func ExpectTableColumnCountToBeBetween(min, max float64) Expectation {
	return exp("expect_table_column_count_to_be_between", boundKwargs(map[string]any{}, min, max))
}

// ExpectTableRowCountToBeBetween: the row count is within [min, max].
func ExpectTableRowCountToBeBetween(min, max float64) Expectation {
	return exp("expect_table_row_count_to_be_between", boundKwargs(map[string]any{}, min, max))
}

// ExpectTableRowCountToEqual: the data has n rows.
func ExpectTableRowCountToEqual(n int64) Expectation {
	return exp("expect_table_row_count_to_equal", map[string]any{"value": n})
}

// ExpectTableRowCountToEqualOtherTable: the data has as many rows as the
// named other table (ValidateOptions.OtherTables).
func ExpectTableRowCountToEqualOtherTable(otherTable string) Expectation {
	return exp("expect_table_row_count_to_equal_other_table", map[string]any{"other_table_name": otherTable})
}

// ExpectColumnValuesToNotBeNull: no value is null (or NaN).
func ExpectColumnValuesToNotBeNull(column string) Expectation {
	return exp("expect_column_values_to_not_be_null", map[string]any{"column": column})
}

// ExpectColumnValuesToBeNull: every value is null (or NaN).
func ExpectColumnValuesToBeNull(column string) Expectation {
	return exp("expect_column_values_to_be_null", map[string]any{"column": column})
}

// ExpectColumnValuesToBeUnique: no non-missing value occurs twice.
func ExpectColumnValuesToBeUnique(column string) Expectation {
	return exp("expect_column_values_to_be_unique", map[string]any{"column": column})
}

// ExpectCompoundColumnsToBeUnique: no combination of the columns' values
// occurs twice (a natural key).
func ExpectCompoundColumnsToBeUnique(columns ...string) Expectation {
	return exp("expect_compound_columns_to_be_unique", map[string]any{"column_list": anySlice(columns)})
}

// ExpectColumnValuesToBeInSet: every non-missing value is one of values.
func ExpectColumnValuesToBeInSet[T Scalar](column string, values ...T) Expectation {
	return exp("expect_column_values_to_be_in_set", map[string]any{"column": column, "value_set": anySlice(values)})
}

// ExpectColumnValuesToNotBeInSet: no non-missing value is one of values.
func ExpectColumnValuesToNotBeInSet[T Scalar](column string, values ...T) Expectation {
	return exp("expect_column_values_to_not_be_in_set", map[string]any{"column": column, "value_set": anySlice(values)})
}

// ExpectColumnValuesToBeBetween: every non-missing value is within [min, max]
// (inclusive; see StrictMin, StrictMax). For date/time columns use
// With("min_value", "2024-01-01T00:00:00Z").
func ExpectColumnValuesToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_values_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnValuesToMatchRegex: every non-missing string contains a match
// of regex (Go RE2 syntax; anchor with ^…$ for a full match).
func ExpectColumnValuesToMatchRegex(column, regex string) Expectation {
	return exp("expect_column_values_to_match_regex", map[string]any{"column": column, "regex": regex})
}

// ExpectColumnValuesToNotMatchRegex: no non-missing string contains a match of regex.
func ExpectColumnValuesToNotMatchRegex(column, regex string) Expectation {
	return exp("expect_column_values_to_not_match_regex", map[string]any{"column": column, "regex": regex})
}

// ExpectColumnValueLengthsToBeBetween: every string's length in characters
// is within [min, max].
func ExpectColumnValueLengthsToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_value_lengths_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnValueLengthsToEqual: every string has n characters.
func ExpectColumnValueLengthsToEqual(column string, n int) Expectation {
	return exp("expect_column_value_lengths_to_equal", map[string]any{"column": column, "value": int64(n)})
}

// ExpectColumnValuesToBeIncreasing: each non-missing value is >= the
// previous one in row order (Strictly: >).
func ExpectColumnValuesToBeIncreasing(column string) Expectation {
	return exp("expect_column_values_to_be_increasing", map[string]any{"column": column})
}

// ExpectColumnValuesToBeDecreasing: each non-missing value is <= the
// previous one in row order (Strictly: <).
func ExpectColumnValuesToBeDecreasing(column string) Expectation {
	return exp("expect_column_values_to_be_decreasing", map[string]any{"column": column})
}

// ExpectColumnValuesToBeOfType: the column's Arrow type is typ (see
// typeMatches for accepted names, e.g. "int64", "string", "timestamp").
func ExpectColumnValuesToBeOfType(column, typ string) Expectation {
	return exp("expect_column_values_to_be_of_type", map[string]any{"column": column, "type_": typ})
}

// ExpectColumnMinToBeBetween: the column minimum is within [min, max].
func ExpectColumnMinToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_min_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnMaxToBeBetween: the column maximum is within [min, max].
func ExpectColumnMaxToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_max_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnMeanToBeBetween: the mean of non-missing values is within [min, max].
func ExpectColumnMeanToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_mean_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnMedianToBeBetween: the median is within [min, max].
func ExpectColumnMedianToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_median_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnStdevToBeBetween: the sample standard deviation is within [min, max].
func ExpectColumnStdevToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_stdev_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnSumToBeBetween: the sum is within [min, max].
func ExpectColumnSumToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_sum_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnUniqueValueCountToBeBetween: the number of distinct
// non-missing values is within [min, max].
func ExpectColumnUniqueValueCountToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_unique_value_count_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// ExpectColumnProportionOfUniqueValuesToBeBetween: distinct/non-missing is
// within [min, max].
func ExpectColumnProportionOfUniqueValuesToBeBetween(column string, min, max float64) Expectation {
	return exp("expect_column_proportion_of_unique_values_to_be_between", boundKwargs(map[string]any{"column": column}, min, max))
}

// QuantileRange is one quantile and its accepted value range; ±Inf means
// unbounded.
type QuantileRange struct {
	Quantile float64
	Min, Max float64
}

// ExpectColumnQuantileValuesToBeBetween: each quantile lies in its range.
func ExpectColumnQuantileValuesToBeBetween(column string, ranges ...QuantileRange) Expectation {
	qs := make([]any, len(ranges))
	vr := make([]any, len(ranges))
	for i, r := range ranges {
		qs[i] = normalizeOrKeep(r.Quantile)
		b := boundKwargs(map[string]any{}, r.Min, r.Max)
		vr[i] = []any{b["min_value"], b["max_value"]}
	}
	return exp("expect_column_quantile_values_to_be_between", map[string]any{
		"column": column, "quantile_ranges": map[string]any{"quantiles": qs, "value_ranges": vr}})
}

// ExpectColumnDistinctValuesToBeInSet: every distinct value is in values.
func ExpectColumnDistinctValuesToBeInSet[T Scalar](column string, values ...T) Expectation {
	return exp("expect_column_distinct_values_to_be_in_set", map[string]any{"column": column, "value_set": anySlice(values)})
}

// ExpectColumnDistinctValuesToContainSet: every one of values occurs.
func ExpectColumnDistinctValuesToContainSet[T Scalar](column string, values ...T) Expectation {
	return exp("expect_column_distinct_values_to_contain_set", map[string]any{"column": column, "value_set": anySlice(values)})
}

// ExpectColumnDistinctValuesToEqualSet: the distinct values are exactly values.
func ExpectColumnDistinctValuesToEqualSet[T Scalar](column string, values ...T) Expectation {
	return exp("expect_column_distinct_values_to_equal_set", map[string]any{"column": column, "value_set": anySlice(values)})
}

// ExpectColumnPairValuesAToBeGreaterThanB: a > b on every row (OrEqual: >=).
func ExpectColumnPairValuesAToBeGreaterThanB(a, b string) Expectation {
	return exp("expect_column_pair_values_a_to_be_greater_than_b", map[string]any{"column_A": a, "column_B": b})
}

// ExpectColumnPairValuesToBeEqual: a == b on every row.
func ExpectColumnPairValuesToBeEqual(a, b string) Expectation {
	return exp("expect_column_pair_values_to_be_equal", map[string]any{"column_A": a, "column_B": b})
}

// ExpectColumnValuesToBeInOtherTable (pitwall): every non-missing value of
// column occurs in otherColumn of the named other table — a foreign key.
func ExpectColumnValuesToBeInOtherTable(column, otherTable, otherColumn string) Expectation {
	return exp(TypeValuesInOtherTable, map[string]any{"column": column, "other_table_name": otherTable, "other_column": otherColumn})
}

// ExpectStintsToNotOverlap (pitwall): within each groupBy group, the lap
// ranges [lapStart, lapEnd] do not overlap. Use
// With("allow_shared_boundary", true) to accept a stint starting on the lap
// the previous one ended.
func ExpectStintsToNotOverlap(groupBy []string, lapStart, lapEnd string) Expectation {
	return exp(TypeStintsNotOverlapping, map[string]any{
		"group_by": anySlice(groupBy), "lap_start_column": lapStart, "lap_end_column": lapEnd})
}

// ExpectColumnValuesToBeIncreasingWithinGroups (pitwall): within each
// groupBy group, ordered by orderBy, column never decreases (Strictly:
// always increases).
func ExpectColumnValuesToBeIncreasingWithinGroups(column string, groupBy []string, orderBy string) Expectation {
	return exp(TypeIncreasingWithinGroups, map[string]any{"column": column, "group_by": anySlice(groupBy), "order_by": orderBy})
}
