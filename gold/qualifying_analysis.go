package gold

import "fmt"

// phaseTimes returns a result's Q1, Q2, Q3 times.
func phaseTimes(r *resultRow) [3]opt[int64] {
	if r == nil {
		return [3]opt[int64]{}
	}
	return [3]opt[int64]{r.q1, r.q2, r.q3}
}

// reachedPhase applies DefQualifying's rule: the last phase with a time, or
// the phase the position implies, whichever is later (0 when neither is
// known).
func reachedPhase(r *resultRow, entries int) int {
	reached := 0
	for i, t := range phaseTimes(r) {
		if t.OK {
			reached = i + 1
		}
	}
	if r != nil && r.position.OK && r.position.V > 0 {
		byPos := 1
		switch {
		case r.position.V <= 10:
			byPos = 3
		case r.position.V <= 10+(entries-10)/2:
			byPos = 2
		}
		reached = max(reached, byPos)
	}
	return reached
}

// writeQualifying writes one qualifying_analysis row per driver.
func writeQualifying(bw *batchWriter, a *sessionAnalysis) {
	s := a.d.s
	entries := len(a.d.results)
	// pole: the quickest Q3 time, else the quickest time of all
	var pole, quickest opt[int64]
	for i := range a.d.results {
		for k, t := range phaseTimes(&a.d.results[i]) {
			if !t.OK {
				continue
			}
			if k == 2 && (!pole.OK || t.V < pole.V) {
				pole = t
			}
			if !quickest.OK || t.V < quickest.V {
				quickest = t
			}
		}
	}
	if !pole.OK {
		pole = quickest
	}
	prefix := "Q"
	if s.sprint {
		prefix = "SQ"
	}
	for _, di := range a.drivers {
		w := bw.row()
		w.keys(s)
		w.str(strOrNull(s.name))
		w.int(some(di.number))
		w.str(strOrNull(di.acronym))
		w.str(strOrNull(di.team))
		var pos opt[int]
		if di.result != nil {
			pos = di.result.position
		}
		w.int(pos)
		times := phaseTimes(di.result)
		var best opt[int64]
		for _, t := range times {
			w.i64(t)
			if t.OK && (!best.OK || t.V < best.V) {
				best = t
			}
		}
		w.i64(best)
		w.i64(pole)
		if best.OK && pole.OK {
			w.i64(some(best.V - pole.V))
			w.f64(some(float64(best.V-pole.V) / float64(pole.V) * 100))
		} else {
			w.i64(none[int64]())
			w.f64(none[float64]())
		}
		reached := reachedPhase(di.result, entries)
		if reached > 0 {
			w.int(some(reached))
		} else {
			w.int(none[int]())
		}
		if reached == 1 || reached == 2 {
			w.str(some(fmt.Sprintf("%s%d", prefix, reached)))
		} else {
			w.str(none[string]())
		}
		w.int(some(len(di.laps)))
		if di.best != nil {
			w.i64(di.best.dur)
		} else {
			w.i64(none[int64]())
		}
		var sectors [3]opt[int64]
		for _, l := range di.laps {
			if l.deleted {
				continue
			}
			for k, v := range [3]opt[int64]{l.s1, l.s2, l.s3} {
				if v.OK && v.V > 0 && (!sectors[k].OK || v.V < sectors[k].V) {
					sectors[k] = v
				}
			}
		}
		for _, v := range sectors {
			w.i64(v)
		}
		if sectors[0].OK && sectors[1].OK && sectors[2].OK {
			theo := sectors[0].V + sectors[1].V + sectors[2].V
			w.i64(some(theo))
			if di.best != nil {
				w.i64(some(di.best.dur.V - theo))
			} else {
				w.i64(none[int64]())
			}
		} else {
			w.i64(none[int64]())
			w.i64(none[int64]())
		}
		w.end()
	}
}
