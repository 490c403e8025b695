package silver

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// CompoundUnknown is the compound silver publishes for a null or empty
// compound.
const CompoundUnknown = "UNKNOWN"

type stintRow struct {
	ord        int
	meeting    int32
	dn, number int32
	start, end int32
	compound   string
	ageStart   nullable[int32]
	repaired   bool
	note       string
}

// normalizeCompound upper-cases a compound; null or empty is UNKNOWN.
func normalizeCompound(v nullable[string]) string {
	if !v.Valid {
		return CompoundUnknown
	}
	return strings.ToUpper(v.V)
}

// buildStints builds silver.stints. Per driver, in stint_number order:
//   - lap_start > lap_end: rejected (invalid_stint);
//   - lap_start == lap_end of the previous stint (the API counts the pit
//     in-lap in both stints, API.md §6): repaired to previous lap_end + 1
//     and flagged; if nothing is left the stint is rejected;
//   - lap_start before the previous lap_end: rejected (invalid_stint).
//
// It returns the batch and the number of repaired stints, and records the
// published stints for the laps join.
func (sb *sessionBuild) buildStints(t *bronzeRows) (arrow.RecordBatch, int64) {
	var rows []stintRow
	for _, ord := range sb.dedup(t, TableStints, nil) {
		r := t.row(ord)
		x := stintRow{ord: ord}
		x.dn = r.reqI32("driver_number")
		x.number = r.reqI32("stint_number")
		x.start = r.reqI32("lap_start")
		x.end = r.reqI32("lap_end")
		x.compound = normalizeCompound(r.str("compound"))
		x.ageStart = r.i32("tyre_age_at_start")
		var ok bool
		if x.meeting, ok = sb.accept(t, TableStints, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableStints, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c stintRow) int {
		if a.dn != c.dn {
			return int(a.dn - c.dn)
		}
		return int(a.number - c.number)
	})

	b := array.NewRecordBuilder(sb.opts.Allocator, stintsSchema)
	defer b.Release()
	sb.stints = map[int32][]stintRow{}
	var repaired int64
	for _, x := range rows {
		if x.start > x.end {
			sb.reject(t, TableStints, x.ord, ReasonInvalidStint, "lap_start %d > lap_end %d", x.start, x.end)
			continue
		}
		prevs := sb.stints[x.dn]
		if len(prevs) > 0 {
			prev := prevs[len(prevs)-1]
			switch {
			case x.start == prev.end:
				if x.start+1 > x.end {
					sb.reject(t, TableStints, x.ord, ReasonInvalidStint,
						"lap_start %d = lap_end of stint %d and lap_end %d: nothing left after repairing the overlap",
						x.start, prev.number, x.end)
					continue
				}
				x.note = fmt.Sprintf("lap_start %d -> %d: lap %d is also the last lap of stint %d (pit in-lap)",
					x.start, x.start+1, x.start, prev.number)
				x.start++
				x.repaired = true
				repaired++
			case x.start < prev.end:
				sb.reject(t, TableStints, x.ord, ReasonInvalidStint,
					"laps %d-%d overlap stint %d (laps %d-%d) by more than one lap", x.start, x.end, prev.number, prev.start, prev.end)
				continue
			}
		}
		sb.stints[x.dn] = append(sb.stints[x.dn], x)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(some(x.number))
		w.i32(some(x.start))
		w.i32(some(x.end))
		w.str(some(x.compound))
		w.i32(x.ageStart)
		w.i32(some(x.end - x.start + 1))
		w.boolean(some(x.repaired))
		w.str(nonZero(x.note))
		w.done()
	}
	return b.NewRecordBatch(), repaired
}

// stintAt returns the published stint a driver's lap belongs to.
func (sb *sessionBuild) stintAt(dn, lap int32) *stintRow {
	for i := range sb.stints[dn] {
		s := &sb.stints[dn][i]
		if lap >= s.start && lap <= s.end {
			return s
		}
	}
	return nil
}
