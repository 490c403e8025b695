package gold

// gridOf applies DefPositionsGained's grid rule for a race: the grid slot,
// or the number of starters for a pit-lane start.
func (a *sessionAnalysis) gridOf(di *driverInfo) (grid opt[int], pitLane bool) {
	if !a.d.s.isRace() || di.result == nil {
		return opt[int]{}, false
	}
	if di.result.grid.OK && di.result.grid.V > 0 {
		return di.result.grid, false
	}
	known, starters := 0, 0
	for _, r := range a.d.results {
		if r.grid.OK && r.grid.V > 0 {
			known++
		}
		if !r.dns {
			starters++
		}
	}
	if di.result.dns || known*2 < len(a.d.results) {
		return opt[int]{}, false
	}
	return some(starters), true
}

// lapsCompleted is the classification's number_of_laps, else the laps with
// any timing.
func lapsCompleted(di *driverInfo) int {
	if di.result != nil && di.result.laps.OK {
		return di.result.laps.V
	}
	n := 0
	for _, l := range di.laps {
		if l.dateStart.OK || l.dur.OK || l.s1.OK || l.s2.OK || l.s3.OK {
			n++
		}
	}
	return n
}

// writeDriverSummaries writes one driver_session_summary row per driver.
func writeDriverSummaries(bw *batchWriter, a *sessionAnalysis) {
	s := a.d.s
	for _, di := range a.drivers {
		w := bw.row()
		w.keys(s)
		w.str(strOrNull(s.name))
		w.int(some(di.number))
		w.str(strOrNull(di.acronym))
		w.str(strOrNull(di.fullName))
		w.str(strOrNull(di.team))
		w.int(some(lapsCompleted(di)))
		timed, deleted := 0, 0
		top := opt[int]{}
		for _, l := range di.laps {
			if l.dur.OK {
				timed++
			}
			if l.deleted {
				deleted++
			}
			for _, v := range []opt[int]{l.i1, l.i2, l.st} {
				if v.OK && (!top.OK || v.V > top.V) {
					top = v
				}
			}
		}
		acc := di.accurate()
		w.int(some(timed))
		w.int(some(len(acc)))
		w.int(some(deleted))
		if di.best != nil {
			w.i64(di.best.dur)
			w.int(some(di.best.lap))
		} else {
			w.i64(none[int64]())
			w.int(none[int]())
		}
		if st, ok := summarize(acc); ok {
			w.f64(some(st.median))
			w.f64(some(st.mean))
			w.f64(opt[float64]{st.sd, st.sdOK})
			w.f64(some(st.iqr))
		} else {
			for range 4 {
				w.f64(none[float64]())
			}
		}
		w.int(top)
		w.int(some(len(di.pits)))
		var lane, stop opt[int64]
		for _, p := range di.pits {
			if p.lane.OK {
				lane = some(lane.V + p.lane.V)
			}
			if p.stop.OK {
				stop = some(stop.V + p.stop.V)
			}
		}
		w.i64(lane)
		w.i64(stop)
		grid, pitLane := a.gridOf(di)
		w.int(grid)
		w.boolean(pitLane)
		var finish opt[int]
		var status opt[string]
		if di.result != nil {
			finish = di.result.position
			status = strOrNull(di.result.status)
		}
		w.int(finish)
		sc, scored := a.scores[di.number]
		if grid.OK && scored && sc.position > 0 {
			w.int(some(grid.V - sc.position))
		} else {
			w.int(none[int]())
		}
		w.str(status)
		if scored {
			w.f64(some(sc.points))
			w.boolean(sc.flPoint)
			w.f64(sc.published)
		} else {
			w.f64(none[float64]())
			w.boolean(false)
			if di.result != nil {
				w.f64(di.result.points)
			} else {
				w.f64(none[float64]())
			}
		}
		w.end()
	}
}
