package sim

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Race and sprint events (probabilities per driver per race unless noted).
const (
	raceDNFRate     = 0.045
	sprintDNFRate   = 0.02
	dnsRate         = 0.004
	dsqRate         = 0.004
	crashShare      = 0.5  // share of retirements that are crashes (may bring SC/VSC)
	debrisVSCRate   = 0.15 // per race: a VSC for debris
	racePenaltyRate = 0.3  // per race: one 5 s penalty served at a stop
	trackLimitsRate = 0.5  // per car and race: a lap time deleted for track limits
	raceTimeLimitMS = 2 * 3600 * 1000
	formationMinSec = 180
	formationMaxSec = 230
)

type planStint struct{ compound, end, age int }

// raceCar is the race engine's per-car state.
type raceCar struct {
	c          *carSim
	slot       int
	cum        int64 // ms since lights out at the end of the last completed lap
	running    bool
	plan       []planStint
	cur        int // index of the current stint in plan
	stintStart int
	retireLap  int // 0: finishes
	crash      bool
	noise      *rand.Rand
	pitRand    *rand.Rand
	// in-race 5 s penalty: given at penaltyLap, served at the next stop
	penaltyLap int
	served     bool
	// per-lap scratch
	pitting bool
	extraS1 float64
	extraS3 float64
	flags   lapFlag
	lane    int32
	stop    int32
	srv     int32
}

// incident is a retirement on track, for race control.
type incident struct {
	date   int64
	car    int
	crash  bool
	sector int
	period int // index into ss.periods, -1 none
}

// sprintLaps is the sprint distance: the fewest laps covering 100 km.
func sprintLaps(c *circuit) int { return int(math.Ceil(100 / c.lengthKm)) }

// racePlan draws a car's tyre plan: stints with compound, last lap and tyre
// age when fitted. Races use two stops (75 %) or three; sprints none.
func racePlan(r *rand.Rand, n, slot int, sprint bool) []planStint {
	age := func(p float64, maxAge int) int {
		if r.Float64() < p {
			return 0
		}
		return 1 + r.IntN(maxAge)
	}
	if sprint {
		c := medium
		switch x := r.Float64(); {
		case x < 0.2:
			c = soft
		case x < 0.3:
			c = hard
		}
		return []planStint{{c, n, age(0.8, 2)}}
	}
	stints := 3
	if r.Float64() < 0.25 {
		stints = 4
	}
	comp := make([]int, stints)
	pick := func(ps ...float64) int { // probabilities of soft, medium (rest hard)
		x := r.Float64()
		if x < ps[0] {
			return soft
		}
		if x < ps[0]+ps[1] {
			return medium
		}
		return hard
	}
	if slot < 10 {
		comp[0] = pick(0.4, 0.6)
	} else {
		comp[0] = pick(0.2, 0.45)
	}
	for k := 1; k < stints-1; k++ {
		comp[k] = pick(0, 0.25)
	}
	comp[stints-1] = pick(0.15, 0.35)
	distinct := false
	for _, c := range comp[1:] {
		distinct = distinct || c != comp[0]
	}
	if !distinct {
		if comp[stints-1] == medium {
			comp[stints-1] = hard
		} else {
			comp[stints-1] = medium
		}
	}
	life := [nCompounds]float64{0.7, 1.0, 1.35}
	w := make([]float64, stints)
	sum := 0.0
	for k := range w {
		w[k] = life[comp[k]] * between(r, 0.85, 1.15)
		sum += w[k]
	}
	lens := make([]int, stints)
	total := 0
	for k := range lens {
		lens[k] = max(5, int(math.Round(float64(n)*w[k]/sum)))
		total += lens[k]
	}
	for total != n { // fix rounding on the longest stint
		k := 0
		for j := range lens {
			if lens[j] > lens[k] {
				k = j
			}
		}
		if total > n {
			lens[k]--
			total--
		} else {
			lens[k]++
			total++
		}
	}
	// the last stop no later than 4 laps from the end
	if lens[stints-1] < 4 {
		d := 4 - lens[stints-1]
		lens[stints-1] += d
		lens[stints-2] -= d
	}
	out := make([]planStint, stints)
	end := 0
	for k := range out {
		end += lens[k]
		a := age(0.85, 3)
		if k == 0 {
			if slot < 10 {
				a = age(0.6, 4)
			} else {
				a = age(0.8, 3)
			}
		}
		out[k] = planStint{comp[k], end, a}
	}
	return out
}

// simRace runs a race or sprint lap by lap: every car's lap time comes from
// the model, cars are ordered by cumulative time, a car that would cross the
// line ahead of the car in front must pass it (always possible when that car
// is entering the pits, otherwise with a probability rising with the pace
// advantage, never under SC/VSC) or is held up behind it.
func (s *Season) simRace(ss *sessionSim) {
	m := ss.meeting
	c, t := m.circuit, m.track
	sprint := ss.kind == kindSprint
	n := c.laps
	if sprint {
		n = sprintLaps(c)
	}
	ss.distance = n
	seed := s.cfg.Seed
	rs := newRand(seed, ss.key, 0, streamSession)
	ss.lightsOut = ss.start + ms(between(rs, formationMinSec, formationMaxSec))

	// grid and per-car draws
	quali := ss.gridFrom.result
	cars := make([]*raceCar, len(ss.cars))
	ss.grid = make([]int, len(quali))
	for slot, e := range quali {
		car := ss.cars[e.car]
		rc := &raceCar{c: car, slot: slot}
		cars[e.car] = rc
		rst := newRand(seed, ss.key, car.drv.number, streamStrategy)
		rc.noise = newRand(seed, ss.key, car.drv.number, streamLapNoise)
		rc.pitRand = newRand(seed, ss.key, car.drv.number, streamPit)
		rc.plan = racePlan(rst, n, slot, sprint)
		car.dns = rst.Float64() < dnsRate
		rate := raceDNFRate
		if sprint {
			rate = sprintDNFRate
		}
		if rst.Float64() < rate {
			rc.retireLap = 1 + rst.IntN(n)
			rc.crash = rst.Float64() < crashShare
		}
		ss.grid[slot] = e.car
		if car.dns {
			ss.grid[slot] = -1
			continue
		}
		rc.running = true
		rc.cum = int64(slot) * ms(gridSlotGap)
		rc.stintStart = 1
		car.stints = append(car.stints, stintSim{compound: rc.plan[0].compound, lapStart: 1, age: rc.plan[0].age})
	}
	order := make([]int, 0, len(cars))
	for _, e := range quali {
		if cars[e.car].running {
			order = append(order, e.car)
		}
	}

	// pre-drawn events: a debris VSC and an in-race penalty
	if rs.Float64() < debrisVSCRate && n > 12 {
		st := 5 + rs.IntN(n-10)
		ss.periods = append(ss.periods, Period{"VSC", st, st + 1 + rs.IntN(2)})
	}
	if !sprint && rs.Float64() < racePenaltyRate && len(order) > 0 {
		rc := cars[order[rs.IntN(len(order))]]
		rc.penaltyLap = 5 + rs.IntN(max(1, n/2))
	}

	var incidents []incident
	newCum := make([]int64, len(cars))
	laneTF := t.norm.tf[t.laneStart]
	base := c.base
	last := 0
	for lap := 1; lap <= n; lap++ {
		pk, pi := periodAt(ss.periods, lap)
		fin := make([]int, 0, len(order))
		for _, i := range order {
			rc := cars[i]
			car := rc.c
			if rc.retireLap == lap && lap == rc.stintStart && rc.cur > 0 {
				rc.retireLap++ // never on an out-lap: the stop before it would leave no stint
			}
			if rc.retireLap == lap {
				frac := between(rc.noise, 0.1, 0.9)
				car.dnf = true
				car.retire = ss.lightsOut + rc.cum + ms(frac*base*1.05)
				rc.running = false
				inc := incident{date: car.retire, car: i, crash: rc.crash, period: -1,
					sector: 1 + int(frac*20)}
				if rc.crash && pk == "" && lap <= n-3 {
					kind, dur := "SC", 3+rs.IntN(3)
					if x := rs.Float64(); x > 0.6 && x < 0.9 {
						kind, dur = "VSC", 1+rs.IntN(3)
					} else if x >= 0.9 {
						kind = ""
					}
					if kind != "" && !overlaps(ss.periods, lap, lap+dur) {
						end := min(lap+dur, n-1)
						ss.periods = append(ss.periods, Period{kind, lap, end})
						sort.Slice(ss.periods, func(a, b int) bool { return ss.periods[a].StartLap < ss.periods[b].StartLap })
						for k, p := range ss.periods {
							if p.StartLap == lap {
								inc.period = k
							}
						}
						pk, pi = periodAt(ss.periods, lap)
						cheapStops(cars, order, lap, kind, n)
					}
				}
				incidents = append(incidents, inc)
				continue
			}
			// the model
			st := rc.plan[rc.cur]
			age := st.age + lap - rc.stintStart
			team := s.teams[car.drv.team]
			green := base + team.pace + car.drv.pace + compoundOffset[st.compound] +
				degradation[st.compound]*float64(age) + fuelEffect*float64(n-lap) +
				normal(rc.noise, 0, lapNoiseSD)
			if rc.noise.Float64() < mistakeRate {
				green += between(rc.noise, mistakeMin, mistakeMax)
			}
			rc.extraS1, rc.extraS3, rc.flags = 0, 0, 0
			if lap == 1 {
				e := startPenalty + normal(rc.noise, 0, 0.4)
				green += e
				rc.extraS1 = e
				rc.flags |= lapStart
			}
			if lap == rc.stintStart && rc.cur > 0 {
				green += outLapPenalty
				rc.extraS1 += outLapPenalty
				rc.flags |= lapPitOut
			}
			rc.pitting = rc.cur < len(rc.plan)-1 && st.end == lap
			loss := 0.0
			if rc.pitting {
				transit := c.laneTime * (1 + normal(rc.pitRand, 0, 0.01))
				stop := clamp(normal(rc.pitRand, 2.45, 0.25), 1.9, 3.6)
				if rc.pitRand.Float64() < 0.05 {
					stop += between(rc.pitRand, 2, 8)
				}
				rc.srv = 0
				if rc.penaltyLap > 0 && !rc.served && lap > rc.penaltyLap {
					rc.srv = 5000
					rc.served = true
				}
				// published to 0.1 s, so kept in whole tenths
				rc.stop = int32(ms(round1(stop))) + rc.srv
				rc.lane = int32(ms(round1(transit))) + rc.stop
				loss = seconds(int64(rc.lane)) - green*(1-laneTF)
				rc.flags |= lapPitIn | lapLaneEnd
			}
			cum := seconds(rc.cum)
			var cand float64
			allowPass := true
			switch {
			case pk == "SC" && lap == ss.periods[pi].StartLap:
				cand = cum + green + base*0.12 + loss
				allowPass = false
				rc.flags |= lapSC
			case pk == "SC":
				ahead := -1
				for k := len(fin) - 1; k >= 0; k-- {
					if !cars[fin[k]].pitting {
						ahead = fin[k]
						break
					}
				}
				if ahead < 0 {
					cand = cum + base*scLapFactor*between(rc.noise, 0.99, 1.01)
				} else {
					cand = math.Max(cum+base*scMinFactor, seconds(newCum[ahead])+scQueueGap*between(rc.noise, 0.8, 1.2))
				}
				cand += loss * scPitFactor
				rc.extraS3 = loss * scPitFactor
				allowPass = false
				rc.flags |= lapSC
			case pk == "VSC" && lap == ss.periods[pi].StartLap:
				cand = cum + green + base*0.10 + loss
				allowPass = false
				rc.flags |= lapVSC
			case pk == "VSC":
				cand = cum + green*vscFactor + loss*vscPitFactor
				rc.extraS3 = loss * vscPitFactor
				allowPass = false
				rc.flags |= lapVSC
			default:
				cand = cum + green + loss
				if restartLap(ss.periods, lap) {
					cand += 0.6
				}
			}
			if rc.extraS3 == 0 {
				rc.extraS3 = loss
			}
			// resolve the car in front
			candMS := ms(cand)
			fin = append(fin, i)
			pos := len(fin) - 1
			for pos > 0 {
				a := fin[pos-1]
				fa := newCum[a]
				if candMS >= fa+ms(minFollowGap) {
					break
				}
				ahead := cars[a]
				free := ahead.pitting || rc.pitting // the pit lane is a separate road
				if candMS < fa {
					if free || (allowPass && passes(rs, seconds(fa-candMS)+minFollowGap, c.overtake, lap)) {
						fin[pos-1], fin[pos] = fin[pos], fin[pos-1]
						pos--
						continue
					}
					candMS = fa + ms(between(rs, 0.2, 0.5)) // held up
					break
				}
				if !free && candMS < fa+150 {
					candMS = fa + ms(between(rs, 0.2, 0.5))
				}
				break
			}
			newCum[i] = candMS
		}
		// record the lap
		for _, i := range fin {
			rc := cars[i]
			car := rc.c
			start := rc.cum
			if lap == 1 {
				start = 0
			}
			dur := newCum[i] - start
			st := rc.plan[rc.cur]
			l := lapSim{start: ss.lightsOut + start, dur: int32(dur), stint: uint8(len(car.stints) - 1),
				age: uint8(st.age + lap - rc.stintStart), flags: rc.flags}
			core := float64(dur)/1000 - rc.extraS1 - rc.extraS3
			s1 := core*t.sectorTF[0]*(1+normal(rc.noise, 0, 0.006)) + rc.extraS1
			s2 := core * t.sectorTF[1] * (1 + normal(rc.noise, 0, 0.006))
			l.s1, l.s2 = int32(ms(s1)), int32(ms(s2))
			if rc.pitting {
				l.lane, l.stop = rc.lane, rc.stop
				car.pits = append(car.pits, pitSim{lap: lap, date: l.end() - int64(rc.lane), lane: rc.lane, stop: rc.stop, served: rc.srv})
				car.stints[len(car.stints)-1].lapEnd = lap
				rc.cur++
				rc.stintStart = lap + 1
				car.stints = append(car.stints, stintSim{compound: rc.plan[rc.cur].compound, lapStart: lap + 1, age: rc.plan[rc.cur].age})
			}
			car.laps = append(car.laps, l)
			rc.cum = newCum[i]
		}
		order = fin
		last = lap
		if len(fin) == 0 {
			break
		}
		if ss.lightsOut+newCum[fin[0]]-ss.start >= raceTimeLimitMS-3*60*1000 {
			break
		}
	}
	ss.lapsRun = last
	if len(order) > 0 {
		ss.chequer = ss.lightsOut + cars[order[0]].cum
	} else {
		ss.chequer = ss.lightsOut
	}
	// cars take the flag on the first lap they complete after the winner
	for _, rc := range cars {
		if rc == nil || rc.c.dns {
			continue
		}
		car := rc.c
		keep := len(car.laps)
		for k := range car.laps {
			if car.laps[k].end() >= ss.chequer {
				keep = k + 1
				car.dnf = false // took the flag before its planned retirement
				break
			}
		}
		car.laps = car.laps[:keep]
		trimStints(car)
	}
	kept := incidents[:0]
	for _, inc := range incidents {
		if ss.cars[inc.car].dnf {
			kept = append(kept, inc)
		}
	}
	incidents = kept
	s.markTrackLimits(ss)
	s.fastestLap(ss)
	s.classifyRace(ss, rs)
	s.raceControlRace(ss, cars, incidents)
}

// trimStints makes stints and pit rows agree with the laps a car kept.
func trimStints(car *carSim) {
	last := len(car.laps)
	var st []stintSim
	for _, x := range car.stints {
		if x.lapStart <= last {
			x.lapEnd = min(max(x.lapEnd, x.lapStart), last)
			st = append(st, x)
		}
	}
	if len(st) > 0 {
		st[len(st)-1].lapEnd = last
	}
	car.stints = st
	var pits []pitSim
	for _, p := range car.pits {
		if p.lap < last {
			pits = append(pits, p)
		}
	}
	car.pits = pits
	if last > 0 && car.laps[last-1].flags&lapPitIn != 0 {
		car.laps[last-1].flags &^= lapPitIn | lapLaneEnd
		car.laps[last-1].lane, car.laps[last-1].stop = 0, 0
	}
}

// passes decides an overtake: the chance is one half when the pace
// advantage equals the circuit's threshold (halved on lap 1).
func passes(r *rand.Rand, advantage, threshold float64, lap int) bool {
	if lap == 1 {
		threshold /= 2
	}
	p := 1 / (1 + math.Exp(-(advantage-threshold)/0.15))
	return r.Float64() < p
}

// periodAt returns the kind of SC/VSC period covering lap (deployment lap
// included) and its index.
func periodAt(ps []Period, lap int) (string, int) {
	for i, p := range ps {
		if lap >= p.StartLap && lap <= p.EndLap {
			return p.Kind, i
		}
	}
	return "", -1
}

func restartLap(ps []Period, lap int) bool {
	for _, p := range ps {
		if p.Kind == "SC" && lap == p.EndLap+1 {
			return true
		}
	}
	return false
}

func overlaps(ps []Period, a, b int) bool {
	for _, p := range ps {
		if a <= p.EndLap+1 && b >= p.StartLap-1 {
			return true
		}
	}
	return false
}

// cheapStops moves stops planned within the next laps to the first lap
// under a newly deployed SC (10 laps ahead) or VSC (5 laps, half the cars).
func cheapStops(cars []*raceCar, order []int, lap int, kind string, n int) {
	window := 10
	if kind == "VSC" {
		window = 5
	}
	for _, i := range order {
		rc := cars[i]
		if !rc.running || rc.cur >= len(rc.plan)-1 {
			continue
		}
		next := rc.plan[rc.cur].end
		target := lap + 1
		if next <= lap || next > lap+window || target-rc.stintStart < 3 || target > n-4 {
			continue
		}
		if kind == "VSC" && rc.noise.Float64() < 0.5 {
			continue
		}
		rc.plan[rc.cur].end = target
		for k := rc.cur + 1; k < len(rc.plan)-1; k++ { // keep later stints at least 5 laps
			rc.plan[k].end = max(rc.plan[k].end, rc.plan[k-1].end+5)
		}
		if len(rc.plan) >= 2 && rc.plan[len(rc.plan)-2].end > n-4 {
			rc.plan[len(rc.plan)-2].end = n - 4
		}
	}
}

// markTrackLimits decides which race laps race control deletes for track
// limits (green racing laps only, trackLimitsRate per car and race) and
// flags them lapDeleted; raceControlRace announces them.
func (s *Season) markTrackLimits(ss *sessionSim) {
	for _, car := range ss.cars {
		for k := range car.laps {
			l := &car.laps[k]
			if l.flags&(lapSC|lapVSC|lapStart|lapPitIn|lapPitOut) != 0 {
				continue
			}
			if newRand(s.cfg.Seed, ss.key, car.drv.number*1000+k, streamRaceControl).Float64() < trackLimitsRate/float64(len(car.laps)) {
				l.flags |= lapDeleted
			}
		}
	}
}

// fastestLap finds the race's fastest lap: the quickest lap time race
// control did not delete (the FIA does not count deleted laps); on a tie
// the first car in roster order.
func (s *Season) fastestLap(ss *sessionSim) {
	ss.fastest = fastestLap{car: -1}
	for _, car := range ss.cars {
		for k, l := range car.laps {
			if l.flags&lapDeleted != 0 {
				continue
			}
			if ss.fastest.car < 0 || int64(l.dur) < ss.fastest.ms {
				ss.fastest = fastestLap{car: car.idx, lap: k + 1, ms: int64(l.dur)}
			}
		}
	}
}

// classifyRace orders finishers by laps then time, retirements by laps then
// retirement time, and draws post-race disqualifications (races only).
func (s *Season) classifyRace(ss *sessionSim, rs *rand.Rand) {
	var fin, ret, dns []resultEntry
	for _, car := range ss.cars {
		e := resultEntry{car: car.idx, laps: len(car.laps)}
		switch {
		case car.dns:
			e.dns = true
			dns = append(dns, e)
		case car.dnf:
			e.dnf = true
			ret = append(ret, e)
		default:
			e.total = car.laps[len(car.laps)-1].end() - ss.lightsOut
			fin = append(fin, e)
		}
	}
	sort.SliceStable(fin, func(a, b int) bool {
		if fin[a].laps != fin[b].laps {
			return fin[a].laps > fin[b].laps
		}
		return fin[a].total < fin[b].total
	})
	sort.SliceStable(ret, func(a, b int) bool {
		if ret[a].laps != ret[b].laps {
			return ret[a].laps > ret[b].laps
		}
		return ss.cars[ret[a].car].retire > ss.cars[ret[b].car].retire
	})
	var dsq []resultEntry
	if ss.kind == kindRace {
		kept := fin[:0]
		for _, e := range fin {
			if rs.Float64() < dsqRate {
				e.dsq = true
				dsq = append(dsq, e)
				continue
			}
			kept = append(kept, e)
		}
		fin = kept
	}
	out := append(append(fin, ret...), dsq...)
	out = append(out, dns...)
	ss.result = s.scoreRace(ss, out)
}

// scoreRace numbers positions, sets laps behind and awards points.
func (s *Season) scoreRace(ss *sessionSim, es []resultEntry) []resultEntry {
	out := make([]resultEntry, len(es))
	copy(out, es)
	winLaps := 0
	pos := 0
	for i := range out {
		e := &out[i]
		e.points = 0
		if e.dsq || e.dns {
			e.position = 0
			continue
		}
		pos++
		e.position = pos
		if pos == 1 {
			winLaps = e.laps
		}
		e.behind = winLaps - e.laps
		classified := !e.dnf || float64(e.laps) >= 0.9*float64(winLaps)
		if classified {
			e.points = pointsFor(s.cfg.Year, ss.kind == kindSprint, pos)
		}
	}
	if flBonus(s.cfg.Year) && ss.kind == kindRace && ss.fastest.car >= 0 {
		for i := range out {
			e := &out[i]
			if e.car == ss.fastest.car && e.position >= 1 && e.position <= 10 && e.points > 0 {
				e.points++
			}
		}
	}
	return out
}
