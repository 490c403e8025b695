package sim

import (
	"math"
	"sort"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestPitRowsMatchStintChanges(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range s.SessionKeys() {
		sess, _ := s.Session(key)
		stints := stintsByDriver(s.Stints(key))
		laps := lapsByDriver(s.Laps(key))
		pits := map[int][]openf1.Pit{}
		for _, p := range s.Pits(key) {
			pits[p.DriverNumber] = append(pits[p.DriverNumber], p)
		}
		for drv, st := range stints {
			ps := pits[drv]
			if len(ps) != len(st)-1 {
				t.Errorf("session %d car %d: %d stints, %d pit rows", key, drv, len(st), len(ps))
				continue
			}
			out := map[int]bool{}
			for k, p := range ps {
				if p.LapNumber != st[k].LapEnd {
					t.Errorf("session %d car %d: pit on lap %d, stint %d ends on lap %d", key, drv, p.LapNumber, k+1, st[k].LapEnd)
				}
				out[p.LapNumber+1] = true
				lane, _ := p.LaneDuration.Get()
				if lane <= 0 {
					t.Errorf("session %d car %d: lane_duration %v", key, drv, p.LaneDuration)
				}
				if stop, ok := p.StopDuration.Get(); ok && (stop <= 0 || stop >= lane) {
					t.Errorf("session %d car %d: stop %v s not inside lane %v s", key, drv, stop, lane)
				}
				lap := laps[drv][p.LapNumber-1]
				pd := p.Date.V.Time
				if pd.Before(lap.DateStart.V.Time) || !pd.Before(laps[drv][p.LapNumber].DateStart.V.Time) {
					t.Errorf("session %d car %d: pit at %v not during in-lap %d", key, drv, pd, p.LapNumber)
				}
			}
			for _, l := range laps[drv] {
				first := l.LapNumber == 1 && sess.SessionType != "Race"
				if l.IsPitOutLap != (out[l.LapNumber] || first) {
					t.Errorf("session %d car %d lap %d: is_pit_out_lap %v", key, drv, l.LapNumber, l.IsPitOutLap)
				}
			}
		}
	}
}

// The model adds to a race in-lap the pit lane time minus the time the car
// would have taken over the same stretch on track: compare each green-flag
// in-lap with the lap before it.
func TestPitInLapCostsTheLaneLoss(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 42, Year: 2025, Meetings: 6})
	var errs []float64
	for _, key := range sessionsOf(s, "Race") {
		ss := s.session(key)
		tr := ss.meeting.track
		laneShare := 1 - tr.norm.tf[tr.laneStart]
		laps := lapsByDriver(s.Laps(key))
		for _, p := range s.Pits(key) {
			dl := laps[p.DriverNumber]
			in := p.LapNumber
			if in < 3 {
				continue
			}
			inner := ss.carByNumber(p.DriverNumber).laps
			if inner[in-1].flags&(lapSC|lapVSC) != 0 || inner[in-2].flags&(lapSC|lapVSC|lapPitOut) != 0 {
				continue
			}
			prev := dl[in-2].LapDuration.V
			want := p.LaneDuration.V - prev*laneShare
			errs = append(errs, dl[in-1].LapDuration.V-prev-want)
		}
	}
	if len(errs) < 50 {
		t.Fatalf("only %d green-flag stops", len(errs))
	}
	sort.Float64s(errs)
	med := errs[len(errs)/2]
	if math.Abs(med) > 0.5 {
		t.Errorf("median in-lap excess over the lane loss: %.2f s, want ~0 (lap noise only)", med)
	}
	if errs[len(errs)/10] < -3.5 || errs[len(errs)*9/10] > 3.5 {
		t.Errorf("in-lap excess p10..p90 = %.2f..%.2f s, want within ±3.5 s", errs[len(errs)/10], errs[len(errs)*9/10])
	}
}
