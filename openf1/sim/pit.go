package sim

import "github.com/pitwall-f1/pitwall/openf1"

// austinIndex is the calendar slot of the 2024 US GP, from which the API
// publishes stop_duration.
const austinIndex = 18

// Pits returns the pit rows of a session: one per stint change, on the last
// lap of the stint that ends. In races lane_duration is the time from pit
// entry to pit exit (the stop included) and stop_duration the stationary
// time (null before the 2024 US GP); in practice and qualifying
// lane_duration includes the time spent in the garage and stop_duration is
// null. pit_duration (the deprecated copy of lane_duration) is sent up to
// 2026.
func (s *Season) Pits(sessionKey int) []openf1.Pit {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	withStop := ss.kind.isRace() && (s.cfg.Year >= 2025 || (s.cfg.Year == 2024 && ss.meeting.index >= austinIndex))
	var out []openf1.Pit
	for _, car := range ss.cars {
		for _, p := range car.pits {
			lane := round1(seconds(int64(p.lane)))
			row := openf1.Pit{MeetingKey: ss.meeting.key, SessionKey: ss.key, Date: openf1.Of(apiTime(p.date)),
				DriverNumber: car.drv.number, LapNumber: p.lap, LaneDuration: openf1.Of(lane),
				StopDuration: openf1.NullOf[float64]()}
			if withStop {
				row.StopDuration = openf1.Of(round1(seconds(int64(p.stop))))
			}
			if s.cfg.Year <= 2026 {
				row.PitDuration = openf1.Of(lane)
			}
			out = append(out, row)
		}
	}
	return out
}
