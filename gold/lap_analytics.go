package gold

// writeLapAnalytics writes one lap_analytics row per lap.
func writeLapAnalytics(bw *batchWriter, a *sessionAnalysis, o BuildOptions) {
	var sessionBest opt[int64]
	if a.fastest != nil {
		sessionBest = a.fastest.dur
	}
	for _, di := range a.drivers {
		for i, l := range di.laps {
			w := bw.row()
			w.keys(a.d.s)
			w.int(some(l.driver))
			w.int(some(l.lap))
			w.ts(l.dateStart)
			w.ts(l.end)
			w.i64(l.dur)
			w.i64(l.s1)
			w.i64(l.s2)
			w.i64(l.s3)
			w.int(l.stint)
			w.str(l.compound)
			w.int(l.tyreAge)
			w.boolean(l.pitOut)
			w.boolean(l.pitIn)
			w.boolean(l.underSC)
			w.boolean(l.underVSC)
			w.boolean(l.deleted)
			w.boolean(l.accurate)
			w.f64(l.fuelCorrected)
			if l.dur.OK && sessionBest.OK {
				w.i64(some(l.dur.V - sessionBest.V))
			} else {
				w.i64(none[int64]())
			}
			if l.dur.OK && di.median.OK {
				w.f64(some(float64(l.dur.V) - di.median.V))
			} else {
				w.f64(none[float64]())
			}
			w.int(l.position)
			w.i64(l.gap)
			w.i64(l.interval)
			w.boolean(l.traffic)
			w.f64(rollingPace(di.laps, i, o.RollingWindow))
			w.boolean(di.best == l)
			w.boolean(a.fastest == l)
			w.end()
		}
	}
}

// rollingPace applies DefRollingPace to the lap at index i of a driver's
// laps (sorted by lap number).
func rollingPace(laps []*lapInfo, i, window int) opt[float64] {
	first := laps[i].lap - window + 1
	var sum float64
	n := 0
	for j := i; j >= 0 && laps[j].lap >= first; j-- {
		if laps[j].accurate {
			sum += float64(laps[j].dur.V)
			n++
		}
	}
	if n == 0 || n < (window+1)/2 {
		return opt[float64]{}
	}
	return some(sum / float64(n))
}
