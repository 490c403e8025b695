package silver

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildStartingGrid builds silver.starting_grid: one row per driver,
// keyed like the API by the qualifying session that set the grid.
func (sb *sessionBuild) buildStartingGrid(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		dn      int32
		pos     nullable[int32]
		lap     nullable[int64]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableStartingGrid, nil) {
		r := t.row(ord)
		x := row{ord: ord, dn: r.reqI32("driver_number"), pos: r.i32("position"), lap: r.ms("lap_duration")}
		var ok bool
		if x.meeting, ok = sb.accept(t, TableStartingGrid, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableStartingGrid, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int { return byPosition(a.pos, a.dn, c.pos, c.dn) })
	b := array.NewRecordBuilder(sb.opts.Allocator, startingGridSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(x.pos)
		w.i64(x.lap)
		w.done()
	}
	return b.NewRecordBatch()
}
