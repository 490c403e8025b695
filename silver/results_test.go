package silver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func result(session, dn int, pos any, dur, gap raw, flags ...string) row {
	r := row{"meeting_key": tMeeting, "session_key": session, "driver_number": dn, "position": pos,
		"number_of_laps": 58, "dnf": false, "dns": false, "dsq": false, "duration": dur, "gap_to_leader": gap}
	if dur == "" {
		r["duration"] = nil
	}
	if gap == "" {
		r["gap_to_leader"] = nil
	}
	for _, f := range flags {
		r[f] = true
	}
	return r
}

func TestResultsRaceUnionsStatusAndGrid(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointSessionResult, tRace),
		result(tRace, 16, 1, "4971.234", "0"),
		result(tRace, 1, 2, "4973.5", "2.266"),
		result(tRace, 11, 3, "", `"+1 LAP"`),
		result(tRace, 11, nil, "", "", "dnf"), // a later version of 11's row: DNF wins
	)
	src.rows(t, key(openf1.EndpointStartingGrid, tQuali),
		row{"meeting_key": tMeeting, "session_key": tQuali, "driver_number": 1, "position": 1, "lap_duration": 75.0},
		row{"meeting_key": tMeeting, "session_key": tQuali, "driver_number": 16, "position": 2, "lap_duration": 75.3})
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)
	assert.Equal(t, tQuali, b.Session.GridSessionKey)
	rec := b.Record(TableResults)
	assert.Equal(t, []any{16, 1, 11}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{1, 2, nil}, column(t, rec, "position"))
	assert.Equal(t, []any{2, 1, nil}, column(t, rec, "grid_position"))
	assert.Equal(t, []any{StatusFinished, StatusFinished, StatusDNF}, column(t, rec, "status"))
	assert.Equal(t, []any{int64(4_971_234), int64(4_973_500), nil}, column(t, rec, "duration_ms"))
	assert.Equal(t, []any{int64(0), int64(2_266), nil}, column(t, rec, "gap_to_leader_ms"))
	assert.Equal(t, []any{0, 0, nil}, column(t, rec, "laps_behind"))
	assert.Equal(t, []any{nil, nil, nil}, column(t, rec, "q1_ms"))
	rej := rejectsOf(b, TableResults)
	require.Len(t, rej, 1)
	assert.Equal(t, ReasonDuplicate, rej[0].Code)
	assert.Equal(t, int64(2), rej[0].BronzeRow)
	assert.Contains(t, rej[0].Raw, `"gap_to_leader":"+1 LAP"`, "raw keeps the union's JSON")
}

func TestResultsLappedAndQualifyingArrays(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointSessionResult, tRace),
		result(tRace, 16, 1, "4971.234", "0"),
		result(tRace, 11, 2, "", `"+2 LAPS"`),
		result(tRace, 1, nil, `"DNF"`, "", "dsq"))
	src.rows(t, key(openf1.EndpointSessionResult, tQuali),
		result(tQuali, 1, 1, "[80.1, 79.5, 78.987]", "[0, 0, 0]"),
		result(tQuali, 16, 2, "[80.3, 79.9, 79.1]", "[0.2, 0.4, 0.113]"),
		result(tQuali, 11, 16, "[81.002, null, null]", "[0.902, null, null]"))
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)
	rec := b.Record(TableResults)
	assert.Equal(t, []any{16, 11}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{int64(0), nil}, column(t, rec, "gap_to_leader_ms"))
	assert.Equal(t, []any{0, 2}, column(t, rec, "laps_behind"))
	rej := rejectsOf(b, TableResults)
	require.Len(t, rej, 1)
	assert.Equal(t, ReasonInvalidValue, rej[0].Code)
	assert.Contains(t, rej[0].Reason, `duration: unrecognised text "DNF"`)

	q := build(t, src, mem, tQuali)
	defer q.Release()
	assertAccounted(t, q)
	rec = q.Record(TableResults)
	assert.Equal(t, []any{1, 16, 11}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{int64(80_100), int64(80_300), int64(81_002)}, column(t, rec, "q1_ms"))
	assert.Equal(t, []any{int64(79_500), int64(79_900), nil}, column(t, rec, "q2_ms"))
	assert.Equal(t, []any{int64(78_987), int64(79_100), nil}, column(t, rec, "q3_ms"))
	assert.Equal(t, []any{int64(0), int64(113), nil}, column(t, rec, "q3_gap_ms"))
	assert.Equal(t, []any{int64(0), int64(200), int64(902)}, column(t, rec, "q1_gap_ms"))
	assert.Equal(t, []any{nil, nil, nil}, column(t, rec, "duration_ms"))
	assert.Equal(t, []any{nil, nil, nil}, column(t, rec, "gap_to_leader_ms"))
	assert.Equal(t, []any{nil, nil, nil}, column(t, rec, "grid_position"), "a qualifying has no grid")
}
