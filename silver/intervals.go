package silver

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildIntervals builds silver.intervals: gap_to_leader and interval split
// into seconds (rounded to the millisecond) and laps behind. A null means
// the feed did not send the value in that update (often "unchanged", API.md
// §3.3): silver does not forward-fill.
func (sb *sessionBuild) buildIntervals(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord              int
		meeting          int32
		dn               int32
		date             int64
		gapS, intS       nullable[float64]
		gapLaps, intLaps nullable[int32]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableIntervals, nil) {
		r := t.row(ord)
		x := row{ord: ord, dn: r.reqI32("driver_number"), date: r.reqTS("date")}
		for _, f := range []struct {
			name string
			s    *nullable[float64]
			laps *nullable[int32]
		}{{"gap_to_leader", &x.gapS, &x.gapLaps}, {"interval", &x.intS, &x.intLaps}} {
			raw, present := r.raw(f.name)
			v, err := parseUnion(raw, present)
			if err == nil {
				*f.s, *f.laps, err = v.gapSeconds()
			}
			if err != nil {
				r.fail(ReasonInvalidValue, "%s: %v", f.name, err)
			}
		}
		var ok bool
		if x.meeting, ok = sb.accept(t, TableIntervals, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableIntervals, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRowsByKey(rows, func(x *row) (int64, int64) { return int64(x.dn), x.date })
	b := array.NewRecordBuilder(sb.opts.Allocator, intervalsSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.ts(some(x.date))
		w.f64(x.gapS)
		w.i32(x.gapLaps)
		w.f64(x.intS)
		w.i32(x.intLaps)
		w.done()
	}
	return b.NewRecordBatch()
}
