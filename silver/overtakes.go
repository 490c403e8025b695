package silver

import (
	"cmp"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildOvertakes builds silver.overtakes; both drivers must be in the
// session's drivers.
func (sb *sessionBuild) buildOvertakes(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord          int
		meeting      int32
		date         int64
		passer, lost int32
		pos          nullable[int32]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableOvertakes, nil) {
		r := t.row(ord)
		x := row{ord: ord, date: r.reqTS("date"), passer: r.reqI32("overtaking_driver_number"),
			lost: r.reqI32("overtaken_driver_number"), pos: r.i32("position")}
		var ok bool
		if x.meeting, ok = sb.accept(t, TableOvertakes, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableOvertakes, ord, "overtaking_driver_number", x.passer) ||
			!sb.knownDriver(t, TableOvertakes, ord, "overtaken_driver_number", x.lost) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int {
		if d := cmp.Compare(a.date, c.date); d != 0 {
			return d
		}
		if a.passer != c.passer {
			return int(a.passer - c.passer)
		}
		return int(a.lost - c.lost)
	})
	b := array.NewRecordBuilder(sb.opts.Allocator, overtakesSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.ts(some(x.date))
		w.i32(some(x.passer))
		w.i32(some(x.lost))
		w.i32(x.pos)
		w.done()
	}
	return b.NewRecordBatch()
}
