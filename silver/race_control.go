package silver

import (
	"cmp"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// rcMessage is a published race_control row, kept for the laps join.
type rcMessage struct {
	date     nullable[int64]
	category string
	flag     string
	driver   nullable[int32]
	lap      nullable[int32]
	message  string
}

// buildRaceControl builds silver.race_control: one row per message, text
// fields trimmed. No referential check: messages may name drivers of
// other sessions (stewards' decisions) or none.
func (sb *sessionBuild) buildRaceControl(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		msg     rcMessage
		scope   nullable[string]
		sector  nullable[int32]
		phase   nullable[int32]
		catN    nullable[string]
		flagN   nullable[string]
		msgN    nullable[string]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableRaceControl, nil) {
		r := t.row(ord)
		x := row{ord: ord}
		x.msg.date = r.ts("date")
		x.catN, x.flagN, x.msgN = r.str("category"), r.str("flag"), r.str("message")
		x.msg.category, x.msg.flag, x.msg.message = x.catN.V, x.flagN.V, x.msgN.V
		x.scope = r.str("scope")
		x.sector = r.i32("sector")
		x.msg.driver = r.i32("driver_number")
		x.msg.lap = r.i32("lap_number")
		x.phase = r.i32("qualifying_phase")
		var ok bool
		if x.meeting, ok = sb.accept(t, TableRaceControl, ord, r); !ok {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int {
		if a.msg.date.Valid != c.msg.date.Valid {
			if a.msg.date.Valid {
				return 1
			}
			return -1
		}
		if d := cmp.Compare(a.msg.date.V, c.msg.date.V); d != 0 {
			return d
		}
		return a.ord - c.ord
	})
	b := array.NewRecordBuilder(sb.opts.Allocator, raceControlSchema)
	defer b.Release()
	sb.rc = sb.rc[:0]
	for _, x := range rows {
		sb.rc = append(sb.rc, x.msg)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.ts(x.msg.date)
		w.str(x.catN)
		w.str(x.flagN)
		w.str(x.scope)
		w.i32(x.sector)
		w.i32(x.msg.driver)
		w.i32(x.msg.lap)
		w.i32(x.phase)
		w.str(x.msgN)
		w.done()
	}
	return b.NewRecordBatch()
}
