package sim

import (
	"math"
	"sort"
	"sync"
)

// Track model: a closed circuit built from a star-shaped set of waypoints
// joined by a centripetal Catmull–Rom spline, resampled to trackPoints
// equally spaced points. A quasi-steady lap simulation (cornering limit
// v = sqrt(aLat/curvature), traction- and drag-limited acceleration, constant
// braking) gives the reference speed at each point; aLat is tuned so that the
// reference lap takes exactly the circuit's base lap time. Telemetry of a lap
// of duration L replays that profile stretched to L, so the speed trace,
// gears, throttle and brake always agree with the lap and sector times.

const (
	trackPoints = 1000
	invSize     = 4096
	vMax        = 93.0 // m/s (335 km/h)
	brakeDecel  = 42.0 // m/s²
	tractionAcc = 14.0 // m/s² at low speed
)

// profile is a speed trace over the track points and its timing.
type profile struct {
	v   []float64 // m/s at each point
	tf  []float64 // cumulative time fraction at each point; len n+1, tf[n] = 1
	T   float64   // lap time of the trace (s)
	inv []int32   // inv[j]: largest point i with tf[i] <= j/invSize
}

// at returns the point index and the fraction towards the next point for a
// time fraction f in [0, 1].
func (p *profile) at(f float64) (int, float64) {
	if f <= 0 {
		return 0, 0
	}
	if f >= 1 {
		return len(p.v) - 1, 1
	}
	i := int(p.inv[int(f*invSize)])
	for i+1 < len(p.v) && p.tf[i+1] <= f {
		i++
	}
	seg := p.tf[i+1] - p.tf[i]
	u := 0.0
	if seg > 0 {
		u = (f - p.tf[i]) / seg
	}
	return i, u
}

// track is one circuit's geometry and reference profiles.
type track struct {
	n          int
	length     float64 // m
	step       float64 // m between points
	x, y, z    []int32 // position in decimetres
	lx, ly     []int32 // pit lane position (offset from the track) in decimetres
	gear       []uint8
	throttle   []uint8
	brake      []uint8
	drs        []bool     // inside a DRS zone
	norm       profile    // flying lap
	launch     profile    // standing start (lap 1 of races)
	exit       profile    // leaving the pit lane at the limiter
	entry      profile    // braking into the pit lane (race in-laps)
	sectorEnd  [2]int     // points ending sectors 1 and 2
	sectorTF   [3]float64 // reference time fraction of each sector
	segments   [3]int     // mini-sectors per sector
	trap       [3]int     // points of the i1, i2 and speed-trap measurements
	laneStart  int        // point of the pit entry
	laneLength float64    // m
	aLat       float64    // tuned lateral grip (m/s²)
}

// tracks caches the geometry of each calendar slot: it depends only on the
// circuit, never on the seed, and is immutable once built.
var tracks [maxMeetings]struct {
	once sync.Once
	t    *track
}

// trackFor returns the (shared) track of calendar slot i.
func trackFor(i int) *track {
	tc := &tracks[i]
	tc.once.Do(func() { tc.t = buildTrack(&circuits[i]) })
	return tc.t
}

// buildTrack builds the geometry of circuit c (independent of the seed).
func buildTrack(c *circuit) *track {
	r := newRand(uint64(c.circuitKey)*7919, 0, 0, streamSeason)
	// waypoints
	w := 9 + r.IntN(6)
	px := make([]float64, w)
	py := make([]float64, w)
	for k := 0; k < w; k++ {
		th := 2*math.Pi*float64(k)/float64(w) + between(r, -0.3, 0.3)*2*math.Pi/float64(w)
		rad := between(r, 0.45, 1.0)
		px[k] = rad * math.Cos(th)
		py[k] = rad * math.Sin(th)
	}
	// dense Catmull–Rom (centripetal) samples
	const per = 64
	var dx, dy []float64
	for k := 0; k < w; k++ {
		p0, p1, p2, p3 := (k-1+w)%w, k, (k+1)%w, (k+2)%w
		for s := 0; s < per; s++ {
			x, y := catmullRom(px[p0], py[p0], px[p1], py[p1], px[p2], py[p2], px[p3], py[p3], float64(s)/per)
			dx = append(dx, x)
			dy = append(dy, y)
		}
	}
	// arc length and resampling to equal spacing
	m := len(dx)
	cum := make([]float64, m+1)
	for i := 0; i < m; i++ {
		j := (i + 1) % m
		cum[i+1] = cum[i] + math.Hypot(dx[j]-dx[i], dy[j]-dy[i])
	}
	scale := c.lengthKm * 1000 / cum[m]
	t := &track{n: trackPoints, length: c.lengthKm * 1000}
	t.step = t.length / trackPoints
	xs := make([]float64, trackPoints)
	ys := make([]float64, trackPoints)
	for i := 0; i < trackPoints; i++ {
		d := float64(i) / trackPoints * cum[m]
		k := sort.SearchFloat64s(cum, d)
		if k > 0 {
			k--
		}
		u := (d - cum[k]) / (cum[k+1] - cum[k])
		j := (k + 1) % m
		xs[i] = (dx[k] + u*(dx[j]-dx[k])) * scale
		ys[i] = (dy[k] + u*(dy[j]-dy[k])) * scale
	}
	// curvature from the circumscribed circle over ±3 points, smoothed
	kappa := make([]float64, trackPoints)
	const h = 3
	for i := 0; i < trackPoints; i++ {
		a, b := (i-h+trackPoints)%trackPoints, (i+h)%trackPoints
		kappa[i] = circumCurvature(xs[a], ys[a], xs[i], ys[i], xs[b], ys[b])
	}
	kappa = smooth(kappa, 4)
	// elevation
	zs := make([]float64, trackPoints)
	for hm := 1; hm <= 3; hm++ {
		amp := between(r, 0.2, 0.6) * c.elevation / float64(hm)
		ph := between(r, 0, 2*math.Pi)
		for i := range zs {
			zs[i] += amp * math.Sin(2*math.Pi*float64(hm*i)/trackPoints+ph)
		}
	}
	// tune lateral grip so the flying lap takes c.base seconds
	lo, hi := 3.0, 400.0
	for it := 0; it < 40; it++ {
		mid := math.Sqrt(lo * hi)
		if lapTime(kappa, t.step, mid) > c.base {
			lo = mid
		} else {
			hi = mid
		}
	}
	t.aLat = math.Sqrt(lo * hi)
	vc := cornerSpeeds(kappa, t.aLat)
	t.norm = makeProfile(speedTrace(vc, t.step, -1), t.step)
	t.launch = makeProfile(speedTrace(vc, t.step, 0), t.step)
	t.exit = makeProfile(speedTrace(vc, t.step, pitLimiter), t.step)

	// coordinates in decimetres, centred; pit lane 12 m to the left
	t.x, t.y, t.z = make([]int32, trackPoints), make([]int32, trackPoints), make([]int32, trackPoints)
	t.lx, t.ly = make([]int32, trackPoints), make([]int32, trackPoints)
	for i := 0; i < trackPoints; i++ {
		j := (i + 1) % trackPoints
		tx, ty := xs[j]-xs[i], ys[j]-ys[i]
		l := math.Hypot(tx, ty)
		nx, ny := -ty/l, tx/l
		t.x[i] = int32(math.Round(xs[i] * 10))
		t.y[i] = int32(math.Round(ys[i] * 10))
		t.z[i] = int32(math.Round(zs[i] * 10))
		t.lx[i] = int32(math.Round((xs[i] + 12*nx) * 10))
		t.ly[i] = int32(math.Round((ys[i] + 12*ny) * 10))
	}
	// driver inputs along the reference lap
	t.gear, t.throttle, t.brake = make([]uint8, trackPoints), make([]uint8, trackPoints), make([]uint8, trackPoints)
	v := t.norm.v
	for i := 0; i < trackPoints; i++ {
		next := v[(i+1)%trackPoints]
		t.gear[i] = gearFor(v[i] * 3.6)
		switch {
		case next < v[i]-0.05:
			t.brake[i] = 100
		case next > v[i]+0.02 || v[i] >= vMax-0.5:
			t.throttle[i] = 100
		default:
			t.throttle[i] = uint8(35 + 50*v[i]/vMax)
		}
	}
	t.drs = drsZones(t.throttle, v)
	// sectors: about a third of the lap each
	s1 := between(r, 0.29, 0.36)
	s2 := s1 + between(r, 0.30, 0.37)
	t.sectorEnd[0] = t.pointAtTF(s1)
	t.sectorEnd[1] = t.pointAtTF(s2)
	t.sectorTF = [3]float64{t.norm.tf[t.sectorEnd[0]], t.norm.tf[t.sectorEnd[1]] - t.norm.tf[t.sectorEnd[0]], 1 - t.norm.tf[t.sectorEnd[1]]}
	bounds := [4]int{0, t.sectorEnd[0], t.sectorEnd[1], trackPoints}
	for k := 0; k < 3; k++ {
		segLen := float64(bounds[k+1]-bounds[k]) * t.step
		t.segments[k] = int(clamp(math.Round(segLen/230), 5, 11))
	}
	t.trap[0] = (bounds[0] + bounds[1]) / 2
	t.trap[1] = (bounds[1] + bounds[2]) / 2
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	t.trap[2] = best
	// pit lane: laneTime at the limiter, at most 12 % of the lap, and always
	// inside sector 3
	t.laneLength = min(c.laneTime*pitLimiter, 0.12*t.length)
	t.laneStart = trackPoints - int(math.Ceil(t.laneLength/t.step))
	if t.laneStart <= t.sectorEnd[1]+10 {
		t.laneStart = t.sectorEnd[1] + 10
		t.laneLength = float64(trackPoints-t.laneStart) * t.step
	}
	// in-lap: brake to the limiter before the pit entry
	ve := append([]float64(nil), t.norm.v...)
	for i := t.laneStart; i < trackPoints; i++ {
		ve[i] = pitLimiter
	}
	for i := t.laneStart - 1; i >= 0; i-- {
		ve[i] = math.Min(ve[i], math.Sqrt(ve[i+1]*ve[i+1]+2*brakeDecel*t.step))
	}
	t.entry = makeProfile(ve, t.step)
	return t
}

// pointAtTF returns the point where the reference lap reaches time fraction f.
func (t *track) pointAtTF(f float64) int {
	i, _ := t.norm.at(f)
	return i
}

func catmullRom(x0, y0, x1, y1, x2, y2, x3, y3, u float64) (float64, float64) {
	// centripetal parametrisation (alpha = 0.5)
	d := func(ax, ay, bx, by float64) float64 {
		return math.Max(math.Sqrt(math.Hypot(bx-ax, by-ay)), 1e-6)
	}
	t0 := 0.0
	t1 := t0 + d(x0, y0, x1, y1)
	t2 := t1 + d(x1, y1, x2, y2)
	t3 := t2 + d(x2, y2, x3, y3)
	t := t1 + u*(t2-t1)
	lerp := func(ax, ay, bx, by, ta, tb float64) (float64, float64) {
		w := (t - ta) / (tb - ta)
		return ax + w*(bx-ax), ay + w*(by-ay)
	}
	a1x, a1y := lerp(x0, y0, x1, y1, t0, t1)
	a2x, a2y := lerp(x1, y1, x2, y2, t1, t2)
	a3x, a3y := lerp(x2, y2, x3, y3, t2, t3)
	b1x, b1y := lerp(a1x, a1y, a2x, a2y, t0, t2)
	b2x, b2y := lerp(a2x, a2y, a3x, a3y, t1, t3)
	return lerp(b1x, b1y, b2x, b2y, t1, t2)
}

func circumCurvature(ax, ay, bx, by, cx, cy float64) float64 {
	ab := math.Hypot(bx-ax, by-ay)
	bc := math.Hypot(cx-bx, cy-by)
	ca := math.Hypot(ax-cx, ay-cy)
	cross := math.Abs((bx-ax)*(cy-ay) - (by-ay)*(cx-ax))
	den := ab * bc * ca
	if den == 0 {
		return 0
	}
	return 2 * cross / den
}

func smooth(v []float64, half int) []float64 {
	n := len(v)
	out := make([]float64, n)
	for i := range v {
		s := 0.0
		for k := -half; k <= half; k++ {
			s += v[(i+k+n)%n]
		}
		out[i] = s / float64(2*half+1)
	}
	return out
}

func cornerSpeeds(kappa []float64, aLat float64) []float64 {
	vc := make([]float64, len(kappa))
	for i, k := range kappa {
		vc[i] = vMax
		if k > 1e-9 {
			vc[i] = math.Min(vMax, math.Sqrt(aLat/k))
		}
	}
	return vc
}

func accel(v float64) float64 { return math.Max(tractionAcc*(1-(v/vMax)*(v/vMax)), 0.2) }

// speedTrace runs the forward (acceleration) and backward (braking) passes.
// start < 0 means a flying lap (the trace wraps around); otherwise the car
// starts the lap at speed start (0 for a standing start).
func speedTrace(vc []float64, ds, start float64) []float64 {
	n := len(vc)
	v := append([]float64(nil), vc...)
	rounds := 1
	if start < 0 {
		rounds = 3
	}
	for r := 0; r < rounds; r++ {
		for i := 0; i < n; i++ {
			prev := v[(i-1+n)%n]
			if i == 0 && start >= 0 {
				v[0] = math.Min(v[0], math.Max(start, 1))
				continue
			}
			v[i] = math.Min(v[i], math.Sqrt(prev*prev+2*accel(prev)*ds))
		}
		for i := n - 1; i >= 0; i-- {
			next := v[(i+1)%n]
			if i == n-1 && start >= 0 {
				continue // the lap ends at the line; the next lap is a flying one
			}
			v[i] = math.Min(v[i], math.Sqrt(next*next+2*brakeDecel*ds))
		}
	}
	return v
}

func lapTime(kappa []float64, ds, aLat float64) float64 {
	v := speedTrace(cornerSpeeds(kappa, aLat), ds, -1)
	t := 0.0
	for i := range v {
		t += 2 * ds / (v[i] + v[(i+1)%len(v)])
	}
	return t
}

func makeProfile(v []float64, ds float64) profile {
	n := len(v)
	p := profile{v: v, tf: make([]float64, n+1)}
	for i := 0; i < n; i++ {
		p.tf[i+1] = p.tf[i] + 2*ds/(v[i]+v[(i+1)%n])
	}
	p.T = p.tf[n]
	for i := range p.tf {
		p.tf[i] /= p.T
	}
	p.tf[n] = 1
	p.inv = make([]int32, invSize+1)
	i := 0
	for j := 0; j <= invSize; j++ {
		f := float64(j) / invSize
		for i+1 < n && p.tf[i+1] <= f {
			i++
		}
		p.inv[j] = int32(i)
	}
	return p
}

// gear thresholds (km/h) for 2nd..8th gear
var gearShift = [7]float64{75, 110, 145, 180, 215, 250, 285}

func gearFor(kmh float64) uint8 {
	g := uint8(1)
	for _, s := range gearShift {
		if kmh >= s {
			g++
		}
	}
	return g
}

// rpmFor maps speed within the gear's band to engine speed.
func rpmFor(kmh float64, g uint8) int {
	lo, hi := 0.0, gearShift[0]
	if g >= 2 {
		lo = gearShift[g-2]
	}
	if int(g)-1 < len(gearShift) {
		hi = gearShift[g-1]
	} else {
		hi = 345
	}
	u := clamp((kmh-lo)/(hi-lo), 0, 1)
	return int(9200 + 2800*u)
}

// drsZones marks the last 75 % of the two longest full-throttle stretches
// above 250 km/h.
func drsZones(throttle []uint8, v []float64) []bool {
	n := len(v)
	type run struct{ start, length int }
	var runs []run
	for i := 0; i < n; {
		if throttle[i] == 100 && v[i]*3.6 > 250 {
			j := i
			for j < n && throttle[j] == 100 && v[j]*3.6 > 230 {
				j++
			}
			runs = append(runs, run{i, j - i})
			i = j
			continue
		}
		i++
	}
	sort.Slice(runs, func(a, b int) bool {
		if runs[a].length != runs[b].length {
			return runs[a].length > runs[b].length
		}
		return runs[a].start < runs[b].start
	})
	z := make([]bool, n)
	for k := 0; k < len(runs) && k < 2; k++ {
		for i := runs[k].start + runs[k].length/4; i < runs[k].start+runs[k].length; i++ {
			z[i] = true
		}
	}
	return z
}
