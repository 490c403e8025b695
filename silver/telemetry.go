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
	rr, err := openColumns(ctx, src, m, append([]string{"meeting_key", "driver_number", "date"}, values...))
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
	tmp := &scope{year: sb.year, opts: sb.opts, rejects: NewRejects(sb.opts.RunID, sb.opts.Now()), discard: true}
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
	tmp := &scope{year: sb.year, opts: sb.opts, rejects: NewRejects(sb.opts.RunID, sb.opts.Now()), discard: true}
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
//
// Both passes read only the columns they use (where the source can
// project). A reject's raw JSON needs every bronze column, so rejects
// are collected first and completed by one more, streamed, full read of
// the partition, only when there are any.
type telemetryPass struct {
	sb       *sessionBuild
	table    string
	values   []string
	rows     int64
	rejected []int64 // ordinals, ascending after check
	pending  []pendingReject
}

// pendingReject is a reject whose raw JSON (and, for duplicates, natural
// key) is filled in by completeRejects.
type pendingReject struct {
	ord          int64
	code, reason string
	key          string // natural key, "" when still to render
}

type telemetryKey struct {
	date, at int64
	dn       int32
	ord      int32
}

// checkColumns are the bronze columns the first pass reads.
func (p *telemetryPass) checkColumns(ep openf1.Endpoint) []string {
	cols := []string{"meeting_key", "session_key", "driver_number", "date"}
	cols = append(cols, p.values...)
	info, _ := openf1.LookupEndpoint(ep)
	for _, k := range info.NaturalKey {
		if !slices.Contains(cols, k) {
			cols = append(cols, k)
		}
	}
	return append(cols, bronze.ColumnIngestedAt)
}

// telemetryColumns holds the typed columns of one bronze batch.
type telemetryColumns struct {
	meeting, session, dn *array.Int64
	date, at             *array.Timestamp
	vals                 []*array.Int64
}

func (p *telemetryPass) columnsOf(rec arrow.RecordBatch) (telemetryColumns, error) {
	sc := rec.Schema()
	get := func(name string) (arrow.Array, error) {
		idx := sc.FieldIndices(name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("silver: bronze %s batch has no column %q", p.table, name)
		}
		return rec.Column(idx[0]), nil
	}
	var c telemetryColumns
	var err error
	ints := func(name string) *array.Int64 {
		a, e := get(name)
		if e != nil {
			err = e
			return nil
		}
		v, ok := a.(*array.Int64)
		if !ok && err == nil {
			err = fmt.Errorf("silver: bronze %s column %q is %s", p.table, name, a.DataType())
		}
		return v
	}
	times := func(name string) *array.Timestamp {
		a, e := get(name)
		if e != nil {
			err = e
			return nil
		}
		v, ok := a.(*array.Timestamp)
		if !ok && err == nil {
			err = fmt.Errorf("silver: bronze %s column %q is %s", p.table, name, a.DataType())
		}
		return v
	}
	c.meeting, c.session, c.dn = ints("meeting_key"), ints("session_key"), ints("driver_number")
	c.date, c.at = times("date"), times(bronze.ColumnIngestedAt)
	for _, v := range p.values {
		c.vals = append(c.vals, ints(v))
	}
	return c, err
}

func fitsInt32(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }

// clean reports whether row i passes every check without looking closer:
// keys present, in range and of this session, date present, values null
// or in range. Other rows go through rowReader for the exact reason.
func (c *telemetryColumns) clean(i int, sessionKey, meetingKey int64) bool {
	if c.dn.IsNull(i) || !fitsInt32(c.dn.Value(i)) || c.date.IsNull(i) ||
		c.meeting.IsNull(i) || c.meeting.Value(i) != meetingKey ||
		c.session.IsNull(i) || c.session.Value(i) != sessionKey || !fitsInt32(meetingKey) || !fitsInt32(sessionKey) {
		return false
	}
	for _, v := range c.vals {
		if v.IsValid(i) && !fitsInt32(v.Value(i)) {
			return false
		}
	}
	return true
}

func (p *telemetryPass) check(ctx context.Context, src partitionSource, m *bronze.Manifest) error {
	rr, err := openColumns(ctx, src, m, p.checkColumns(m.Endpoint))
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
	sessionKey, meetingKey := int64(p.sb.sessionKey), int64(p.sb.meetingKey)
	var (
		lastDriver        int32
		lastKnown, cached bool
	)
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rr.RecordBatch()
		n := int(rec.NumRows())
		c, err := p.columnsOf(rec)
		if err != nil {
			return err
		}
		// t addresses the batch's rows for rowReader and rejects; its
		// row refs are made on the first row that needs them
		t.recs = append(t.recs[:0], rec)
		t.refs = t.refs[:0]
		refs := func() {
			if len(t.refs) == 0 {
				for j := range int32(n) {
					t.refs = append(t.refs, rowRef{0, j})
				}
			}
		}
		for i := range n {
			ord := base + int64(i)
			if !c.clean(i, sessionKey, meetingKey) {
				// the slow path: rowReader finds the first problem, in
				// the order silver always checked them
				refs()
				r := t.row(i)
				r.reqI32("driver_number")
				r.reqTS("date")
				for _, v := range p.values {
					r.i32(v)
				}
				if !p.accept(t, i, ord, r) {
					continue
				}
			}
			dn := int32(c.dn.Value(i))
			if p.sb.drivers != nil {
				// samples come grouped by driver: look each run up once
				if !cached || dn != lastDriver {
					lastDriver, lastKnown, cached = dn, p.sb.drivers[dn], true
				}
				if !lastKnown {
					refs()
					p.rejectRow(t, i, ord, ReasonOrphanDriver, fmt.Sprintf("driver_number %d is not in the drivers of session %d", dn, p.sb.sessionKey))
					continue
				}
			}
			keys = append(keys, telemetryKey{date: int64(c.date.Value(i)), at: int64(c.at.Value(i)), dn: dn, ord: int32(ord)})
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
	var losers []pendingReject
	for i := 0; i+1 < len(keys); i++ {
		if keys[i].dn == keys[i+1].dn && keys[i].date == keys[i+1].date {
			j := i + 1
			for j+1 < len(keys) && keys[j+1].dn == keys[i].dn && keys[j+1].date == keys[i].date {
				j++
			}
			w := keys[j]
			for k := i; k < j; k++ {
				losers = append(losers, pendingReject{ord: int64(keys[k].ord), code: ReasonDuplicate,
					reason: fmt.Sprintf("superseded by bronze row %d with the same natural key (ingested_at %s)", w.ord, formatMicros(w.at))})
			}
			i = j
		}
	}
	keys = nil
	slices.SortFunc(losers, func(a, b pendingReject) int { return cmp.Compare(a.ord, b.ord) })
	for _, l := range losers {
		p.pending = append(p.pending, l)
		p.rejected = append(p.rejected, l.ord)
	}
	if len(p.pending) > 0 {
		if err := p.completeRejects(ctx, src, m); err != nil {
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

// rejectRow notes row i of the current batch (ordinal ord) as rejected;
// completeRejects records it.
func (p *telemetryPass) rejectRow(t *bronzeRows, i int, ord int64, code, reason string) {
	p.pending = append(p.pending, pendingReject{ord: ord, code: code, reason: reason, key: t.naturalKey(i)})
	p.rejected = append(p.rejected, ord)
}

// completeRejects reads the whole partition once more, streamed, to render
// the raw JSON of the pending rejects (and the natural keys of
// duplicates), then records them in the order they were found.
func (p *telemetryPass) completeRejects(ctx context.Context, src partitionSource, m *bronze.Manifest) error {
	want := make([]int64, len(p.pending))
	for i, x := range p.pending {
		want[i] = x.ord
	}
	slices.Sort(want)
	raw := make(map[int64][2]string, len(want)) // ord → natural key, raw JSON
	rr, err := src.open(ctx, m)
	if err != nil {
		return err
	}
	defer rr.Release()
	t := &bronzeRows{ep: m.Endpoint, schema: rr.Schema(), manifest: m, cols: map[string]int{}}
	t.info, _ = openf1.LookupEndpoint(m.Endpoint)
	for i, f := range t.schema.Fields() {
		t.cols[f.Name] = i
	}
	base, next := int64(0), 0
	for next < len(want) && rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rr.RecordBatch()
		n := rec.NumRows()
		t.recs = append(t.recs[:0], rec)
		t.refs = t.refs[:0]
		for next < len(want) && want[next] < base+n {
			if len(t.refs) == 0 {
				for j := range int32(n) {
					t.refs = append(t.refs, rowRef{0, j})
				}
			}
			i := int(want[next] - base)
			raw[want[next]] = [2]string{t.naturalKey(i), t.rawJSON(i)}
			next++
		}
		base += n
	}
	if err := rr.Err(); err != nil {
		return fmt.Errorf("silver: read bronze partition %s: %w", m.Key(), err)
	}
	if next < len(want) {
		return fmt.Errorf("silver: %s session %d: bronze changed while building (row %d is gone)", p.table, p.sb.sessionKey, want[next])
	}
	for _, x := range p.pending {
		r := raw[x.ord]
		if x.key == "" {
			x.key = r[0]
		}
		p.sb.rejects.Add(Reject{
			Year: p.sb.year, MeetingKey: p.sb.meetingKey, SessionKey: p.sb.sessionKey,
			Table: p.table, Endpoint: m.Endpoint, BronzeRow: x.ord, NaturalKey: x.key,
			Code: x.code, Reason: x.reason, Raw: r[1],
		})
	}
	p.pending = nil
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
	cols          []int // bronze column of meeting_key, driver_number, date, then each value
	cursor        lapCursor
	scratch       telemetryScratch
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
		r.cursor = lapCursor{x: r.laps}
	}
	sb := r.pass.sb
	n := int(rec.NumRows())
	meetingA := rec.Column(r.cols[0]).(*array.Int64)
	dnA := rec.Column(r.cols[1]).(*array.Int64)
	dateA := rec.Column(r.cols[2]).(*array.Timestamp)
	vals := make([]*array.Int64, len(r.pass.values))
	for i := range vals {
		vals[i] = rec.Column(r.cols[3+i]).(*array.Int64)
	}

	// The rows are converted into reused Go slices, then appended to the
	// builders a column at a time.
	c := &r.scratch
	c.reset(n, len(vals))
	dense := make([]bool, len(vals)) // a value column without nulls
	for k, v := range vals {
		dense[k] = v.NullN() == 0
	}
	rejected := r.pass.rejected
	for i := range n {
		ord := r.base + int64(i)
		if r.next < len(rejected) && rejected[r.next] == ord {
			r.next++
			continue
		}
		dn := int32(dnA.Value(i))
		us := int64(dateA.Value(i))
		c.meeting = append(c.meeting, int32(meetingA.Value(i)))
		c.dn = append(c.dn, dn)
		c.date = append(c.date, arrow.Timestamp(us))
		lap, ok := r.cursor.lapAt(dn, us)
		c.lap = append(c.lap, lap)
		c.lapOK = append(c.lapOK, ok)
		for k, v := range vals {
			c.vals[k] = append(c.vals[k], int32(v.Value(i)))
			if !dense[k] {
				c.valsOK[k] = append(c.valsOK[k], v.IsValid(i))
			}
		}
	}
	r.base += int64(n)
	m := len(c.dn)
	r.emitted += int64(m)

	b := array.NewRecordBuilder(sb.opts.Allocator, r.schema)
	defer b.Release()
	b.Reserve(m)
	c.keys = c.keys[:0]
	for range m {
		c.keys = append(c.keys, int32(sb.year))
	}
	b.Field(0).(*array.Int32Builder).AppendValues(c.keys, nil)
	b.Field(1).(*array.Int32Builder).AppendValues(c.meeting, nil)
	for i := range c.keys {
		c.keys[i] = int32(sb.sessionKey)
	}
	b.Field(2).(*array.Int32Builder).AppendValues(c.keys, nil)
	b.Field(3).(*array.Int32Builder).AppendValues(c.dn, nil)
	b.Field(4).(*array.TimestampBuilder).AppendValues(c.date, nil)
	b.Field(5).(*array.Int32Builder).AppendValues(c.lap, c.lapOK)
	for k := range vals {
		var valid []bool // nil: all valid
		if !dense[k] {
			valid = c.valsOK[k]
		}
		b.Field(6+k).(*array.Int32Builder).AppendValues(c.vals[k], valid)
	}
	return b.NewRecordBatch()
}

// telemetryScratch holds the columns of one converted batch; its slices
// are reused from batch to batch.
type telemetryScratch struct {
	keys, meeting, dn, lap []int32
	date                   []arrow.Timestamp
	lapOK                  []bool
	vals                   [][]int32
	valsOK                 [][]bool
}

func (c *telemetryScratch) reset(rows, values int) {
	if cap(c.dn) < rows {
		c.keys, c.meeting, c.dn, c.lap = make([]int32, 0, rows), make([]int32, 0, rows), make([]int32, 0, rows), make([]int32, 0, rows)
		c.date, c.lapOK = make([]arrow.Timestamp, 0, rows), make([]bool, 0, rows)
		c.vals, c.valsOK = nil, nil
	}
	c.meeting, c.dn, c.lap, c.date, c.lapOK = c.meeting[:0], c.dn[:0], c.lap[:0], c.date[:0], c.lapOK[:0]
	if len(c.vals) != values {
		c.vals, c.valsOK = make([][]int32, values), make([][]bool, values)
		for k := range c.vals {
			c.vals[k], c.valsOK[k] = make([]int32, 0, rows), make([]bool, 0, rows)
		}
	}
	for k := range c.vals {
		c.vals[k], c.valsOK[k] = c.vals[k][:0], c.valsOK[k][:0]
	}
}
