package sim

import (
	"net/url"
	"strconv"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Meetings returns the meetings rows of the season in calendar order. Rows
// carry the fields the API added in 2026 (date_end, circuit_type, URLs,
// is_cancelled) for every year.
func (s *Season) Meetings() []openf1.Meeting {
	out := make([]openf1.Meeting, len(s.meetings))
	for i, m := range s.meetings {
		out[i] = s.meetingRow(m)
	}
	return out
}

func (s *Season) meetingRow(m *meetingSim) openf1.Meeting {
	c := m.circuit
	typ := "Permanent"
	if c.street {
		typ = "Temporary - Street"
	}
	const assets = "https://media.formula1.com/content/dam/fom-website/2018-redesign-assets/"
	return openf1.Meeting{
		MeetingKey:          m.key,
		MeetingName:         c.meetingName,
		MeetingOfficialName: c.official + " " + strconv.Itoa(s.cfg.Year),
		MeetingCode:         openf1.Of(c.countryCode),
		Location:            c.location,
		CountryKey:          c.countryKey,
		CountryCode:         openf1.Of(c.countryCode),
		CountryName:         c.countryName,
		CountryFlag:         openf1.Of(assets + "Flags%2016x9/" + c.flagSlug + "-flag.png"),
		CircuitKey:          c.circuitKey,
		CircuitShortName:    c.shortName,
		CircuitType:         openf1.Of(typ),
		CircuitImage:        openf1.Of(assets + "Track%20icons%204x3/" + url.PathEscape(c.imageName) + "%20carbon.png"),
		CircuitInfoURL:      openf1.Of("https://api.multiviewer.app/api/v1/circuits/" + strconv.Itoa(c.circuitKey) + "/" + strconv.Itoa(s.cfg.Year)),
		GMTOffset:           gmtOffset(c.gmtHours),
		DateStart:           apiTime(m.dateStart),
		DateEnd:             openf1.Of(apiTime(m.dateEnd)),
		Year:                s.cfg.Year,
		IsCancelled:         openf1.Of(false),
	}
}
