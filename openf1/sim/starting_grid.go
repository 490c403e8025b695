package sim

import "github.com/pitwall-f1/pitwall/openf1"

// StartingGrid returns the starting_grid rows for a qualifying or sprint
// qualifying session key — like the real API, the grid of a race is keyed
// by the session that set it. lap_duration is the driver's best time in the
// last phase he took part in (null without a valid time). Other sessions
// have no rows.
func (s *Season) StartingGrid(qualifyingSessionKey int) []openf1.StartingGrid {
	ss := s.session(qualifyingSessionKey)
	if ss == nil || !ss.kind.isQuali() {
		return nil
	}
	out := make([]openf1.StartingGrid, 0, len(ss.result))
	for _, e := range ss.result {
		row := openf1.StartingGrid{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			Position: openf1.Of(e.position), DriverNumber: s.drivers[e.car].number,
			LapDuration: openf1.NullOf[float64]()}
		if reached := ss.cars[e.car].reached; reached > 0 && e.phases[reached-1] > 0 {
			row.LapDuration = openf1.Of(seconds(e.phases[reached-1]))
		}
		out = append(out, row)
	}
	return out
}
