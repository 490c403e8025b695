package sim

import "sort"

// Practice: each driver leaves the garage a few minutes into the session and
// makes runs until the hour is up, each run on its own set of tyres (a
// stint): short runs at medium fuel, qualifying simulations on softs (push,
// cool-down, push) and long runs on race fuel. Between runs the car waits in
// the garage; as in the real timing data that wait is part of the next
// out-lap's duration and of the pit row's lane_duration.
const (
	practiceFuelShort = 15 // laps of fuel on a short run
	practiceFuelLong  = 35 // laps of fuel at the start of a long run
)

func (s *Season) simPractice(ss *sessionSim) {
	c := ss.meeting.circuit
	t := ss.meeting.track
	for _, car := range ss.cars {
		r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamRuns)
		noise := newRand(s.cfg.Seed, ss.key, car.drv.number, streamLapNoise)
		pace := s.teams[car.drv.team].pace + car.drv.pace
		lapStart := ss.start + ms(between(r, 60, 540))
		used := [nCompounds]int{} // laps on the last set of each compound
		for run := 0; ; run++ {
			kind := r.IntN(3) // 0 short, 1 qualifying simulation, 2 long run
			comp := []int{medium, hard, soft}[r.IntN(3)]
			laps := 2 + r.IntN(3)
			switch kind {
			case 1:
				comp, laps = soft, 3
			case 2:
				comp, laps = []int{medium, hard}[r.IntN(2)], 6+r.IntN(7)
			}
			wait := int64(0)
			if run > 0 {
				wait = ms(between(r, 120, 780))
			}
			est := wait + ms(c.base*(outLapFactor+inLapFactor+float64(laps)*1.08))
			if lapStart+est > ss.end-30000 {
				break
			}
			age := 0
			if used[comp] > 0 && r.Float64() < 0.4 {
				age = used[comp]
			}
			n := len(car.laps)
			if n > 0 {
				car.pits = append(car.pits, pitSim{lap: n, date: lapStart - ms(garageLaneTime/2),
					lane: int32(wait + ms(garageLaneTime))})
			}
			car.stints = append(car.stints, stintSim{compound: comp, lapStart: n + 1, age: age})
			stint := uint8(len(car.stints) - 1)
			add := func(dur float64, fl lapFlag, wait int64, a int) {
				d := ms(dur) + wait
				l := lapSim{start: lapStart, dur: int32(d), wait: int32(wait), stint: stint, age: uint8(min(a, 255)), flags: fl}
				s1 := dur*t.sectorTF[0]*(1+normal(noise, 0, 0.005)) + seconds(wait)
				s2 := dur * t.sectorTF[1] * (1 + normal(noise, 0, 0.005))
				l.s1, l.s2 = int32(ms(s1)), int32(ms(s2))
				car.laps = append(car.laps, l)
				lapStart += d
			}
			add(c.base*outLapFactor*between(r, 0.97, 1.05), lapPitOut, wait, age)
			a := age + 1
			for k := 0; k < laps; k++ {
				var lt float64
				switch kind {
				case 1:
					if k == 1 { // cool-down between the two pushes
						add(c.base*coolLapFactor*between(r, 0.97, 1.03), 0, 0, a)
						a++
						continue
					}
					lt = c.base - qualiGain*0.7 + pace + compoundOffset[soft] + degradation[soft]*float64(a) +
						fuelEffect*6 + normal(noise, 0, qualiNoiseSD*1.5)
				case 2:
					lt = c.base + pace + compoundOffset[comp] + degradation[comp]*float64(a) +
						fuelEffect*float64(practiceFuelLong-k) + normal(noise, 0, lapNoiseSD)
				default:
					lt = c.base - 0.5 + pace + compoundOffset[comp] + degradation[comp]*float64(a) +
						fuelEffect*practiceFuelShort + normal(noise, 0, lapNoiseSD)
				}
				if noise.Float64() < mistakeRate*2 {
					lt += between(noise, mistakeMin, mistakeMax)
				}
				add(lt, lapPush, 0, a)
				a++
			}
			add(c.base*inLapFactor*between(r, 0.97, 1.03), lapPitIn, 0, a)
			car.stints[len(car.stints)-1].lapEnd = len(car.laps)
			used[comp] = a + 1
		}
	}
	// classification by best lap
	var es []resultEntry
	for _, car := range ss.cars {
		e := resultEntry{car: car.idx, laps: len(car.laps)}
		for _, l := range car.laps {
			if e.total == 0 || int64(l.dur) < e.total {
				e.total = int64(l.dur)
			}
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(a, b int) bool { return lessTime(es[a].total, es[b].total) })
	for i := range es {
		es[i].position = i + 1
	}
	ss.result = es
	s.raceControlPractice(ss)
}
