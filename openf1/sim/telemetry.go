package sim

import (
	"math"
	"math/rand/v2"
)

// Telemetry is generated as a stream per (session, driver): samples every
// 1/TelemetryHz seconds (±20 ms jitter) from the start of the driver's first
// lap to the end of his last, each placed on the lap that contains it. A lap
// is replayed as a few pieces: the garage wait of an out-lap (car stopped),
// the three sectors on track (the reference speed trace stretched to each
// sector's time, using the standing-start or pit-exit trace where the lap
// starts slowly), and for a race in-lap the pit lane at the limiter followed
// by the stop. Nothing is kept between samples but the current lap's plan.

type pieceKind uint8

const (
	pieceTrack pieceKind = iota
	pieceLane
	pieceStop
	pieceGarage
)

type piece struct {
	kind   pieceKind
	t0, t1 int64 // unix ms
	prof   *profile
	fa, fb float64 // time fractions of prof (track) or point positions (lane)
	ratio  float64 // speed scale on track
}

type lapPlan struct {
	pieces [6]piece
	n      int
	drs    bool // DRS may open on this lap
}

// sample is the state of a car at one instant.
type sample struct {
	speed    float64 // km/h
	gear     uint8
	rpm      int
	throttle int
	brake    int
	drs      int
	x, y, z  int32
}

func (s *Season) planLap(ss *sessionSim, l *lapSim, drsLap bool) lapPlan {
	t := ss.meeting.track
	var p lapPlan
	p.drs = drsLap
	add := func(pc piece) {
		if pc.t1 > pc.t0 {
			p.pieces[p.n] = pc
			p.n++
		}
	}
	at := l.start
	if l.wait > 0 {
		add(piece{kind: pieceGarage, t0: at, t1: at + int64(l.wait)})
		at += int64(l.wait)
	}
	prof := &t.norm
	switch {
	case l.flags&lapStart != 0:
		prof = &t.launch
	case l.flags&lapPitOut != 0:
		prof = &t.exit
	case l.flags&lapLaneEnd != 0:
		prof = &t.entry
	}
	secs := sectorDurations(l)
	secs[0] -= int64(l.wait)
	bounds := [4]int{0, t.sectorEnd[0], t.sectorEnd[1], t.n}
	lane := int64(0)
	if l.flags&lapLaneEnd != 0 {
		lane = int64(l.lane)
		// keep at least a fifth of sector 3 on track
		if secs[2]-lane < secs[2]/5 {
			lane = secs[2] - secs[2]/5
		}
		secs[2] -= lane
		bounds[3] = t.laneStart
	}
	for k := 0; k < 3; k++ {
		fa, fb := prof.tf[bounds[k]], prof.tf[bounds[k+1]]
		d := max(secs[k], 1)
		add(piece{kind: pieceTrack, t0: at, t1: at + d, prof: prof, fa: fa, fb: fb,
			ratio: prof.T * (fb - fa) / (float64(d) / 1000)})
		at += d
	}
	if lane > 0 {
		stop := min(int64(l.stop), lane/2)
		add(piece{kind: pieceLane, t0: at, t1: at + lane - stop, fa: float64(t.laneStart), fb: float64(t.n - 1)})
		at += lane - stop
		add(piece{kind: pieceStop, t0: at, t1: at + stop})
	}
	return p
}

// at computes the car's state at time now (inside the plan).
func (t *track) at(p *lapPlan, now int64, noDRS bool, r *rand.Rand) sample {
	var pc *piece
	for k := 0; k < p.n; k++ {
		pc = &p.pieces[k]
		if now < pc.t1 {
			break
		}
	}
	u := 0.0
	if pc.t1 > pc.t0 {
		u = clamp(float64(now-pc.t0)/float64(pc.t1-pc.t0), 0, 1)
	}
	var sm sample
	switch pc.kind {
	case pieceGarage:
		box := t.n - 1
		sm.x, sm.y, sm.z = t.lx[box], t.ly[box], t.z[box]
		return sm
	case pieceStop:
		box := t.n - 1
		sm.x, sm.y, sm.z = t.lx[box], t.ly[box], t.z[box]
		sm.rpm = 4000 + r.IntN(300)
		return sm
	case pieceLane:
		pos := pc.fa + u*(pc.fb-pc.fa)
		i := min(int(pos), t.n-1)
		sm.x, sm.y, sm.z = t.lx[i], t.ly[i], t.z[i]
		sm.speed = (pc.fb - pc.fa) * t.step / (float64(pc.t1-pc.t0) / 1000) * 3.6
		sm.gear = gearFor(sm.speed)
		sm.rpm = rpmFor(sm.speed, sm.gear)
		sm.throttle = 18 + r.IntN(6)
		return sm
	}
	prof := pc.prof
	i, w := prof.at(pc.fa + u*(pc.fb-pc.fa))
	j := i + 1
	if j >= t.n {
		j = 0
	}
	v := prof.v[i] + w*(prof.v[j]-prof.v[i])
	sm.speed = v * 3.6 * pc.ratio
	sm.gear = gearFor(sm.speed)
	sm.rpm = rpmFor(sm.speed, sm.gear) + r.IntN(120) - 60
	dv := prof.v[j] - prof.v[i]
	switch {
	case dv < -0.05:
		sm.brake = 100
	case dv > 0.02 || v >= vMax-0.5:
		sm.throttle = 100
	default:
		sm.throttle = 35 + int(50*v/vMax)
	}
	if pc.ratio < 0.9 && sm.throttle > 0 { // cool-down and out-laps: partial throttle
		sm.throttle = int(float64(sm.throttle) * pc.ratio * pc.ratio)
	}
	if !noDRS {
		switch {
		case p.drs && t.drs[i]:
			sm.drs = 12
		case p.drs && t.drs[(i+12)%t.n]:
			sm.drs = 8
		default:
			sm.drs = r.IntN(2)
		}
	}
	sm.x = t.x[i] + int32(w*float64(t.x[j]-t.x[i]))
	sm.y = t.y[i] + int32(w*float64(t.y[j]-t.y[i]))
	sm.z = t.z[i] + int32(w*float64(t.z[j]-t.z[i]))
	return sm
}

// drsLap decides whether DRS may open on a lap: push laps in practice and
// qualifying, and about a third of green racing laps from lap 3.
func drsLap(ss *sessionSim, l *lapSim, k int, r *rand.Rand) bool {
	if l.flags&(lapSC|lapVSC|lapPitIn|lapPitOut|lapStart) != 0 {
		return false
	}
	if !ss.kind.isRace() {
		return l.flags&lapPush != 0
	}
	return k >= 2 && r.Float64() < 0.35
}

// samples streams (time, state) pairs for one car: phase shifts the sample
// grid (car_data and location are sampled independently).
func (s *Season) samples(ss *sessionSim, car *carSim, st stream, yield func(int64, *sample) bool) {
	if !s.cfg.Telemetry || len(car.laps) == 0 {
		return
	}
	r := newRand(s.cfg.Seed, ss.key, car.drv.number, st)
	dt := 1000 / s.cfg.TelemetryHz
	t := ss.meeting.track
	noDRS := s.noDRS()
	first := car.laps[0].start
	last := car.laps[len(car.laps)-1].end()
	base := float64(first) + r.Float64()*dt
	k := 0
	plan := s.planLap(ss, &car.laps[0], drsLap(ss, &car.laps[0], 0, r))
	var sm sample
	for n := 0; ; n++ {
		now := int64(math.Round(base + float64(n)*dt + between(r, -20, 20)))
		if now < first {
			continue
		}
		if now >= last {
			return
		}
		for now >= car.laps[k].end() {
			k++
			plan = s.planLap(ss, &car.laps[k], drsLap(ss, &car.laps[k], k, r))
		}
		sm = t.at(&plan, now, noDRS, r)
		if !yield(now, &sm) {
			return
		}
	}
}
