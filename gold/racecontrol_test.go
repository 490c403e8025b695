package gold

import (
	"slices"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/silver"
)

var t0 = time.Date(2024, 3, 2, 15, 0, 0, 0, time.UTC)

func TestTrackPeriods(t *testing.T) {
	mem := checkedMem(t)
	rc := silverBatch(t, mem, silver.TableRaceControl,
		row{"date": t0.Add(1 * time.Minute), "category": "SafetyCar", "lap_number": 10, "message": "VIRTUAL SAFETY CAR DEPLOYED"},
		// upgraded to a safety car: the VSC ends on the lap the SC starts
		row{"date": t0.Add(2 * time.Minute), "category": "SafetyCar", "lap_number": 11, "message": "SAFETY CAR DEPLOYED"},
		row{"date": t0.Add(3 * time.Minute), "category": "Other", "lap_number": 12, "message": "SAFETY CAR THROUGH THE PIT LANE"},
		row{"date": t0.Add(4 * time.Minute), "category": "SafetyCar", "lap_number": 14, "message": "SAFETY CAR IN THIS LAP"},
		row{"date": t0.Add(5 * time.Minute), "category": "SafetyCar", "lap_number": 30, "message": "VIRTUAL SAFETY CAR DEPLOYED"},
		// a duplicate deployment changes nothing
		row{"date": t0.Add(6 * time.Minute), "category": "SafetyCar", "lap_number": 30, "message": "VIRTUAL SAFETY CAR DEPLOYED"},
		row{"date": t0.Add(7 * time.Minute), "category": "SafetyCar", "lap_number": 31, "message": "VIRTUAL SAFETY CAR ENDING"},
		// no lap number: the leader's lap at the message time (lap 50 started at t0+50m)
		row{"date": t0.Add(50*time.Minute + 30*time.Second), "category": "SafetyCar", "message": "SAFETY CAR DEPLOYED"},
		row{"date": t0.Add(60 * time.Minute), "category": "Flag", "flag": "CHEQUERED", "lap_number": 52, "message": "CHEQUERED FLAG"},
		// another session's message is ignored
		row{"session_key": 101, "date": t0, "category": "SafetyCar", "lap_number": 2, "message": "SAFETY CAR DEPLOYED"},
	)
	var laps []row
	for n := 1; n <= 52; n++ {
		laps = append(laps, row{"driver_number": 1, "lap_number": n, "date_start": t0.Add(time.Duration(n) * time.Minute)})
	}
	got := TrackPeriods(100, batches(rc), batches(silverBatch(t, mem, silver.TableLaps, laps...)))
	want := []TrackPeriod{
		{PeriodVSC, 10, 11, true}, {PeriodSC, 11, 14, true}, {PeriodVSC, 30, 31, true}, {PeriodSC, 50, 52, false},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("periods %v, want %v", got, want)
	}
	if s := got[3].String(); s != "SC 50-52+" {
		t.Errorf("String %q", s)
	}
	if !got[1].Covers(11) || !got[1].Covers(14) || got[1].Covers(15) || got[1].Laps() != 4 {
		t.Errorf("inclusive range broken: %+v", got[1])
	}
}

func TestDeletedLaps(t *testing.T) {
	laps := []lapRow{
		{driver: 4, lap: 3, dur: some[int64](97787)},
		{driver: 4, lap: 4, dur: some[int64](97450)},
		{driver: 4, lap: 5, dur: some[int64](97000)},
		{driver: 16, lap: 34, dur: some[int64](120000)},
		{driver: 44, lap: 10, dur: some[int64](84295)},
		{driver: 1, lap: 7, dur: some[int64](90000)},
	}
	msgs := []rcRow{
		{message: "CAR 4 (NOR) TIME 1:37.787 DELETED - TRACK LIMITS AT TURN 15 LAP 3 18:08:35"},
		// the quoted time finds the lap when the message names none
		{message: "CAR 4 (NOR) TIME 1:37.450 DELETED - TRACK LIMITS AT TURN 15 (NEXT LAP)"},
		{message: "CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 4 LAP 34 18:58:59 (PIT)"},
		{message: "CAR 44 (HAM) TIME 1:24.295 DELETED - TRACK LIMITS AT TURN 2 LAP 10 15:16:17"},
		{message: "CAR 44 (HAM) TIME 1:24.295 LAP 10 REINSTATED"},
		{message: "BLACK AND WHITE FLAG FOR CAR 1 (VER) - TRACK LIMITS"},
	}
	got := deletedLaps(msgs, laps)
	want := map[lapKey]bool{{4, 3}: true, {4, 4}: true, {16, 34}: true}
	if len(got) != len(want) {
		t.Fatalf("deleted %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("lap %v not deleted", k)
		}
	}
}
