package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Sessions returns the sessions rows of the season in chronological order.
// Sprint weekends use the current naming: "Sprint Qualifying" (type
// "Qualifying") and "Sprint" (type "Race").
func (s *Season) Sessions() []openf1.Session {
	out := make([]openf1.Session, len(s.sessions))
	for i, ss := range s.sessions {
		out[i] = s.sessionRow(ss)
	}
	return out
}

func (s *Season) sessionRow(ss *sessionSim) openf1.Session {
	c := ss.meeting.circuit
	return openf1.Session{
		MeetingKey:       ss.meeting.key,
		SessionKey:       ss.key,
		Location:         c.location,
		DateStart:        apiTime(ss.start),
		DateEnd:          apiTime(ss.end),
		SessionType:      ss.slot.typ,
		SessionName:      ss.slot.name,
		CountryKey:       c.countryKey,
		CountryCode:      openf1.Of(c.countryCode),
		CountryName:      c.countryName,
		CircuitKey:       c.circuitKey,
		CircuitShortName: c.shortName,
		GMTOffset:        gmtOffset(c.gmtHours),
		Year:             s.cfg.Year,
		IsCancelled:      openf1.Of(false),
	}
}
