package gold

import "slices"

// competitionRanks ranks values ascending, ties sharing the better rank
// ("1224" ranking).
func competitionRanks(vals []int64) map[int64]int {
	s := slices.Clone(vals)
	slices.Sort(s)
	out := map[int64]int{}
	for i, v := range s {
		if _, ok := out[v]; !ok {
			out[v] = i + 1
		}
	}
	return out
}

// compoundAt returns the compound a driver ran on a lap.
func compoundAt(di *driverInfo, lap int) opt[string] {
	if l := di.byLap[lap]; l != nil && l.compound.OK {
		return l.compound
	}
	for _, s := range di.stints {
		if lap >= s.lapStart && lap <= s.lapEnd {
			return some(s.compound)
		}
	}
	return opt[string]{}
}

// undercut applies DefUndercut to a stop on lap L by driver.
func (a *sessionAnalysis) undercut(driver, lap int, before opt[int], window int) (rival, rivalLap opt[int], success opt[bool]) {
	if !before.OK || before.V <= 1 {
		return
	}
	r, ok := a.driverAt(before.V-1, lap-1)
	if !ok {
		return
	}
	rd := a.byNumber[r]
	for _, p := range rd.pits {
		if p.lap > lap && p.lap <= lap+window {
			rival, rivalLap = some(r), some(p.lap)
			pa, pb := a.positionAt(driver, p.lap+1), a.positionAt(r, p.lap+1)
			if pa.OK && pb.OK {
				success = some(pa.V < pb.V)
			}
			return
		}
	}
	return
}

// writePitStops writes one pit_stop_analysis row per stop.
func writePitStops(bw *batchWriter, a *sessionAnalysis, o BuildOptions) {
	var lanes, stops []int64
	for _, p := range a.d.pits {
		if p.lane.OK {
			lanes = append(lanes, p.lane.V)
		}
		if p.stop.OK {
			stops = append(stops, p.stop.V)
		}
	}
	laneRank, stopRank := competitionRanks(lanes), competitionRanks(stops)
	race := a.d.s.isRace()
	for _, di := range a.drivers {
		for i, p := range di.pits {
			w := bw.row()
			w.keys(a.d.s)
			w.int(some(di.number))
			w.int(some(i + 1))
			w.int(some(p.lap))
			w.ts(p.date)
			w.i64(p.lane)
			w.i64(p.stop)
			rank := func(v opt[int64], ranks map[int64]int) opt[int] {
				if !v.OK {
					return opt[int]{}
				}
				return some(ranks[v.V])
			}
			w.int(rank(p.lane, laneRank))
			w.int(rank(p.stop, stopRank))
			sc, vsc := false, false
			if l := di.byLap[p.lap]; l != nil {
				sc, vsc = l.underSC, l.underVSC
			} else {
				for _, per := range a.periods {
					if per.Covers(p.lap) {
						sc = sc || per.Kind == PeriodSC
						vsc = vsc || per.Kind == PeriodVSC
					}
				}
			}
			w.boolean(sc)
			w.boolean(vsc)
			w.str(compoundAt(di, p.lap))
			w.str(compoundAt(di, p.lap+1))
			if l := di.byLap[p.lap]; l != nil && l.age.OK {
				w.int(l.age)
			} else {
				w.int(none[int]())
			}
			var before, after opt[int]
			if race {
				before, after = a.positionAt(di.number, p.lap-1), a.positionAt(di.number, p.lap+1)
			}
			w.int(before)
			w.int(after)
			if before.OK && after.OK {
				w.int(some(before.V - after.V))
			} else {
				w.int(none[int]())
			}
			var rival, rivalLap opt[int]
			var success opt[bool]
			if race {
				rival, rivalLap, success = a.undercut(di.number, p.lap, before, o.UndercutWindow)
			}
			w.int(rival)
			w.int(rivalLap)
			w.optBool(success)
			w.end()
		}
	}
}
