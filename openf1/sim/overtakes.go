package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Overtakes returns the overtakes rows of a race or sprint: every change of
// running order between two cars (on-track passes and pit-stop swaps), and
// in version 2 the swaps caused by the post-race penalty.
func (s *Season) Overtakes(sessionKey int) []openf1.Overtake {
	ss := s.session(sessionKey)
	if ss == nil || !ss.kind.isRace() {
		return nil
	}
	return s.replay(ss, false).overtakes
}
