package gold

import "strings"

// floatRange tracks the minimum and maximum of a reading.
type floatRange struct{ lo, hi opt[float64] }

func (r *floatRange) add(v opt[float64]) {
	if !v.OK {
		return
	}
	if !r.lo.OK || v.V < r.lo.V {
		r.lo = v
	}
	if !r.hi.OK || v.V > r.hi.V {
		r.hi = v
	}
}

// writeSessionSummary writes the session_summary row of a session.
func writeSessionSummary(bw *batchWriter, a *sessionAnalysis) {
	s := a.d.s
	w := bw.row()
	w.keys(s)
	w.str(strOrNull(s.name))
	w.str(strOrNull(s.typ))
	w.boolean(s.sprint)
	w.ts(s.dateStart)
	w.str(strOrNull(s.circuit))
	classified, dnf, dns, dsq := 0, 0, 0, 0
	var winner, pole opt[int]
	wl := winnerLaps(a.d.results)
	for _, r := range a.d.results {
		if s.isRace() {
			if classifiedPosition(r, wl) > 0 {
				classified++
			}
		} else if r.position.OK {
			classified++
		}
		if r.dnf {
			dnf++
		}
		if r.dns {
			dns++
		}
		if r.dsq {
			dsq++
		}
		if r.position.OK && r.position.V == 1 {
			if s.isRace() {
				winner = some(r.driver)
			} else if s.isQualifying() {
				pole = some(r.driver)
			}
		}
		if s.isRace() && r.grid.OK && r.grid.V == 1 {
			pole = some(r.driver)
		}
	}
	w.int(some(len(a.drivers)))
	w.int(some(classified))
	w.int(some(dnf))
	w.int(some(dns))
	w.int(some(dsq))
	w.int(opt[int]{a.lastLap, a.lastLap > 0})
	w.int(winner)
	w.int(pole)
	if f := a.fastest; f != nil {
		w.int(some(f.driver))
		w.i64(f.dur)
		w.int(some(f.lap))
	} else {
		w.int(none[int]())
		w.i64(none[int64]())
		w.int(none[int]())
	}
	var nSC, nVSC int
	scLaps, vscLaps := map[int]bool{}, map[int]bool{}
	var text []string
	for _, p := range a.periods {
		laps := scLaps
		if p.Kind == PeriodSC {
			nSC++
		} else {
			nVSC++
			laps = vscLaps
		}
		for l := p.StartLap; l <= p.EndLap; l++ {
			laps[l] = true
		}
		text = append(text, p.String())
	}
	w.int(some(nSC))
	w.int(some(nVSC))
	w.int(some(len(scLaps)))
	w.int(some(len(vscLaps)))
	w.str(strOrNull(strings.Join(text, ", ")))
	w.int(some(redFlags(a.d.rc)))
	var air, track, hum floatRange
	var rain opt[bool]
	for _, x := range a.d.weather {
		air.add(x.air)
		track.add(x.track)
		hum.add(x.humidity)
		if x.rainfall.OK {
			rain = some(rain.V || x.rainfall.V)
		}
	}
	for _, r := range []floatRange{air, track, hum} {
		w.f64(r.lo)
		w.f64(r.hi)
	}
	w.optBool(rain)
	w.int(opt[int]{len(a.d.overtakes), len(a.d.overtakes) > 0})
	w.end()
}
