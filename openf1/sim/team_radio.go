package sim

import (
	"fmt"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// TeamRadio returns a few published radio clips per driver (none for a
// driver without laps), at times inside his laps, with recording URLs in
// the live-timing archive's layout.
func (s *Season) TeamRadio(sessionKey int) []openf1.TeamRadio {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	m := ss.meeting
	day := time.UnixMilli(m.raceDay).UTC().Format("2006-01-02")
	sday := time.UnixMilli(ss.start).UTC().Format("2006-01-02")
	folder := fmt.Sprintf("https://livetiming.formula1.com/static/%d/%s_%s/%s_%s/TeamRadio/",
		s.cfg.Year, day, slugify(m.circuit.meetingName), sday, slugify(ss.slot.name))
	var out []openf1.TeamRadio
	for _, car := range ss.cars {
		if len(car.laps) == 0 {
			continue
		}
		r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamRadio)
		from, to := car.laps[0].start, car.laps[len(car.laps)-1].end()
		n := r.IntN(4)
		at := from
		for k := 0; k < n; k++ {
			at += int64(r.Float64() * float64(to-at) / 2)
			clip := time.UnixMilli(at - ms(between(r, 5, 25))).UTC()
			out = append(out, openf1.TeamRadio{MeetingKey: m.key, SessionKey: ss.key,
				Date: openf1.Of(apiTime(at)), DriverNumber: car.drv.number,
				RecordingURL: folder + fmt.Sprintf("%s_%d_%s.mp3", car.drv.code, car.drv.number, clip.Format("20060102_150405"))})
		}
	}
	return out
}
