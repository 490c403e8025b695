package sim

import (
	"sort"
	"testing"
)

// seasonWith finds, among a few seeds, a season whose races include both a
// safety car and a virtual safety car.
func seasonWith(t *testing.T) *Season {
	t.Helper()
	for seed := uint64(1); seed <= 20; seed++ {
		s := season(t, Config{Seed: seed, Year: 2024, Meetings: 6})
		kinds := map[string]bool{}
		for _, st := range s.Truth().Sessions {
			for _, p := range st.SafetyCars {
				kinds[p.Kind] = true
			}
		}
		if kinds["SC"] && kinds["VSC"] {
			return s
		}
	}
	t.Fatal("no season with both SC and VSC in 20 seeds")
	return nil
}

func TestSafetyCarMessagesMatchTruth(t *testing.T) {
	t.Parallel()
	s := seasonWith(t)
	for _, st := range s.Truth().Sessions {
		if st.Laps == 0 {
			continue
		}
		type msg struct {
			lap  int
			text string
		}
		var got []msg
		chequered := 0
		for _, m := range s.RaceControl(st.SessionKey) {
			if _, ok := m.LapNumber.Get(); !ok {
				t.Errorf("race %d: message %q without lap_number", st.SessionKey, m.Message.V)
			}
			if m.Category.V == "SafetyCar" {
				got = append(got, msg{m.LapNumber.V, m.Message.V})
			}
			if m.Flag.V == "CHEQUERED" {
				chequered++
				if m.LapNumber.V != st.Laps {
					t.Errorf("race %d: chequered flag on lap %d, winner ran %d", st.SessionKey, m.LapNumber.V, st.Laps)
				}
			}
		}
		if chequered != 1 {
			t.Errorf("race %d: %d chequered flags", st.SessionKey, chequered)
		}
		var want []msg
		for _, p := range st.SafetyCars {
			if p.Kind == "SC" {
				want = append(want, msg{p.StartLap, "SAFETY CAR DEPLOYED"}, msg{p.EndLap, "SAFETY CAR IN THIS LAP"})
			} else {
				want = append(want, msg{p.StartLap, "VIRTUAL SAFETY CAR DEPLOYED"}, msg{p.EndLap, "VIRTUAL SAFETY CAR ENDING"})
			}
		}
		if len(got) != len(want) {
			t.Fatalf("race %d: SafetyCar messages %v, want %v", st.SessionKey, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("race %d: message %d is %v, want %v", st.SessionKey, i, got[i], want[i])
			}
		}
	}
}

// Laps run entirely behind the safety car (after its deployment lap) are
// much slower than green laps.
func TestSafetyCarLapsAreSlow(t *testing.T) {
	t.Parallel()
	s := seasonWith(t)
	checked := 0
	for _, st := range s.Truth().Sessions {
		for _, p := range st.SafetyCars {
			if p.Kind != "SC" || p.EndLap-p.StartLap < 2 {
				continue
			}
			var sc, green []float64
			for _, l := range s.Laps(st.SessionKey) {
				switch {
				case l.LapNumber > p.StartLap+1 && l.LapNumber <= p.EndLap && !l.IsPitOutLap:
					sc = append(sc, l.LapDuration.V)
				case l.LapNumber > 2 && (l.LapNumber < p.StartLap-1 || l.LapNumber > p.EndLap+2):
					green = append(green, l.LapDuration.V)
				}
			}
			sort.Float64s(sc)
			sort.Float64s(green)
			if len(sc) == 0 {
				continue
			}
			checked++
			if r := sc[len(sc)/2] / green[len(green)/2]; r < 1.2 {
				t.Errorf("race %d SC laps %d-%d: median lap only %.2f× the green median", st.SessionKey, p.StartLap, p.EndLap, r)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no SC period long enough to check")
	}
}
