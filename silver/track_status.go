package silver

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Safety-car phases and deleted laps are read from race_control messages
// (the API has no flag on laps):
//
//	"SAFETY CAR DEPLOYED"                          SC starts at the message
//	"SAFETY CAR IN THIS LAP"  (lap M)              SC ends when lap M+1 starts (first car)
//	"VIRTUAL SAFETY CAR DEPLOYED" / "VSC DEPLOYED" VSC starts
//	"VIRTUAL SAFETY CAR ENDING" / "VSC ENDING"     VSC ends at the message
//	an SC deployed during a VSC ends the VSC; a CHEQUERED flag ends both.
//
//	"CAR 44 (HAM) TIME 1:29.832 DELETED - TRACK LIMITS AT TURN 4 LAP 12 …"
//	"CAR 16 (LEC) LAP DELETED - TRACK LIMITS AT TURN 12 LAP 3 …"
//	                                               lap 12 (3) of car 44 (16) deleted
//	"CAR 44 (HAM) … LAP 12 … REINSTATED"          the deletion is undone

const (
	periodSC  = "SC"
	periodVSC = "VSC"
)

// trackPeriod is a safety-car or virtual-safety-car phase in time (µs,
// [start, end)), with the leader's laps from the messages when known.
type trackPeriod struct {
	kind             string
	start, end       int64
	startLap, endLap int32 // 0 when unknown
}

var (
	carRE      = regexp.MustCompile(`^CAR (\d+)\b`)
	lapRE      = regexp.MustCompile(`\bLAP (\d+)\b`)
	deletedRE  = regexp.MustCompile(`\bDELETED\b`)
	reinstated = regexp.MustCompile(`\bREINSTATED\b`)
)

// lapStartFn returns the earliest start (µs) of a lap with the given
// number after t (any driver), or false.
type lapStartFn func(lap int32, after int64) (int64, bool)

// trackPeriods derives SC/VSC phases from the published messages (sorted
// by date). firstStart finds when a lap began, to close an SC "in this lap".
func trackPeriods(msgs []rcMessage, firstStart lapStartFn) []trackPeriod {
	var out []trackPeriod
	var open *trackPeriod
	closeAt := func(at int64, lap nullable[int32]) {
		if open == nil {
			return
		}
		open.end = at
		if lap.Valid {
			open.endLap = lap.V
		}
		out = append(out, *open)
		open = nil
	}
	for _, m := range msgs {
		if !m.date.Valid {
			continue
		}
		text := strings.ToUpper(m.message)
		at := m.date.V
		switch {
		case strings.EqualFold(m.flag, "CHEQUERED"):
			closeAt(at, nullable[int32]{})
		case isVSC(text) && strings.Contains(text, "DEPLOYED"):
			if open == nil {
				open = &trackPeriod{kind: periodVSC, start: at, startLap: m.lap.V}
			}
		case isVSC(text) && (strings.Contains(text, "ENDING") || strings.Contains(text, "ENDED")):
			if open != nil && open.kind == periodVSC {
				closeAt(at, m.lap)
			}
		case strings.Contains(text, "SAFETY CAR DEPLOYED"):
			if open != nil && open.kind == periodVSC {
				closeAt(at, m.lap)
			}
			if open == nil {
				open = &trackPeriod{kind: periodSC, start: at, startLap: m.lap.V}
			}
		case strings.Contains(text, "SAFETY CAR IN THIS LAP"):
			if open == nil || open.kind != periodSC {
				continue
			}
			end := int64(math.MaxInt64)
			if m.lap.Valid {
				if s, ok := firstStart(m.lap.V+1, at); ok {
					end = s
				}
			} else if s, ok := firstStart(0, at); ok {
				end = s
			}
			closeAt(end, m.lap)
		}
	}
	if open != nil {
		open.end = math.MaxInt64
		out = append(out, *open)
	}
	return out
}

func isVSC(text string) bool {
	return strings.Contains(text, "VIRTUAL SAFETY CAR") || strings.HasPrefix(text, "VSC ") || strings.Contains(text, " VSC ")
}

// deletedLaps returns the (driver, lap) pairs whose times race control
// deleted and did not reinstate.
func deletedLaps(msgs []rcMessage) map[[2]int32]bool {
	out := map[[2]int32]bool{}
	for _, m := range msgs {
		text := strings.ToUpper(strings.TrimSpace(m.message))
		car := carRE.FindStringSubmatch(text)
		if car == nil {
			continue
		}
		dn, err := strconv.ParseInt(car[1], 10, 32)
		if err != nil {
			continue
		}
		switch {
		case deletedRE.MatchString(text):
			loc := deletedRE.FindStringIndex(text)
			if lap := lapRE.FindStringSubmatch(text[loc[1]:]); lap != nil {
				if n, err := strconv.ParseInt(lap[1], 10, 32); err == nil {
					out[[2]int32{int32(dn), int32(n)}] = true
				}
			}
		case reinstated.MatchString(text):
			if lap := lapRE.FindStringSubmatch(text); lap != nil {
				if n, err := strconv.ParseInt(lap[1], 10, 32); err == nil {
					delete(out, [2]int32{int32(dn), int32(n)})
				}
			}
		}
	}
	return out
}

// lapSpan is when a lap was driven, as far as the data tells ([start,
// end) in µs).
type lapSpan struct {
	lap              int32
	start, end       int64
	hasStart, hasEnd bool
}

// under reports whether a lap overlaps a period. Laps without times (lap
// 1 of older races) fall back to the leader's lap numbers in the messages.
func (p trackPeriod) under(l lapSpan) bool {
	switch {
	case l.hasStart && l.hasEnd:
		return l.start < p.end && l.end > p.start
	case l.hasStart:
		return l.start >= p.start && l.start < p.end
	case l.hasEnd:
		return l.end > p.start && l.end <= p.end
	}
	if p.startLap == 0 {
		return false
	}
	return l.lap >= p.startLap && (p.endLap == 0 || l.lap <= p.endLap)
}
