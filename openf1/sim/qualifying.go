package sim

import (
	"math/rand/v2"
	"sort"
)

// Qualifying: three knock-out phases. With 20 cars the slowest 5 drop out
// after Q1 and Q2 (6 and 6 with 22 cars), leaving 10 for Q3. Phase lengths
// keep the real proportions (18/7/15/8/12 minutes of a 60-minute session,
// 12/7/10/7/8 of the 44-minute sprint qualifying), compressed so that the
// last in-lap still ends inside the scheduled session. Each phase a driver
// makes two runs on new softs: out-lap, one or two push laps (a cool-down
// lap between), in-lap. Laps are contiguous: an out-lap's duration includes
// the time spent in the garage before it, as in the real timing data.
const (
	qualiDNFRate   = 0.008
	qualiDeletion  = 0.05 // push lap deleted for track limits
	qualiMistake   = 0.06
	qualiFuelLaps  = 3
	outLapFactor   = 1.30
	coolLapFactor  = 1.35
	inLapFactor    = 1.25
	garageLaneTime = 20.0 // s spent in the pit lane on the way to and from the garage
)

var (
	qualiShape  = [5]float64{18, 7, 15, 8, 12}
	sprintShape = [5]float64{12, 7, 10, 7, 8}
)

// eliminated returns how many cars drop out after Q1 and after Q2.
func eliminated(nDrivers int) int { return (nDrivers - 10) / 2 }

func (s *Season) simQualifying(ss *sessionSim) {
	m := ss.meeting
	c := m.circuit
	shape := qualiShape
	if ss.kind == kindSprintQualifying {
		shape = sprintShape
	}
	// compress the phases so the last run ends in time
	tail := ms(c.base*(1+inLapFactor) + 30)
	span := float64(ss.end - ss.start - tail)
	total := 0.0
	for _, v := range shape {
		total += v
	}
	at := float64(ss.start)
	for k := 0; k < 5; k++ {
		d := shape[k] / total * span
		if k%2 == 0 {
			ss.phaseStart[k/2] = int64(at)
			ss.phaseEnd[k/2] = int64(at + d)
		}
		at += d
	}
	rs := newRand(s.cfg.Seed, ss.key, 0, streamSession)
	alive := make([]int, len(ss.cars))
	for i := range alive {
		alive[i] = i
	}
	crashed := make([]bool, len(ss.cars))
	dnfPhase := make([]int, len(ss.cars))
	for i, car := range ss.cars {
		r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamStrategy)
		if r.Float64() < qualiDNFRate {
			dnfPhase[i] = 1 + r.IntN(2)
		}
	}
	out := eliminated(len(ss.cars))
	var order []int // final classification, built from the back
	for phase := 1; phase <= 3; phase++ {
		for _, i := range alive {
			car := ss.cars[i]
			car.reached = phase
			if crashed[i] {
				continue
			}
			s.qualiRuns(ss, car, phase, dnfPhase[i] == phase, rs)
			if car.dnf {
				crashed[i] = true
			}
		}
		sort.SliceStable(alive, func(a, b int) bool {
			return lessTime(ss.cars[alive[a]].best[phase-1], ss.cars[alive[b]].best[phase-1])
		})
		if phase < 3 {
			cut := len(alive) - out
			order = append(append([]int(nil), alive[cut:]...), order...)
			alive = alive[:cut]
		}
	}
	order = append(append([]int(nil), alive...), order...)
	for pos, i := range order {
		car := ss.cars[i]
		e := resultEntry{car: i, position: pos + 1, laps: len(car.laps), dnf: car.dnf, phases: car.best}
		ss.result = append(ss.result, e)
	}
	s.raceControlQuali(ss)
}

// lessTime orders lap times with "no time" (0) last.
func lessTime(a, b int64) bool {
	if a == 0 || b == 0 {
		return a != 0 && b == 0
	}
	return a < b
}

// qualiRuns simulates one driver's runs in one phase.
func (s *Season) qualiRuns(ss *sessionSim, car *carSim, phase int, crash bool, rs *rand.Rand) {
	c := ss.meeting.circuit
	t := ss.meeting.track
	r := newRand(s.cfg.Seed, ss.key, car.drv.number*4+phase, streamRuns)
	noise := newRand(s.cfg.Seed, ss.key, car.drv.number*4+phase, streamLapNoise)
	pStart, pEnd := ss.phaseStart[phase-1], ss.phaseEnd[phase-1]
	pace := s.teams[car.drv.team].pace + car.drv.pace
	sessLen := float64(ss.end - ss.start)
	// two runs: the first early in the phase, the second timed so that the
	// last push lap starts just before the flag
	leave := []int64{pStart + ms(between(r, 20, 150)), 0}
	twoPush := []bool{r.Float64() < 0.3, r.Float64() < 0.2}
	outDur := c.base * outLapFactor
	coolDur := c.base * coolLapFactor
	for run := 0; run < 2; run++ {
		pushes := 1
		if twoPush[run] {
			pushes = 2
		}
		outD := outDur * between(r, 0.97, 1.05)
		toLastPush := outD + (coolDur+c.base)*float64(pushes-1)
		drive := toLastPush + c.base + c.base*inLapFactor*1.03
		leaveAt := leave[run]
		if run == 1 {
			leaveAt = pEnd - ms(toLastPush+between(r, 5, 50))
		}
		n := len(car.laps)
		if n > 0 && leaveAt < car.laps[n-1].end()+ms(garageLaneTime+30) {
			leaveAt = car.laps[n-1].end() + ms(garageLaneTime+30)
		}
		// the last push lap must start before the flag and the in-lap end
		// inside the session; otherwise the car stays in the garage
		if leaveAt+ms(toLastPush) > pEnd || leaveAt+ms(drive) > ss.end-5000 {
			continue
		}
		// laps are contiguous: an out-lap after a garage stay starts at the
		// previous in-lap's end and includes the wait
		lapStart := leaveAt
		wait := int64(0)
		if n > 0 {
			prev := car.laps[n-1].end()
			wait = lapStart - prev
			lapStart = prev
			car.pits = append(car.pits, pitSim{lap: n, date: prev - ms(garageLaneTime/2),
				lane: int32(wait + ms(garageLaneTime/2))})
		}
		car.stints = append(car.stints, stintSim{compound: soft, lapStart: len(car.laps) + 1})
		stint := uint8(len(car.stints) - 1)
		add := func(dur float64, fl lapFlag, wait int64, age int) *lapSim {
			d := ms(dur) + wait
			l := lapSim{start: lapStart, dur: int32(d), wait: int32(wait), stint: stint,
				age: uint8(age), phase: uint8(phase), flags: fl}
			core := dur
			s1 := core*t.sectorTF[0]*(1+normal(noise, 0, 0.004)) + seconds(wait)
			s2 := core * t.sectorTF[1] * (1 + normal(noise, 0, 0.004))
			l.s1, l.s2 = int32(ms(s1)), int32(ms(s2))
			car.laps = append(car.laps, l)
			lapStart += d
			return &car.laps[len(car.laps)-1]
		}
		add(outD, lapPitOut, wait, 0)
		for p := 0; p < pushes; p++ {
			if p > 0 {
				add(coolDur*between(r, 0.97, 1.03), 0, 0, 1)
			}
			age := 2 * p
			evo := -trackEvolution * float64(lapStart-ss.start) / sessLen
			lt := c.base - qualiGain + pace + compoundOffset[soft] + degradation[soft]*float64(age) +
				fuelEffect*qualiFuelLaps + evo + normal(noise, 0, qualiNoiseSD)
			if noise.Float64() < qualiMistake {
				lt += between(noise, 0.2, 1.5)
			}
			if crash && run == 1 && p == pushes-1 {
				car.dnf = true
				car.retire = lapStart + ms(lt*between(noise, 0.2, 0.8))
				car.stints[len(car.stints)-1].lapEnd = len(car.laps)
				return
			}
			l := add(lt, lapPush, 0, age)
			if rs.Float64() < qualiDeletion {
				l.flags |= lapDeleted
			} else if car.best[phase-1] == 0 || int64(l.dur) < car.best[phase-1] {
				car.best[phase-1] = int64(l.dur)
			}
		}
		add(c.base*inLapFactor*between(r, 0.97, 1.03), lapPitIn, 0, 2*pushes-1)
		car.stints[len(car.stints)-1].lapEnd = len(car.laps)
	}
}
