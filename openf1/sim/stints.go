package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Stints returns the stints rows of a session, driver by driver. Without
// quirks a driver's stints cover laps 1..n without gaps or overlaps. With
// Quirks.StintOverlap a race stint starts on the previous stint's last lap
// (the pit lap), as in the API; with Quirks.NullCompound about one race
// stint in twenty has a null compound.
func (s *Season) Stints(sessionKey int) []openf1.Stint {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	var out []openf1.Stint
	for _, car := range ss.cars {
		r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamStints)
		for k, st := range car.stints {
			row := openf1.Stint{MeetingKey: ss.meeting.key, SessionKey: ss.key, StintNumber: k + 1,
				DriverNumber: car.drv.number, LapStart: st.lapStart, LapEnd: st.lapEnd,
				Compound: openf1.Of(compoundNames[st.compound]), TyreAgeAtStart: openf1.Of(st.age)}
			if ss.kind.isRace() {
				if s.cfg.Quirks.StintOverlap && k > 0 {
					row.LapStart = car.stints[k-1].lapEnd
				}
				if s.cfg.Quirks.NullCompound && r.IntN(20) == 0 {
					row.Compound = openf1.NullOf[string]()
				}
			}
			out = append(out, row)
		}
	}
	return out
}
