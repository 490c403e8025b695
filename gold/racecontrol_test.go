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
