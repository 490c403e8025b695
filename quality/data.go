package quality

import (
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
)

// Data is a read-only view of the Arrow data a suite checks: one record
// batch or a table whose columns may be chunked differently. Build it with
// FromRecordBatch or FromTable.
//
// Data does not Retain or Release anything: the caller keeps ownership of the
// batch or table and must keep it alive until Validate (or Profile) returns.
// Results never reference Arrow memory (unexpected values are copied), so the
// data may be released as soon as the call returns.
type Data struct {
	schema *arrow.Schema
	rows   int64
	cols   []column
	view   *dataView // set for the rows a row_condition selects
}

// column is one named column as a list of non-empty chunks.
type column struct {
	name    string
	typ     arrow.DataType
	chunks  []arrow.Array
	offsets []int64 // row index of each chunk's first element
	pending bool    // a view column not sliced yet (see dataView)
}

// FromRecordBatch views a record batch as Data.
func FromRecordBatch(rec arrow.RecordBatch) Data {
	if rec == nil {
		return Data{}
	}
	d := Data{schema: rec.Schema(), rows: rec.NumRows()}
	for i, f := range rec.Schema().Fields() {
		d.cols = append(d.cols, newColumn(f, []arrow.Array{rec.Column(i)}))
	}
	return d
}

// FromTable views an arrow.Table (chunked columns) as Data.
func FromTable(tbl arrow.Table) Data {
	if tbl == nil {
		return Data{}
	}
	d := Data{schema: tbl.Schema(), rows: tbl.NumRows()}
	for i, f := range tbl.Schema().Fields() {
		d.cols = append(d.cols, newColumn(f, tbl.Column(i).Data().Chunks()))
	}
	return d
}

func newColumn(f arrow.Field, chunks []arrow.Array) column {
	c := column{name: f.Name, typ: f.Type}
	var off int64
	for _, ch := range chunks {
		if ch.Len() == 0 {
			continue
		}
		c.chunks = append(c.chunks, ch)
		c.offsets = append(c.offsets, off)
		off += int64(ch.Len())
	}
	return c
}

// NumRows returns the number of rows.
func (d Data) NumRows() int64 { return d.rows }

// Schema returns the Arrow schema (nil for the zero Data).
func (d Data) Schema() *arrow.Schema { return d.schema }

// ColumnNames returns the column names in schema order.
func (d Data) ColumnNames() []string {
	out := make([]string, len(d.cols))
	for i, c := range d.cols {
		out[i] = c.name
	}
	return out
}

// column finds a column by name (the first one if names repeat).
func (d *Data) column(name string) (*column, error) {
	for i := range d.cols {
		if d.cols[i].name == name {
			if d.cols[i].pending {
				if err := d.view.materialize(&d.cols[i]); err != nil {
					return nil, err
				}
			}
			return &d.cols[i], nil
		}
	}
	return nil, columnNotFound(name, d)
}

// locate returns the chunk holding row and the index within it.
func (c *column) locate(row int64) (arrow.Array, int) {
	i := sort.Search(len(c.offsets), func(i int) bool { return c.offsets[i] > row }) - 1
	return c.chunks[i], int(row - c.offsets[i])
}

// valueAt returns the JSON-ready value at row (see render).
func (c *column) valueAt(row int64) any {
	arr, i := c.locate(row)
	return render(arr, i)
}

// cursor walks a column row by row in increasing order without a search
// per row; rows may skip forward.
type cursor struct {
	c   *column
	ci  int
	arr arrow.Array
	lo  int64 // first row of arr
	hi  int64 // one past the last row of arr
}

func newCursor(c *column) *cursor {
	cur := &cursor{c: c, ci: -1}
	return cur
}

// at returns the chunk and index of row.
func (cur *cursor) at(row int64) (arrow.Array, int) {
	if cur.arr == nil || row < cur.lo || row >= cur.hi {
		if cur.arr != nil && row >= cur.hi && cur.ci+1 < len(cur.c.chunks) && row < cur.c.offsets[cur.ci+1]+int64(cur.c.chunks[cur.ci+1].Len()) {
			cur.ci++
		} else {
			cur.ci = sort.Search(len(cur.c.offsets), func(i int) bool { return cur.c.offsets[i] > row }) - 1
		}
		cur.arr = cur.c.chunks[cur.ci]
		cur.lo = cur.c.offsets[cur.ci]
		cur.hi = cur.lo + int64(cur.arr.Len())
	}
	return cur.arr, int(row - cur.lo)
}
