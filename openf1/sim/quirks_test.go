package sim

import (
	"testing"
)

// quirkCounts counts, over a season, the data defects each quirk produces.
func quirkCounts(s *Season) map[string]int {
	n := map[string]int{}
	for _, key := range s.SessionKeys() {
		sess, _ := s.Session(key)
		race := sess.SessionType == "Race"
		for _, l := range s.Laps(key) {
			if l.LapNumber == 1 && race && l.LapDuration.Null && l.DateStart.Null && l.DurationSector1.Null {
				n["null lap 1"]++
			}
			if seg := l.SegmentsSector1.V; len(seg) > 0 && seg[0].Null {
				n["null first segment"]++
			}
		}
		seen := map[int]int{}
		for _, d := range s.Drivers(key) {
			if seen[d.DriverNumber]++; seen[d.DriverNumber] == 2 && d.FullName.Null && d.TeamName.Null {
				n["duplicate driver"]++
			}
		}
		for drv, st := range stintsByDriver(s.Stints(key)) {
			_ = drv
			for k, x := range st {
				if x.Compound.Null {
					n["null compound"]++
				}
				if k > 0 && x.LapStart == st[k-1].LapEnd {
					n["stint overlap"]++
				}
			}
		}
	}
	return n
}

func TestQuirksAreSwitchable(t *testing.T) {
	t.Parallel()
	clean := quirkCounts(season(t, Config{Seed: 4, Year: 2024, Meetings: 6}))
	if len(clean) != 0 {
		t.Errorf("quirks off, found %v", clean)
	}
	all := quirkCounts(season(t, Config{Seed: 4, Year: 2024, Meetings: 6, Quirks: AllQuirks()}))
	for _, q := range []string{"null lap 1", "null first segment", "duplicate driver", "null compound", "stint overlap"} {
		if all[q] == 0 {
			t.Errorf("AllQuirks: no %s", q)
		}
	}
	// each switch alone
	one := map[string]Quirks{
		"null lap 1":         {NullLapOne: true},
		"null first segment": {NullFirstSegment: true},
		"duplicate driver":   {DuplicateDrivers: true},
		"null compound":      {NullCompound: true},
		"stint overlap":      {StintOverlap: true},
	}
	for name, q := range one {
		got := quirkCounts(season(t, Config{Seed: 4, Year: 2024, Meetings: 6, Quirks: q}))
		for k, v := range got {
			if k != name && v > 0 {
				t.Errorf("quirk %q alone also produced %d %q", name, v, k)
			}
		}
		if got[name] != all[name] {
			t.Errorf("quirk %q alone: %d, with all quirks %d", name, got[name], all[name])
		}
	}
}

// Quirks change how the data is reported, never the simulation.
func TestQuirksLeaveTheModelAlone(t *testing.T) {
	t.Parallel()
	a := season(t, Config{Seed: 4, Year: 2024, Meetings: 6})
	b := season(t, Config{Seed: 4, Year: 2024, Meetings: 6, Quirks: AllQuirks()})
	for _, key := range sessionsOf(a, "Race") {
		ra, rb := a.SessionResults(key), b.SessionResults(key)
		for i := range ra {
			if ra[i].DriverNumber != rb[i].DriverNumber || ra[i].Duration.Single().String() != rb[i].Duration.Single().String() {
				t.Fatalf("race %d: results differ with quirks", key)
			}
		}
	}
}
