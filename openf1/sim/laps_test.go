package sim

import (
	"testing"
	"time"
)

func TestRaceResultsAgreeWithLaps(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		byDriver := lapsByDriver(s.Laps(key))
		results := s.SessionResults(key)
		winner := results[0]
		if p, _ := winner.Position.Get(); p != 1 {
			t.Fatalf("session %d: first row has position %v", key, winner.Position)
		}
		full := winner.NumberOfLaps.V
		winnerSum := int64(0)
		for _, l := range byDriver[winner.DriverNumber] {
			winnerSum += ms1(l.LapDuration.V)
		}
		for _, r := range results {
			laps := byDriver[r.DriverNumber]
			if r.NumberOfLaps.V != len(laps) {
				t.Errorf("session %d car %d: number_of_laps %d, %d laps rows", key, r.DriverNumber, r.NumberOfLaps.V, len(laps))
			}
			sum := int64(0)
			for _, l := range laps {
				sum += ms1(l.LapDuration.V)
			}
			if len(laps) == full && sum < winnerSum {
				t.Errorf("session %d: car %d covered the full distance in %d ms, less than the winner's %d ms",
					key, r.DriverNumber, sum, winnerSum)
			}
			if d, ok := r.Duration.Single().Seconds(); ok && ms1(d) != sum {
				t.Errorf("session %d car %d: duration %v s, laps sum to %d ms", key, r.DriverNumber, d, sum)
			}
		}
	}
}

func TestLapsAreContiguousAndSectorsAddUp(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range s.SessionKeys() {
		sess, _ := s.Session(key)
		for drv, laps := range lapsByDriver(s.Laps(key)) {
			for k, l := range laps {
				if l.LapNumber != k+1 {
					t.Fatalf("session %d car %d: lap %d numbered %d", key, drv, k+1, l.LapNumber)
				}
				d := ms1(l.LapDuration.V)
				sum := ms1(l.DurationSector1.V) + ms1(l.DurationSector2.V) + ms1(l.DurationSector3.V)
				if d <= 0 || sum != d {
					t.Errorf("session %d car %d lap %d: duration %d ms, sectors sum to %d", key, drv, l.LapNumber, d, sum)
				}
				start := l.DateStart.V.Time
				end := start.Add(time.Duration(d) * time.Millisecond)
				if start.Before(sess.DateStart.Time) || end.After(sess.DateEnd.Time) {
					t.Errorf("session %d (%s) car %d lap %d: %v..%v outside the session %v..%v",
						key, sess.SessionName, drv, l.LapNumber, start, end, sess.DateStart.Time, sess.DateEnd.Time)
				}
				if k+1 < len(laps) && !laps[k+1].DateStart.V.Time.Equal(end) {
					t.Errorf("session %d car %d: lap %d ends %v, lap %d starts %v", key, drv, l.LapNumber, end, l.LapNumber+1, laps[k+1].DateStart.V.Time)
				}
			}
		}
	}
}

func TestRaceLapOneStartsAtLightsOutForAll(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		var first time.Time
		for _, laps := range lapsByDriver(s.Laps(key)) {
			st := laps[0].DateStart.V.Time
			if laps[0].IsPitOutLap {
				t.Errorf("session %d: race lap 1 flagged as pit-out lap", key)
			}
			if first.IsZero() {
				first = st
			} else if !st.Equal(first) {
				t.Errorf("session %d: lap 1 starts at %v and %v", key, first, st)
			}
		}
	}
}
