package quality

import (
	"slices"
	"strings"
)

// columnToExistCheck implements expect_column_to_exist (optionally at a
// 0-based column_index). Like GX it returns only success.
type columnToExistCheck struct {
	column string
	index  int64
	hasIdx bool
}

func buildColumnToExist(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	idx, has, err := k.integer("column_index", false)
	if err != nil {
		return nil, err
	}
	return &columnToExistCheck{column: col, index: idx, hasIdx: has}, nil
}

func (c *columnToExistCheck) run(e *env) (*outcome, error) {
	names := e.data.ColumnNames()
	ok := slices.Contains(names, c.column)
	if c.hasIdx {
		ok = c.index >= 0 && c.index < int64(len(names)) && names[c.index] == c.column
	}
	return &outcome{kind: outBare, success: ok}, nil
}

// columnsMatchSetCheck implements expect_table_columns_to_match_set.
// With exact_match (default true) the column sets must be equal; without,
// the data must have at least column_set. On a mismatch observed_value is
// sorted and details.mismatched lists unexpected and missing columns.
type columnsMatchSetCheck struct {
	set   []string
	exact bool
}

func buildColumnsMatchSet(k *kwargs) (checker, error) {
	set, err := k.stringList("column_set", true, 0)
	if err != nil {
		return nil, err
	}
	exact, err := k.optBool("exact_match", true)
	if err != nil {
		return nil, err
	}
	return &columnsMatchSetCheck{set: set, exact: exact}, nil
}

func (c *columnsMatchSetCheck) run(e *env) (*outcome, error) {
	actual := e.data.ColumnNames()
	var unexpected, missing []string
	for _, a := range actual {
		if !slices.Contains(c.set, a) && !slices.Contains(unexpected, a) {
			unexpected = append(unexpected, a)
		}
	}
	for _, s := range c.set {
		if !slices.Contains(actual, s) && !slices.Contains(missing, s) {
			missing = append(missing, s)
		}
	}
	if len(unexpected) == 0 && len(missing) == 0 {
		return aggregate(true, stringsAny(actual), nil), nil
	}
	slices.Sort(unexpected)
	slices.Sort(missing)
	mismatched := map[string]any{}
	if len(unexpected) > 0 {
		mismatched["unexpected"] = stringsAny(unexpected)
	}
	if len(missing) > 0 {
		mismatched["missing"] = stringsAny(missing)
	}
	sorted := slices.Sorted(slices.Values(actual))
	success := !c.exact && len(missing) == 0
	return aggregate(success, stringsAny(sorted), map[string]any{"mismatched": mismatched}), nil
}

// columnsMatchListCheck implements expect_table_columns_to_match_ordered_list.
type columnsMatchListCheck struct{ list []string }

func buildColumnsMatchOrderedList(k *kwargs) (checker, error) {
	list, err := k.stringList("column_list", true, 0)
	if err != nil {
		return nil, err
	}
	return &columnsMatchListCheck{list: list}, nil
}

func (c *columnsMatchListCheck) run(e *env) (*outcome, error) {
	actual := e.data.ColumnNames()
	if slices.Equal(actual, c.list) {
		return aggregate(true, stringsAny(actual), nil), nil
	}
	var mismatched []any
	for i := range max(len(actual), len(c.list)) {
		var want, got any
		if i < len(c.list) {
			want = c.list[i]
		}
		if i < len(actual) {
			got = actual[i]
		}
		if want != got {
			mismatched = append(mismatched, map[string]any{"Expected Column Position": int64(i), "Expected": want, "Found": got})
		}
	}
	return aggregate(false, stringsAny(actual), map[string]any{"mismatched": mismatched}), nil
}

// countCheck implements the table count expectations: row or column count
// between bounds or equal to a value.
type countCheck struct {
	columns bool // count columns instead of rows
	b       bounds
}

func buildCountBetween(columns bool) builder {
	return func(k *kwargs) (checker, error) {
		b, err := k.bounds(true)
		if err != nil {
			return nil, err
		}
		for _, v := range []any{b.min, b.max} {
			if _, isStr := v.(string); isStr {
				return nil, kwargErr("min_value", "counts need numeric bounds")
			}
		}
		return &countCheck{columns: columns, b: b}, nil
	}
}

func buildCountEqual(columns bool) builder {
	return func(k *kwargs) (checker, error) {
		n, _, err := k.integer("value", true)
		if err != nil {
			return nil, err
		}
		return &countCheck{columns: columns, b: bounds{min: n, max: n}}, nil
	}
}

var (
	buildRowCountBetween    = buildCountBetween(false)
	buildRowCountEqual      = buildCountEqual(false)
	buildColumnCountBetween = buildCountBetween(true)
	buildColumnCountEqual   = buildCountEqual(true)
)

func (c *countCheck) run(e *env) (*outcome, error) {
	n := e.data.rows
	if c.columns {
		n = int64(len(e.data.cols))
	}
	ok, err := c.b.checkInt(n, nil)
	if err != nil {
		return nil, err
	}
	return aggregate(ok, n, nil), nil
}

// rowCountOtherCheck implements expect_table_row_count_to_equal_other_table;
// the other table is looked up in ValidateOptions.OtherTables.
type rowCountOtherCheck struct{ other string }

func buildRowCountEqualOther(k *kwargs) (checker, error) {
	other, err := k.column("other_table_name")
	if err != nil {
		return nil, err
	}
	return &rowCountOtherCheck{other: other}, nil
}

func (c *rowCountOtherCheck) run(e *env) (*outcome, error) {
	o, err := e.other(c.other)
	if err != nil {
		return nil, err
	}
	return aggregate(e.data.rows == o.rows, map[string]any{"self": e.data.rows, "other": o.rows}, nil), nil
}

// ofTypeCheck implements expect_column_values_to_be_of_type. Arrow columns
// have one type, so like GX on typed pandas columns it is decided once per
// column and reports the Arrow type as observed_value.
type ofTypeCheck struct {
	column string
	want   string
}

func buildOfType(k *kwargs) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	want, err := k.column("type_")
	if err != nil {
		return nil, err
	}
	if _, err := k.mostly(); err != nil { // accepted for GX compatibility, no effect
		return nil, err
	}
	return &ofTypeCheck{column: col, want: want}, nil
}

func (c *ofTypeCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	return aggregate(typeMatches(c.want, col), col.typ.String(), nil), nil
}

// typeMatches accepts the Arrow type's own name ("int64",
// "timestamp[us, tz=UTC]", "utf8", "large_utf8", "bool", "date32") or a
// common alias: string/str, large_string, int/integer/long/bigint (int64),
// float/double (float64), boolean, timestamp/datetime/datetime64 (any unit
// and zone), date (date32 or date64).
func typeMatches(want string, col *column) bool {
	w := strings.ToLower(strings.TrimSpace(want))
	name := strings.ToLower(col.typ.String())
	if w == name || w == strings.ToLower(col.typ.Name()) {
		return true
	}
	id := col.typ.ID().String()
	aliases := map[string][]string{
		"string": {"STRING", "LARGE_STRING", "STRING_VIEW"}, "str": {"STRING", "LARGE_STRING", "STRING_VIEW"},
		"large_string": {"LARGE_STRING"}, "int": {"INT64"}, "integer": {"INT64"}, "long": {"INT64"},
		"bigint": {"INT64"}, "float": {"FLOAT64"}, "double": {"FLOAT64"}, "boolean": {"BOOL"},
		"timestamp": {"TIMESTAMP"}, "datetime": {"TIMESTAMP"}, "datetime64": {"TIMESTAMP"},
		"datetime64[ns]": {"TIMESTAMP"}, "date": {"DATE32", "DATE64"},
	}
	return slices.Contains(aliases[w], id)
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
