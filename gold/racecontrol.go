package gold

import (
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/silver"
)

// Kinds of TrackPeriod (the values of silver.PeriodSC and silver.PeriodVSC).
const (
	PeriodSC  = silver.PeriodSC
	PeriodVSC = silver.PeriodVSC
)

// TrackPeriod is a safety-car (SC) or virtual-safety-car (VSC) period of a
// race in lap numbers, both ends inclusive: the lap range of a
// silver.TrackPeriod, which defines it (DefSafetyCar).
type TrackPeriod struct {
	Kind     string // PeriodSC or PeriodVSC
	StartLap int    // lap_number of the DEPLOYED message
	EndLap   int    // lap_number of the message that ended it
	// Closed is false when no message ended the period (a race finishing
	// behind the safety car): EndLap is then the lap of the chequered flag,
	// else the last lap of the session.
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
// race_control batches (rows of other sessions are ignored), by silver's
// definition (silver.TrackPeriodsOf, DefSafetyCar). Messages without a
// lap_number get the leader's lap at their date when laps batches are
// given (the highest lap_number whose date_start is not after the
// message), else they are skipped. Columns a batch lacks read as null. It
// gives the periods the session_summary and pit_stop_analysis tables
// list; lap flags (under_sc, under_vsc) are silver.laps'.
func TrackPeriods(sessionKey int, raceControl []arrow.RecordBatch, laps []arrow.RecordBatch) []TrackPeriod {
	keep := map[int]bool{sessionKey: true}
	return periodsOf(decodeRaceControl(raceControl, keep), decodeLaps(laps, keep))
}

// periodsOf hands decoded rows to silver.TrackPeriodsOf and keeps the lap
// ranges.
func periodsOf(msgs []rcRow, laps []lapRow) []TrackPeriod {
	in := make([]silver.RaceControlMessage, len(msgs))
	for i, m := range msgs {
		in[i] = silver.RaceControlMessage{Category: m.category, Flag: m.flag, Message: m.message}
		if m.date.OK {
			in[i].Date = time.UnixMicro(m.date.V)
		}
		if m.lap.OK {
			in[i].LapNumber = m.lap.V
		}
	}
	starts := make([]silver.LapStart, len(laps))
	for i, l := range laps {
		starts[i].LapNumber = l.lap
		if l.dateStart.OK {
			starts[i].DateStart = time.UnixMicro(l.dateStart.V)
		}
	}
	ps := silver.TrackPeriodsOf(in, starts)
	if len(ps) == 0 {
		return nil
	}
	out := make([]TrackPeriod, len(ps))
	for i, p := range ps {
		out[i] = TrackPeriod{Kind: p.Kind, StartLap: p.StartLap, EndLap: p.EndLap, Closed: p.Closed}
	}
	return out
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
