package quality

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Row conditions restrict an expectation to some rows, as GX's
// row_condition and condition_parser kwargs do. pitwall supports the one
// form its suites need — a boolean column equal to True or False:
//
//	"row_condition": "is_accurate==True",      "condition_parser": "pandas"
//	"row_condition": "col(\"is_accurate\")==True", "condition_parser": "great_expectations"
//
// ("great_expectations__experimental__" is read like "great_expectations";
// a missing parser means pandas). Rows whose condition column is null do
// not match. The expectation then sees only the matching rows, as in GX:
// element_count counts them, and unexpected_index_list still gives row
// positions in the whole batch. Any other condition is a KwargError.

// rowCondition is a parsed row_condition: column == value.
type rowCondition struct {
	column string
	value  bool
}

var (
	pandasCondRE = regexp.MustCompile(`^\s*` + "`?" + `([A-Za-z_][A-Za-z0-9_]*)` + "`?" + `\s*==\s*(True|False)\s*$`)
	gxCondRE     = regexp.MustCompile(`^\s*col\(\s*["']([^"']+)["']\s*\)\s*==\s*(True|False)\s*$`)
)

// parseRowCondition reads row_condition and condition_parser; nil when
// there is no condition.
func parseRowCondition(kw map[string]any) (*rowCondition, error) {
	raw, ok := kw["row_condition"]
	if !ok || raw == nil || raw == "" {
		return nil, nil
	}
	text, ok := raw.(string)
	if !ok {
		return nil, kwargErr("row_condition", "must be a string, not %s", describe(raw))
	}
	parser := "pandas"
	if p, ok := kw["condition_parser"]; ok && p != nil && p != "" {
		s, ok := p.(string)
		if !ok {
			return nil, kwargErr("condition_parser", "must be a string, not %s", describe(p))
		}
		parser = s
	}
	var re *regexp.Regexp
	switch parser {
	case "pandas":
		re = pandasCondRE
	case "great_expectations", "great_expectations__experimental__":
		re = gxCondRE
	default:
		return nil, kwargErr("condition_parser", "unsupported parser %q (pandas, great_expectations)", parser)
	}
	m := re.FindStringSubmatch(text)
	if m == nil {
		return nil, kwargErr("row_condition", "unsupported condition %q: only a boolean column compared with True or False "+
			"(pandas: is_accurate==True; great_expectations: col(\"is_accurate\")==True) is supported; filter the Arrow data "+
			"before validating for anything else", text)
	}
	return &rowCondition{column: m[1], value: m[2] == "True"}, nil
}

// String renders the condition in pandas syntax.
func (c rowCondition) String() string {
	if c.value {
		return c.column + "==True"
	}
	return c.column + "==False"
}

// dataView is a row-filtered view of a Data: the rows in ranges, with the
// columns sliced (zero-copy) when first used.
type dataView struct {
	src    *Data
	ranges [][2]int64 // matching rows of src, [lo, hi), ascending, disjoint
	starts []int64    // view row of each range's first row
	slices []arrow.Array
}

// where returns the rows of d matching the condition as a new Data, and a
// release function for the slices it creates. It errs when the condition
// column is missing or not boolean.
func (c rowCondition) where(d *Data) (*Data, *dataView, error) {
	col, err := d.column(c.column)
	if err != nil {
		return nil, nil, err
	}
	if col.typ.ID() != arrow.BOOL && col.typ.ID() != arrow.NULL {
		return nil, nil, unsupported(c.column, col.typ, "not boolean (row_condition)")
	}
	v := &dataView{src: d}
	var rows int64
	visitBools(col, func(row int64, b bool) {
		if b != c.value {
			return
		}
		if n := len(v.ranges); n > 0 && v.ranges[n-1][1] == row {
			v.ranges[n-1][1]++
		} else {
			v.starts = append(v.starts, rows)
			v.ranges = append(v.ranges, [2]int64{row, row + 1})
		}
		rows++
	})
	out := &Data{schema: d.schema, rows: rows, cols: make([]column, len(d.cols)), view: v}
	for i, sc := range d.cols {
		out.cols[i] = column{name: sc.name, typ: sc.typ, pending: true}
	}
	return out, v, nil
}

// materialize fills a view column with slices of the source column.
func (v *dataView) materialize(c *column) error {
	src, err := v.src.column(c.name)
	if err != nil {
		return err
	}
	var off int64
	for _, r := range v.ranges {
		for ci, ch := range src.chunks {
			lo, hi := src.offsets[ci], src.offsets[ci]+int64(ch.Len())
			a, b := max(lo, r[0]), min(hi, r[1])
			if a >= b {
				continue
			}
			s := array.NewSlice(ch, a-lo, b-lo)
			v.slices = append(v.slices, s)
			c.chunks = append(c.chunks, s)
			c.offsets = append(c.offsets, off)
			off += b - a
		}
	}
	c.pending = false
	return nil
}

// original maps a view row to its row in the source data.
func (v *dataView) original(row int64) int64 {
	i := sort.Search(len(v.starts), func(i int) bool { return v.starts[i] > row }) - 1
	return v.ranges[i][0] + row - v.starts[i]
}

// release drops the slices the view created.
func (v *dataView) release() {
	for _, s := range v.slices {
		s.Release()
	}
	v.slices = nil
}

// columnOfCondition returns the column a row_condition kwarg names, or "".
func columnOfCondition(kw map[string]any) string {
	c, err := parseRowCondition(kw)
	if err != nil || c == nil {
		return ""
	}
	return c.column
}

// renameCondition rewrites a row_condition naming column old to name new
// (in pandas syntax, or the great_expectations one it was written in).
func renameCondition(kw map[string]any, old, new string) {
	c, err := parseRowCondition(kw)
	if err != nil || c == nil || c.column != old {
		return
	}
	c.column = new
	if p, _ := kw["condition_parser"].(string); p == "great_expectations" || p == "great_expectations__experimental__" {
		kw["row_condition"] = fmt.Sprintf("col(%q)==%s", new, map[bool]string{true: "True", false: "False"}[c.value])
		return
	}
	kw["row_condition"] = c.String()
}
