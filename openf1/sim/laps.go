package sim

import (
	"math"
	"sort"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Mini-sector states (segments_sector_*).
const (
	segYellow = 2048 // slower than the driver's best
	segGreen  = 2049 // personal best
	segPurple = 2051 // overall best
	segPit    = 2064 // pit lane
)

// Laps returns the laps rows of a session, driver by driver (team order),
// lap by lap. Durations are the model's lap and sector times; speed traps
// come from the circuit's speed profile scaled to the sector times.
func (s *Season) Laps(sessionKey int) []openf1.Lap {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	status := sectorStatus(ss)
	var out []openf1.Lap
	for _, car := range ss.cars {
		out = s.appendLaps(out, ss, car, status)
	}
	return out
}

func (s *Season) appendLaps(out []openf1.Lap, ss *sessionSim, car *carSim, status map[lapRef][3]uint8) []openf1.Lap {
	t := ss.meeting.track
	r := newRand(s.cfg.Seed, ss.key, car.drv.number, streamLapDetail)
	q := s.cfg.Quirks
	for k := range car.laps {
		l := &car.laps[k]
		secs := sectorDurations(l)
		row := openf1.Lap{
			MeetingKey: ss.meeting.key, SessionKey: ss.key, DriverNumber: car.drv.number, LapNumber: k + 1,
			DateStart:       openf1.Of(apiTime(l.start)),
			DurationSector1: openf1.Of(seconds(secs[0])),
			DurationSector2: openf1.Of(seconds(secs[1])),
			DurationSector3: openf1.Of(seconds(secs[2])),
			IsPitOutLap:     l.flags&lapPitOut != 0,
			LapDuration:     openf1.Of(seconds(int64(l.dur))),
		}
		// speed traps: the reference speed scaled by the sector's pace
		ratio := [3]float64{}
		for i := 0; i < 3; i++ {
			act := float64(secs[i]) / 1000
			switch i {
			case 0:
				act -= float64(l.wait) / 1000
			case 2:
				act -= float64(l.lane) / 1000
			}
			ratio[i] = t.norm.T * t.sectorTF[i] / math.Max(act, 1)
		}
		trap := func(p int) openf1.Nullable[int] {
			sec := sectorOf(t, p)
			if l.flags&lapLaneEnd != 0 && p >= t.laneStart {
				return openf1.Of(int(math.Round(pitLimiter*3.6 - r.Float64())))
			}
			v := t.norm.v[p] * 3.6 * math.Min(ratio[sec], 1.08)
			return openf1.Of(int(math.Round(v + normal(r, 0, 2))))
		}
		row.I1Speed, row.I2Speed, row.STSpeed = trap(t.trap[0]), trap(t.trap[1]), trap(t.trap[2])
		st := status[lapRef{car.idx, k}]
		for i := 0; i < 3; i++ {
			seg := make(openf1.Segments, t.segments[i])
			for j := range seg {
				v := segGreen
				switch {
				case l.flags&(lapSC|lapVSC) != 0:
					v = segYellow
					if r.IntN(3) == 0 {
						v = segGreen
					}
				case st[i] == 2 && r.IntN(5) < 3:
					v = segPurple
				case st[i] == 0 && r.IntN(2) == 0:
					v = segYellow
				}
				if (i == 0 && j == 0 && l.flags&lapPitOut != 0) ||
					(i == 2 && j == len(seg)-1 && l.flags&lapPitIn != 0) {
					v = segPit
				}
				seg[j] = openf1.Of(v)
			}
			if i == 0 && q.NullFirstSegment && (k == 0 || r.IntN(10) == 0) {
				seg[0] = openf1.NullOf[int]()
			}
			switch i {
			case 0:
				row.SegmentsSector1 = openf1.Of(seg)
			case 1:
				row.SegmentsSector2 = openf1.Of(seg)
			case 2:
				row.SegmentsSector3 = openf1.Of(seg)
			}
		}
		if k == 0 && ss.kind.isRace() && q.NullLapOne {
			row.DateStart = openf1.NullOf[openf1.Time]()
			row.DurationSector1 = openf1.NullOf[float64]()
			row.LapDuration = openf1.NullOf[float64]()
		}
		out = append(out, row)
	}
	return out
}

// sectorDurations returns the three sector times of a lap in ms.
func sectorDurations(l *lapSim) [3]int64 {
	return [3]int64{int64(l.s1), int64(l.s2), int64(l.dur) - int64(l.s1) - int64(l.s2)}
}

func sectorOf(t *track, p int) int {
	switch {
	case p < t.sectorEnd[0]:
		return 0
	case p < t.sectorEnd[1]:
		return 1
	}
	return 2
}

type lapRef struct{ car, lap int }

// sectorStatus classifies every sector of the session in time order:
// 2 overall best so far, 1 personal best so far, 0 neither.
func sectorStatus(ss *sessionSim) map[lapRef][3]uint8 {
	var refs []lapRef
	for _, car := range ss.cars {
		for k := range car.laps {
			refs = append(refs, lapRef{car.idx, k})
		}
	}
	sort.Slice(refs, func(a, b int) bool {
		ea, eb := ss.cars[refs[a].car].laps[refs[a].lap].end(), ss.cars[refs[b].car].laps[refs[b].lap].end()
		if ea != eb {
			return ea < eb
		}
		return refs[a].car < refs[b].car
	})
	out := make(map[lapRef][3]uint8, len(refs))
	overall := [3]int64{}
	personal := make([][3]int64, len(ss.cars))
	for _, ref := range refs {
		l := &ss.cars[ref.car].laps[ref.lap]
		secs := sectorDurations(l)
		var st [3]uint8
		for i, d := range secs {
			if l.flags&(lapPitOut|lapPitIn) != 0 && (i == 0 || i == 2) {
				continue
			}
			if personal[ref.car][i] == 0 || d < personal[ref.car][i] {
				personal[ref.car][i] = d
				st[i] = 1
			}
			if overall[i] == 0 || d < overall[i] {
				overall[i] = d
				st[i] = 2
			}
		}
		out[ref] = st
	}
	return out
}
