package silver

import (
	"cmp"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildTeamRadio builds silver.team_radio.
func (sb *sessionBuild) buildTeamRadio(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		dn      int32
		date    nullable[int64]
		url     nullable[string]
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableTeamRadio, nil) {
		r := t.row(ord)
		x := row{ord: ord, dn: r.reqI32("driver_number"), date: r.ts("date"), url: r.str("recording_url")}
		if !x.url.Valid {
			r.fail(ReasonMissingValue, "recording_url is null or empty")
		}
		var ok bool
		if x.meeting, ok = sb.accept(t, TableTeamRadio, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableTeamRadio, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int {
		if a.dn != c.dn {
			return int(a.dn - c.dn)
		}
		return cmp.Compare(a.date.V, c.date.V)
	})
	b := array.NewRecordBuilder(sb.opts.Allocator, teamRadioSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.ts(x.date)
		w.i32(some(x.dn))
		w.str(x.url)
		w.done()
	}
	return b.NewRecordBatch()
}
