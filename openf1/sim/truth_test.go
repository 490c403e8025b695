package sim

import (
	"math"
	"sort"
	"testing"
)

// cleanAir marks the laps a driver started and finished more than 1.5 s
// behind the car ahead (from the intervals rows at the line): laps that
// traffic did not slow.
func cleanAir(s *Season, key int) map[[2]int]bool {
	laps := lapsByDriver(s.Laps(key))
	free := map[string]bool{} // driver@date of a line crossing in clean air
	for _, r := range s.Intervals(key) {
		iv, ok := r.Interval.Seconds()
		_, lapped := r.Interval.LapsBehind()
		if (ok && iv > 1.5) || lapped {
			free[itoa(r.DriverNumber)+"@"+r.Date.String()] = true
		}
	}
	out := map[[2]int]bool{}
	for drv, dl := range laps {
		for k := 1; k < len(dl); k++ {
			if free[itoa(drv)+"@"+dl[k-1].DateStart.V.String()] && free[itoa(drv)+"@"+dl[k].DateStart.V.String()] {
				out[[2]int{drv, k}] = true // lap k (1-based) started and ended in clean air
			}
		}
	}
	return out
}

// The degradation slopes in Truth are recoverable from the data alone:
// regress the fuel-corrected time of green racing laps run in clean air on
// the lap number within each stint (a pooled fit with one intercept per
// stint, so car pace and compound offsets drop out).
func TestDegradationRecoverableFromLaps(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 12, Year: 2025, Meetings: 8})
	tr := s.Truth()
	type acc struct{ sxy, sxx float64 }
	fit := map[string]*acc{}
	nLaps := map[string]int{}
	for _, st := range tr.Sessions {
		if st.Name != "Race" {
			continue
		}
		laps := lapsByDriver(s.Laps(st.SessionKey))
		clean := cleanAir(s, st.SessionKey)
		slow := map[int]bool{}
		for _, p := range st.SafetyCars {
			for l := p.StartLap - 1; l <= p.EndLap+2; l++ {
				slow[l] = true
			}
		}
		for drv, stints := range stintsByDriver(s.Stints(st.SessionKey)) {
			for _, x := range stints {
				var xs, ys []float64
				for n := x.LapStart + 1; n < x.LapEnd; n++ { // not the out- or in-lap
					if n < 2 || slow[n] || !clean[[2]int{drv, n}] {
						continue
					}
					xs = append(xs, float64(n))
					ys = append(ys, laps[drv][n-1].LapDuration.V-tr.FuelEffect*float64(st.Distance-n))
				}
				if len(xs) < 3 {
					continue
				}
				a := fit[x.Compound.V]
				if a == nil {
					a = &acc{}
					fit[x.Compound.V] = a
				}
				mx, my := mean(xs), mean(ys)
				for i := range xs {
					a.sxy += (xs[i] - mx) * (ys[i] - my)
					a.sxx += (xs[i] - mx) * (xs[i] - mx)
				}
				nLaps[x.Compound.V] += len(xs)
			}
		}
	}
	for c, want := range tr.Degradation {
		a := fit[c]
		if a == nil || nLaps[c] < 100 {
			t.Errorf("%s: only %d clean laps", c, nLaps[c])
			continue
		}
		// standard error ≈ lap noise / sqrt(sxx)
		got, se := a.sxy/a.sxx, tr.LapNoiseSD/math.Sqrt(a.sxx)
		t.Logf("%s: fitted %.4f ± %.4f s/lap from %d clean laps, truth %.4f", c, got, se, nLaps[c], want)
		if math.Abs(got-want) > 4*se+0.002 {
			t.Errorf("%s: fitted %.4f ± %.4f s/lap from %d laps, truth %.4f", c, got, se, nLaps[c], want)
		}
	}
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// Driver pace in Truth orders the field: a driver's median green lap,
// corrected with the truth's fuel and tyre terms, tracks his pace offset.
func TestPaceRecoverableFromLaps(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 12, Year: 2025, Meetings: 8})
	tr := s.Truth()
	resid := map[int][]float64{}
	for _, st := range tr.Sessions {
		if st.Name != "Race" {
			continue
		}
		laps := lapsByDriver(s.Laps(st.SessionKey))
		for drv, stints := range stintsByDriver(s.Stints(st.SessionKey)) {
			for _, x := range stints {
				c := x.Compound.V
				for n := x.LapStart + 1; n < x.LapEnd; n++ {
					if n < 2 || len(st.SafetyCars) > 0 {
						continue
					}
					age := x.TyreAgeAtStart.V + n - x.LapStart
					lt := laps[drv][n-1].LapDuration.V - st.BaseLapTime - tr.FuelEffect*float64(st.Distance-n) -
						tr.CompoundOffset[c] - tr.Degradation[c]*float64(age)
					resid[drv] = append(resid[drv], lt)
				}
			}
		}
	}
	var errs []float64
	for drv, r := range resid {
		sort.Float64s(r)
		// the median residual is the pace offset plus time lost in traffic
		errs = append(errs, r[len(r)/2]-tr.Pace(drv))
	}
	sort.Float64s(errs)
	if len(errs) < 18 {
		t.Fatalf("%d drivers", len(errs))
	}
	if lo, hi := errs[0], errs[len(errs)-1]; lo < -0.15 || hi > 0.6 {
		t.Errorf("median corrected lap minus truth pace ranges %.3f..%.3f s, want within -0.15..0.6 (noise and traffic)", lo, hi)
	}
}
