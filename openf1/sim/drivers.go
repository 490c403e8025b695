package sim

import "github.com/pitwall-f1/pitwall/openf1"

// Drivers returns the drivers rows of a session in team order. country_code
// is null from 2026 (deprecated by the API). With Quirks.DuplicateDrivers,
// about one session in eight has a second, mostly null row for one driver,
// right after the complete one.
func (s *Season) Drivers(sessionKey int) []openf1.Driver {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	dup := -1
	if s.cfg.Quirks.DuplicateDrivers {
		r := newRand(s.cfg.Seed, ss.key, 0, streamDrivers)
		if r.IntN(8) == 0 {
			dup = r.IntN(len(s.drivers))
		}
	}
	out := make([]openf1.Driver, 0, len(s.drivers)+1)
	for i := range s.drivers {
		d := &s.drivers[i]
		t := &s.teams[d.team]
		cc := openf1.Of(d.country)
		if s.cfg.Year >= 2026 {
			cc = openf1.NullOf[string]()
		}
		out = append(out, openf1.Driver{
			MeetingKey: ss.meeting.key, SessionKey: ss.key, DriverNumber: d.number,
			BroadcastName: openf1.Of(d.broadcastName()), FullName: openf1.Of(d.fullName()),
			FirstName: openf1.Of(d.first), LastName: openf1.Of(d.last), NameAcronym: openf1.Of(d.acronym),
			TeamName: openf1.Of(t.name), TeamColour: openf1.Of(t.colour),
			HeadshotURL: openf1.Of(d.headshotURL()), CountryCode: cc,
		})
		if i == dup {
			null := openf1.NullOf[string]()
			out = append(out, openf1.Driver{
				MeetingKey: ss.meeting.key, SessionKey: ss.key, DriverNumber: d.number,
				BroadcastName: openf1.Of(d.broadcastName()), FullName: null, FirstName: null,
				LastName: null, NameAcronym: null, TeamName: null, TeamColour: null,
				HeadshotURL: null, CountryCode: null,
			})
		}
	}
	return out
}
