package silver

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildPitStops builds silver.pit_stops: one row per (driver, lap) pit-lane
// passage. lane_duration_ms falls back to the deprecated pit_duration
// (older recordings only have that one). It records the in-laps for the
// laps join.
func (sb *sessionBuild) buildPitStops(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord         int
		meeting     int32
		dn, lap     int32
		date        nullable[int64]
		lane, stopd nullable[int64]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TablePitStops, nil) {
		r := t.row(ord)
		x := row{ord: ord}
		x.dn = r.reqI32("driver_number")
		x.lap = r.reqI32("lap_number")
		x.date = r.ts("date")
		x.lane = r.ms("lane_duration")
		if !x.lane.Valid {
			x.lane = r.ms("pit_duration")
		}
		x.stopd = r.ms("stop_duration")
		var ok bool
		if x.meeting, ok = sb.accept(t, TablePitStops, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TablePitStops, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int {
		if a.dn != c.dn {
			return int(a.dn - c.dn)
		}
		return int(a.lap - c.lap)
	})
	b := array.NewRecordBuilder(sb.opts.Allocator, pitStopsSchema)
	defer b.Release()
	sb.pitIn = map[[2]int32]bool{}
	for _, x := range rows {
		sb.pitIn[[2]int32{x.dn, x.lap}] = true
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(some(x.lap))
		w.ts(x.date)
		w.i64(x.lane)
		w.i64(x.stopd)
		w.done()
	}
	return b.NewRecordBatch()
}
