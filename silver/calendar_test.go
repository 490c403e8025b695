package silver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

func TestParseGMTOffset(t *testing.T) {
	for in, want := range map[string]int32{"08:00:00": 8 * 3600, "-04:00:00": -4 * 3600, "05:30:00": 5*3600 + 1800,
		"+02:00": 2 * 3600, "00:00:00": 0} {
		got, ok := parseGMTOffset(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "8", "08:00:00:00", "aa:00:00", "25:00:00", "08:61:00"} {
		_, ok := parseGMTOffset(in)
		assert.False(t, ok, in)
	}
}

func TestBuildCalendar(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	// add a duplicate of the race with a later ingestion (a reschedule),
	// a session of another year, and a sprint pair
	moved := sessionRow(tRace, " Race ", "Race", "2024-03-24T05:00:00Z")
	moved["_ingested_at"] = ingested.Add(1)
	other := sessionRow(7000, "Race", "Race", "2023-03-24T05:00:00Z")
	other["year"] = 2023
	sq := sessionRow(8997, "Sprint Qualifying", "Qualifying", "2024-03-22T05:00:00Z")
	sp := sessionRow(8998, "Sprint", "Race", "2024-03-23T01:00:00Z")
	sp["gmt_offset"] = "bad"
	src.rows(t, bronze.PartitionKey{Endpoint: openf1.EndpointSessions, Year: tYear},
		sessionRow(tQuali, "Qualifying", "Qualifying", "2024-03-23T05:00:00Z"),
		sessionRow(tRace, "Race", "Race", "2024-03-24T04:00:00Z"), moved, other, sq, sp)
	src.rows(t, bronze.PartitionKey{Endpoint: openf1.EndpointMeetings, Year: tYear},
		row{"meeting_key": tMeeting, "meeting_name": "Australian Grand Prix", "year": tYear, "gmt_offset": "11:00:00",
			"country_key": 5, "circuit_key": 10, "date_start": "2024-03-22T01:30:00Z", "is_cancelled": nil})

	opts := BuildOptions{Allocator: mem, RunID: "cal"}.withDefaults()
	b, err := buildCalendar(context.Background(), src, tYear, opts)
	require.NoError(t, err)
	defer b.Release()
	assertAccounted(t, b)
	assert.Equal(t, []string{TableMeetings, TableSessions}, b.Tables())

	m := b.Record(TableMeetings)
	assert.Equal(t, []any{11 * 3600}, column(t, m, "gmt_offset_s"))
	assert.Equal(t, []any{false}, column(t, m, "is_cancelled"))

	s := b.Record(TableSessions)
	assert.Equal(t, []any{8997, 8998, tQuali, tRace}, column(t, s, "session_key"))
	assert.Equal(t, []any{SessionSprintQualifying, SessionSprint, SessionQualifying, SessionRace}, column(t, s, "session_name"))
	assert.Equal(t, []any{true, true, false, false}, column(t, s, "is_sprint"))
	assert.Equal(t, []any{11 * 3600, nil, 11 * 3600, 11 * 3600}, column(t, s, "gmt_offset_s"))
	assert.Equal(t, "Race", column(t, s, "session_name_raw")[3], "raw name, trimmed")
	assert.Equal(t, time.Date(2024, 3, 24, 5, 0, 0, 0, time.UTC), column(t, s, "date_start")[3], "the later version wins")
	require.Len(t, b.Warnings, 1)
	assert.Contains(t, b.Warnings[0], `gmt_offset "bad"`)

	rej := b.Rejects.All()
	require.Len(t, rej, 2)
	assert.Equal(t, ReasonDuplicate, rej[0].Code)
	assert.Equal(t, ReasonOutOfPartition, rej[1].Code)
	assert.Equal(t, "year 2023 in the bronze partition of 2024", rej[1].Reason)
	assert.Equal(t, 0, rej[1].SessionKey, "calendar rejects have session_key 0")
}
