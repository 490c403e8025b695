package silver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestDriversDedupPrefersCompleteThenLatest(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	d := func(dn int, name, team any, colour any, at time.Time) row {
		return row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn, "full_name": name,
			"team_name": team, "team_colour": colour, "_ingested_at": at}
	}
	src.rows(t, key(openf1.EndpointDrivers, tRace),
		// 1: complete row, then a later mostly-null twin (API.md §6): complete wins
		d(1, " Max VERSTAPPEN ", "Red Bull Racing", "3671c6", ingested),
		d(1, nil, nil, nil, ingested.Add(time.Hour)),
		// 11: two complete rows: the latest ingested wins even though it comes first
		d(11, "Sergio PEREZ", "Red Bull Racing", "#3671C6", ingested.Add(time.Minute)),
		d(11, "Sergio PEREZ", "Old Team", "3671C6", ingested),
		// 16: same time: the later row wins; a colour that is not hex is nulled
		d(16, "Charles LECLERC", "Ferrari", "E8002D", ingested),
		d(16, "Charles LECLERC", "Scuderia Ferrari", "red", ingested),
	)
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)
	rec := b.Record(TableDrivers)
	assert.Equal(t, []any{1, 11, 16}, column(t, rec, "driver_number"))
	assert.Equal(t, []any{"Max VERSTAPPEN", "Sergio PEREZ", "Charles LECLERC"}, column(t, rec, "full_name"))
	assert.Equal(t, []any{"Red Bull Racing", "Red Bull Racing", "Scuderia Ferrari"}, column(t, rec, "team_name"))
	assert.Equal(t, []any{"#3671C6", "#3671C6", nil}, column(t, rec, "team_colour"))
	require.Len(t, b.Warnings, 1)
	assert.Contains(t, b.Warnings[0], `team_colour "red"`)

	rej := rejectsOf(b, TableDrivers)
	require.Len(t, rej, 3)
	for _, r := range rej {
		assert.Equal(t, ReasonDuplicate, r.Code)
	}
	assert.Equal(t, int64(1), rej[0].BronzeRow)
	assert.Equal(t, "superseded by bronze row 0 with the same natural key (ingested_at 2024-03-25T06:00:00+00:00)", rej[0].Reason)
	assert.Equal(t, int64(3), rej[1].BronzeRow)
	assert.Contains(t, rej[1].Reason, "bronze row 2")
	assert.Equal(t, int64(4), rej[2].BronzeRow)
	assert.Contains(t, rej[2].Reason, "bronze row 5")
	assert.Equal(t, "session_key=9000;driver_number=1", rej[0].NaturalKey)
}

func TestNormalizeColour(t *testing.T) {
	for in, want := range map[string]string{"3671c6": "#3671C6", "#e8002d": "#E8002D", "FFFFFF": "#FFFFFF"} {
		got, ok := normalizeColour(some(in))
		assert.True(t, ok)
		assert.Equal(t, some(want), got, in)
	}
	for _, in := range []string{"red", "#12345", "1234567", "GGGGGG"} {
		got, ok := normalizeColour(some(in))
		assert.False(t, ok, in)
		assert.False(t, got.Valid, in)
	}
}
