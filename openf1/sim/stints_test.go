package sim

import (
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

func stintsByDriver(st []openf1.Stint) map[int][]openf1.Stint {
	out := map[int][]openf1.Stint{}
	for _, x := range st {
		out[x.DriverNumber] = append(out[x.DriverNumber], x)
	}
	return out
}

func TestStintsCoverLapsWithoutGaps(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range s.SessionKeys() {
		laps := lapsByDriver(s.Laps(key))
		stints := stintsByDriver(s.Stints(key))
		for drv, dl := range laps {
			st := stints[drv]
			if len(st) == 0 {
				t.Fatalf("session %d car %d: %d laps, no stints", key, drv, len(dl))
			}
			next := 1
			for k, x := range st {
				if x.StintNumber != k+1 || x.LapStart != next || x.LapEnd < x.LapStart {
					t.Errorf("session %d car %d stint %d: laps %d-%d, want to start at %d", key, drv, x.StintNumber, x.LapStart, x.LapEnd, next)
				}
				if c, ok := x.Compound.Get(); !ok || (c != "SOFT" && c != "MEDIUM" && c != "HARD") {
					t.Errorf("session %d car %d stint %d: compound %v", key, drv, x.StintNumber, x.Compound)
				}
				if a, ok := x.TyreAgeAtStart.Get(); !ok || a < 0 {
					t.Errorf("session %d car %d stint %d: tyre age %v", key, drv, x.StintNumber, x.TyreAgeAtStart)
				}
				next = x.LapEnd + 1
			}
			if next-1 != len(dl) {
				t.Errorf("session %d car %d: stints end at lap %d, %d laps", key, drv, next-1, len(dl))
			}
		}
		for drv := range stints {
			if len(laps[drv]) == 0 {
				t.Errorf("session %d car %d: stints without laps", key, drv)
			}
		}
	}
}

func TestStintOverlapQuirk(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 42, Year: 2024, Meetings: 3, Quirks: Quirks{StintOverlap: true}})
	clean := small(t)
	for _, key := range s.SessionKeys() {
		sess, _ := s.Session(key)
		race := sess.SessionType == "Race"
		got, want := stintsByDriver(s.Stints(key)), stintsByDriver(clean.Stints(key))
		for drv, st := range got {
			for k := 1; k < len(st); k++ {
				overlap := st[k].LapStart == st[k-1].LapEnd
				if overlap != race {
					t.Errorf("session %d (%s) car %d: stint %d starts at %d, previous ends at %d",
						key, sess.SessionName, drv, k+1, st[k].LapStart, st[k-1].LapEnd)
				}
				if st[k].LapEnd != want[drv][k].LapEnd {
					t.Errorf("session %d car %d: the quirk moved a stint end", key, drv)
				}
			}
		}
	}
}
