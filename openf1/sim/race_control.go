package sim

import (
	"fmt"
	"sort"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// RaceControl returns the race_control rows of a session, by date: flags
// (green light, sector yellows, chequered flag, black-and-white flags),
// SafetyCar messages with lap_number for every SC/VSC period of the ground
// truth, stewards' decisions (in-race penalties, post-race corrections in
// version 2), deleted lap times and, from 2026, SessionStatus rows.
func (s *Season) RaceControl(sessionKey int) []openf1.RaceControl {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	out := make([]openf1.RaceControl, 0, len(ss.rc)+1)
	msgs := ss.rc
	if s.cfg.Version >= 2 && ss.correction != nil {
		msgs = append(append([]rcMsg(nil), msgs...), ss.correction.msg)
	}
	for _, m := range msgs {
		r := openf1.RaceControl{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			Date: openf1.Of(apiTime(m.date)), Category: openf1.Of(m.category),
			Flag: optString(m.flag), Scope: optString(m.scope), Sector: optInt(m.sector),
			DriverNumber: optInt(m.driver), LapNumber: optInt(m.lap),
			QualifyingPhase: optInt(m.phase), Message: openf1.Of(m.message)}
		out = append(out, r)
	}
	return out
}

func optString(v string) openf1.Nullable[string] {
	if v == "" {
		return openf1.NullOf[string]()
	}
	return openf1.Of(v)
}

func optInt(v int) openf1.Nullable[int] {
	if v == 0 {
		return openf1.NullOf[int]()
	}
	return openf1.Of(v)
}

func sortMsgs(out []rcMsg) {
	sort.SliceStable(out, func(a, b int) bool { return out[a].date < out[b].date })
}

// localClock formats a UTC instant as the circuit's local wall clock.
func localClock(ss *sessionSim, unixMS int64) string {
	t := time.UnixMilli(unixMS).UTC().Add(time.Duration(ss.meeting.circuit.gmtHours) * time.Hour)
	return t.Format("15:04:05")
}

func (s *Season) statusMsgs(ss *sessionSim, started, finished int64, lap, phase int) []rcMsg {
	if s.cfg.Year < 2026 {
		return nil
	}
	return []rcMsg{
		{date: started + 61, category: "SessionStatus", lap: lap, phase: phase, message: "SESSION STARTED"},
		{date: finished + 57, category: "SessionStatus", lap: lap, phase: phase, message: "SESSION FINISHED"},
	}
}

// trackLimits emits deleted-lap messages (one in three with a black and
// white flag) for some laps.
func (s *Season) trackLimits(ss *sessionSim, car *carSim, k int, lapFn func(int64) int, phase int) []rcMsg {
	r := newRand(s.cfg.Seed, ss.key, car.drv.number*1000+k, streamRaceControl)
	l := car.laps[k]
	turn := 1 + r.IntN(16)
	at := wholeSecond(l.end() + ms(between(r, 20, 120)))
	msgs := []rcMsg{{date: at, category: "Other", lap: lapFn(at),
		message: fmt.Sprintf("%s TIME %s DELETED - TRACK LIMITS AT TURN %d LAP %d %s",
			car.drv.tag(), lapClock(int64(l.dur)), turn, k+1, localClock(ss, l.end()))}}
	if r.IntN(3) == 0 {
		at += ms(between(r, 30, 200))
		msgs = append(msgs, rcMsg{date: wholeSecond(at), category: "Flag", flag: "BLACK AND WHITE",
			scope: "Driver", driver: car.drv.number, lap: lapFn(at), phase: phase,
			message: fmt.Sprintf("BLACK AND WHITE FLAG FOR %s - TRACK LIMITS", car.drv.tag())})
	}
	return msgs
}

// leaderLap returns the race lap the leader is on at time t.
func leaderLap(ss *sessionSim, t int64) int {
	done := 0
	for _, car := range ss.cars {
		k := 0
		for k < len(car.laps) && car.laps[k].end() <= t {
			k++
		}
		done = max(done, k)
	}
	return min(max(done+1, 1), max(ss.lapsRun, 1))
}

// leaderLapStart returns when the leader started lap n.
func leaderLapStart(ss *sessionSim, n int) (int64, int64) {
	best := int64(-1)
	var dur int64
	for _, car := range ss.cars {
		if n-1 < len(car.laps) {
			l := car.laps[n-1]
			if best < 0 || l.start < best || (n == 1 && l.end() < best+dur) {
				best, dur = l.start, int64(l.dur)
			}
		}
	}
	return best, dur
}

func (s *Season) raceControlRace(ss *sessionSim, cars []*raceCar, incidents []incident) {
	r := newRand(s.cfg.Seed, ss.key, 0, streamRaceControl)
	lapFn := func(t int64) int { return leaderLap(ss, t) }
	out := []rcMsg{{date: wholeSecond(ss.start), category: "Flag", flag: "GREEN", scope: "Track", lap: 1,
		message: "GREEN LIGHT - PIT EXIT OPEN"}}
	out = append(out, s.statusMsgs(ss, ss.lightsOut, ss.chequer, 0, 0)...)
	for _, inc := range incidents {
		car := ss.cars[inc.car]
		at := wholeSecond(inc.date + 3000)
		flag := "YELLOW"
		if inc.crash {
			flag = "DOUBLE YELLOW"
		}
		out = append(out, rcMsg{date: at, category: "Flag", flag: flag, scope: "Sector", sector: inc.sector,
			lap: lapFn(at), message: fmt.Sprintf("%s IN TRACK SECTOR %d", flag, inc.sector)})
		out = append(out, rcMsg{date: at + 9000, category: "Other", lap: lapFn(at + 9000),
			message: fmt.Sprintf("%s STOPPED ON TRACK", car.drv.tag())})
		clear := at + ms(between(r, 60, 150))
		if inc.period >= 0 {
			p := ss.periods[inc.period]
			dep := at + 15000
			out = append(out, rcMsg{date: dep, category: "SafetyCar", lap: p.StartLap, message: deployMsg(p.Kind)})
			st, dur := leaderLapStart(ss, p.EndLap)
			if st >= 0 {
				endAt := wholeSecond(st + dur*3/10)
				if p.Kind == "VSC" {
					endAt = wholeSecond(st + dur*6/10)
				}
				out = append(out, rcMsg{date: endAt, category: "SafetyCar", lap: p.EndLap, message: endMsg(p.Kind)})
				green := wholeSecond(st + dur + 500)
				if p.Kind == "VSC" {
					green = endAt + 12000
				}
				out = append(out, rcMsg{date: green, category: "Flag", flag: "GREEN", scope: "Track",
					lap: lapFn(green), message: "TRACK CLEAR"})
				clear = green
			}
		}
		out = append(out, rcMsg{date: clear, category: "Flag", flag: "CLEAR", scope: "Sector", sector: inc.sector,
			lap: lapFn(clear), message: fmt.Sprintf("CLEAR IN TRACK SECTOR %d", inc.sector)})
	}
	// a debris VSC has no retirement behind it
	for _, p := range ss.periods {
		if p.Kind != "VSC" || hasIncident(ss, incidents, p) {
			continue
		}
		st, dur := leaderLapStart(ss, p.StartLap)
		en, edur := leaderLapStart(ss, p.EndLap)
		if st < 0 || en < 0 {
			continue
		}
		dep := wholeSecond(st + dur/3)
		out = append(out, rcMsg{date: dep - 6000, category: "Other", lap: p.StartLap, message: "DEBRIS ON TRACK"})
		out = append(out, rcMsg{date: dep, category: "SafetyCar", lap: p.StartLap, message: deployMsg(p.Kind)})
		endAt := wholeSecond(en + edur*6/10)
		out = append(out, rcMsg{date: endAt, category: "SafetyCar", lap: p.EndLap, message: endMsg(p.Kind)})
		out = append(out, rcMsg{date: endAt + 12000, category: "Flag", flag: "GREEN", scope: "Track",
			lap: lapFn(endAt + 12000), message: "TRACK CLEAR"})
	}
	// in-race penalties, announced a few laps before they are served
	for _, rc := range cars {
		if rc == nil || !rc.served {
			continue
		}
		for _, p := range rc.c.pits {
			if p.served == 0 {
				continue
			}
			k := min(rc.penaltyLap, len(rc.c.laps)) - 1
			given := wholeSecond(rc.c.laps[k].end() + 30000)
			if given > p.date {
				given = wholeSecond(p.date - 90000)
			}
			what := fmt.Sprintf("5 SECOND TIME PENALTY FOR %s - CAUSING A COLLISION", rc.c.drv.tag())
			out = append(out, rcMsg{date: given, category: "Other", lap: lapFn(given), message: "FIA STEWARDS: " + what})
			done := wholeSecond(p.date + int64(p.lane) + 20000)
			out = append(out, rcMsg{date: done, category: "Other", lap: lapFn(done), message: "FIA STEWARDS: PENALTY SERVED - " + what})
		}
	}
	for _, car := range ss.cars {
		for k, l := range car.laps {
			if l.flags&lapDeleted != 0 { // decided by markTrackLimits
				out = append(out, s.trackLimits(ss, car, k, lapFn, 0)...)
			}
		}
	}
	if !s.noDRS() {
		drs := func(lap int, msg string) {
			if st, _ := leaderLapStart(ss, lap); st >= 0 && lap <= ss.lapsRun {
				out = append(out, rcMsg{date: wholeSecond(st + 2000), category: "Drs", lap: lap, message: msg})
			}
		}
		drs(3, "DRS ENABLED")
		for _, p := range ss.periods {
			if p.StartLap >= 3 {
				drs(p.StartLap, "DRS DISABLED")
			}
			drs(max(p.EndLap+3, 3), "DRS ENABLED")
		}
	}
	out = append(out, rcMsg{date: wholeSecond(ss.chequer), category: "Flag", flag: "CHEQUERED", scope: "Track",
		lap: ss.lapsRun, message: "CHEQUERED FLAG"})
	for _, e := range ss.result {
		if e.dsq {
			at := wholeSecond(ss.chequer + ms(between(r, 3600, 9000)))
			out = append(out, rcMsg{date: at, category: "Other", lap: ss.lapsRun,
				message: fmt.Sprintf("FIA STEWARDS: %s DISQUALIFIED FROM THE RACE - SKID BLOCK WEAR", s.drivers[e.car].tag())})
		}
	}
	sortMsgs(out)
	ss.rc = out
}

func deployMsg(kind string) string {
	if kind == "VSC" {
		return "VIRTUAL SAFETY CAR DEPLOYED"
	}
	return "SAFETY CAR DEPLOYED"
}

func endMsg(kind string) string {
	if kind == "VSC" {
		return "VIRTUAL SAFETY CAR ENDING"
	}
	return "SAFETY CAR IN THIS LAP"
}

func hasIncident(ss *sessionSim, incs []incident, p Period) bool {
	for _, inc := range incs {
		if inc.period >= 0 && ss.periods[inc.period] == p {
			return true
		}
	}
	return false
}

func (s *Season) raceControlQuali(ss *sessionSim) {
	var out []rcMsg
	for k := 0; k < 3; k++ {
		out = append(out, rcMsg{date: wholeSecond(ss.phaseStart[k]), category: "Flag", flag: "GREEN", scope: "Track",
			phase: k + 1, message: "GREEN LIGHT - PIT EXIT OPEN"})
		out = append(out, rcMsg{date: wholeSecond(ss.phaseEnd[k]), category: "Flag", flag: "CHEQUERED", scope: "Track",
			phase: k + 1, message: "CHEQUERED FLAG"})
		if st := s.statusMsgs(ss, ss.phaseStart[k], ss.phaseEnd[k], 0, k+1); st != nil {
			out = append(out, st...)
		}
	}
	none := func(int64) int { return 0 }
	for _, car := range ss.cars {
		for k, l := range car.laps {
			if l.flags&lapDeleted != 0 {
				out = append(out, s.trackLimits(ss, car, k, none, int(l.phase))...)
			}
		}
		if car.dnf {
			r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamRaceControl)
			sec := 1 + r.IntN(20)
			at := wholeSecond(car.retire + 2000)
			out = append(out,
				rcMsg{date: at, category: "Flag", flag: "DOUBLE YELLOW", scope: "Sector", sector: sec, phase: car.reached,
					message: fmt.Sprintf("DOUBLE YELLOW IN TRACK SECTOR %d", sec)},
				rcMsg{date: at + 8000, category: "Other", message: fmt.Sprintf("%s STOPPED ON TRACK", car.drv.tag())},
				rcMsg{date: at + ms(between(r, 60, 120)), category: "Flag", flag: "CLEAR", scope: "Sector", sector: sec,
					phase: car.reached, message: fmt.Sprintf("CLEAR IN TRACK SECTOR %d", sec)})
		}
	}
	sortMsgs(out)
	ss.rc = out
}

func (s *Season) raceControlPractice(ss *sessionSim) {
	out := []rcMsg{
		{date: wholeSecond(ss.start), category: "Flag", flag: "GREEN", scope: "Track", message: "GREEN LIGHT - PIT EXIT OPEN"},
		{date: wholeSecond(ss.end), category: "Flag", flag: "CHEQUERED", scope: "Track", message: "CHEQUERED FLAG"},
	}
	out = append(out, s.statusMsgs(ss, ss.start, ss.end, 0, 0)...)
	sortMsgs(out)
	ss.rc = out
}
