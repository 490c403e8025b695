package gold

import "math"

// stintLaps returns a driver's laps that fall in a stint.
func stintLaps(di *driverInfo, s stintRow) []*lapInfo {
	var out []*lapInfo
	for _, l := range di.laps {
		if l.lap >= s.lapStart && l.lap <= s.lapEnd {
			out = append(out, l)
		}
	}
	return out
}

// degradation applies DefDegradation to a stint's laps: the slope (s/lap)
// of fuel-corrected accurate lap times against tyre age.
func degradation(laps []*lapInfo, fuel float64, minLaps int) (fit, bool) {
	var x, y []float64
	for _, l := range laps {
		if !l.accurate || l.traffic || !l.age.OK {
			continue
		}
		x = append(x, float64(l.age.V))
		// + fuel × n: the per-lap part of the fuel correction; the
		// constant part (− fuel × N) does not change the slope.
		y = append(y, float64(l.dur.V)/1000+fuel*float64(l.lap))
	}
	if len(x) < minLaps {
		return fit{n: len(x)}, false
	}
	f, ok := leastSquares(x, y)
	if !ok {
		f.n = len(x)
	}
	return f, ok
}

// writeStints writes one stint_analysis row per silver stint.
func writeStints(bw *batchWriter, a *sessionAnalysis, o BuildOptions) {
	for _, di := range a.drivers {
		for _, s := range di.stints {
			laps := stintLaps(di, s)
			w := bw.row()
			w.keys(a.d.s)
			w.int(some(di.number))
			w.int(some(s.stint))
			w.str(some(s.compound))
			w.int(some(s.lapStart))
			w.int(some(s.lapEnd))
			w.int(some(s.lapEnd - s.lapStart + 1))
			if s.ageAtStart.OK {
				w.int(s.ageAtStart)
				w.int(some(s.ageAtStart.V + s.lapEnd - s.lapStart))
			} else {
				w.int(none[int]())
				w.int(none[int]())
			}
			var acc, fc []float64
			for _, l := range laps {
				if l.accurate {
					acc = append(acc, float64(l.dur.V))
					if l.fuelCorrected.OK {
						fc = append(fc, l.fuelCorrected.V)
					}
				}
			}
			w.int(some(len(acc)))
			if st, ok := summarize(acc); ok {
				w.f64(some(st.mean))
				w.f64(some(st.median))
			} else {
				w.f64(none[float64]())
				w.f64(none[float64]())
			}
			if len(fc) > 0 {
				w.f64(some(mean(fc)))
			} else {
				w.f64(none[float64]())
			}
			f, ok := degradation(laps, o.FuelCorrection, o.MinDegradationLaps)
			if ok {
				w.f64(some(f.slope))
				w.f64(opt[float64]{f.stderr, !math.IsNaN(f.stderr)})
			} else {
				w.f64(none[float64]())
				w.f64(none[float64]())
			}
			w.int(some(f.n))
			w.end()
		}
	}
}
