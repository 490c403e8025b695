package silver

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Kinds of TrackPeriod.
const (
	PeriodSC  = "SC"
	PeriodVSC = "VSC"
)

// ErrBatchSchema reports a batch that lacks a column a function reads, or
// has it with another type than the silver schema's.
var ErrBatchSchema = errors.New("silver: batch does not have the silver table's columns")

// TrackPeriod is a safety-car (SC) or virtual-safety-car (VSC) period of a
// session, as DefSafetyCar defines it: a range of lap numbers, both ends
// inclusive, and a span in time. silver.laps.under_sc and under_vsc are
// computed from these periods.
type TrackPeriod struct {
	Kind     string // PeriodSC or PeriodVSC
	StartLap int    // lap of the deployment message
	EndLap   int    // lap of the message that ended it (see Closed)
	// Closed is false when no message ended the period (a race finishing
	// behind the safety car): EndLap is then the lap of the chequered flag,
	// else the last lap of the session.
	Closed bool
	// Start and End bound the period in time: from the deployment message
	// to the end DefSafetyCar gives (an SC ends when the first car starts
	// the lap after "SAFETY CAR IN THIS LAP"). Start is zero when the
	// period cannot be placed in time (undated messages); End is zero when
	// the period runs to the end of the session's data.
	Start, End time.Time
}

// String renders the period as "SC 12-15" (open periods get a "+").
func (p TrackPeriod) String() string {
	s := fmt.Sprintf("%s %d-%d", p.Kind, p.StartLap, p.EndLap)
	if !p.Closed {
		s += "+"
	}
	return s
}

// Covers reports whether lap lies in the period's lap range.
func (p TrackPeriod) Covers(lap int) bool { return lap >= p.StartLap && lap <= p.EndLap }

// Laps is the number of laps the period's range covers.
func (p TrackPeriod) Laps() int { return p.EndLap - p.StartLap + 1 }

// RaceControlMessage is what TrackPeriodsOf reads of a race_control row.
type RaceControlMessage struct {
	Date      time.Time // zero when null
	Category  string
	Flag      string
	LapNumber int // 0 when null
	Message   string
}

// LapStart is what TrackPeriodsOf reads of a laps row: a lap of any
// driver and when it started.
type LapStart struct {
	LapNumber int
	DateStart time.Time // zero when null
}

// TrackPeriodsOf applies DefSafetyCar to one session's race-control
// messages (any order: they are read by date, undated ones first, as in
// silver.race_control) and lap starts (any order). It is the function
// silver.laps' under_sc and under_vsc come from; TrackPeriods reads the
// same inputs from Arrow batches.
func TrackPeriodsOf(msgs []RaceControlMessage, laps []LapStart) []TrackPeriod {
	rc := make([]rcMessage, len(msgs))
	for i, m := range msgs {
		rc[i] = rcMessage{category: m.Category, flag: m.Flag, message: m.Message}
		if !m.Date.IsZero() {
			rc[i].date = some(m.Date.UnixMicro())
		}
		if m.LapNumber != 0 {
			rc[i].lap = some(int32(m.LapNumber))
		}
	}
	rows := make([]lapRow, len(laps))
	for i, l := range laps {
		rows[i] = lapRow{lap: int32(l.LapNumber)}
		if !l.DateStart.IsZero() {
			rows[i].start = some(l.DateStart.UnixMicro())
		}
	}
	return exportPeriods(trackPeriods(sortMessages(rc), rows))
}

// TrackPeriods reads the SC and VSC periods of one session from silver
// race_control and laps batches (a Build's, or scanned from the tables;
// rows of other sessions are ignored). The laps give the leader's lap of
// messages without a lap_number and the end in time of SC periods; they
// may be nil. The error matches ErrBatchSchema when a batch lacks a column
// it reads.
func TrackPeriods(sessionKey int, raceControl, laps []arrow.RecordBatch) ([]TrackPeriod, error) {
	var msgs []rcMessage
	for _, rec := range raceControl {
		c, err := newBatchCols(rec, map[string]arrow.Type{"session_key": arrow.INT32, "date": arrow.TIMESTAMP,
			"category": arrow.STRING, "flag": arrow.STRING, "lap_number": arrow.INT32, "message": arrow.STRING})
		if err != nil {
			return nil, fmt.Errorf("race_control: %w", err)
		}
		for i := range int(rec.NumRows()) {
			if !c.is(sessionKey, i) {
				continue
			}
			msgs = append(msgs, rcMessage{date: c.ts("date", i), category: c.str("category", i),
				flag: c.str("flag", i), lap: c.i32("lap_number", i), message: c.str("message", i)})
		}
	}
	var rows []lapRow
	for _, rec := range laps {
		c, err := newBatchCols(rec, map[string]arrow.Type{"session_key": arrow.INT32, "lap_number": arrow.INT32,
			"date_start": arrow.TIMESTAMP})
		if err != nil {
			return nil, fmt.Errorf("laps: %w", err)
		}
		for i := range int(rec.NumRows()) {
			if c.is(sessionKey, i) {
				rows = append(rows, lapRow{lap: c.i32("lap_number", i).V, start: c.ts("date_start", i)})
			}
		}
	}
	return exportPeriods(trackPeriods(sortMessages(msgs), rows)), nil
}

// sortMessages puts messages in silver.race_control order: undated first,
// then by date, ties in input order.
func sortMessages(msgs []rcMessage) []rcMessage {
	slices.SortStableFunc(msgs, func(a, b rcMessage) int {
		if a.date.Valid != b.date.Valid {
			if a.date.Valid {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.date.V, b.date.V)
	})
	return msgs
}

func exportPeriods(ps []trackPeriod) []TrackPeriod {
	if len(ps) == 0 {
		return nil
	}
	out := make([]TrackPeriod, len(ps))
	for i, p := range ps {
		out[i] = TrackPeriod{Kind: p.kind, StartLap: int(p.startLap), EndLap: int(p.endLap), Closed: p.closed}
		if p.timed {
			out[i].Start = time.UnixMicro(p.start).UTC()
			if p.end != math.MaxInt64 {
				out[i].End = time.UnixMicro(p.end).UTC()
			}
		}
	}
	return out
}

// batchCols gives typed access to the named columns of a silver batch.
type batchCols map[string]arrow.Array

func newBatchCols(rec arrow.RecordBatch, want map[string]arrow.Type) (batchCols, error) {
	c := batchCols{}
	for name, typ := range want {
		idx := rec.Schema().FieldIndices(name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("%w: no column %q", ErrBatchSchema, name)
		}
		col := rec.Column(idx[0])
		ok := col.DataType().ID() == typ
		if ts, isTS := col.DataType().(*arrow.TimestampType); isTS {
			ok = ok && ts.Unit == arrow.Microsecond
		}
		if !ok {
			return nil, fmt.Errorf("%w: column %q is %s, want %s", ErrBatchSchema, name, col.DataType(), typ)
		}
		c[name] = col
	}
	return c, nil
}

// is reports whether row i belongs to the session.
func (c batchCols) is(session, i int) bool {
	sk := c["session_key"].(*array.Int32)
	return sk.IsValid(i) && int(sk.Value(i)) == session
}

func (c batchCols) i32(name string, i int) nullable[int32] {
	a := c[name].(*array.Int32)
	if a.IsNull(i) {
		return nullable[int32]{}
	}
	return some(a.Value(i))
}

func (c batchCols) ts(name string, i int) nullable[int64] {
	a := c[name].(*array.Timestamp)
	if a.IsNull(i) {
		return nullable[int64]{}
	}
	return some(int64(a.Value(i)))
}

func (c batchCols) str(name string, i int) string {
	a := c[name].(*array.String)
	if a.IsNull(i) {
		return ""
	}
	return a.Value(i)
}
