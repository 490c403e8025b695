package sim

import (
	"iter"
	"strconv"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Location streams a driver's location samples for a session, in time
// order: positions (decimetres) on the circuit's closed shape, in the pit
// lane beside it during stops and at the garage box while waiting. Sampled
// independently of car_data (its own phase and jitter). Empty when
// Config.Telemetry is false.
func (s *Season) Location(sessionKey, driverNumber int) iter.Seq[openf1.Location] {
	return func(yield func(openf1.Location) bool) {
		ss := s.session(sessionKey)
		if ss == nil {
			return
		}
		car := ss.carByNumber(driverNumber)
		if car == nil {
			return
		}
		s.samples(ss, car, streamLocation, func(at int64, sm *sample) bool {
			return yield(openf1.Location{MeetingKey: ss.meeting.key, SessionKey: ss.key, Date: apiTime(at),
				DriverNumber: driverNumber, X: openf1.Of(int(sm.x)), Y: openf1.Of(int(sm.y)), Z: openf1.Of(int(sm.z))})
		})
	}
}

// appendLocation appends the JSON encoding of r, byte-identical to
// json.Marshal(r).
func appendLocation(b []byte, r *openf1.Location, dc *dateCache) []byte {
	b = append(b, `{"meeting_key":`...)
	b = strconv.AppendInt(b, int64(r.MeetingKey), 10)
	b = append(b, `,"session_key":`...)
	b = strconv.AppendInt(b, int64(r.SessionKey), 10)
	b = append(b, `,"date":"`...)
	b = dc.append(b, r.Date)
	b = append(b, `","driver_number":`...)
	b = strconv.AppendInt(b, int64(r.DriverNumber), 10)
	b = appendNullableInt(b, `,"x":`, r.X)
	b = appendNullableInt(b, `,"y":`, r.Y)
	b = appendNullableInt(b, `,"z":`, r.Z)
	return append(b, '}')
}
