package sim

import (
	"math"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Weather returns one weather row a minute through the session: air and
// track temperature drifting around the circuit's typical values, humidity,
// pressure (lower at altitude), wind. It never rains in the simulator.
func (s *Season) Weather(sessionKey int) []openf1.Weather {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	c := ss.meeting.circuit
	r := newRand(s.cfg.Seed, ss.key, 0, streamWeather)
	air := c.airTemp + normal(r, 0, 2)
	track := air + between(r, 8, 20)
	hum := clamp(c.humidity+normal(r, 0, 6), 15, 95)
	press := c.pressure + normal(r, 0, 3)
	dir := r.Float64() * 360
	wind := between(r, 0.5, 4)
	var out []openf1.Weather
	for t := ss.start + ms(between(r, 0, 60)); t < ss.end; t += 60000 {
		air += normal(r, 0, 0.08)
		track += normal(r, 0, 0.2) + (air+12-track)*0.02
		hum = clamp(hum+normal(r, 0, 0.3), 10, 100)
		press += normal(r, 0, 0.05)
		dir = math.Mod(dir+normal(r, 0, 15)+360, 360)
		wind = clamp(wind+normal(r, 0, 0.3), 0, 12)
		out = append(out, openf1.Weather{MeetingKey: ss.meeting.key, SessionKey: ss.key, Date: apiTime(t),
			AirTemperature: round1(air), TrackTemperature: round1(track), Humidity: round1(hum),
			Pressure: round1(press), Rainfall: 0, WindDirection: int(dir), WindSpeed: round1(wind)})
	}
	return out
}
