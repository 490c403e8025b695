package sim

import (
	"context"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

func records(t *testing.T, s *Season, ep openf1.Endpoint, key int) [][]byte {
	t.Helper()
	var out [][]byte
	for b, err := range s.Records(context.Background(), ep, openf1.Query{}.Eq("session_key", key)) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// diff returns the rows of b not in a and the rows of a not in b.
func diff(a, b [][]byte) (added, removed [][]byte) {
	count := map[string]int{}
	for _, x := range a {
		count[string(x)]++
	}
	for _, x := range b {
		if count[string(x)] > 0 {
			count[string(x)]--
			continue
		}
		added = append(added, x)
	}
	for _, x := range a {
		if count[string(x)] > 0 {
			count[string(x)]--
			removed = append(removed, x)
		}
	}
	return
}

func TestCorrectionChangesOnlyTheCorrectedRace(t *testing.T) {
	t.Parallel()
	v1 := season(t, Config{Seed: 8, Year: 2025, Meetings: 4})
	v2 := v1.Corrected()
	if v2.Version() != 2 || v1.Version() != 1 || v2.Corrected() != v2 {
		t.Fatalf("versions %d, %d", v1.Version(), v2.Version())
	}
	c := v1.Truth().Correction
	if c == nil || *c != *v2.Truth().Correction {
		t.Fatalf("corrections %v / %v", c, v2.Truth().Correction)
	}
	if c.NewPosition <= c.OldPosition && !c.Disqualified {
		t.Fatalf("correction %+v does not cost a place", c)
	}
	corrected := false
	for _, key := range v1.SessionKeys() {
		sess, _ := v1.Session(key)
		isRace := key == c.SessionKey
		corrected = corrected || isRace
		for _, info := range openf1.Endpoints() {
			if info.Scope != openf1.ScopeSession || info.Telemetry {
				continue
			}
			added, removed := diff(records(t, v1, info.Name, key), records(t, v2, info.Name, key))
			changed := len(added)+len(removed) > 0
			switch info.Name {
			case openf1.EndpointSessionResult, openf1.EndpointPosition, openf1.EndpointOvertakes, openf1.EndpointRaceControl:
				if changed != isRace {
					t.Errorf("%s of session %d (%s): %d added, %d removed rows", info.Name, key, sess.SessionName, len(added), len(removed))
				}
			case openf1.EndpointChampionshipDrivers, openf1.EndpointChampionshipTeams:
				if changed && !corrected {
					t.Errorf("%s changed before the corrected race (session %d)", info.Name, key)
				}
				if isRace && !changed {
					t.Errorf("%s of the corrected race unchanged", info.Name)
				}
			default:
				if changed {
					t.Errorf("%s of session %d changed: +%d -%d rows", info.Name, key, len(added), len(removed))
				}
			}
			if isRace && info.Name == openf1.EndpointRaceControl && (len(added) != 1 || len(removed) != 0) {
				t.Errorf("race_control: +%d -%d rows, want one added message", len(added), len(removed))
			}
		}
	}
	// the corrected classification
	for _, r := range v2.SessionResults(c.SessionKey) {
		if r.DriverNumber != c.DriverNumber {
			continue
		}
		old := findResult(v1.SessionResults(c.SessionKey), c.DriverNumber)
		if r.Position.V != c.NewPosition || old.Position.V != c.OldPosition {
			t.Errorf("car %d: P%v → P%v, truth says P%d → P%d", c.DriverNumber, old.Position, r.Position, c.OldPosition, c.NewPosition)
		}
		d1, _ := old.Duration.Single().Seconds()
		d2, _ := r.Duration.Single().Seconds()
		if !c.Disqualified && ms1(d2)-ms1(d1) != ms1(c.PenaltySeconds) {
			t.Errorf("car %d: duration %v → %v with a %v s penalty", c.DriverNumber, d1, d2, c.PenaltySeconds)
		}
	}
}

func findResult(rs []openf1.SessionResult, n int) openf1.SessionResult {
	for _, r := range rs {
		if r.DriverNumber == n {
			return r
		}
	}
	return openf1.SessionResult{}
}
