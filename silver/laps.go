package silver

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

type lapRow struct {
	ord                 int
	meeting             int32
	dn, lap             int32
	start               nullable[int64] // µs
	dur, s1, s2, s3     nullable[int64] // ms
	i1, i2, st          nullable[int32]
	pitOut              bool
	seg1, seg2, seg3    intList
	pitIn, sc, vsc, del bool
}

// span returns when the lap was driven: date_start to date_start +
// lap_duration, else to the driver's next lap start; a lap without a start
// (lap 1 of older races) ends when the next one starts and began
// lap_duration earlier when that is known.
func lapSpans(rows []lapRow) []lapSpan {
	out := make([]lapSpan, len(rows))
	for i, x := range rows {
		s := lapSpan{lap: x.lap, start: x.start.V, hasStart: x.start.Valid}
		var next *lapRow
		if i+1 < len(rows) && rows[i+1].dn == x.dn && rows[i+1].start.Valid {
			next = &rows[i+1]
		}
		switch {
		case x.start.Valid && x.dur.Valid:
			s.end, s.hasEnd = x.start.V+x.dur.V*1000, true
			if next != nil && next.start.V < s.end && next.start.V > x.start.V {
				s.end = next.start.V
			}
		case next != nil:
			s.end, s.hasEnd = next.start.V, true
		}
		if !s.hasStart && s.hasEnd && x.dur.Valid {
			s.start, s.hasStart = s.end-x.dur.V*1000, true
		}
		if s.hasStart && s.hasEnd && s.end < s.start {
			s.hasEnd = false
		}
		out[i] = s
	}
	return out
}

// buildLaps builds silver.laps and joins what earlier tables established:
// stint number, compound and tyre age from stints; is_pit_in_lap from
// pit_stops; under_sc and under_vsc (DefSafetyCar, trackPeriods) and
// is_deleted (DefDeletedLap, deletedLaps) from race_control; is_accurate
// by DefAccurateLap: a duration, not lap 1, neither a pit in- nor out-lap,
// not under SC or VSC, not deleted.
func (sb *sessionBuild) buildLaps(t *bronzeRows) arrow.RecordBatch {
	var rows []lapRow
	for _, ord := range sb.dedup(t, TableLaps, nil) {
		r := t.row(ord)
		x := lapRow{ord: ord}
		x.dn = r.reqI32("driver_number")
		x.lap = r.reqI32("lap_number")
		x.start = r.ts("date_start")
		x.dur = r.ms("lap_duration")
		x.s1, x.s2, x.s3 = r.ms("duration_sector_1"), r.ms("duration_sector_2"), r.ms("duration_sector_3")
		x.i1, x.i2, x.st = r.i32("i1_speed"), r.i32("i2_speed"), r.i32("st_speed")
		po := r.boolean("is_pit_out_lap")
		x.pitOut = po.Valid && po.V
		x.seg1, x.seg2, x.seg3 = r.list("segments_sector_1"), r.list("segments_sector_2"), r.list("segments_sector_3")
		var ok bool
		if x.meeting, ok = sb.accept(t, TableLaps, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableLaps, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRowsByKey(rows, func(x *lapRow) (int64, int64) { return int64(x.dn), int64(x.lap) })

	spans := lapSpans(rows)
	periods := trackPeriods(sb.rc, rows)
	deleted := deletedLaps(sb.rc, rows)

	b := array.NewRecordBuilder(sb.opts.Allocator, lapsSchema)
	defer b.Release()
	for i := range rows {
		x := &rows[i]
		x.pitIn = sb.pitIn[[2]int32{x.dn, x.lap}]
		x.del = deleted[lapKey{x.dn, x.lap}]
		for _, p := range periods {
			if p.under(spans[i]) {
				if p.kind == PeriodSC {
					x.sc = true
				} else {
					x.vsc = true
				}
			}
		}
		accurate := x.dur.Valid && x.lap > 1 && !x.pitOut && !x.pitIn && !x.sc && !x.vsc && !x.del
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(some(x.lap))
		w.ts(x.start)
		w.i64(x.dur)
		w.i64(x.s1)
		w.i64(x.s2)
		w.i64(x.s3)
		w.i32(x.i1)
		w.i32(x.i2)
		w.i32(x.st)
		w.boolean(some(x.pitOut))
		w.boolean(some(x.pitIn))
		if st := sb.stintAt(x.dn, x.lap); st != nil {
			w.i32(some(st.number))
			w.str(some(st.compound))
			age := nullable[int32]{}
			if st.ageStart.Valid {
				age = some(st.ageStart.V + x.lap - st.start)
			}
			w.i32(age)
		} else {
			w.i32(nullable[int32]{})
			w.str(nullable[string]{})
			w.i32(nullable[int32]{})
		}
		w.boolean(some(x.sc))
		w.boolean(some(x.vsc))
		w.boolean(some(x.del))
		w.boolean(some(accurate))
		w.list(x.seg1)
		w.list(x.seg2)
		w.list(x.seg3)
		w.done()
	}
	return b.NewRecordBatch()
}
