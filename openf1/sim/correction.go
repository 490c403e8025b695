package sim

import (
	"fmt"
	"sort"
)

// Correction describes the late correction published in data version 2: a
// post-race decision by the stewards that changes one race's classification
// (and so the championship from that race on). Version 1 serves the race as
// first published; version 2 serves the corrected rows.
type Correction struct {
	SessionKey     int
	DriverNumber   int
	PenaltySeconds float64 // time added to the driver's race time; 0 for a disqualification
	Disqualified   bool
	Reason         string
	OldPosition    int
	NewPosition    int // 0 when disqualified
}

// correctionSim is the simulator's side of a correction.
type correctionSim struct {
	pub    Correction
	date   int64
	result []resultEntry // corrected classification
	msg    rcMsg
	moved  []int // roster indices whose position changed (for position rows)
	passed []int // roster indices that gained a place on the penalised car
}

// planCorrection picks the corrected race: the first Grand Prix with a
// driver in P2–P10 finishing less than 10 s ahead of the next car on the
// lead lap (the closest such gap wins); the penalty is 5 s (gap < 5 s) or
// 10 s, so the driver loses at least one place. Without any such race, the
// P10 finisher of the first race is disqualified.
func (s *Season) planCorrection() {
	var races []*sessionSim
	for _, ss := range s.sessions {
		if ss.kind == kindRace {
			races = append(races, ss)
		}
	}
	if len(races) == 0 {
		return
	}
	for _, ss := range races {
		best, gap := -1, int64(0)
		for i := 1; i+1 < len(ss.result); i++ {
			e, next := ss.result[i], ss.result[i+1]
			if e.position < 2 || e.position > 10 || e.dnf || e.behind != 0 ||
				next.position == 0 || next.dnf || next.behind != 0 {
				continue
			}
			g := next.total - e.total
			if g < 10000 && (best < 0 || g < gap) {
				best, gap = i, g
			}
		}
		if best < 0 {
			continue
		}
		pen := int64(5000)
		if gap >= 5000 {
			pen = 10000
		}
		s.applyPenalty(ss, best, pen)
		return
	}
	ss := races[0]
	for i := len(ss.result) - 1; i >= 0; i-- {
		if e := ss.result[i]; e.position > 0 && e.position <= 10 {
			s.applyDSQ(ss, i)
			return
		}
	}
}

func (s *Season) correctionDate(ss *sessionSim) int64 {
	r := newRand(s.cfg.Seed, ss.key, 0, streamRaceControl)
	return wholeSecond(ss.chequer + ms(between(r, 3600, 7200)))
}

func (s *Season) applyPenalty(ss *sessionSim, i int, pen int64) {
	res := append([]resultEntry(nil), ss.result...)
	who := res[i].car
	car := &s.drivers[who]
	old := res[i].position
	res[i].total += pen
	res[i].penalty = pen
	// re-sort the lead-lap finishers by time
	lead := 0
	for lead < len(res) && res[lead].position > 0 && !res[lead].dnf && res[lead].behind == 0 {
		lead++
	}
	block := res[:lead]
	sort.SliceStable(block, func(a, b int) bool { return block[a].total < block[b].total })
	res = s.scoreRace(ss, res)
	cs := &correctionSim{date: s.correctionDate(ss), result: res}
	for _, r := range res {
		if r.car == who {
			cs.pub.NewPosition = r.position
		}
	}
	for k := old; k < cs.pub.NewPosition; k++ {
		cs.passed = append(cs.passed, res[k-1].car)
	}
	cs.moved = append(append(cs.moved, cs.passed...), who)
	reason := "LEAVING THE TRACK AND GAINING AN ADVANTAGE"
	cs.pub = Correction{SessionKey: ss.key, DriverNumber: car.number, PenaltySeconds: seconds(pen),
		Reason: reason, OldPosition: old, NewPosition: cs.pub.NewPosition}
	cs.msg = rcMsg{date: cs.date, category: "Other", lap: ss.lapsRun, version2: true,
		message: fmt.Sprintf("FIA STEWARDS: %d SECOND TIME PENALTY FOR %s - %s", pen/1000, car.tag(), reason)}
	ss.correction = cs
}

func (s *Season) applyDSQ(ss *sessionSim, i int) {
	res := append([]resultEntry(nil), ss.result...)
	e := res[i]
	car := &s.drivers[e.car]
	e.dsq = true
	res = append(res[:i:i], res[i+1:]...)
	// disqualified rows go after the classified ones, before non-starters
	at := len(res)
	for at > 0 && res[at-1].dns {
		at--
	}
	res = append(res[:at], append([]resultEntry{e}, res[at:]...)...)
	res = s.scoreRace(ss, res)
	cs := &correctionSim{date: s.correctionDate(ss), result: res}
	for k := i; k < len(res); k++ {
		if res[k].position > 0 {
			cs.moved = append(cs.moved, res[k].car)
		}
	}
	reason := "TECHNICAL INFRINGEMENT - SKID BLOCK WEAR"
	cs.pub = Correction{SessionKey: ss.key, DriverNumber: car.number, Disqualified: true,
		Reason: reason, OldPosition: e.position}
	cs.msg = rcMsg{date: cs.date, category: "Other", lap: ss.lapsRun, version2: true,
		message: fmt.Sprintf("FIA STEWARDS: %s DISQUALIFIED FROM THE RACE - %s", car.tag(), reason)}
	ss.correction = cs
}
