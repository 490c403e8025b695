package silver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

var raceStart = time.Date(2024, 3, 24, 4, 3, 0, 0, time.UTC)

// lap makes a laps row; start is seconds after raceStart (nil: null).
func lap(dn, n int, start any, dur any, pitOut bool) row {
	r := row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn, "lap_number": n,
		"lap_duration": dur, "duration_sector_1": nil, "duration_sector_2": 30.5, "duration_sector_3": 25.25,
		"i1_speed": 280, "is_pit_out_lap": pitOut, "segments_sector_1": []any{nil, 2049, 2051}}
	if s, ok := start.(float64); ok {
		r["date_start"] = raceStart.Add(time.Duration(s * float64(time.Second)))
	}
	return r
}

func rc(at float64, lapN any, category, flag, msg string) row {
	return row{"meeting_key": tMeeting, "session_key": tRace, "date": raceStart.Add(time.Duration(at * float64(time.Second))),
		"lap_number": lapN, "category": category, "flag": nilIfEmpty(flag), "message": msg}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestLapsJoinsAndAccuracy builds a 6-lap race for two drivers with a pit
// stop, an SC period, a VSC period and a deleted lap, and checks every
// derived column against what the rows say.
func TestLapsJoinsAndAccuracy(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	// Driver 1 laps of 90 s from t=0 (lap 1 has no start and no duration,
	// as before 2026); driver 16 two seconds behind. Lap n of driver 1
	// starts at 90(n-1).
	var laps []row
	for _, dn := range []int{1, 16} {
		off := 0.0
		if dn == 16 {
			off = 2
		}
		laps = append(laps, lap(dn, 1, nil, nil, false))
		for n := 2; n <= 6; n++ {
			laps = append(laps, lap(dn, n, off+90*float64(n-1), 90.0, dn == 16 && n == 4))
		}
	}
	laps = append(laps, lap(99, 2, 95.0, 91.0, false)) // not in the session
	src.rows(t, key(openf1.EndpointLaps, tRace), laps...)
	src.rows(t, key(openf1.EndpointStints, tRace),
		stint(1, 1, 1, 6, "medium", 2),
		stint(16, 1, 1, 3, "SOFT", 0),
		stint(16, 2, 3, 6, nil, 0))
	src.rows(t, key(openf1.EndpointPit, tRace),
		row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": 16, "lap_number": 3,
			"date": raceStart.Add(260 * time.Second), "pit_duration": 21.5, "stop_duration": 2.4})
	src.rows(t, key(openf1.EndpointRaceControl, tRace),
		// SC deployed during lap 2 of the leader (t=100), in this lap 3 → ends when lap 4 starts (t=270)
		rc(100, 2, "SafetyCar", "", "SAFETY CAR DEPLOYED"),
		rc(200, 3, "SafetyCar", "", "SAFETY CAR IN THIS LAP"),
		// VSC inside driver 1's lap 5 (t=360..450) only: 400..420
		rc(400, 5, "SafetyCar", "", "VSC DEPLOYED"),
		rc(420, 5, "SafetyCar", "", "VSC ENDING"),
		rc(530, 6, "Other", "", "CAR 1 (VER) TIME 1:30.000 DELETED - TRACK LIMITS AT TURN 4 LAP 6 15:12:07"),
		rc(531, 6, "Other", "", "CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 4 LAP 2 15:12:07 (PIT)"),
		rc(600, 6, "Other", "", "CAR 16 (LEC) TIME 1:30.000 (LAP 2) REINSTATED"),
		rc(601, 6, "Flag", "CHEQUERED", "CHEQUERED FLAG"))
	b := build(t, src, mem, tRace)
	defer b.Release()
	assertAccounted(t, b)

	rec := b.Record(TableLaps)
	require.NotNil(t, rec)
	require.EqualValues(t, 12, rec.NumRows())
	dn := column(t, rec, "driver_number")
	n := column(t, rec, "lap_number")
	assert.Equal(t, []any{1, 1, 1, 1, 1, 1, 16, 16, 16, 16, 16, 16}, dn)
	assert.Equal(t, []any{1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, n)
	// lap 1: null duration kept, not accurate
	assert.Nil(t, column(t, rec, "lap_duration_ms")[0])
	assert.Nil(t, column(t, rec, "date_start")[0])
	assert.Equal(t, int64(90_000), column(t, rec, "lap_duration_ms")[1])
	assert.Equal(t, int64(30_500), column(t, rec, "sector_2_ms")[1])
	assert.Equal(t, int64(25_250), column(t, rec, "sector_3_ms")[1])
	assert.Equal(t, `[null,2049,2051]`, column(t, rec, "segments_sector_1")[1])

	assert.Equal(t, []any{false, false, false, false, false, false, false, false, true, false, false, false}, column(t, rec, "is_pit_in_lap"))
	assert.Equal(t, []any{false, false, false, false, false, false, false, false, false, true, false, false}, column(t, rec, "is_pit_out_lap"))
	// SC 100..270: driver 1 laps 2 (90-180), 3 (180-270); driver 16 laps
	// 2 (92-182), 3 (182-272), 4 starts at 272: not under.
	assert.Equal(t, []any{false, true, true, false, false, false, false, true, true, false, false, false}, column(t, rec, "under_sc"))
	// VSC 400..420: lap 5 of both (360-450, 362-452)
	assert.Equal(t, []any{false, false, false, false, true, false, false, false, false, false, true, false}, column(t, rec, "under_vsc"))
	// lap 6 of driver 1 deleted; driver 16's lap 2 deleted then reinstated
	assert.Equal(t, []any{false, false, false, false, false, true, false, false, false, false, false, false}, column(t, rec, "is_deleted"))
	assert.Equal(t, []any{false, false, false, true, false, false, false, false, false, false, false, true}, column(t, rec, "is_accurate"))

	// stints: driver 16's second stint is repaired to start on lap 4
	assert.Equal(t, []any{1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2}, column(t, rec, "stint_number"))
	assert.Equal(t, []any{"MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM", "SOFT", "SOFT", "SOFT",
		CompoundUnknown, CompoundUnknown, CompoundUnknown}, column(t, rec, "compound"))
	assert.Equal(t, []any{2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 1, 2}, column(t, rec, "tyre_age"))

	pits := b.Record(TablePitStops)
	assert.Equal(t, []any{int64(21_500)}, column(t, pits, "lane_duration_ms"), "pit_duration stands in for a missing lane_duration")
	assert.Equal(t, []any{int64(2_400)}, column(t, pits, "stop_duration_ms"))

	rej := rejectsOf(b, TableLaps)
	require.Len(t, rej, 1)
	assert.Equal(t, ReasonOrphanDriver, rej[0].Code)
	assert.Equal(t, "session_key=9000;driver_number=99;lap_number=2", rej[0].NaturalKey)
	assert.Equal(t, "driver_number 99 is not in the drivers of session 9000", rej[0].Reason)
}

// TestLapOneIsNeverAccurate: DefAccurateLap leaves lap 1 out in every
// session, not only in races (gold's definition, which silver now holds
// alone); lap 2 of the same practice session is accurate.
func TestLapOneIsNeverAccurate(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	l1, l2 := lap(1, 1, 0.0, 80.0, false), lap(1, 2, 80.0, 79.0, false)
	l1["session_key"], l2["session_key"] = tQuali, tQuali
	src.rows(t, key(openf1.EndpointLaps, tQuali), l1, l2)
	b := build(t, src, mem, tQuali)
	defer b.Release()
	assert.Equal(t, []any{false, true}, column(t, b.Record(TableLaps), "is_accurate"))
}
