package silver

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func msg(at string, lap int, category, flag, text string) rcMessage {
	tm, _ := time.Parse(time.RFC3339, at)
	m := rcMessage{date: some(tm.UnixMicro()), category: category, flag: flag, message: text}
	if lap > 0 {
		m.lap = some(int32(lap))
	}
	return m
}

func us(at string) int64 {
	tm, _ := time.Parse(time.RFC3339, at)
	return tm.UnixMicro()
}

// startRow is a laps row of some car starting lap n at a time.
func startRow(n int, at string) lapRow { return lapRow{dn: 1, lap: int32(n), start: some(us(at))} }

// TestTrackPeriodsKualaLumpur2026 uses the SafetyCar messages of the
// recorded 2026 Kuala Lumpur race (session 11731): an SC on laps 9–12,
// a VSC on lap 43 that became an SC on lap 45, in until lap 51.
func TestTrackPeriodsKualaLumpur2026(t *testing.T) {
	msgs := []rcMessage{
		msg("2026-10-04T08:33:00Z", 1, "SessionStatus", "", "SESSION STARTED"),
		msg("2026-10-04T08:52:16Z", 9, "SafetyCar", "", "SAFETY CAR DEPLOYED"),
		msg("2026-10-04T08:58:50Z", 12, "SafetyCar", "", "SAFETY CAR IN THIS LAP"),
		msg("2026-10-04T09:53:01Z", 43, "SafetyCar", "", "VSC DEPLOYED"),
		msg("2026-10-04T09:58:26Z", 45, "SafetyCar", "", "SAFETY CAR DEPLOYED"),
		msg("2026-10-04T10:11:34Z", 51, "SafetyCar", "", "SAFETY CAR IN THIS LAP"),
		msg("2026-10-04T10:20:15Z", 55, "Flag", "CHEQUERED", "CHEQUERED FLAG"),
	}
	// lap 13 starts before the message ending the second SC: only a start
	// after "IN THIS LAP" ends an SC
	laps := []lapRow{startRow(13, "2026-10-04T09:00:40Z"), startRow(52, "2026-10-04T10:13:02Z"),
		startRow(52, "2026-10-04T10:14:00Z"), startRow(55, "2026-10-04T10:18:40Z")}
	periods := trackPeriods(msgs, laps)
	require.Len(t, periods, 3)
	assert.Equal(t, trackPeriod{kind: PeriodSC, start: us("2026-10-04T08:52:16Z"), end: us("2026-10-04T09:00:40Z"),
		startLap: 9, endLap: 12, closed: true, timed: true}, periods[0])
	assert.Equal(t, trackPeriod{kind: PeriodVSC, start: us("2026-10-04T09:53:01Z"), end: us("2026-10-04T09:58:26Z"),
		startLap: 43, endLap: 45, closed: true, timed: true}, periods[1])
	assert.Equal(t, trackPeriod{kind: PeriodSC, start: us("2026-10-04T09:58:26Z"), end: us("2026-10-04T10:13:02Z"),
		startLap: 45, endLap: 51, closed: true, timed: true}, periods[2])

	// still out at the end of the data: open-ended, to the last lap
	periods = trackPeriods(msgs[:2], laps)
	require.Len(t, periods, 1)
	assert.Equal(t, int64(math.MaxInt64), periods[0].end)
	assert.Equal(t, int32(55), periods[0].endLap)
	assert.False(t, periods[0].closed)

	// a lap without times is under the period when its number is in range
	p := periods[0]
	assert.True(t, p.under(lapSpan{lap: 9}))
	assert.False(t, p.under(lapSpan{lap: 8}))
	// a lapped car's lap 8 driven while the SC was out is under it
	assert.True(t, p.under(lapSpan{lap: 8, start: us("2026-10-04T08:52:00Z"), end: us("2026-10-04T08:54:00Z"), hasStart: true, hasEnd: true}))
	assert.False(t, p.under(lapSpan{lap: 8, start: us("2026-10-04T08:50:00Z"), end: us("2026-10-04T08:52:16Z"), hasStart: true, hasEnd: true}))
}

// TestTrackPeriodsRules covers the rest of DefSafetyCar: only the
// SafetyCar category counts, a repeated deployment changes nothing, an SC
// turned into a VSC ends on the VSC's lap, messages without a lap_number
// get the leader's lap, and an open period ends at the first chequered
// flag after its deployment.
func TestTrackPeriodsRules(t *testing.T) {
	var laps []lapRow
	for n := 1; n <= 60; n++ {
		laps = append(laps, lapRow{dn: 1, lap: int32(n), start: some(int64(n) * 60e6)})
	}
	at := func(min float64) string {
		return time.UnixMicro(int64(min * 60e6)).UTC().Format(time.RFC3339)
	}
	msgs := []rcMessage{
		msg(at(5.5), 5, "Other", "", "SAFETY CAR THROUGH THE PIT LANE"),
		msg(at(10.5), 10, "SafetyCar", "", "SAFETY CAR DEPLOYED"),
		msg(at(11.5), 11, "SafetyCar", "", "SAFETY CAR DEPLOYED"),
		msg(at(12.5), 12, "SafetyCar", "", "VIRTUAL SAFETY CAR DEPLOYED"),
		msg(at(13.5), 13, "SafetyCar", "", "VIRTUAL SAFETY CAR ENDING"),
		msg(at(40.5), 0, "SafetyCar", "", "SAFETY CAR DEPLOYED"), // no lap_number: the leader's lap 40
		msg(at(50.2), 50, "Flag", "CHEQUERED", "CHEQUERED FLAG"),
		msg(at(51.2), 51, "Flag", "CHEQUERED", "CHEQUERED FLAG"),
	}
	got := exportPeriods(trackPeriods(msgs, laps))
	var text []string
	for _, p := range got {
		text = append(text, p.String())
	}
	assert.Equal(t, []string{"SC 10-12", "VSC 12-13", "SC 40-50+"}, text)
	assert.Equal(t, time.UnixMicro(int64(12.5*60e6)).UTC(), got[0].End, "the SC ends when the VSC is deployed")
	assert.Equal(t, time.UnixMicro(int64(50.2*60e6)).UTC(), got[2].End, "an open period ends at the chequered flag")
	assert.True(t, got[1].Covers(12) && got[1].Covers(13) && !got[1].Covers(14))
	assert.Equal(t, 2, got[1].Laps())
}

// TestDeletedLapsRealMessages uses message texts recorded in the 2026
// Kuala Lumpur race.
func TestDeletedLapsRealMessages(t *testing.T) {
	msgs := []rcMessage{
		{message: "CAR 10 (GAS) TIME 2:21.833 DELETED - TRACK LIMITS AT TURN 12 LAP 3 16:41:19"},
		{message: "CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 12 LAP 3 16:41:20 (PIT)"},
		{message: "CAR 87 (BEA) TIME 1:42.615 DELETED - TRACK LIMITS AT TURN 6 LAP 55 18:19:37"},
		{message: "CAR 43 (COL) TIME 2:04.830 DELETED - TRACK LIMITS AT TURN 12 LAP 6 16:47:51"},
		{message: "CAR 43 (COL) TIME 2:04.830 (LAP 6) REINSTATED"},
		{message: "SAFETY CAR DEPLOYED"},
		{message: "BLACK AND WHITE FLAG FOR CAR 10 (GAS) - TRACK LIMITS"},
	}
	assert.Equal(t, map[lapKey]bool{{10, 3}: true, {16, 3}: true, {87, 55}: true}, deletedLaps(msgs, nil))
}

// TestDeletedLapsByQuotedTime: the quoted time finds the lap, also when
// the message names none ("(NEXT LAP)", recorded in the 2024 Bahrain GP)
// or names another one.
func TestDeletedLapsByQuotedTime(t *testing.T) {
	laps := []lapRow{
		{dn: 4, lap: 3, dur: some[int64](97787)},
		{dn: 4, lap: 4, dur: some[int64](97450)},
		{dn: 4, lap: 5, dur: some[int64](97000)},
		{dn: 16, lap: 34, dur: some[int64](120000)},
		{dn: 44, lap: 10, dur: some[int64](84295)},
		{dn: 81, lap: 11, dur: some[int64](95299)}, // ±1 ms for rounding
		{dn: 1, lap: 7, dur: some[int64](90000)},
	}
	msgs := []rcMessage{
		{message: "CAR 4 (NOR) TIME 1:37.787 DELETED - TRACK LIMITS AT TURN 15 LAP 3 18:08:35"},
		{message: "CAR 4 (NOR) TIME 1:37.450 DELETED - TRACK LIMITS AT TURN 15 (NEXT LAP)"},
		{message: "CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 4 LAP 34 18:58:59 (PIT)"},
		{message: "CAR 44 (HAM) TIME 1:24.295 DELETED - TRACK LIMITS AT TURN 2 LAP 10 15:16:17"},
		{message: "CAR 44 (HAM) TIME 1:24.295 LAP 10 REINSTATED"},
		{message: "CAR 81 (PIA) TIME 1:35.298 DELETED - TRACK LIMITS AT TURN 15 LAP 10 19:04:27"},
		{message: "BLACK AND WHITE FLAG FOR CAR 1 (VER) - TRACK LIMITS"},
	}
	assert.Equal(t, map[lapKey]bool{{4, 3}: true, {4, 4}: true, {16, 34}: true, {81, 11}: true}, deletedLaps(msgs, laps))
}
