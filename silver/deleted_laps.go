package silver

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	rcCarRE  = regexp.MustCompile(`^CAR (\d+)\b`)
	rcTimeRE = regexp.MustCompile(`\bTIME (\d+):(\d{2})\.(\d{3})\b`)
	rcLapRE  = regexp.MustCompile(`\bLAP (\d+)\b`)
)

// lapKey identifies one lap of one driver: (driver_number, lap_number).
type lapKey = [2]int32

// deletedLaps implements DefDeletedLap: the laps whose times race control
// deleted and did not reinstate, from a session's messages (by date) and
// laps (lap_duration_ms in dur).
func deletedLaps(msgs []rcMessage, laps []lapRow) map[lapKey]bool {
	var byDriver map[int32][]*lapRow // built on the first message that quotes a time
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
		driver, err := strconv.ParseInt(car[1], 10, 32)
		if err != nil {
			continue
		}
		var named int32
		after := text
		if i := strings.Index(text, "DELETED"); i >= 0 {
			after = text[i:]
		}
		if lm := rcLapRE.FindStringSubmatch(after); lm != nil {
			if n, err := strconv.ParseInt(lm[1], 10, 32); err == nil {
				named = int32(n)
			}
		}
		var lap int32
		if tm := rcTimeRE.FindStringSubmatch(text); tm != nil {
			mins, _ := strconv.ParseInt(tm[1], 10, 64)
			secs, _ := strconv.ParseInt(tm[2], 10, 64)
			frac, _ := strconv.ParseInt(tm[3], 10, 64)
			quoted := mins*60_000 + secs*1000 + frac
			if byDriver == nil {
				byDriver = map[int32][]*lapRow{}
				for i := range laps {
					byDriver[laps[i].dn] = append(byDriver[laps[i].dn], &laps[i])
				}
			}
			lap = matchQuotedTime(byDriver[int32(driver)], quoted, named)
		}
		if lap == 0 {
			lap = named
		}
		if lap == 0 {
			continue
		}
		k := lapKey{int32(driver), lap}
		if reinstated && !deleted {
			delete(out, k)
		} else {
			out[k] = true
		}
	}
	return out
}

// matchQuotedTime returns the lap whose duration is the quoted time (ms,
// ±1 ms for rounding), preferring the named lap when several match; 0 when
// none does.
func matchQuotedTime(laps []*lapRow, quoted int64, named int32) int32 {
	var found int32
	for _, l := range laps {
		if !l.dur.Valid || l.dur.V-quoted > 1 || quoted-l.dur.V > 1 {
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
