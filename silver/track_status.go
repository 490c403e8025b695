package silver

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Safety-car phases are read from race_control messages (the API has no
// flag on laps), following DefSafetyCar:
//
//	"SAFETY CAR DEPLOYED"                 (lap L)  SC from lap L, in time from the message
//	"SAFETY CAR IN THIS LAP"              (lap M)  SC to lap M, in time until a car starts lap M+1
//	"VIRTUAL SAFETY CAR DEPLOYED"/"VSC DEPLOYED"   VSC starts
//	"VIRTUAL SAFETY CAR ENDING"/"VSC ENDING"       VSC ends (lap and time of the message)
//	a deployment of the other kind ends the open period on its lap and at its time;
//	a period never ended runs to the chequered flag (else the last lap, the end of the data).

// trackPeriod is a period as silver computes it: the exported fields plus
// its span in time (µs, [start, end)) when it can be placed in time.
type trackPeriod struct {
	kind             string
	startLap, endLap int32
	closed           bool
	start, end       int64 // end math.MaxInt64: to the end of the data
	timed            bool  // start and end are known
	// the first chequered flag after the deployment, for a period never ended
	chqLap              int32
	chqAt               int64
	hasChqLap, hasChqAt bool
}

// covers reports whether lap lies in the period's lap range.
func (p trackPeriod) covers(lap int32) bool { return lap >= p.startLap && lap <= p.endLap }

// lapStarts indexes the laps' start times for the period rules: the
// leader's lap at a time, and when a lap was first started.
type lapStarts struct {
	byTime  []lapStartAt // by start time, then lap
	maxUpTo []int32      // maxUpTo[i]: highest lap among byTime[:i+1]
	lastLap int32
}

type lapStartAt struct {
	at  int64
	lap int32
}

func newLapStarts(rows []lapRow) lapStarts {
	var s lapStarts
	for _, r := range rows {
		s.lastLap = max(s.lastLap, r.lap)
		if r.start.Valid {
			s.byTime = append(s.byTime, lapStartAt{r.start.V, r.lap})
		}
	}
	slices.SortFunc(s.byTime, func(a, b lapStartAt) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.lap, b.lap)
	})
	s.maxUpTo = make([]int32, len(s.byTime))
	var m int32
	for i, x := range s.byTime {
		m = max(m, x.lap)
		s.maxUpTo[i] = m
	}
	return s
}

// leaderLap returns the highest lap_number whose date_start is not after
// at.
func (s lapStarts) leaderLap(at int64) (int32, bool) {
	n, _ := slices.BinarySearchFunc(s.byTime, at, func(x lapStartAt, t int64) int {
		if x.at <= t {
			return -1
		}
		return 1
	})
	if n == 0 || s.maxUpTo[n-1] <= 0 {
		return 0, false
	}
	return s.maxUpTo[n-1], true
}

// firstStart returns the earliest start of lap lap at or after at.
func (s lapStarts) firstStart(lap int32, at int64) (int64, bool) {
	i, _ := slices.BinarySearchFunc(s.byTime, at, func(x lapStartAt, t int64) int { return cmp.Compare(x.at, t) })
	for ; i < len(s.byTime); i++ {
		if s.byTime[i].lap == lap {
			return s.byTime[i].at, true
		}
	}
	return 0, false
}

// lapOf returns the lap a message belongs to: its lap_number, else the
// leader's lap at its date.
func (s lapStarts) lapOf(m rcMessage) (int32, bool) {
	if m.lap.Valid && m.lap.V > 0 {
		return m.lap.V, true
	}
	if !m.date.Valid {
		return 0, false
	}
	return s.leaderLap(m.date.V)
}

// trackPeriods implements DefSafetyCar over a session's race-control
// messages (in silver order: by date) and laps (any order).
func trackPeriods(msgs []rcMessage, laps []lapRow) []trackPeriod {
	starts := newLapStarts(laps)
	var out []trackPeriod
	var open *trackPeriod
	closeAt := func(lap int32, at int64, atOK bool) {
		open.endLap = max(lap, open.startLap)
		open.closed = true
		if open.timed {
			if atOK && at >= open.start {
				open.end = at
			} else {
				open.timed = false
			}
		}
		out = append(out, *open)
		open = nil
	}
	deploy := func(kind string, lap int32, m rcMessage) {
		open = &trackPeriod{kind: kind, startLap: lap, start: m.date.V, end: math.MaxInt64, timed: m.date.Valid}
	}
	for _, m := range msgs {
		if strings.EqualFold(strings.TrimSpace(m.flag), "CHEQUERED") {
			if open != nil {
				if lap, ok := starts.lapOf(m); ok && !open.hasChqLap {
					open.chqLap, open.hasChqLap = lap, true
				}
				if m.date.Valid && !open.hasChqAt {
					open.chqAt, open.hasChqAt = m.date.V, true
				}
			}
			continue
		}
		kind, isDeploy, isEnd := classifySafetyCar(m)
		if kind == "" {
			continue
		}
		lap, ok := starts.lapOf(m)
		if !ok {
			continue
		}
		switch {
		case isDeploy && open == nil:
			deploy(kind, lap, m)
		case isDeploy && open.kind != kind:
			closeAt(lap, m.date.V, m.date.Valid)
			deploy(kind, lap, m)
		case isEnd && open != nil && open.kind == kind:
			at, atOK := m.date.V, m.date.Valid
			if kind == PeriodSC && atOK {
				if s, found := starts.firstStart(lap+1, at); found {
					at = s
				} else {
					at = math.MaxInt64
				}
			}
			closeAt(lap, at, atOK)
		}
	}
	if open != nil {
		end := starts.lastLap
		if open.hasChqLap {
			end = open.chqLap
		}
		open.endLap = max(end, open.startLap)
		if open.hasChqAt && open.chqAt >= open.start {
			open.end = open.chqAt
		}
		out = append(out, *open)
	}
	return out
}

// classifySafetyCar reads a race-control message: the kind of period it
// concerns and whether it deploys or ends one. Only the SafetyCar category
// counts (flag and "Other" messages that mention the safety car, such as
// "SAFETY CAR THROUGH THE PIT LANE", neither start nor end a period).
func classifySafetyCar(m rcMessage) (kind string, deploy, end bool) {
	if !strings.EqualFold(strings.ReplaceAll(m.category, " ", ""), "SafetyCar") {
		return "", false, false
	}
	text := strings.ToUpper(strings.Join(strings.Fields(m.message), " "))
	virtual := strings.Contains(text, "VIRTUAL SAFETY CAR") || strings.HasPrefix(text, "VSC ")
	switch {
	case virtual && strings.Contains(text, "DEPLOYED"):
		return PeriodVSC, true, false
	case virtual && (strings.Contains(text, "ENDING") || strings.Contains(text, "ENDED")):
		return PeriodVSC, false, true
	case !virtual && strings.Contains(text, "SAFETY CAR DEPLOYED"):
		return PeriodSC, true, false
	case !virtual && strings.Contains(text, "SAFETY CAR IN THIS LAP"):
		return PeriodSC, false, true
	}
	return "", false, false
}

// lapSpan is when a lap was driven, as far as the data tells ([start,
// end) in µs).
type lapSpan struct {
	lap              int32
	start, end       int64
	hasStart, hasEnd bool
}

// under reports whether a lap is under a period: its lap number lies in
// the period's range, or its time span overlaps the period's.
func (p trackPeriod) under(l lapSpan) bool {
	if p.covers(l.lap) {
		return true
	}
	if !p.timed {
		return false
	}
	switch {
	case l.hasStart && l.hasEnd:
		return l.start < p.end && l.end > p.start
	case l.hasStart:
		return l.start >= p.start && l.start < p.end
	case l.hasEnd:
		return l.end > p.start && l.end <= p.end
	}
	return false
}
