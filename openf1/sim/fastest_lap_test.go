package sim

import (
	"regexp"
	"strconv"
	"testing"
)

// deletedTimeRE reads the simulator's track-limits messages ("CAR 55 (SAI)
// TIME 1:46.732 DELETED - TRACK LIMITS AT TURN 4 LAP 38 …").
var deletedTimeRE = regexp.MustCompile(`^CAR (\d+) \(\w+\) TIME \d+:\d{2}\.\d{3} DELETED .*\bLAP (\d+)\b`)

// deletedLaps returns the (driver, lap) pairs race control deleted in a
// session, read from its messages as a consumer would.
func deletedLaps(s *Season, key int) map[[2]int]bool {
	out := map[[2]int]bool{}
	for _, m := range s.RaceControl(key) {
		if g := deletedTimeRE.FindStringSubmatch(m.Message.V); g != nil {
			dn, _ := strconv.Atoi(g[1])
			lap, _ := strconv.Atoi(g[2])
			out[[2]int{dn, lap}] = true
		}
	}
	return out
}

// TestFastestLapIgnoresDeletedLaps: the FIA does not count a deleted lap
// time for the fastest lap, so neither the ground truth nor the fastest-lap
// point may go to one. Seed 1's full 2024 season has races whose quickest
// lap time was deleted for track limits (session 9876: car 55's lap 38);
// the fastest lap must then be the quickest remaining one, and its point
// (top-ten finisher) must follow it into session_result and the standings.
func TestFastestLapIgnoresDeletedLaps(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 1, Year: 2024, Meetings: 24})
	tr := s.Truth()
	bites := 0
	for _, st := range tr.Sessions {
		if st.Distance == 0 {
			continue
		}
		deleted := deletedLaps(s, st.SessionKey)
		var best, bestAll float64 = 1e9, 1e9
		bestDrv, bestLap, bestAllDrv, bestAllLap := 0, 0, 0, 0
		for _, l := range s.Laps(st.SessionKey) {
			d, ok := l.LapDuration.Get()
			if !ok {
				continue
			}
			if d < bestAll {
				bestAll, bestAllDrv, bestAllLap = d, l.DriverNumber, l.LapNumber
			}
			if !deleted[[2]int{l.DriverNumber, l.LapNumber}] && d < best {
				best, bestDrv, bestLap = d, l.DriverNumber, l.LapNumber
			}
		}
		if deleted[[2]int{bestAllDrv, bestAllLap}] {
			bites++
			t.Logf("session %d (%s): quickest time %.3f (car %d lap %d) was deleted; fastest lap %.3f (car %d lap %d)",
				st.SessionKey, st.Name, bestAll, bestAllDrv, bestAllLap, best, bestDrv, bestLap)
		}
		fl := st.FastestLap
		if fl == nil || fl.DriverNumber != bestDrv || fl.Lap != bestLap || ms1(fl.Duration) != ms1(best) {
			t.Errorf("session %d (%s): truth fastest lap %+v, want car %d lap %d in %.3f", st.SessionKey, st.Name, fl, bestDrv, bestLap, best)
		}
		if st.Name != "Race" {
			continue
		}
		for _, r := range s.SessionResults(st.SessionKey) {
			pos, classified := r.Position.Get()
			if r.DNF && float64(r.NumberOfLaps.V) < 0.9*float64(st.Laps) {
				classified = false
			}
			want := 0.0
			if classified && !r.DSQ && !r.DNS {
				want = expectedPoints(2024, false, pos, r.DriverNumber == bestDrv)
			}
			if r.Points.V != want {
				t.Errorf("session %d car %d P%v: %v points, want %v", st.SessionKey, r.DriverNumber, pos, r.Points.V, want)
			}
		}
	}
	if bites == 0 {
		t.Fatal("no race of the season had a deleted quickest lap: the test proves nothing")
	}
	// the standings add up the corrected points
	total := map[int]float64{}
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		for _, r := range s.SessionResults(key) {
			total[r.DriverNumber] += r.Points.V
		}
	}
	for _, d := range tr.DriverStandings {
		if d.Points != total[d.DriverNumber] {
			t.Errorf("standings: car %d has %v points, results add up to %v", d.DriverNumber, d.Points, total[d.DriverNumber])
		}
	}
}
