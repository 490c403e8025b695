package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Positions returns the position rows of a session: the initial order at
// the session start, then a row for every driver whose position changes.
func (s *Season) Positions(sessionKey int) []openf1.Position {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	return s.replay(ss, false).positions
}
