package silver

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// Result statuses (silver.results.status).
const (
	StatusFinished = "FINISHED"
	StatusDNF      = "DNF"
	StatusDNS      = "DNS"
	StatusDSQ      = "DSQ"
)

// buildResults builds silver.results from session_result: status from the
// dnf/dns/dsq flags (DSQ over DNS over DNF; FINISHED when none is set),
// duration and gap_to_leader split by shape (a number: race time or
// practice best lap and gap in ms, 0 laps behind; "+N LAP(S)": laps
// behind; [Q1, Q2, Q3] arrays: q1..q3_ms and q1..q3_gap_ms), and
// grid_position from the grid-setting session's starting_grid.
func (sb *sessionBuild) buildResults(t *bronzeRows) arrow.RecordBatch {
	type row struct {
		ord           int
		meeting       int32
		dn            int32
		pos, laps     nullable[int32]
		points        nullable[float64]
		dnf, dns, dsq bool
		dur, gap      unionValue
	}
	var rows []row
	for _, ord := range sb.dedup(t, TableResults, nil) {
		r := t.row(ord)
		x := row{ord: ord}
		x.dn = r.reqI32("driver_number")
		x.pos = r.i32("position")
		x.laps = r.i32("number_of_laps")
		x.points = r.f64("points")
		flag := func(name string) bool { v := r.boolean(name); return v.Valid && v.V }
		x.dnf, x.dns, x.dsq = flag("dnf"), flag("dns"), flag("dsq")
		var err error
		raw, present := r.raw("duration")
		if x.dur, err = parseUnion(raw, present); err != nil {
			r.fail(ReasonInvalidValue, "duration: %v", err)
		}
		raw, present = r.raw("gap_to_leader")
		if x.gap, err = parseUnion(raw, present); err != nil {
			r.fail(ReasonInvalidValue, "gap_to_leader: %v", err)
		}
		if x.dur.kind == unionLaps {
			r.fail(ReasonInvalidValue, "duration: laps behind is not a duration")
		}
		checkUnionMS(r, "duration", x.dur)
		checkUnionMS(r, "gap_to_leader", x.gap)
		var ok bool
		if x.meeting, ok = sb.accept(t, TableResults, ord, r); !ok {
			continue
		}
		if !sb.knownDriver(t, TableResults, ord, "driver_number", x.dn) {
			continue
		}
		rows = append(rows, x)
	}
	sortRows(rows, func(a, c row) int { return byPosition(a.pos, a.dn, c.pos, c.dn) })

	b := array.NewRecordBuilder(sb.opts.Allocator, resultsSchema)
	defer b.Release()
	for _, x := range rows {
		w := rowWriter{b: b}
		w.keys(sb.scope, x.meeting)
		w.i32(some(x.dn))
		w.i32(x.pos)
		grid := nullable[int32]{}
		if g, ok := sb.grid[x.dn]; ok {
			grid = some(g)
		}
		w.i32(grid)
		status := StatusFinished
		switch {
		case x.dsq:
			status = StatusDSQ
		case x.dns:
			status = StatusDNS
		case x.dnf:
			status = StatusDNF
		}
		w.str(some(status))
		w.i32(x.laps)
		w.f64(x.points)
		dur := nullable[int64]{}
		if x.dur.kind == unionNumber {
			dur, _ = secondsMS(x.dur.seconds)
		}
		w.i64(dur)
		gapMS, lapsBehind := nullable[int64]{}, nullable[int32]{}
		if x.gap.kind != unionArray {
			gapMS, lapsBehind, _ = x.gap.gapMS()
		}
		w.i64(gapMS)
		w.i32(lapsBehind)
		for i := range 3 {
			v, _ := x.dur.phaseMS(i)
			w.i64(v)
		}
		for i := range 3 {
			v, _ := x.gap.phaseMS(i)
			w.i64(v)
		}
		w.boolean(some(x.dnf))
		w.boolean(some(x.dns))
		w.boolean(some(x.dsq))
		w.done()
	}
	return b.NewRecordBatch()
}

// checkUnionMS fails the row when a union value does not fit integer
// milliseconds.
func checkUnionMS(r *rowReader, name string, v unionValue) {
	var err error
	switch v.kind {
	case unionNumber:
		_, err = secondsMS(v.seconds)
	case unionArray:
		for i := range v.phases {
			if _, err = v.phaseMS(i); err != nil {
				break
			}
		}
	}
	if err != nil {
		r.fail(ReasonInvalidValue, "%s: %v", name, err)
	}
}

func secondsMS(s float64) (nullable[int64], error) {
	ms, ok := secondsToMS(s)
	if !ok {
		return nullable[int64]{}, fmt.Errorf("%v seconds does not fit integer milliseconds", s)
	}
	return some(ms), nil
}

// loadGrid reads starting_grid of the grid-setting session for the
// grid_position join. Its rows are cleaned like silver.starting_grid
// (de-duplicated) but their rejects belong to that session's own build
// and are not recorded here.
func (sb *sessionBuild) loadGrid(ctx context.Context, src partitionSource) error {
	key := bronze.PartitionKey{Endpoint: openf1.EndpointStartingGrid, Year: sb.year, MeetingKey: sb.meetingKey, SessionKey: sb.info.GridSessionKey}
	t, err := load(ctx, src, key)
	if err != nil || t == nil {
		return err
	}
	defer t.release()
	tmp := &scope{year: sb.year, meetingKey: sb.meetingKey, sessionKey: sb.info.GridSessionKey, opts: sb.opts,
		rejects: NewRejects(sb.opts.RunID, sb.opts.Now()), discard: true}
	sb.grid = map[int32]int32{}
	for _, ord := range tmp.dedup(t, TableStartingGrid, nil) {
		r := t.row(ord)
		dn := r.reqI32("driver_number")
		pos := r.i32("position")
		if r.ok() && pos.Valid {
			sb.grid[dn] = pos.V
		}
	}
	return nil
}
