package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"strconv"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Records yields the JSON records of one endpoint, as the API would send
// them, narrowed by q's equality predicates on session_key, meeting_key and
// driver_number (several values of one field are OR-ed; a field that also
// has a range predicate is not narrowed, since the API OR-s them; "latest"
// resolves to the season's last session and its meeting). Other predicates
// are left to the caller: a fake server re-applies all of q to what Records
// yields.
// As in the API, an equality predicate on one of those three fields that
// the endpoint does not have matches nothing, and an unknown endpoint
// yields nothing.
//
// Records are the openf1 models' JSON encodings, as json.Marshal gives them
// (car_data and location use an equivalent, faster hand-written encoder). Each yielded slice is
// newly allocated and may be kept. Telemetry is generated lazily, one
// driver of one session at a time, in session then team order. The
// sequence stops with ctx's error when ctx is cancelled.
//
// Records makes Season usable as openf1test.Source.
func (s *Season) Records(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		info, ok := openf1.LookupEndpoint(ep)
		if !ok {
			return
		}
		f := s.narrowing(q)
		for field, set := range map[string]map[int]bool{"session_key": f.sessions, "meeting_key": f.meetings, "driver_number": f.drivers} {
			if _, has := info.Field(field); set != nil && !has {
				return
			}
		}
		e := &emitter{ctx: ctx, yield: yield}
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		switch ep {
		case openf1.EndpointMeetings:
			for _, m := range s.meetings {
				if f.meeting(m.key) && !emitJSON(e, s.meetingRow(m)) {
					return
				}
			}
			return
		case openf1.EndpointSessions:
			for _, ss := range s.sessions {
				if f.session(ss) && !emitJSON(e, s.sessionRow(ss)) {
					return
				}
			}
			return
		}
		for _, ss := range s.sessions {
			if !f.session(ss) {
				continue
			}
			if !s.sessionRecords(e, ep, ss, f) {
				return
			}
		}
	}
}

// sessionRecords emits one session's rows; false means stop.
func (s *Season) sessionRecords(e *emitter, ep openf1.Endpoint, ss *sessionSim, f narrow) bool {
	k := ss.key
	switch ep {
	case openf1.EndpointCarData:
		return s.emitTelemetry(e, ss, f, true)
	case openf1.EndpointLocation:
		return s.emitTelemetry(e, ss, f, false)
	case openf1.EndpointChampionshipDrivers:
		return emitAll(e, s.ChampionshipDrivers(k), func(r *openf1.ChampionshipDriver) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointChampionshipTeams:
		return emitAll(e, s.ChampionshipTeams(k), nil)
	case openf1.EndpointDrivers:
		return emitAll(e, s.Drivers(k), func(r *openf1.Driver) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointIntervals:
		return emitAll(e, s.Intervals(k), func(r *openf1.Interval) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointLaps:
		return emitAll(e, s.Laps(k), func(r *openf1.Lap) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointOvertakes:
		return emitAll(e, s.Overtakes(k), nil)
	case openf1.EndpointPit:
		return emitAll(e, s.Pits(k), func(r *openf1.Pit) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointPosition:
		return emitAll(e, s.Positions(k), func(r *openf1.Position) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointRaceControl:
		return emitAll(e, s.RaceControl(k), func(r *openf1.RaceControl) bool {
			return f.drivers == nil || (r.DriverNumber.Valid && f.driver(r.DriverNumber.V))
		})
	case openf1.EndpointSessionResult:
		return emitAll(e, s.SessionResults(k), func(r *openf1.SessionResult) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointStartingGrid:
		return emitAll(e, s.StartingGrid(k), func(r *openf1.StartingGrid) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointStints:
		return emitAll(e, s.Stints(k), func(r *openf1.Stint) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointTeamRadio:
		return emitAll(e, s.TeamRadio(k), func(r *openf1.TeamRadio) bool { return f.driver(r.DriverNumber) })
	case openf1.EndpointWeather:
		return emitAll(e, s.Weather(k), nil)
	}
	return true
}

func (s *Season) emitTelemetry(e *emitter, ss *sessionSim, f narrow, carData bool) bool {
	if !s.cfg.Telemetry {
		return true
	}
	var dc dateCache
	for _, car := range ss.cars {
		if !f.driver(car.drv.number) {
			continue
		}
		if carData {
			for r := range s.CarData(ss.key, car.drv.number) {
				if !e.emit(appendCarData(make([]byte, 0, 160), &r, &dc), nil) {
					return false
				}
			}
		} else {
			for r := range s.Location(ss.key, car.drv.number) {
				if !e.emit(appendLocation(make([]byte, 0, 128), &r, &dc), nil) {
					return false
				}
			}
		}
	}
	return true
}

// emitter yields records and checks the context every few hundred rows.
type emitter struct {
	ctx   context.Context
	yield func(json.RawMessage, error) bool
	n     int
}

func (e *emitter) emit(b []byte, err error) bool {
	if e.n++; e.n&255 == 0 {
		if cerr := e.ctx.Err(); cerr != nil {
			e.yield(nil, cerr)
			return false
		}
	}
	if err != nil {
		e.yield(nil, err)
		return false
	}
	return e.yield(b, nil)
}

func emitJSON(e *emitter, v any) bool {
	var b []byte
	var err error
	if m, ok := v.(json.Marshaler); ok {
		// the models encode themselves compactly; calling the method
		// directly skips encoding/json's re-validation of the output
		b, err = m.MarshalJSON()
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		err = fmt.Errorf("sim: encoding %T: %w", v, err)
	}
	return e.emit(b, err)
}

func emitAll[T any](e *emitter, rows []T, keep func(*T) bool) bool {
	for i := range rows {
		if keep != nil && !keep(&rows[i]) {
			continue
		}
		if !emitJSON(e, &rows[i]) {
			return false
		}
	}
	return true
}

// narrow is the part of a query Records uses. A nil set means "any".
type narrow struct {
	sessions, meetings, drivers map[int]bool
}

func (f narrow) session(ss *sessionSim) bool {
	return (f.sessions == nil || f.sessions[ss.key]) && f.meeting(ss.meeting.key)
}
func (f narrow) meeting(k int) bool { return f.meetings == nil || f.meetings[k] }
func (f narrow) driver(n int) bool  { return f.drivers == nil || f.drivers[n] }

// narrowing collects the equality values of session_key, meeting_key and
// driver_number. Values that are not integers match nothing, as in the API.
// A field that also has a range predicate is not narrowed.
func (s *Season) narrowing(q openf1.Query) narrow {
	var f narrow
	add := func(set *map[int]bool, v int, ok bool) {
		if *set == nil {
			*set = map[int]bool{}
		}
		if ok {
			(*set)[v] = true
		}
	}
	latest := s.sessions[len(s.sessions)-1]
	// the API OR-s every predicate on a field: a range next to an equality
	// widens the match, so such a field is not narrowed
	wide := map[string]bool{}
	for _, p := range q {
		if p.Op != openf1.OpEq {
			wide[strings.ToLower(p.Field)] = true
		}
	}
	for _, p := range q {
		field := strings.ToLower(p.Field)
		if p.Op != openf1.OpEq || wide[field] {
			continue
		}
		switch field {
		case "session_key":
			if p.Value == openf1.Latest {
				add(&f.sessions, latest.key, true)
				continue
			}
			v, ok := intValue(p.Value)
			add(&f.sessions, v, ok)
		case "meeting_key":
			if p.Value == openf1.Latest {
				add(&f.meetings, latest.meeting.key, true)
				continue
			}
			v, ok := intValue(p.Value)
			add(&f.meetings, v, ok)
		case "driver_number":
			v, ok := intValue(p.Value)
			add(&f.drivers, v, ok)
		}
	}
	return f
}

// intValue parses a filter value the way the API coerces it: an integer,
// or a float with no fractional part.
func intValue(s string) (int, bool) {
	if v, err := strconv.Atoi(s); err == nil {
		return v, true
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return int(v), true
	}
	return 0, false
}
