package silver

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildPositions builds silver.positions: one row per position change.
func (sb *sessionBuild) buildPositions(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		dn      int32
		date    int64
		pos     int32
	}
	var rows []row
	for _, ord := range sb.dedup(t, TablePositions, nil) {
		r := t.row(ord)
		x := row{ord: ord, dn: r.reqI32("driver_number"), date: r.reqTS("date"), pos: r.reqI32("position")}
		var ok bool
		if x.meeting, ok = sb.accept(t, TablePositions, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TablePositions, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRowsByKey(rows, func(x *row) (int64, int64) { return int64(x.dn), x.date })
	b := array.NewRecordBuilder(sb.opts.Allocator, positionsSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.ts(some(x.date))
		w.i32(some(x.pos))
		w.done()
	}
	return b.NewRecordBatch()
}
