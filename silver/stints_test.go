package silver

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func stint(dn, n, start, end int, compound any, age any) row {
	return row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn, "stint_number": n,
		"lap_start": start, "lap_end": end, "compound": compound, "tyre_age_at_start": age}
}

func TestStintsRepairRejectAndCompound(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointStints, tRace),
		// driver 1: the API's overlap (pit lap 14 in both stints) → repaired
		stint(1, 1, 1, 14, "MEDIUM", 0),
		stint(1, 2, 14, 40, "hard", 1),
		stint(1, 3, 40, 58, nil, 1),
		// driver 11: inverted stint rejected, the next one kept
		stint(11, 1, 1, 1, "SOFT", 0),
		stint(11, 2, 2, 1, "INTERMEDIATE", 0),
		stint(11, 3, 2, 30, " medium ", 0),
		// driver 16: overlap by more than a lap, and a one-lap stint that
		// nothing is left of after the repair
		stint(16, 1, 1, 20, "MEDIUM", 0),
		stint(16, 2, 15, 30, "HARD", 0),
		stint(16, 3, 20, 20, "SOFT", 0),
		// driver 99 is not in the session
		stint(99, 1, 1, 10, "SOFT", 0),
	)
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)

	rec := b.Record(TableStints)
	require.NotNil(t, rec)
	assert.Equal(t, []any{1, 1, 1, 11, 11, 16}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{1, 2, 3, 1, 3, 1}, column(t, rec, "stint_number"))
	assert.Equal(t, []any{1, 15, 41, 1, 2, 1}, column(t, rec, "lap_start"))
	assert.Equal(t, []any{14, 40, 58, 1, 30, 20}, column(t, rec, "lap_end"))
	assert.Equal(t, []any{14, 26, 18, 1, 29, 20}, column(t, rec, "laps"))
	assert.Equal(t, []any{"MEDIUM", "HARD", CompoundUnknown, "SOFT", "MEDIUM", "MEDIUM"}, column(t, rec, "compound"))
	assert.Equal(t, []any{false, true, true, false, false, false}, column(t, rec, "repaired"))
	notes := column(t, rec, "repair_note")
	assert.Nil(t, notes[0])
	assert.Contains(t, notes[1], "lap_start 14 -> 15")

	st, _ := b.Stat(TableStints)
	assert.Equal(t, TableStats{Table: TableStints, Endpoint: openf1.EndpointStints, BronzeRows: 10, Published: 6, Rejected: 4, Repaired: 2}, st)

	rej := rejectsOf(b, TableStints)
	require.Len(t, rej, 4)
	byKey := map[string]Reject{}
	for _, r := range rej {
		byKey[r.NaturalKey] = r
	}
	inv := byKey["session_key=9000;driver_number=11;stint_number=2"]
	assert.Equal(t, ReasonInvalidStint, inv.Code)
	assert.Equal(t, "lap_start 2 > lap_end 1", inv.Reason)
	assert.Contains(t, inv.Raw, `"lap_start":2,"lap_end":1`)
	assert.Equal(t, int64(4), inv.BronzeRow)
	assert.Equal(t, ReasonInvalidStint, byKey["session_key=9000;driver_number=16;stint_number=2"].Code)
	assert.Contains(t, byKey["session_key=9000;driver_number=16;stint_number=2"].Reason, "more than one lap")
	assert.Contains(t, byKey["session_key=9000;driver_number=16;stint_number=3"].Reason, "nothing left")
	assert.Equal(t, ReasonOrphanDriver, byKey["session_key=9000;driver_number=99;stint_number=1"].Code)
	for _, r := range rej {
		assert.Equal(t, "silver-test", b.Rejects.RunID)
		assert.Equal(t, tRace, r.SessionKey)
		assert.True(t, strings.HasPrefix(r.Raw, `{"meeting_key":900,"session_key":9000,`), r.Raw)
	}
}
