package silver

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// buildChampionshipDrivers builds silver.championship_drivers. There is no
// referential check: standings list every driver with points, including
// drivers who did not take part in the session.
func (sb *sessionBuild) buildChampionshipDrivers(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		dn      int32
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableChampionshipDrivers, nil) {
		r := t.row(ord)
		x := row{ord: ord, dn: r.reqI32("driver_number")}
		r.i32("position_start")
		r.i32("position_current")
		var ok bool
		if x.meeting, ok = sb.accept(t, TableChampionshipDrivers, ord, r); !ok {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int { return int(a.dn - c.dn) })
	b := array.NewRecordBuilder(sb.opts.Allocator, championshipDriversSchema)
	defer b.Release()
	for _, x := range rows {
		r := t.row(x.ord)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(r.i32("position_start"))
		w.i32(r.i32("position_current"))
		w.f64(r.f64("points_start"))
		w.f64(r.f64("points_current"))
		w.done()
	}
	return b.NewRecordBatch()
}

// buildChampionshipTeams builds silver.championship_teams. A row without a
// team name cannot be keyed (API.md §3.18) and is rejected.
func (sb *sessionBuild) buildChampionshipTeams(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord     int
		meeting int32
		team    string
	}
	var rows []row
	// A null team name is not a key: such rows are rejected, never
	// "de-duplicated" against each other.
	var named []int
	for ord := range t.Len() {
		if v, ok := t.stringAt(ord, t.col("team_name")); ok && strings.TrimSpace(v) != "" {
			named = append(named, ord)
		} else {
			sb.reject(t, TableChampionshipTeams, ord, ReasonMissingValue, "team_name is null or empty")
		}
	}
	for _, ord := range sb.dedupRows(t, TableChampionshipTeams, named, nil) {
		r := t.row(ord)
		team := r.str("team_name")
		r.i32("position_start")
		r.i32("position_current")
		x := row{ord: ord, team: team.V}
		var ok bool
		if x.meeting, ok = sb.accept(t, TableChampionshipTeams, ord, r); !ok {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int { return strings.Compare(a.team, c.team) })
	b := array.NewRecordBuilder(sb.opts.Allocator, championshipTeamsSchema)
	defer b.Release()
	for _, x := range rows {
		r := t.row(x.ord)
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.str(some(x.team))
		w.i32(r.i32("position_start"))
		w.i32(r.i32("position_current"))
		w.f64(r.f64("points_start"))
		w.f64(r.f64("points_current"))
		w.done()
	}
	return b.NewRecordBatch()
}
