package silver

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// bronzeRows holds one bronze partition in memory (session-sized data:
// at most a few tens of thousands of rows) with typed accessors by column.
// Rows are addressed by their ordinal: the position in the partition's read
// order (manifest file order, then row order), which rejects record as
// bronze_row.
//
// A partition read without the run columns (see loadManifest) has
// loadFull set: the full partition is read the first time a reject needs
// a row's raw JSON, and an error doing so is kept in err for the build to
// return.
type bronzeRows struct {
	ep       openf1.Endpoint
	info     openf1.EndpointInfo
	schema   *arrow.Schema
	manifest *bronze.Manifest
	recs     []arrow.RecordBatch
	refs     []rowRef
	cols     map[string]int

	loadFull func() (*bronzeRows, error)
	full     *bronzeRows
	err      error
}

type rowRef struct{ b, r int32 }

// readRows reads a whole partition. The batches are retained; call release.
func readRows(rr array.RecordReader, ep openf1.Endpoint, m *bronze.Manifest) (*bronzeRows, error) {
	info, _ := openf1.LookupEndpoint(ep)
	t := &bronzeRows{ep: ep, info: info, schema: rr.Schema(), manifest: m, cols: map[string]int{}}
	for i, f := range t.schema.Fields() {
		t.cols[f.Name] = i
	}
	for rr.Next() {
		rec := rr.RecordBatch()
		if rec.NumRows() == 0 {
			continue
		}
		rec.Retain()
		b := int32(len(t.recs))
		t.recs = append(t.recs, rec)
		for i := range int32(rec.NumRows()) {
			t.refs = append(t.refs, rowRef{b, i})
		}
	}
	if err := rr.Err(); err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

func (t *bronzeRows) release() {
	if t == nil {
		return
	}
	for _, r := range t.recs {
		r.Release()
	}
	t.recs, t.refs = nil, nil
	t.full.release()
	t.full = nil
}

// fullRows returns the rows with every bronze column: t itself, or the
// full partition read once on first use (nil after an error, kept in
// t.err).
func (t *bronzeRows) fullRows() *bronzeRows {
	if t.loadFull == nil {
		return t
	}
	if t.full == nil && t.err == nil {
		full, err := t.loadFull()
		if err == nil && full.Len() != t.Len() {
			full.release()
			err = fmt.Errorf("silver: bronze partition %s changed while building (%d rows, then %d)", t.manifest.Key(), t.Len(), full.Len())
		}
		if err != nil {
			t.err = err
			return nil
		}
		t.full = full
	}
	return t.full
}

// Len is the number of rows.
func (t *bronzeRows) Len() int {
	if t == nil {
		return 0
	}
	return len(t.refs)
}

// col returns the index of a column, panicking on a programming error (an
// unknown name is a bug in silver, not bad input: bronze.Schema is fixed).
func (t *bronzeRows) col(name string) int {
	i, ok := t.cols[name]
	if !ok {
		panic(fmt.Sprintf("silver: bronze %s has no column %q", t.ep, name))
	}
	return i
}

// naturalKey renders the row's natural key (the registry's NaturalKey
// fields) as "field=value;...", null values as "null".
func (t *bronzeRows) naturalKey(ord int) string {
	var sb strings.Builder
	for i, name := range t.info.NaturalKey {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(name)
		sb.WriteByte('=')
		t.writeKeyValue(&sb, ord, t.col(name))
	}
	return sb.String()
}

func (t *bronzeRows) writeKeyValue(sb *strings.Builder, ord, c int) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		sb.WriteString("null")
		return
	}
	switch v := a.(type) {
	case *array.Int64:
		sb.WriteString(strconv.FormatInt(v.Value(r), 10))
	case *array.String:
		sb.WriteString(v.Value(r))
	case *array.Timestamp:
		sb.WriteString(formatMicros(int64(v.Value(r))))
	default:
		writeJSONValue(sb, a, r, false)
	}
}

func (t *bronzeRows) arr(ord, c int) (arrow.Array, int) {
	ref := t.refs[ord]
	return t.recs[ref.b].Column(c), int(ref.r)
}

func (t *bronzeRows) isNull(ord, c int) bool {
	a, r := t.arr(ord, c)
	return a.IsNull(r)
}

func (t *bronzeRows) int64At(ord, c int) (int64, bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return 0, false
	}
	return a.(*array.Int64).Value(r), true
}

func (t *bronzeRows) float64At(ord, c int) (float64, bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return 0, false
	}
	return a.(*array.Float64).Value(r), true
}

func (t *bronzeRows) stringAt(ord, c int) (string, bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return "", false
	}
	return a.(*array.String).Value(r), true
}

func (t *bronzeRows) boolAt(ord, c int) (bool, bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return false, false
	}
	return a.(*array.Boolean).Value(r), true
}

// timeAt returns a timestamp column as microseconds since the epoch.
func (t *bronzeRows) timeAt(ord, c int) (int64, bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return 0, false
	}
	return int64(a.(*array.Timestamp).Value(r)), true
}

// intListAt returns an int list column; valid elements have ok[i] true.
func (t *bronzeRows) intListAt(ord, c int) (vals []int32, ok []bool, present bool) {
	a, r := t.arr(ord, c)
	if a.IsNull(r) {
		return nil, nil, false
	}
	l := a.(*array.List)
	start, end := l.ValueOffsets(r)
	elems := l.ListValues().(*array.Int32)
	n := int(end - start)
	if n == 0 {
		return nil, nil, true
	}
	vals = make([]int32, n)
	ok = make([]bool, n)
	for i := range n {
		j := int(start) + i
		vals[i], ok[i] = elems.Value(j), elems.IsValid(j)
	}
	return vals, ok, true
}

// ingestedAt returns the row's _ingested_at (µs).
func (t *bronzeRows) ingestedAt(ord int) int64 {
	v, _ := t.timeAt(ord, t.col(bronze.ColumnIngestedAt))
	return v
}

// rawJSON renders a bronze row as a JSON object: the API fields in registry
// order with their bronze values (union fields as their raw JSON text),
// then _extra (as an object), _ingested_at, _run_id and _request.
func (t *bronzeRows) rawJSON(ord int) string {
	if f := t.fullRows(); f != t {
		if f == nil {
			return ""
		}
		return f.rawJSON(ord)
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for c, f := range t.schema.Fields() {
		if c > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Quote(f.Name))
		sb.WriteByte(':')
		a, r := t.arr(ord, c)
		if a.IsNull(r) {
			sb.WriteString("null")
			continue
		}
		writeJSONValue(&sb, a, r, f.Name == bronze.ColumnExtra || isUnion(f))
	}
	sb.WriteByte('}')
	return sb.String()
}

func isUnion(f arrow.Field) bool {
	k, ok := f.Metadata.GetValue(bronze.FieldKindKey)
	return ok && k == openf1.KindUnion.String()
}

// writeJSONValue writes one non-null Arrow value as JSON. rawText marks a
// string that already holds JSON (union fields, _extra).
func writeJSONValue(sb *strings.Builder, a arrow.Array, r int, rawText bool) {
	switch v := a.(type) {
	case *array.Int64:
		sb.WriteString(strconv.FormatInt(v.Value(r), 10))
	case *array.Int32:
		sb.WriteString(strconv.FormatInt(int64(v.Value(r)), 10))
	case *array.Float64:
		sb.WriteString(formatFloat(v.Value(r)))
	case *array.Boolean:
		sb.WriteString(strconv.FormatBool(v.Value(r)))
	case *array.String:
		s := v.Value(r)
		if rawText && json.Valid([]byte(s)) {
			sb.WriteString(s)
		} else {
			b, _ := json.Marshal(s)
			sb.Write(b)
		}
	case *array.Timestamp:
		sb.WriteString(strconv.Quote(formatMicros(int64(v.Value(r)))))
	case *array.List:
		start, end := v.ValueOffsets(r)
		vals := v.ListValues()
		sb.WriteByte('[')
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteByte(',')
			}
			if vals.IsNull(int(i)) {
				sb.WriteString("null")
			} else {
				writeJSONValue(sb, vals, int(i), false)
			}
		}
		sb.WriteByte(']')
	default:
		b, _ := json.Marshal(a.GetOneForMarshal(r))
		sb.Write(b)
	}
}

func formatFloat(f float64) string {
	b, err := json.Marshal(f)
	if err != nil { // NaN or Inf cannot come from JSON; keep them readable anyway
		return strconv.Quote(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return string(b)
}

// formatMicros renders µs since the epoch as RFC 3339 in UTC, the way the
// API writes datetimes (+00:00, microseconds when not zero).
func formatMicros(us int64) string {
	t := time.UnixMicro(us).UTC()
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02T15:04:05+00:00")
	}
	return t.Format("2006-01-02T15:04:05.000000+00:00")
}

// partitionSource opens bronze partitions. The store-backed one is used by
// the public API; tests substitute hand-made batches.
type partitionSource interface {
	// manifest returns the partition's manifest, or (nil, nil) when the
	// partition does not exist.
	manifest(ctx context.Context, key bronze.PartitionKey) (*bronze.Manifest, error)
	// open reads a partition whose manifest manifest returned.
	open(ctx context.Context, m *bronze.Manifest) (array.RecordReader, error)
	// calendars lists the manifests of a calendar endpoint (every year).
	calendars(ctx context.Context, ep openf1.Endpoint) ([]*bronze.Manifest, error)
	// find lists an endpoint's manifests for one session (any year), for
	// sessions the calendar does not know.
	find(ctx context.Context, ep openf1.Endpoint, sessionKey int) ([]*bronze.Manifest, error)
}

// columnSource is a partitionSource that can read some columns only
// (bronze.OpenPartitionWithOptions). Sources without it are read whole,
// which silver handles the same way: it finds columns by name.
type columnSource interface {
	// openColumns reads the named columns of a partition, in bronze
	// schema order.
	openColumns(ctx context.Context, m *bronze.Manifest, columns []string) (array.RecordReader, error)
}

// openColumns opens a partition projected to columns when src can
// project, else whole.
func openColumns(ctx context.Context, src partitionSource, m *bronze.Manifest, columns []string) (array.RecordReader, error) {
	if cs, ok := src.(columnSource); ok && len(columns) > 0 {
		return cs.openColumns(ctx, m, columns)
	}
	return src.open(ctx, m)
}

// runColumns are the bronze columns only a reject's raw JSON reads.
var runColumns = []string{bronze.ColumnExtra, bronze.ColumnRunID, bronze.ColumnRequest}

// withoutRunColumns lists an endpoint's bronze columns except runColumns.
func withoutRunColumns(ep openf1.Endpoint) []string {
	sc := bronze.Schema(ep)
	if sc == nil {
		return nil
	}
	out := make([]string, 0, sc.NumFields())
	for _, f := range sc.Fields() {
		if !slices.Contains(runColumns, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

type storeSource struct {
	store *bronze.Store
	opts  *BuildOptions
}

func (s storeSource) manifest(ctx context.Context, key bronze.PartitionKey) (*bronze.Manifest, error) {
	m, err := s.store.Manifest(ctx, key)
	if err != nil {
		if isNoManifest(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("silver: read bronze manifest %s: %w", key, err)
	}
	return m, nil
}

func (s storeSource) open(ctx context.Context, m *bronze.Manifest) (array.RecordReader, error) {
	rr, err := bronze.OpenPartition(ctx, s.store, m, s.opts.allocator())
	if err != nil {
		return nil, fmt.Errorf("silver: open bronze partition %s: %w", m.Key(), err)
	}
	return rr, nil
}

func (s storeSource) openColumns(ctx context.Context, m *bronze.Manifest, columns []string) (array.RecordReader, error) {
	rr, err := bronze.OpenPartitionWithOptions(ctx, s.store, m, s.opts.allocator(), bronze.ReadOptions{Columns: columns})
	if err != nil {
		return nil, fmt.Errorf("silver: open bronze partition %s: %w", m.Key(), err)
	}
	return rr, nil
}

func (s storeSource) calendars(ctx context.Context, ep openf1.Endpoint) ([]*bronze.Manifest, error) {
	ms, err := s.store.Manifests(ctx, ep, bronze.ManifestFilter{})
	if err != nil {
		return nil, fmt.Errorf("silver: list bronze %s partitions: %w", ep, err)
	}
	return ms, nil
}

func (s storeSource) find(ctx context.Context, ep openf1.Endpoint, sessionKey int) ([]*bronze.Manifest, error) {
	ms, err := s.store.Manifests(ctx, ep, bronze.ManifestFilter{SessionKeys: []int{sessionKey}})
	if err != nil {
		return nil, fmt.Errorf("silver: list bronze %s partitions: %w", ep, err)
	}
	return ms, nil
}

// load reads a partition into memory; (nil, nil) when it does not exist.
func load(ctx context.Context, src partitionSource, key bronze.PartitionKey) (*bronzeRows, error) {
	m, err := src.manifest(ctx, key)
	if err != nil || m == nil {
		return nil, err
	}
	return loadManifest(ctx, src, m)
}

// loadManifest reads a partition into memory. Where the source can
// project, the run columns (_extra, _run_id, _request), which only
// rejects' raw JSON needs, are left out and read on the first reject.
func loadManifest(ctx context.Context, src partitionSource, m *bronze.Manifest) (*bronzeRows, error) {
	if _, ok := src.(columnSource); !ok {
		return loadColumns(ctx, src, m, nil)
	}
	rows, err := loadColumns(ctx, src, m, withoutRunColumns(m.Endpoint))
	if err != nil {
		return nil, err
	}
	rows.loadFull = func() (*bronzeRows, error) { return loadColumns(ctx, src, m, nil) }
	return rows, nil
}

// loadColumns reads a partition (some columns, or all when columns is
// empty) into memory.
func loadColumns(ctx context.Context, src partitionSource, m *bronze.Manifest, columns []string) (*bronzeRows, error) {
	rr, err := openColumns(ctx, src, m, columns)
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	rows, err := readRows(rr, m.Endpoint, m)
	if err != nil {
		return nil, fmt.Errorf("silver: read bronze partition %s: %w", m.Key(), err)
	}
	return rows, nil
}
