package quality

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

type statKind uint8

const (
	statMin statKind = iota + 1
	statMax
	statMean
	statMedian
	statStdev
	statSum
	statUniqueCount
	statUniqueProportion
)

// statCheck implements the single-value column aggregates
// (expect_column_{min,max,mean,median,stdev,sum}_to_be_between,
// _unique_value_count_ and _proportion_of_unique_values_to_be_between).
// Missing values (null, NaN) are skipped, as pandas does. A statistic that is
// undefined (min of an empty column, stdev of one value) fails with
// observed_value null, as in GX. stdev is the sample standard deviation
// (ddof=1, pandas' default); median averages the two middle values; the
// unique proportion is distinct/non-missing, 0 when nothing is present.
type statCheck struct {
	column string
	kind   statKind
	b      bounds
}

func buildStat(kind statKind) builder {
	return func(k *kwargs) (checker, error) {
		col, err := k.column("column")
		if err != nil {
			return nil, err
		}
		b, err := k.bounds(true)
		if err != nil {
			return nil, err
		}
		return &statCheck{column: col, kind: kind, b: b}, nil
	}
}

func (c *statCheck) run(e *env) (*outcome, error) {
	col, err := e.column(c.column)
	if err != nil {
		return nil, err
	}
	cl := classOf(col.typ)
	switch c.kind {
	case statMin, statMax:
		return c.extreme(col, cl)
	case statUniqueCount, statUniqueProportion:
		entries, nonmissing, err := distinct(col)
		if err != nil {
			return nil, err
		}
		if c.kind == statUniqueCount {
			n := int64(len(entries))
			ok, err := c.b.checkInt(n, nil)
			return aggregate(ok, n, nil), err
		}
		p := 0.0
		if nonmissing > 0 {
			p = float64(len(entries)) / float64(nonmissing)
		}
		ok, err := c.b.checkFloat(p)
		return aggregate(ok, p, nil), err
	}
	if (cl != classInt && cl != classFloat && cl != classNull) || isTemporal(col.typ) {
		return nil, unsupported(c.column, col.typ, "not a numeric type")
	}
	if c.kind == statSum && cl == classInt {
		var s int64
		visitInts(col, func(_, x int64) { s += x })
		ok, err := c.b.checkInt(s, nil)
		return aggregate(ok, s, nil), err
	}
	var v float64
	switch c.kind {
	case statSum:
		visitFloats(col, func(_ int64, x float64) { v += x })
	case statMean:
		v = mean(col)
	case statStdev:
		v = stdev(col)
	case statMedian:
		v = quantile(sortedFloats(col), 0.5, "linear")
	}
	return c.floatOutcome(v)
}

func (c *statCheck) floatOutcome(v float64) (*outcome, error) {
	if math.IsNaN(v) {
		return aggregate(false, nil, nil), nil
	}
	ok, err := c.b.checkFloat(v)
	return aggregate(ok, renderFloat(v), nil), err
}

func (c *statCheck) extreme(col *column, cl valueClass) (*outcome, error) {
	wantMin := c.kind == statMin
	switch cl {
	case classInt:
		m, n := extremeInt(col, wantMin)
		if n == 0 {
			return aggregate(false, nil, nil), nil
		}
		ok, err := c.b.checkInt(m, col.typ)
		return aggregate(ok, renderInt(col.typ, m), nil), err
	case classFloat:
		m := math.NaN()
		visitFloats(col, func(_ int64, x float64) {
			if m != m || (wantMin && x < m) || (!wantMin && x > m) {
				m = x
			}
		})
		return c.floatOutcome(m)
	case classString:
		var m string
		n := int64(0)
		visitStrings(col, func(_ int64, s string) {
			if n == 0 || (wantMin && s < m) || (!wantMin && s > m) {
				m = s
			}
			n++
		})
		if n == 0 {
			return aggregate(false, nil, nil), nil
		}
		in, err := c.b.stringRange()
		if err != nil {
			return nil, err
		}
		return aggregate(in(m), strings.Clone(m), nil), nil
	case classNull:
		return aggregate(false, nil, nil), nil
	}
	return nil, unsupported(c.column, col.typ, "values cannot be ordered")
}

// extremeInt finds the min or max of an integer-like column and how many
// values it saw.
func extremeInt(col *column, wantMin bool) (int64, int64) {
	var m int64
	first := true
	n := visitInts(col, func(_, x int64) {
		if first || (wantMin && x < m) || (!wantMin && x > m) {
			m, first = x, false
		}
	})
	return m, n
}

func mean(col *column) float64 {
	var s float64
	n := visitFloats(col, func(_ int64, x float64) { s += x })
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// stdev is the sample standard deviation, two-pass for accuracy.
func stdev(col *column) float64 {
	m := mean(col)
	var ss float64
	n := visitFloats(col, func(_ int64, x float64) { d := x - m; ss += d * d })
	if n < 2 {
		return math.NaN()
	}
	return math.Sqrt(ss / float64(n-1))
}

func sortedFloats(col *column) []float64 {
	var vals []float64
	visitFloats(col, func(_ int64, x float64) { vals = append(vals, x) })
	slices.Sort(vals)
	return vals
}

// quantile computes the q-quantile of sorted values with one of numpy's
// interpolation methods (pandas' Series.quantile): linear (pandas' default,
// used for the median), lower, higher, midpoint, or nearest (GX's default
// for expect_column_quantile_values_to_be_between; ties round half to even,
// like numpy). NaN when there are no values.
func quantile(sorted []float64, q float64, method string) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	pos := q * float64(n-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	lo, hi = min(max(lo, 0), n-1), min(max(hi, 0), n-1)
	frac := pos - math.Floor(pos)
	switch method {
	case "lower":
		return sorted[lo]
	case "higher":
		return sorted[hi]
	case "midpoint":
		return (sorted[lo] + sorted[hi]) / 2
	case "nearest":
		return sorted[min(max(int(math.RoundToEven(pos)), 0), n-1)]
	}
	return sorted[lo] + (sorted[hi]-sorted[lo])*frac
}

// distinctEntry is one distinct non-missing value of a column, in its domain
// (int64, float64, string or bool), with its count.
type distinctEntry struct {
	key   any
	count int64
}

// distinct returns a column's distinct non-missing values sorted by value,
// and the number of non-missing values. Strings are copied.
func distinct(col *column) ([]distinctEntry, int64, error) {
	var out []distinctEntry
	var n int64
	switch classOf(col.typ) {
	case classInt:
		m := map[int64]int64{}
		n = visitInts(col, func(_, x int64) { m[x]++ })
		for k, c := range m {
			out = append(out, distinctEntry{k, c})
		}
	case classFloat:
		m := map[float64]int64{}
		n = visitFloats(col, func(_ int64, x float64) { m[x]++ })
		for k, c := range m {
			out = append(out, distinctEntry{k, c})
		}
	case classString:
		m := map[string]int64{}
		n = visitStrings(col, func(_ int64, s string) { m[s]++ })
		for k, c := range m {
			out = append(out, distinctEntry{strings.Clone(k), c})
		}
	case classBool:
		var c [2]int64
		n = visitBools(col, func(_ int64, b bool) { c[boolIndex(b)]++ })
		for i, cnt := range c {
			if cnt > 0 {
				out = append(out, distinctEntry{i == 1, cnt})
			}
		}
	case classNull:
	default:
		return nil, 0, unsupported(col.name, col.typ, "values cannot be compared")
	}
	slices.SortFunc(out, func(a, b distinctEntry) int { return compareDomain(a.key, b.key) })
	return out, n, nil
}

func compareDomain(a, b any) int {
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		return cmp.Compare(boolIndex(x), boolIndex(b.(bool)))
	}
	return 0
}

// renderDomain renders a domain value of col for JSON.
func renderDomain(col *column, key any) any {
	switch x := key.(type) {
	case int64:
		return renderInt(col.typ, x)
	case float64:
		return renderFloat(x)
	}
	return key
}

// toDomain converts a canonical kwarg value into col's domain.
func toDomain(col *column, v any) (any, bool) {
	switch classOf(col.typ) {
	case classInt:
		i, ok := toIntDomain(v, col.typ)
		return i, ok
	case classFloat:
		f, ok := asFloat(v)
		return f, ok
	case classString:
		s, ok := v.(string)
		return s, ok
	case classBool:
		b, ok := v.(bool)
		return b, ok
	}
	return nil, false
}
