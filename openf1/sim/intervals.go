package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Intervals returns the intervals rows of a race or sprint: one row per car
// at every timing point (about every 4 s), gap_to_leader and interval in
// seconds, or "+N LAP(S)" when the car in question is a lap or more ahead;
// 0 for the leader. Other sessions have none.
func (s *Season) Intervals(sessionKey int) []openf1.Interval {
	ss := s.session(sessionKey)
	if ss == nil || !ss.kind.isRace() {
		return nil
	}
	return s.replay(ss, true).intervals
}
