package silver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrNotTelemetry is returned by BuildTelemetry for an endpoint other than
// car_data or location.
var ErrNotTelemetry = errors.New("silver: not a telemetry endpoint (car_data, location)")

// ErrNoPartition is returned by BuildTelemetry when the session has no
// bronze partition for the endpoint.
var ErrNoPartition = errors.New("silver: bronze partition not found")

// TelemetryBuild is a streamed build of silver.car_data or silver.location
// for one session. Rejects and Stats are complete when BuildTelemetry
// returns (a first pass over the bronze partition decides them); the rows
// are produced while Reader is read, one bronze batch at a time, so a
// session's telemetry is never held in memory whole.
type TelemetryBuild struct {
	Table      string
	Endpoint   openf1.Endpoint
	Year       int
	MeetingKey int
	SessionKey int
	RunID      string
	Rejects    *Rejects
	Stats      TableStats
	Warnings   []string

	rdr *telemetryReader
}

// Reader returns the stream of silver rows. It can be read once; the
// TelemetryBuild keeps its own reference until Release.
func (tb *TelemetryBuild) Reader() array.RecordReader { return tb.rdr }

// Release releases the reader.
func (tb *TelemetryBuild) Release() {
	if tb != nil && tb.rdr != nil {
		tb.rdr.Release()
		tb.rdr = nil
	}
}

// BuildTelemetry builds silver.car_data or silver.location (ep) for one
// session, streamed. laps assigns lap_number (see LapIndex); when nil it
// is built from the session's bronze laps. Rows are checked like session
// tables (session keys, int32 ranges, date present, driver in the session's
// drivers) and de-duplicated on (driver_number, date): latest _ingested_at
// wins, then the later row. The caller releases the TelemetryBuild.
func BuildTelemetry(ctx context.Context, store *bronze.Store, sessionKey int, ep openf1.Endpoint, laps *LapIndex, opts BuildOptions) (*TelemetryBuild, error) {
	opts = opts.withDefaults()
	return buildTelemetry(ctx, storeSource{store: store, opts: &opts}, sessionKey, ep, laps, opts)
}

// telemetryValues are the measurement columns, in silver column order.
var telemetryValues = map[openf1.Endpoint][]string{
	openf1.EndpointCarData:  {"rpm", "speed", "n_gear", "throttle", "brake", "drs"},
	openf1.EndpointLocation: {"x", "y", "z"},
}

func buildTelemetry(ctx context.Context, src partitionSource, sessionKey int, ep openf1.Endpoint, laps *LapIndex, opts BuildOptions) (*TelemetryBuild, error) {
	values, ok := telemetryValues[ep]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotTelemetry, ep)
	}
	info, warnings, err := locateSession(ctx, src, sessionKey, opts)
	if err != nil {
		return nil, err
	}
	key := bronze.PartitionKey{Endpoint: ep, Year: info.Year, MeetingKey: info.MeetingKey, SessionKey: sessionKey}
	m, err := src.manifest(ctx, key)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoPartition, key)
	}
	table := tableOfEndpoint(ep)
	s := &scope{year: info.Year, meetingKey: info.MeetingKey, sessionKey: sessionKey, opts: opts,
		rejects: NewRejects(opts.RunID, opts.Now()), warnings: warnings}
	sb := &sessionBuild{scope: s, info: info}
	if err := sb.loadDriverSet(ctx, src); err != nil {
		return nil, err
	}
	if laps == nil {
		if laps, err = lapIndexFromBronze(ctx, src, sb); err != nil {
			return nil, err
		}
	}

	p := &telemetryPass{sb: sb, table: table, values: values}
	if err := p.check(ctx, src, m); err != nil {
		return nil, err
	}
	tb := &TelemetryBuild{Table: table, Endpoint: ep, Year: info.Year, MeetingKey: info.MeetingKey,
		SessionKey: sessionKey, RunID: opts.RunID, Rejects: s.rejects, Warnings: s.warnings}
	tb.Stats = TableStats{Table: table, Endpoint: ep, BronzeRows: p.rows, Rejected: int64(s.rejects.Len())}
	tb.Stats.Published = tb.Stats.BronzeRows - tb.Stats.Rejected
	rr, err := src.open(ctx, m)
	if err != nil {
		return nil, err
	}
	schema := carDataSchema
	if ep == openf1.EndpointLocation {
		schema = locationSchema
	}
	tb.rdr = &telemetryReader{src: rr, schema: schema, pass: p, laps: laps, want: tb.Stats.Published}
	tb.rdr.refs.Store(1)
	return tb, nil
}

// loadDriverSet reads the session's drivers (de-duplicated) for the
// referential check of a telemetry build.
func (sb *sessionBuild) loadDriverSet(ctx context.Context, src partitionSource) error {
	t, err := load(ctx, src, bronze.PartitionKey{Endpoint: openf1.EndpointDrivers, Year: sb.year, MeetingKey: sb.meetingKey, SessionKey: sb.sessionKey})
	if err != nil {
		return err
	}
	defer t.release()
	tmp := &scope{year: sb.year, opts: sb.opts, rejects: NewRejects(sb.opts.RunID, sb.opts.Now())}
	if t != nil {
		sb.drivers = map[int32]bool{}
		for _, ord := range tmp.dedup(t, TableDrivers, nil) {
			r := t.row(ord)
			if dn := r.reqI32("driver_number"); r.ok() {
				sb.drivers[dn] = true
			}
		}
	}
	if len(sb.drivers) == 0 {
		sb.drivers = nil
		sb.warn("session %d has no drivers rows in bronze: referential checks on driver_number were skipped", sb.sessionKey)
	}
	return nil
}

// lapIndexFromBronze builds the lap index from the session's bronze laps
// (de-duplicated like silver.laps).
func lapIndexFromBronze(ctx context.Context, src partitionSource, sb *sessionBuild) (*LapIndex, error) {
	t, err := load(ctx, src, bronze.PartitionKey{Endpoint: openf1.EndpointLaps, Year: sb.year, MeetingKey: sb.meetingKey, SessionKey: sb.sessionKey})
	if err != nil {
		return nil, err
	}
	if t == nil {
		sb.warn("session %d has no laps in bronze: lap_number is null for every sample", sb.sessionKey)
		return newLapIndex(nil), nil
	}
	defer t.release()
	tmp := &scope{year: sb.year, opts: sb.opts, rejects: NewRejects(sb.opts.RunID, sb.opts.Now())}
	var rows []lapRow
	for _, ord := range tmp.dedup(t, TableLaps, nil) {
		r := t.row(ord)
		x := lapRow{dn: r.reqI32("driver_number"), lap: r.reqI32("lap_number"), start: r.ts("date_start"), dur: r.ms("lap_duration")}
		if r.ok() {
			rows = append(rows, x)
		}
	}
	return newLapIndex(rows), nil
}

// telemetryPass is the first pass over a telemetry partition: it rejects
// rows that fail a check and finds duplicates, so the second pass only
// has to skip the rejected ordinals.
type telemetryPass struct {
	sb       *sessionBuild
	table    string
	values   []string
	rows     int64
	rejected []int64 // ordinals, ascending after check
}

type telemetryKey struct {
	date, at int64
	dn       int32
	ord      int32
}

func (p *telemetryPass) check(ctx context.Context, src partitionSource, m *bronze.Manifest) error {
	rr, err := src.open(ctx, m)
	if err != nil {
		return err
	}
	defer rr.Release()
	var keys []telemetryKey
	if m.Rows > 0 && m.Rows < math.MaxInt32 {
		keys = make([]telemetryKey, 0, m.Rows)
	}
	base := int64(0)
	t := &bronzeRows{ep: m.Endpoint, schema: rr.Schema(), manifest: m, cols: map[string]int{}}
	info, _ := openf1.LookupEndpoint(m.Endpoint)
	t.info = info
	for i, f := range t.schema.Fields() {
		t.cols[f.Name] = i
	}
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rr.RecordBatch()
		n := int(rec.NumRows())
		t.recs = append(t.recs[:0], rec)
		t.refs = t.refs[:0]
		for i := range int32(n) {
			t.refs = append(t.refs, rowRef{0, i})
		}
		for i := range n {
			ord := base + int64(i)
			r := t.row(i)
			dn := r.reqI32("driver_number")
			date := r.reqTS("date")
			for _, v := range p.values {
				r.i32(v)
			}
			if !p.accept(t, i, ord, r) {
				continue
			}
			if p.sb.drivers != nil && !p.sb.drivers[dn] {
				p.rejectRow(t, i, ord, ReasonOrphanDriver, fmt.Sprintf("driver_number %d is not in the drivers of session %d", dn, p.sb.sessionKey))
				continue
			}
			keys = append(keys, telemetryKey{date: date, at: t.ingestedAt(i), dn: dn, ord: int32(ord)})
		}
		base += int64(n)
	}
	if err := rr.Err(); err != nil {
		return fmt.Errorf("silver: read bronze partition %s: %w", m.Key(), err)
	}
	p.rows = base

	// Duplicates: sort by (driver, date); the best of a group is the latest
	// ingested, then the last read.
	slices.SortFunc(keys, func(a, b telemetryKey) int {
		if a.dn != b.dn {
			return cmp.Compare(a.dn, b.dn)
		}
		if a.date != b.date {
			return cmp.Compare(a.date, b.date)
		}
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.ord, b.ord)
	})
	losers := map[int64]telemetryKey{}
	for i := 0; i+1 < len(keys); i++ {
		if keys[i].dn == keys[i+1].dn && keys[i].date == keys[i+1].date {
			j := i + 1
			for j+1 < len(keys) && keys[j+1].dn == keys[i].dn && keys[j+1].date == keys[i].date {
				j++
			}
			for k := i; k < j; k++ {
				losers[int64(keys[k].ord)] = keys[j]
			}
			i = j
		}
	}
	keys = nil
	if len(losers) > 0 {
		if err := p.rejectDuplicates(ctx, src, m, losers); err != nil {
			return err
		}
	}
	slices.Sort(p.rejected)
	return nil
}

func (p *telemetryPass) accept(t *bronzeRows, i int, ord int64, r *rowReader) bool {
	meeting := r.reqI32("meeting_key")
	session := r.reqI32("session_key")
	switch {
	case !r.ok():
		p.rejectRow(t, i, ord, r.code, r.why)
	case int(session) != p.sb.sessionKey:
		p.rejectRow(t, i, ord, ReasonOutOfPartition, fmt.Sprintf("session_key %d in the bronze partition of session %d", session, p.sb.sessionKey))
	case int(meeting) != p.sb.meetingKey:
		p.rejectRow(t, i, ord, ReasonOutOfPartition, fmt.Sprintf("meeting_key %d, but session %d belongs to meeting %d", meeting, p.sb.sessionKey, p.sb.meetingKey))
	default:
		return true
	}
	return false
}

// rejectRow records row i of the current batch (ordinal ord).
func (p *telemetryPass) rejectRow(t *bronzeRows, i int, ord int64, code, reason string) {
	p.sb.rejects.Add(Reject{
		Year: p.sb.year, MeetingKey: p.sb.meetingKey, SessionKey: p.sb.sessionKey,
		Table: p.table, Endpoint: t.ep, BronzeRow: ord, NaturalKey: t.naturalKey(i),
		Code: code, Reason: reason, Raw: t.rawJSON(i),
	})
	p.rejected = append(p.rejected, ord)
}

// rejectDuplicates reads the partition again to record the superseded
// rows with their raw content (rare: only when duplicates exist).
func (p *telemetryPass) rejectDuplicates(ctx context.Context, src partitionSource, m *bronze.Manifest, losers map[int64]telemetryKey) error {
	rr, err := src.open(ctx, m)
	if err != nil {
		return err
	}
	defer rr.Release()
	rows, err := readRows(rr, m.Endpoint, m)
	if err != nil {
		return fmt.Errorf("silver: read bronze partition %s: %w", m.Key(), err)
	}
	defer rows.release()
	ords := make([]int64, 0, len(losers))
	for ord := range losers {
		ords = append(ords, ord)
	}
	slices.Sort(ords)
	for _, ord := range ords {
		w := losers[ord]
		p.rejectRow(rows, int(ord), ord, ReasonDuplicate,
			fmt.Sprintf("superseded by bronze row %d with the same natural key (ingested_at %s)", w.ord, formatMicros(w.at)))
	}
	return nil
}

// telemetryReader is the second pass: it converts bronze batches to silver
// batches, skipping rejected rows and assigning lap numbers.
type telemetryReader struct {
	refs   atomic.Int64
	src    array.RecordReader
	schema *arrow.Schema
	pass   *telemetryPass
	laps   *LapIndex
	want   int64

	base, emitted int64
	next          int // index into pass.rejected
	cur           arrow.RecordBatch
	err           error
	cols          []int // bronze column of driver_number, date, then each value
}

func (r *telemetryReader) Retain() { r.refs.Add(1) }

func (r *telemetryReader) Release() {
	if r.refs.Add(-1) == 0 {
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
		if r.src != nil {
			r.src.Release()
			r.src = nil
		}
	}
}

func (r *telemetryReader) Schema() *arrow.Schema { return r.schema }

func (r *telemetryReader) Err() error { return r.err }

// Record is the deprecated name of RecordBatch.
func (r *telemetryReader) Record() arrow.RecordBatch { return r.cur }

func (r *telemetryReader) RecordBatch() arrow.RecordBatch { return r.cur }

func (r *telemetryReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if r.err != nil || r.src == nil {
		return false
	}
	for r.src.Next() {
		rec := r.src.RecordBatch()
		if rec.NumRows() == 0 {
			continue
		}
		out := r.convert(rec)
		if out.NumRows() == 0 {
			out.Release()
			continue
		}
		r.cur = out
		return true
	}
	if err := r.src.Err(); err != nil {
		r.err = err
		return false
	}
	if r.emitted != r.want {
		r.err = fmt.Errorf("silver: %s session %d: bronze changed while building (emitted %d rows, first pass expected %d)",
			r.pass.table, r.pass.sb.sessionKey, r.emitted, r.want)
	}
	return false
}

func (r *telemetryReader) convert(rec arrow.RecordBatch) arrow.RecordBatch {
	if r.cols == nil {
		sc := rec.Schema()
		for _, name := range append([]string{"meeting_key", "driver_number", "date"}, r.pass.values...) {
			r.cols = append(r.cols, sc.FieldIndices(name)[0])
		}
	}
	sb := r.pass.sb
	n := int(rec.NumRows())
	b := array.NewRecordBuilder(sb.opts.Allocator, r.schema)
	defer b.Release()
	b.Reserve(n)
	meetingA := rec.Column(r.cols[0]).(*array.Int64)
	dnA := rec.Column(r.cols[1]).(*array.Int64)
	dateA := rec.Column(r.cols[2]).(*array.Timestamp)
	vals := make([]*array.Int64, len(r.pass.values))
	for i := range vals {
		vals[i] = rec.Column(r.cols[3+i]).(*array.Int64)
	}
	year := b.Field(0).(*array.Int32Builder)
	meeting := b.Field(1).(*array.Int32Builder)
	session := b.Field(2).(*array.Int32Builder)
	dnB := b.Field(3).(*array.Int32Builder)
	dateB := b.Field(4).(*array.TimestampBuilder)
	lapB := b.Field(5).(*array.Int32Builder)
	rejected := r.pass.rejected
	for i := range n {
		ord := r.base + int64(i)
		if r.next < len(rejected) && rejected[r.next] == ord {
			r.next++
			continue
		}
		dn := int32(dnA.Value(i))
		us := int64(dateA.Value(i))
		year.Append(int32(sb.year))
		meeting.Append(int32(meetingA.Value(i)))
		session.Append(int32(sb.sessionKey))
		dnB.Append(dn)
		dateB.Append(arrow.Timestamp(us))
		if lap, ok := r.laps.lapAt(dn, us); ok {
			lapB.Append(lap)
		} else {
			lapB.AppendNull()
		}
		for k, v := range vals {
			vb := b.Field(6 + k).(*array.Int32Builder)
			if v.IsValid(i) {
				vb.Append(int32(v.Value(i)))
			} else {
				vb.AppendNull()
			}
		}
		r.emitted++
	}
	r.base += int64(n)
	return b.NewRecordBatch()
}
