package quality

import "github.com/apache/arrow-go/v18/arrow"

// nullCheck implements expect_column_values_to_not_be_null (unexpected =
// missing values) and expect_column_values_to_be_null (unexpected = present
// values). Missing means an Arrow null or, in float columns, NaN (pandas'
// isnull). As in GX, the mostly denominator is every row and the result has
// no missing_* keys.
type nullCheck struct {
	column   string
	mostly   float64
	wantNull bool
}

func buildNotNull(k *kwargs) (checker, error) { return buildNullCheck(k, false) }
func buildBeNull(k *kwargs) (checker, error)  { return buildNullCheck(k, true) }

func buildNullCheck(k *kwargs, wantNull bool) (checker, error) {
	col, err := k.column("column")
	if err != nil {
		return nil, err
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &nullCheck{column: col, mostly: mostly, wantNull: wantNull}, nil
}

func (c *nullCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	var scratch [blockLen]float64
	for ci, arr := range col.chunks {
		scanNulls(arr, col.offsets[ci], c.wantNull, t, &scratch)
	}
	value := func(int64) any { return nil }
	if c.wantNull {
		value = col.valueAt
	}
	return mapOutcome(t, e.data.rows, c.mostly, true, value), nil
}

// scanNulls records missing (or, with present, non-missing) rows of one
// chunk. Without float values and without rows to collect it is O(1): the
// null count comes from the array header.
func scanNulls(arr arrow.Array, base int64, present bool, t *tally, scratch *[blockLen]float64) {
	n := int64(arr.Len())
	nulls := int64(arr.NullN())
	isFloat := classOf(arr.DataType()) == classFloat && arr.DataType().ID() != arrow.UINT64
	if allMissing(arr) {
		if !present {
			hitRange(t, base, n)
		}
		return
	}
	if !isFloat {
		t.nonmissing += n - nulls
		want := nulls
		if present {
			want = n - nulls
		}
		if want == 0 {
			return
		}
		if t.limit >= 0 && len(t.rows) >= t.limit {
			t.unexpected += want
			return
		}
		if present && nulls == 0 {
			hitRange(t, base, n)
			return
		}
		v := validityOf(arr)
		for i := 0; i < int(n); i++ {
			if v.ok(i) == present {
				t.hit(base + int64(i))
				want--
				if t.limit >= 0 && len(t.rows) >= t.limit {
					t.unexpected += want
					return
				}
			}
		}
		return
	}
	v := validityOf(arr)
	float64Blocks(arr, scratch, func(start int, vals []float64) {
		for i, x := range vals {
			ok := x == x && v.ok(start+i)
			if ok {
				t.nonmissing++
			}
			if ok == present {
				t.hit(base + int64(start+i))
			}
		}
	})
}

// hitRange records n consecutive unexpected rows starting at base.
func hitRange(t *tally, base, n int64) {
	keep := n
	if t.limit >= 0 {
		keep = min(n, max(0, int64(t.limit-len(t.rows))))
	}
	for i := int64(0); i < keep; i++ {
		t.rows = append(t.rows, base+i)
	}
	t.unexpected += n
}
