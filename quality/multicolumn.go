package quality

import (
	"bytes"
	"fmt"
	"hash/maphash"

	"github.com/apache/arrow-go/v18/arrow"
)

// rowWalker visits rows of several columns together, whatever their
// chunking (table columns may be chunked differently).
type rowWalker struct {
	curs []*cursor
	arrs []arrow.Array
	idx  []int
}

func newRowWalker(cols []*column) *rowWalker {
	w := &rowWalker{arrs: make([]arrow.Array, len(cols)), idx: make([]int, len(cols))}
	for _, c := range cols {
		w.curs = append(w.curs, newCursor(c))
	}
	return w
}

// at positions the walker on row; arrs[i] and idx[i] then address column i.
func (w *rowWalker) at(row int64) {
	for i, c := range w.curs {
		w.arrs[i], w.idx[i] = c.at(row)
	}
}

// columns looks up several columns of the validated data.
func (e *env) columns(names []string) ([]*column, error) {
	out := make([]*column, len(names))
	for i, n := range names {
		c, err := e.column(n)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

func rowValues(cols []*column, row int64) UnexpectedRow {
	r := UnexpectedRow{Columns: make([]string, len(cols)), Values: make([]any, len(cols))}
	for i, c := range cols {
		r.Columns[i] = c.name
		r.Values[i] = c.valueAt(row)
	}
	return r
}

// compoundUniqueCheck implements expect_compound_columns_to_be_unique: rows
// whose combination of column_list values occurs more than once are all
// unexpected. Missing values compare equal to each other (pandas
// duplicated). ignore_row_if: all_values_are_missing (default),
// any_value_is_missing or never; ignored rows count as missing.
type compoundUniqueCheck struct {
	columns []string
	ignore  string
	mostly  float64
}

func buildCompoundUnique(k *kwargs) (checker, error) {
	cols, err := k.stringList("column_list", true, 1)
	if err != nil {
		return nil, err
	}
	ignore, err := k.optString("ignore_row_if", "all_values_are_missing")
	if err != nil {
		return nil, err
	}
	switch ignore {
	case "all_values_are_missing", "any_value_is_missing", "never":
	default:
		return nil, kwargErr("ignore_row_if", "must be all_values_are_missing, any_value_is_missing or never, got %q", ignore)
	}
	mostly, err := k.mostly()
	if err != nil {
		return nil, err
	}
	return &compoundUniqueCheck{columns: cols, ignore: ignore, mostly: mostly}, nil
}

func (c *compoundUniqueCheck) run(e *env) (*outcome, error) {
	cols, err := e.columns(c.columns)
	if err != nil {
		return nil, err
	}
	keys, err := groupRows(e, cols, c.ignore, int(e.data.rows))
	if err != nil {
		return nil, err
	}
	counts := make([]int32, keys.groups)
	for _, g := range keys.ids {
		if g >= 0 {
			counts[g]++
		}
	}
	t := newTally(e)
	for row, g := range keys.ids {
		if g < 0 {
			continue
		}
		t.nonmissing++
		if counts[g] > 1 {
			t.hit(int64(row))
		}
	}
	return mapOutcome(t, e.data.rows, c.mostly, false, func(row int64) any { return rowValues(cols, row) }), nil
}

// rowGroups assigns each row a dense group id by the values of some
// columns; ignored rows get -1.
type rowGroups struct {
	ids    []int32
	groups int
}

// groupRows encodes each row's values (appendKey) and numbers the distinct
// encodings with a keyIndex. ignore is a GX ignore_row_if value ("never":
// keep all rows). sizeHint is the expected number of groups.
func groupRows(e *env, cols []*column, ignore string, sizeHint int) (rowGroups, error) {
	n := e.data.rows
	g := rowGroups{ids: make([]int32, n)}
	index := newKeyIndex(sizeHint)
	w := newRowWalker(cols)
	var buf []byte
	for row := int64(0); row < n; row++ {
		if row&0xffff == 0 {
			if err := e.ctx.Err(); err != nil {
				return g, err
			}
		}
		w.at(row)
		buf = buf[:0]
		missing := 0
		for i := range cols {
			var m bool
			buf, m = appendKey(buf, w.arrs[i], w.idx[i])
			if m {
				missing++
			}
		}
		if (ignore == "all_values_are_missing" && missing == len(cols)) || (ignore == "any_value_is_missing" && missing > 0) {
			g.ids[row] = -1
			continue
		}
		g.ids[row] = index.id(buf)
	}
	g.groups = index.len()
	return g, nil
}

// keyIndex numbers distinct byte keys. It maps a 64-bit hash to an id and
// keeps every key's bytes in one arena, so that a hash hit is confirmed by
// comparing bytes (a genuine 64-bit collision falls back to an exact map)
// and a new key costs no allocation of its own.
type keyIndex struct {
	seed  maphash.Seed
	hint  int
	ids   map[uint64]int32
	ends  []int // arena[ends[id-1]:ends[id]] is key id
	arena []byte
	spill map[string]int32
}

func newKeyIndex(sizeHint int) *keyIndex {
	return &keyIndex{seed: maphash.MakeSeed(), hint: sizeHint, ids: make(map[uint64]int32, sizeHint)}
}

func (x *keyIndex) len() int { return len(x.ends) }

func (x *keyIndex) key(id int32) []byte {
	start := 0
	if id > 0 {
		start = x.ends[id-1]
	}
	return x.arena[start:x.ends[id]]
}

func (x *keyIndex) add(key []byte) int32 {
	if x.arena == nil { // keys of one suite have similar lengths
		x.arena = make([]byte, 0, min(x.hint*len(key), 1<<28))
		x.ends = make([]int, 0, x.hint)
	}
	x.arena = append(x.arena, key...)
	x.ends = append(x.ends, len(x.arena))
	return int32(len(x.ends) - 1)
}

func (x *keyIndex) id(key []byte) int32 {
	h := maphash.Bytes(x.seed, key)
	id, ok := x.ids[h]
	if !ok {
		id = x.add(key)
		x.ids[h] = id
		return id
	}
	if bytes.Equal(x.key(id), key) {
		return id
	}
	if x.spill == nil {
		x.spill = map[string]int32{}
	}
	if id, ok := x.spill[string(key)]; ok {
		return id
	}
	id = x.add(key)
	x.spill[string(key)] = id
	return id
}

// pairCheck implements expect_column_pair_values_a_to_be_greater_than_b
// (or_equal for >=) and expect_column_pair_values_to_be_equal. Rows are
// skipped per ignore_row_if (both_values_are_missing by default,
// either_value_is_missing, neither); a kept row with one missing side is
// unexpected, as a comparison with NaN is false in pandas. Unexpected values
// are [a, b] pairs.
type pairCheck struct {
	a, b    string
	orEqual bool
	equal   bool
	ignore  string
	mostly  float64
}

func buildPair(equal bool) builder {
	return func(k *kwargs) (checker, error) {
		a, err := k.column("column_A")
		if err != nil {
			return nil, err
		}
		b, err := k.column("column_B")
		if err != nil {
			return nil, err
		}
		c := &pairCheck{a: a, b: b, equal: equal}
		if !equal {
			if c.orEqual, err = k.optBool("or_equal", false); err != nil {
				return nil, err
			}
		}
		if c.ignore, err = k.optString("ignore_row_if", "both_values_are_missing"); err != nil {
			return nil, err
		}
		switch c.ignore {
		case "both_values_are_missing", "either_value_is_missing", "neither":
		default:
			return nil, kwargErr("ignore_row_if", "must be both_values_are_missing, either_value_is_missing or neither, got %q", c.ignore)
		}
		if c.mostly, err = k.mostly(); err != nil {
			return nil, err
		}
		return c, nil
	}
}

var (
	buildPairGreater = buildPair(false)
	buildPairEqual   = buildPair(true)
)

func (c *pairCheck) run(e *env) (*outcome, error) {
	cols, err := e.columns([]string{c.a, c.b})
	if err != nil {
		return nil, err
	}
	cmpAt, err := pairComparer(cols[0], cols[1])
	if err != nil {
		return nil, err
	}
	t := newTally(e)
	w := newRowWalker(cols)
	for row := int64(0); row < e.data.rows; row++ {
		w.at(row)
		ma := isMissingAt(w.arrs[0], w.idx[0])
		mb := isMissingAt(w.arrs[1], w.idx[1])
		switch {
		case ma && mb && c.ignore != "neither":
			continue
		case (ma || mb) && c.ignore == "either_value_is_missing":
			continue
		}
		t.nonmissing++
		if ma || mb {
			t.hit(row)
			continue
		}
		d := cmpAt(w.arrs[0], w.idx[0], w.arrs[1], w.idx[1])
		ok := d > 0 || (c.orEqual && d == 0)
		if c.equal {
			ok = d == 0
		}
		if !ok {
			t.hit(row)
		}
	}
	return mapOutcome(t, e.data.rows, c.mostly, false, func(row int64) any {
		return []any{cols[0].valueAt(row), cols[1].valueAt(row)}
	}), nil
}

// pairComparer returns a three-way comparison of a value of a with a value
// of b. Numbers compare across int and float types; date/time columns
// compare as instants across units; strings lexicographically.
func pairComparer(a, b *column) (func(aa arrow.Array, ai int, ba arrow.Array, bi int) int, error) {
	ca, cb := classOf(a.typ), classOf(b.typ)
	switch {
	case ca == classNull || cb == classNull: // every kept row has a missing side
		return func(arrow.Array, int, arrow.Array, int) int { return 0 }, nil
	case ca == classInt && cb == classInt && isTemporal(a.typ) == isTemporal(b.typ):
		sa, sb := nanosPerUnit(a.typ), nanosPerUnit(b.typ)
		return func(aa arrow.Array, ai int, ba arrow.Array, bi int) int {
			x, _ := intAt(aa, ai)
			y, _ := intAt(ba, bi)
			return cmp3(x*sa, y*sb)
		}, nil
	case (ca == classInt || ca == classFloat) && (cb == classInt || cb == classFloat) && !isTemporal(a.typ) && !isTemporal(b.typ):
		return func(aa arrow.Array, ai int, ba arrow.Array, bi int) int {
			x, _ := floatAt(aa, ai)
			y, _ := floatAt(ba, bi)
			return cmp3(x, y)
		}, nil
	case ca == classString && cb == classString:
		return func(aa arrow.Array, ai int, ba arrow.Array, bi int) int {
			x := aa.(stringArray).Value(ai)
			y := ba.(stringArray).Value(bi)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}, nil
	}
	return nil, fmt.Errorf("%w: cannot compare column %q (%s) with column %q (%s)", ErrUnsupportedType, a.name, a.typ, b.name, b.typ)
}

// nanosPerUnit scales temporal values to nanoseconds (1 for plain ints).
func nanosPerUnit(dt arrow.DataType) int64 {
	switch d := dt.(type) {
	case *arrow.TimestampType:
		switch d.Unit {
		case arrow.Second:
			return 1e9
		case arrow.Millisecond:
			return 1e6
		case arrow.Microsecond:
			return 1e3
		}
	case *arrow.Date32Type:
		return 86400e9
	case *arrow.Date64Type:
		return 1e6
	}
	return 1
}
