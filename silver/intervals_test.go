package silver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestIntervalsSplitUnions(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	iv := func(dn int, sec int, gap, interval any) row {
		return row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn,
			"date": raceStart.Add(time.Duration(sec) * time.Second), "gap_to_leader": gap, "interval": interval}
	}
	src.rows(t, key(openf1.EndpointIntervals, tRace),
		iv(16, 4, raw("0"), nil),
		iv(1, 4, raw("82.15899999999999"), raw("1.5")),
		iv(11, 4, raw(`"+1 LAP"`), raw(`"+1 LAP"`)),
		iv(11, 8, raw(`"+2 LAPS"`), nil),
		iv(1, 8, nil, raw("0.987")),
		iv(1, 12, raw(`"LAP 12"`), nil))
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)
	rec := b.Record(TableIntervals)
	assert.Equal(t, []any{1, 1, 11, 11, 16}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{82.159, nil, nil, nil, 0.0}, column(t, rec, "gap_to_leader_s"))
	assert.Equal(t, []any{0, nil, 1, 2, 0}, column(t, rec, "gap_laps_behind"))
	assert.Equal(t, []any{1.5, 0.987, nil, nil, nil}, column(t, rec, "interval_s"))
	assert.Equal(t, []any{0, 0, 1, nil, nil}, column(t, rec, "interval_laps_behind"))
	rej := rejectsOf(b, TableIntervals)
	require.Len(t, rej, 1)
	assert.Equal(t, ReasonInvalidValue, rej[0].Code)
	assert.Equal(t, `gap_to_leader: unrecognised text "LAP 12" (want a number or "+N LAP(S)")`, rej[0].Reason)
}
