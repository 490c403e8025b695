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
	starts := map[int32]int64{13: us("2026-10-04T09:00:40Z"), 52: us("2026-10-04T10:13:02Z")}
	var asked []int32
	periods := trackPeriods(msgs, func(lap int32, after int64) (int64, bool) {
		asked = append(asked, lap)
		s, ok := starts[lap]
		return s, ok && s >= after
	})
	assert.Equal(t, []int32{13, 52}, asked)
	require.Len(t, periods, 3)
	assert.Equal(t, trackPeriod{kind: periodSC, start: us("2026-10-04T08:52:16Z"), end: starts[13], startLap: 9, endLap: 12}, periods[0])
	assert.Equal(t, trackPeriod{kind: periodVSC, start: us("2026-10-04T09:53:01Z"), end: us("2026-10-04T09:58:26Z"), startLap: 43, endLap: 45}, periods[1])
	assert.Equal(t, trackPeriod{kind: periodSC, start: us("2026-10-04T09:58:26Z"), end: starts[52], startLap: 45, endLap: 51}, periods[2])

	// still out at the end of the data: open-ended
	periods = trackPeriods(msgs[:2], func(int32, int64) (int64, bool) { return 0, false })
	require.Len(t, periods, 1)
	assert.Equal(t, int64(math.MaxInt64), periods[0].end)

	// a lap without times falls back to the leader laps of the messages
	p := periods[0]
	assert.True(t, p.under(lapSpan{lap: 9}))
	assert.False(t, p.under(lapSpan{lap: 8}))
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
	assert.Equal(t, map[[2]int32]bool{{10, 3}: true, {16, 3}: true, {87, 55}: true}, deletedLaps(msgs))
}
