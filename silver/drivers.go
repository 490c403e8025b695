package silver

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildDrivers builds silver.drivers: one row per (session, driver). Of
// duplicate rows the one with team_name and full_name wins (API.md §6:
// live sessions have had mostly-null twins), then the latest.
func (sb *sessionBuild) buildDrivers(t *bronzeRows) arrow.RecordBatch {
	b := array.NewRecordBuilder(sb.opts.Allocator, driversSchema)
	defer b.Release()
	teamCol, nameCol := t.col("team_name"), t.col("full_name")
	complete := func(ord int) int {
		n := 0
		for _, c := range []int{teamCol, nameCol} {
			if v, ok := t.stringAt(ord, c); ok && strings.TrimSpace(v) != "" {
				n++
			}
		}
		return n
	}
	type row struct {
		ord     int
		meeting int32
		dn      int32
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableDrivers, complete) {
		r := t.row(ord)
		dn := r.reqI32("driver_number")
		meeting, ok := sb.accept(t, TableDrivers, ord, r)
		if !ok {
			continue
		}
		rows = append(rows, row{ord, meeting, dn})
	}
	sortRows(rows, func(a, c row) int { return int(a.dn - c.dn) })
	sb.drivers = map[int32]bool{}
	for _, x := range rows {
		sb.drivers[x.dn] = true
		r := t.row(x.ord)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		for _, name := range []string{"broadcast_name", "full_name", "first_name", "last_name", "name_acronym", "team_name"} {
			w.str(r.str(name))
		}
		colour := r.str("team_colour")
		norm, ok := normalizeColour(colour)
		if colour.Valid && !ok {
			sb.warn("drivers %s: team_colour %q is not RRGGBB hex; published as null", t.naturalKey(x.ord), colour.V)
		}
		w.str(norm)
		w.str(r.str("headshot_url"))
		w.str(r.str("country_code"))
		w.done()
	}
	return b.NewRecordBatch()
}

// normalizeColour turns "3671c6" or "#3671C6" into "#3671C6". ok is false
// for a non-null value that is not six hex digits (then the result is null).
func normalizeColour(v nullable[string]) (nullable[string], bool) {
	if !v.Valid {
		return v, true
	}
	s := strings.TrimPrefix(v.V, "#")
	if len(s) != 6 {
		return nullable[string]{}, false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return nullable[string]{}, false
		}
	}
	return some("#" + strings.ToUpper(s)), true
}
