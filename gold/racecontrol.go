package gold

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Kinds of TrackPeriod.
const (
	PeriodSC  = "SC"
	PeriodVSC = "VSC"
)

// TrackPeriod is a safety-car (SC) or virtual-safety-car (VSC) period of a
// race in lap numbers, both ends inclusive. See DefSafetyCar for how it is
// read from race control.
type TrackPeriod struct {
	Kind     string // PeriodSC or PeriodVSC
	StartLap int    // lap_number of the DEPLOYED message
	EndLap   int    // lap_number of the message that ended it
	// Closed is false when no message ended the period (a race finishing
	// behind the safety car): EndLap is then the last lap of the session.
	Closed bool
}

// String renders the period as "SC 12-15" (open periods get a "+").
func (p TrackPeriod) String() string {
	s := fmt.Sprintf("%s %d-%d", p.Kind, p.StartLap, p.EndLap)
	if !p.Closed {
		s += "+"
	}
	return s
}

// Covers reports whether lap lies in the period.
func (p TrackPeriod) Covers(lap int) bool { return lap >= p.StartLap && lap <= p.EndLap }

// Laps is the number of laps the period covers.
func (p TrackPeriod) Laps() int { return p.EndLap - p.StartLap + 1 }

// TrackPeriods reads the SC and VSC periods of one session from silver
// race_control batches (rows of other sessions are ignored). Messages
// without a lap_number get the leader's lap at their date when laps
// batches are given (the highest lap_number whose date_start is not after
// the message), else they are skipped. It is the function the
// session_summary, lap_analytics and pit_stop_analysis tables use.
func TrackPeriods(sessionKey int, raceControl []arrow.RecordBatch, laps []arrow.RecordBatch) []TrackPeriod {
	keep := map[int]bool{sessionKey: true}
	return trackPeriods(decodeRaceControl(raceControl, keep), decodeLaps(laps, keep))
}

// trackPeriods implements DefSafetyCar over decoded rows (messages in time
// order).
func trackPeriods(msgs []rcRow, laps []lapRow) []TrackPeriod {
	lastLap := 0
	for _, l := range laps {
		lastLap = max(lastLap, l.lap)
	}
	lapOf := func(m rcRow) (int, bool) {
		if m.lap.OK && m.lap.V > 0 {
			return m.lap.V, true
		}
		if !m.date.OK {
			return 0, false
		}
		best := 0
		for _, l := range laps {
			if l.dateStart.OK && l.dateStart.V <= m.date.V && l.lap > best {
				best = l.lap
			}
		}
		return best, best > 0
	}
	var out []TrackPeriod
	var open *TrackPeriod
	closeAt := func(lap int) {
		open.EndLap = max(lap, open.StartLap)
		open.Closed = true
		out = append(out, *open)
		open = nil
	}
	chequered := 0
	for _, m := range msgs {
		if strings.EqualFold(m.flag, "CHEQUERED") {
			if lap, ok := lapOf(m); ok && chequered == 0 {
				chequered = lap
			}
			continue
		}
		kind, deploy, end := classifySafetyCar(m)
		if kind == "" {
			continue
		}
		lap, ok := lapOf(m)
		if !ok {
			continue
		}
		switch {
		case deploy && open == nil:
			open = &TrackPeriod{Kind: kind, StartLap: lap}
		case deploy && open.Kind != kind:
			// VSC upgraded to a safety car (or the reverse): the first
			// period ends on the lap the second begins.
			closeAt(lap)
			open = &TrackPeriod{Kind: kind, StartLap: lap}
		case end && open != nil && open.Kind == kind:
			closeAt(lap)
		}
	}
	if open != nil {
		end := lastLap
		if chequered > 0 {
			end = chequered
		}
		open.EndLap = max(end, open.StartLap)
		out = append(out, *open)
	}
	return out
}

// classifySafetyCar reads a race-control message: the kind of period it
// concerns and whether it deploys or ends one. Only the SafetyCar
// category counts (the flag and "Other" messages that mention the safety
// car, such as "SAFETY CAR THROUGH THE PIT LANE", do not start or end a
// period).
func classifySafetyCar(m rcRow) (kind string, deploy, end bool) {
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

// redFlags counts red flags shown (Flag messages with flag RED).
func redFlags(msgs []rcRow) int {
	n := 0
	for _, m := range msgs {
		if strings.EqualFold(m.flag, "RED") {
			n++
		}
	}
	return n
}

var (
	rcCarRE  = regexp.MustCompile(`^CAR (\d+)\b`)
	rcTimeRE = regexp.MustCompile(`\bTIME (\d+):(\d{2})\.(\d{3})\b`)
	rcLapRE  = regexp.MustCompile(`\bLAP (\d+)\b`)
)

// lapKey identifies one lap of one driver.
type lapKey struct{ driver, lap int }

// deletedLaps applies DefDeletedLap: the laps whose times race control
// deleted (and did not reinstate), matched by the lap time the message
// quotes, else by the lap number it names.
func deletedLaps(msgs []rcRow, laps []lapRow) map[lapKey]bool {
	var byDriver map[int][]*lapRow // built on the first message that quotes a time
	out := map[lapKey]bool{}
	for _, m := range msgs {
		text := strings.ToUpper(strings.TrimSpace(m.message))
		car := rcCarRE.FindStringSubmatch(text)
		if car == nil {
			continue
		}
		deleted := strings.Contains(text, "DELETED")
		reinstated := strings.Contains(text, "REINSTATED")
		if !deleted && !reinstated {
			continue
		}
		driver, _ := strconv.Atoi(car[1])
		named := 0
		if loc := strings.Index(text, "DELETED"); loc >= 0 {
			if lm := rcLapRE.FindStringSubmatch(text[loc:]); lm != nil {
				named, _ = strconv.Atoi(lm[1])
			}
		} else if lm := rcLapRE.FindStringSubmatch(text); lm != nil {
			named, _ = strconv.Atoi(lm[1])
		}
		lap := 0
		if tm := rcTimeRE.FindStringSubmatch(text); tm != nil {
			mins, _ := strconv.Atoi(tm[1])
			secs, _ := strconv.Atoi(tm[2])
			frac, _ := strconv.Atoi(tm[3])
			quoted := int64(mins*60_000 + secs*1000 + frac)
			if byDriver == nil {
				byDriver = map[int][]*lapRow{}
				for i := range laps {
					byDriver[laps[i].driver] = append(byDriver[laps[i].driver], &laps[i])
				}
			}
			lap = matchQuotedTime(byDriver[driver], quoted, named)
		}
		if lap == 0 {
			lap = named
		}
		if lap == 0 {
			continue
		}
		k := lapKey{driver, lap}
		if reinstated && !deleted {
			delete(out, k)
		} else {
			out[k] = true
		}
	}
	return out
}

// matchQuotedTime returns the lap of a driver whose duration is the quoted
// time (to the millisecond, ±1 ms for rounding), preferring the named lap
// when several match; 0 when none does.
func matchQuotedTime(laps []*lapRow, quoted int64, named int) int {
	found := 0
	for _, l := range laps {
		if !l.dur.OK || l.dur.V-quoted > 1 || quoted-l.dur.V > 1 {
			continue
		}
		if l.lap == named {
			return l.lap
		}
		if found == 0 {
			found = l.lap
		}
	}
	return found
}
