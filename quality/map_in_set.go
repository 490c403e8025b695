package quality

// inSetCheck implements expect_column_values_to_be_in_set (each non-missing
// value is one of value_set) and expect_column_values_to_not_be_in_set.
type inSetCheck struct {
	column string
	values []any
	mostly float64
	negate bool
}

func buildInSet(negate bool) builder {
	return func(k *kwargs) (checker, error) {
		col, err := k.column("column")
		if err != nil {
			return nil, err
		}
		values, err := k.list("value_set", true)
		if err != nil {
			return nil, err
		}
		mostly, err := k.mostly()
		if err != nil {
			return nil, err
		}
		return &inSetCheck{column: col, values: values, mostly: mostly, negate: negate}, nil
	}
}

func (c *inSetCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	if err := requireClass(col, "not a numeric, date/time, string or boolean type", classInt, classFloat, classString, classBool); err != nil {
		return nil, err
	}
	t := newTally(e)
	scanSet(col, newValueSet(col.typ, c.values), c.negate, t)
	return mapOutcome(t, e.data.rows, c.mostly, false, col.valueAt), nil
}
