package sim

import (
	"iter"
	"strconv"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// CarData streams a driver's car_data samples for a session, in time order.
// Samples lie inside the driver's laps and agree with them: the speed trace
// is the circuit's reference trace stretched to each sector time. drs is
// null from 2026. The sequence is empty when Config.Telemetry is false or
// the session or driver is unknown; nothing is buffered.
func (s *Season) CarData(sessionKey, driverNumber int) iter.Seq[openf1.CarData] {
	return func(yield func(openf1.CarData) bool) {
		ss := s.session(sessionKey)
		if ss == nil {
			return
		}
		car := ss.carByNumber(driverNumber)
		if car == nil {
			return
		}
		noDRS := s.noDRS()
		s.samples(ss, car, streamCarData, func(at int64, sm *sample) bool {
			row := openf1.CarData{MeetingKey: ss.meeting.key, SessionKey: ss.key, Date: apiTime(at),
				DriverNumber: driverNumber, RPM: openf1.Of(sm.rpm), Speed: openf1.Of(int(sm.speed + 0.5)),
				NGear: openf1.Of(int(sm.gear)), Throttle: openf1.Of(sm.throttle), Brake: openf1.Of(sm.brake),
				DRS: openf1.Of(sm.drs)}
			if noDRS {
				row.DRS = openf1.NullOf[int]()
			}
			return yield(row)
		})
	}
}

// appendCarData appends the JSON encoding of r, byte-identical to
// json.Marshal(r) (checked by the tests), without reflection.
func appendCarData(b []byte, r *openf1.CarData, dc *dateCache) []byte {
	b = append(b, `{"meeting_key":`...)
	b = strconv.AppendInt(b, int64(r.MeetingKey), 10)
	b = append(b, `,"session_key":`...)
	b = strconv.AppendInt(b, int64(r.SessionKey), 10)
	b = append(b, `,"date":"`...)
	b = dc.append(b, r.Date)
	b = append(b, `","driver_number":`...)
	b = strconv.AppendInt(b, int64(r.DriverNumber), 10)
	b = appendNullableInt(b, `,"rpm":`, r.RPM)
	b = appendNullableInt(b, `,"speed":`, r.Speed)
	b = appendNullableInt(b, `,"n_gear":`, r.NGear)
	b = appendNullableInt(b, `,"throttle":`, r.Throttle)
	b = appendNullableInt(b, `,"brake":`, r.Brake)
	b = appendNullableInt(b, `,"drs":`, r.DRS)
	return append(b, '}')
}

// appendNullableInt appends key and value, null, or nothing when absent.
func appendNullableInt(b []byte, key string, v openf1.Nullable[int]) []byte {
	switch {
	case v.Valid:
		b = append(b, key...)
		return strconv.AppendInt(b, int64(v.V), 10)
	case v.Null:
		b = append(b, key...)
		return append(b, "null"...)
	}
	return b
}

// dateCache formats the telemetry's UTC millisecond timestamps in the API's
// style ("2024-03-02T15:03:57.616000+00:00"), formatting the date and time
// of day once per second. Its output equals openf1.Time's for such times.
type dateCache struct {
	sec    int64
	prefix []byte // "2006-01-02T15:04:05"
}

func (c *dateCache) append(b []byte, t openf1.Time) []byte {
	msec := t.UnixMilli()
	if c == nil || msec%1000 < 0 || t.Nanosecond()%1000000 != 0 || t.Location() != time.UTC {
		return t.AppendFormat(b) // not a plain UTC millisecond: the general path
	}
	if sec := msec / 1000; sec != c.sec || c.prefix == nil {
		c.sec = sec
		c.prefix = t.Time.AppendFormat(c.prefix[:0], "2006-01-02T15:04:05")
	}
	b = append(b, c.prefix...)
	if f := msec % 1000; f != 0 {
		b = append(b, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10), '0', '0', '0')
	}
	return append(b, "+00:00"...)
}
