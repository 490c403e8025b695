package sim

import (
	"math"
	"sort"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Timing replay. In races every lap is divided into timing points, a few per
// sector (about one every four seconds); a car reaches a point at a time
// interpolated within the sector from its sector times. Running order is
// "furthest point reached, earliest first", so a car passes another exactly
// when it reaches a point the other has not. Replaying the points in time
// order yields the position rows (on every change), the overtakes (every
// pass, pit stops included) and the intervals (one row per car per point).
// Retired cars drop to the bottom of the order at their retirement.

type timingEvent struct {
	at  int64
	car int
	p   int // progress index: (lap-1)*K + point (1..K); 0 = retirement
}

// timingPoints returns the points per sector for a circuit.
func timingPoints(ss *sessionSim) [3]int {
	t := ss.meeting.track
	var k [3]int
	for i := range k {
		k[i] = max(1, int(math.Round(t.sectorTF[i]*ss.meeting.circuit.base/4)))
	}
	return k
}

// timingLaps returns a car's laps for the replay: its completed laps plus,
// for a retirement, the lap it did not finish (run at the pace of its last
// lap until the retirement time, so that it is not passed while still
// moving).
func timingLaps(ss *sessionSim, car *carSim) []lapSim {
	if !car.dnf {
		return car.laps
	}
	part := lapSim{start: ss.lightsOut, dur: int32(ss.meeting.circuit.base * 1050)}
	if n := len(car.laps); n > 0 {
		last := car.laps[n-1]
		part.start, part.dur = last.end(), last.dur-last.lane
	}
	t := ss.meeting.track
	part.s1 = int32(float64(part.dur) * t.sectorTF[0])
	part.s2 = int32(float64(part.dur) * t.sectorTF[1])
	return append(append([]lapSim(nil), car.laps...), part)
}

// pointTime returns when a car with the given laps reaches progress index p
// (1-based).
func pointTime(laps []lapSim, pts [3]int, perLap, p int) int64 {
	lap := (p - 1) / perLap
	j := (p-1)%perLap + 1
	l := &laps[lap]
	secs := sectorDurations(l)
	at := l.start
	for i := 0; i < 3; i++ {
		if j <= pts[i] {
			return at + secs[i]*int64(j)/int64(pts[i])
		}
		j -= pts[i]
		at += secs[i]
	}
	return at
}

type replayOut struct {
	positions []openf1.Position
	intervals []openf1.Interval
	overtakes []openf1.Overtake
}

func (s *Season) replay(ss *sessionSim, intervals bool) replayOut {
	if !ss.kind.isRace() {
		return replayOut{positions: s.bestLapPositions(ss)}
	}
	pts := timingPoints(ss)
	perLap := pts[0] + pts[1] + pts[2]
	var evs []timingEvent
	tl := make([][]lapSim, len(ss.cars))
	for _, car := range ss.cars {
		tl[car.idx] = timingLaps(ss, car)
		for p := 1; p <= len(tl[car.idx])*perLap; p++ {
			at := pointTime(tl[car.idx], pts, perLap, p)
			if car.dnf && at >= car.retire {
				break
			}
			evs = append(evs, timingEvent{at, car.idx, p})
		}
		if car.dnf {
			evs = append(evs, timingEvent{car.retire, car.idx, 0})
		}
	}
	sort.Slice(evs, func(a, b int) bool {
		if evs[a].at != evs[b].at {
			return evs[a].at < evs[b].at
		}
		if evs[a].car != evs[b].car {
			return evs[a].car < evs[b].car
		}
		return evs[a].p < evs[b].p
	})
	var out replayOut
	mk, sk := ss.meeting.key, ss.key
	num := func(i int) int { return s.drivers[i].number }
	var order []int
	for _, i := range ss.grid {
		if i >= 0 {
			order = append(order, i)
		}
	}
	prog := make([]int, len(ss.cars))
	retired := make([]bool, len(ss.cars))
	where := make([]int, len(ss.cars)) // position index of each car in order
	for k, i := range order {
		where[i] = k
		out.positions = append(out.positions, openf1.Position{MeetingKey: mk, SessionKey: sk,
			Date: apiTime(ss.start), DriverNumber: num(i), Position: k + 1})
	}
	changed := make([]bool, len(ss.cars))
	flush := func(at int64) {
		for k, i := range order {
			if changed[i] {
				changed[i] = false
				out.positions = append(out.positions, openf1.Position{MeetingKey: mk, SessionKey: sk,
					Date: apiTime(at), DriverNumber: num(i), Position: k + 1})
			}
		}
	}
	for _, ev := range evs {
		d := ev.car
		pos := where[d]
		if ev.p == 0 { // retirement: below the running cars, above earlier retirements with fewer laps
			retired[d] = true
			order = append(order[:pos], order[pos+1:]...)
			at := len(order)
			for at > 0 && retired[order[at-1]] && len(ss.cars[order[at-1]].laps) <= len(ss.cars[d].laps) {
				at--
			}
			order = append(order[:at], append([]int{d}, order[at:]...)...)
			for k, i := range order {
				if where[i] != k {
					changed[i] = true
				}
				where[i] = k
			}
			flush(ev.at)
			continue
		}
		prog[d] = ev.p
		for pos > 0 && !retired[order[pos-1]] && prog[order[pos-1]] < ev.p {
			a := order[pos-1]
			order[pos-1], order[pos] = d, a
			where[d], where[a] = pos-1, pos
			changed[d], changed[a] = true, true
			out.overtakes = append(out.overtakes, openf1.Overtake{MeetingKey: mk, SessionKey: sk,
				Date: apiTime(ev.at), OvertakingDriverNumber: num(d), OvertakenDriverNumber: num(a), Position: pos})
			pos--
		}
		flush(ev.at)
		if !intervals {
			continue
		}
		row := openf1.Interval{MeetingKey: mk, SessionKey: sk, Date: apiTime(ev.at), DriverNumber: num(d)}
		if pos == 0 {
			row.GapToLeader, row.Interval = openf1.GapSeconds(0), openf1.GapSeconds(0)
		} else {
			row.GapToLeader = gapTo(tl[order[0]], prog[order[0]], ev, pts, perLap)
			row.Interval = gapTo(tl[order[pos-1]], prog[order[pos-1]], ev, pts, perLap)
		}
		out.intervals = append(out.intervals, row)
	}
	if s.cfg.Version >= 2 && ss.correction != nil {
		s.correctionRows(ss, &out)
	}
	return out
}

// gapTo is the time since car "ahead" reached the point ev.p, or "+N LAPS"
// when it is N whole laps further.
func gapTo(ahead []lapSim, aheadProg int, ev timingEvent, pts [3]int, perLap int) openf1.Gap {
	if laps := (aheadProg - ev.p) / perLap; laps >= 1 {
		return openf1.GapLaps(laps)
	}
	return openf1.GapSeconds(seconds(ev.at - pointTime(ahead, pts, perLap, ev.p)))
}

// correctionRows adds the version-2 rows of a post-race penalty: new
// positions for the cars that moved and an overtake for each car promoted
// past the penalised one.
func (s *Season) correctionRows(ss *sessionSim, out *replayOut) {
	cs := ss.correction
	pos := map[int]int{}
	for _, e := range cs.result {
		pos[e.car] = e.position
	}
	for _, i := range cs.moved {
		if pos[i] > 0 {
			out.positions = append(out.positions, openf1.Position{MeetingKey: ss.meeting.key, SessionKey: ss.key,
				Date: apiTime(cs.date), DriverNumber: s.drivers[i].number, Position: pos[i]})
		}
	}
	for _, i := range cs.passed {
		out.overtakes = append(out.overtakes, openf1.Overtake{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			Date: apiTime(cs.date), OvertakingDriverNumber: s.drivers[i].number,
			OvertakenDriverNumber: cs.pub.DriverNumber, Position: pos[i]})
	}
}

// bestLapPositions gives practice and qualifying positions: order by best
// valid lap so far (cars without a time keep team order behind), a row for
// each change.
func (s *Season) bestLapPositions(ss *sessionSim) []openf1.Position {
	type ev struct {
		at       int64
		car, lap int
	}
	var evs []ev
	for _, car := range ss.cars {
		for k, l := range car.laps {
			if l.flags&lapDeleted == 0 {
				evs = append(evs, ev{l.end(), car.idx, k})
			}
		}
	}
	sort.Slice(evs, func(a, b int) bool {
		if evs[a].at != evs[b].at {
			return evs[a].at < evs[b].at
		}
		return evs[a].car < evs[b].car
	})
	best := make([]int64, len(ss.cars))
	order := make([]int, len(ss.cars))
	posOf := make([]int, len(ss.cars))
	var out []openf1.Position
	for i := range order {
		order[i] = i
		posOf[i] = i + 1
		out = append(out, openf1.Position{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			Date: apiTime(ss.start), DriverNumber: s.drivers[i].number, Position: i + 1})
	}
	for _, e := range evs {
		d := int64(ss.cars[e.car].laps[e.lap].dur)
		if best[e.car] != 0 && d >= best[e.car] {
			continue
		}
		best[e.car] = d
		sort.SliceStable(order, func(a, b int) bool { return lessTime(best[order[a]], best[order[b]]) })
		for k, i := range order {
			if posOf[i] != k+1 {
				posOf[i] = k + 1
				out = append(out, openf1.Position{MeetingKey: ss.meeting.key, SessionKey: ss.key,
					Date: apiTime(e.at), DriverNumber: s.drivers[i].number, Position: k + 1})
			}
		}
	}
	return out
}
