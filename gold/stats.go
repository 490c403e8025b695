package gold

import (
	"math"
	"slices"
)

// Descriptive statistics used by the tables. Quantiles interpolate linearly
// between order statistics (the "type 7" definition that NumPy, pandas,
// R and Excel use by default), so the numbers match what an analyst gets
// from the same rows in a notebook.

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// quantile returns the q-quantile of sorted xs (type 7).
func quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	h := q * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// sampleSD is the standard deviation with Bessel's correction (n−1); it is
// undefined for fewer than two values.
func sampleSD(xs []float64) (float64, bool) {
	if len(xs) < 2 {
		return 0, false
	}
	m := mean(xs)
	s := 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1)), true
}

// summary is the distribution of a set of lap times.
type summary struct {
	n            int
	mean, median float64
	sd, iqr      float64
	sdOK         bool
}

func summarize(xs []float64) (summary, bool) {
	if len(xs) == 0 {
		return summary{}, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	out := summary{n: len(s), mean: mean(s), median: quantile(s, 0.5),
		iqr: quantile(s, 0.75) - quantile(s, 0.25)}
	out.sd, out.sdOK = sampleSD(s)
	return out, true
}

// fit is an ordinary least-squares line y = a + b·x.
type fit struct {
	n         int
	slope     float64
	intercept float64
	stderr    float64 // standard error of the slope; NaN for n < 3
}

// leastSquares fits y on x. It fails when there are fewer than two points
// or every x is the same (the slope is undefined).
func leastSquares(x, y []float64) (fit, bool) {
	n := len(x)
	if n < 2 || len(y) != n {
		return fit{}, false
	}
	mx, my := mean(x), mean(y)
	var sxx, sxy float64
	for i := range x {
		dx := x[i] - mx
		sxx += dx * dx
		sxy += dx * (y[i] - my)
	}
	if sxx == 0 {
		return fit{}, false
	}
	f := fit{n: n, slope: sxy / sxx}
	f.intercept = my - f.slope*mx
	f.stderr = math.NaN()
	if n > 2 {
		sse := 0.0
		for i := range x {
			r := y[i] - (f.intercept + f.slope*x[i])
			sse += r * r
		}
		f.stderr = math.Sqrt(sse / float64(n-2) / sxx)
	}
	return f, true
}
