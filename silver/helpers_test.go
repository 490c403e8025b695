package silver

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// raw marks a union field value given as its raw JSON text.
type raw string

// row is one hand-made bronze row: API field names (and optionally
// _ingested_at as a time.Time) to values. Missing fields are null.
type row map[string]any

var ingested = time.Date(2024, 3, 25, 6, 0, 0, 0, time.UTC)

// bronzeBatch builds a batch with bronze.Schema(ep) from hand-made rows.
func bronzeBatch(t testing.TB, mem memory.Allocator, ep openf1.Endpoint, rows ...row) arrow.RecordBatch {
	t.Helper()
	schema := bronze.Schema(ep)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for _, r := range rows {
		for i, f := range schema.Fields() {
			v, ok := r[f.Name]
			fb := b.Field(i)
			if f.Name == bronze.ColumnIngestedAt && !ok {
				v, ok = ingested, true
			}
			if f.Name == bronze.ColumnRunID && !ok {
				v, ok = "bronze-test", true
			}
			if f.Name == bronze.ColumnRequest && !ok {
				v, ok = "/v1/"+string(ep), true
			}
			if !ok || v == nil {
				fb.AppendNull()
				continue
			}
			appendValue(t, fb, f.Name, v)
		}
	}
	return b.NewRecordBatch()
}

func appendValue(t testing.TB, fb array.Builder, name string, v any) {
	t.Helper()
	switch b := fb.(type) {
	case *array.Int64Builder:
		b.Append(int64(v.(int)))
	case *array.Float64Builder:
		switch x := v.(type) {
		case float64:
			b.Append(x)
		case int:
			b.Append(float64(x))
		}
	case *array.StringBuilder:
		switch x := v.(type) {
		case string:
			b.Append(x)
		case raw:
			b.Append(string(x))
		}
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.TimestampBuilder:
		switch x := v.(type) {
		case time.Time:
			b.Append(arrow.Timestamp(x.UnixMicro()))
		case string:
			tm, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			b.Append(arrow.Timestamp(tm.UnixMicro()))
		}
	case *array.ListBuilder:
		b.Append(true)
		vb := b.ValueBuilder().(*array.Int32Builder)
		for _, e := range v.([]any) {
			if e == nil {
				vb.AppendNull()
			} else {
				vb.Append(int32(e.(int)))
			}
		}
	default:
		t.Fatalf("%s: unsupported builder %T", name, fb)
	}
}

// memSource is a partitionSource over hand-made batches.
type memSource struct {
	mem   memory.Allocator
	parts map[bronze.PartitionKey]*memPartition
}

type memPartition struct {
	m    *bronze.Manifest
	recs []arrow.RecordBatch
}

func newMemSource(t testing.TB, mem memory.Allocator) *memSource {
	s := &memSource{mem: mem, parts: map[bronze.PartitionKey]*memPartition{}}
	t.Cleanup(func() {
		for _, p := range s.parts {
			for _, r := range p.recs {
				r.Release()
			}
		}
	})
	return s
}

// put stores a partition (replacing any previous one) from batches it
// takes ownership of.
func (s *memSource) put(key bronze.PartitionKey, recs ...arrow.RecordBatch) {
	if old, ok := s.parts[key]; ok {
		for _, r := range old.recs {
			r.Release()
		}
	}
	var n int64
	for _, r := range recs {
		n += r.NumRows()
	}
	m := &bronze.Manifest{Endpoint: key.Endpoint, Year: key.Year, MeetingKey: key.MeetingKey, SessionKey: key.SessionKey,
		Rows: n, Empty: n == 0}
	s.parts[key] = &memPartition{m: m, recs: recs}
}

// rows stores a partition of hand-made rows.
func (s *memSource) rows(t testing.TB, key bronze.PartitionKey, rows ...row) {
	t.Helper()
	s.put(key, bronzeBatch(t, s.mem, key.Endpoint, rows...))
}

func (s *memSource) manifest(_ context.Context, key bronze.PartitionKey) (*bronze.Manifest, error) {
	if p, ok := s.parts[key]; ok {
		return p.m, nil
	}
	return nil, nil
}

func (s *memSource) open(_ context.Context, m *bronze.Manifest) (array.RecordReader, error) {
	p, ok := s.parts[m.Key()]
	if !ok {
		return nil, fmt.Errorf("no partition %s", m.Key())
	}
	return array.NewRecordReader(bronze.Schema(m.Endpoint), p.recs)
}

func (s *memSource) calendars(_ context.Context, ep openf1.Endpoint) ([]*bronze.Manifest, error) {
	var out []*bronze.Manifest
	for k, p := range s.parts {
		if k.Endpoint == ep {
			out = append(out, p.m)
		}
	}
	slices.SortFunc(out, func(a, b *bronze.Manifest) int { return a.Year - b.Year })
	return out, nil
}

func (s *memSource) find(_ context.Context, ep openf1.Endpoint, sessionKey int) ([]*bronze.Manifest, error) {
	var out []*bronze.Manifest
	for k, p := range s.parts {
		if k.Endpoint == ep && k.SessionKey == sessionKey {
			out = append(out, p.m)
		}
	}
	return out, nil
}

// A hand-made weekend: meeting 900 of 2024 with a qualifying (8999) and a
// race (9000); drivers 1, 11 and 16 in both.
const (
	tYear    = 2024
	tMeeting = 900
	tQuali   = 8999
	tRace    = 9000
)

func key(ep openf1.Endpoint, session int) bronze.PartitionKey {
	return bronze.PartitionKey{Endpoint: ep, Year: tYear, MeetingKey: tMeeting, SessionKey: session}
}

func sessionRow(session int, name, typ, start string) row {
	st, _ := time.Parse(time.RFC3339, start)
	return row{"meeting_key": tMeeting, "session_key": session, "session_name": name, "session_type": typ,
		"date_start": st, "date_end": st.Add(2 * time.Hour), "year": tYear, "gmt_offset": "11:00:00",
		"location": "Melbourne", "country_key": 5, "country_name": "Australia", "circuit_key": 10,
		"circuit_short_name": "Melbourne"}
}

// weekend returns a source holding the calendar and drivers of the
// hand-made weekend.
func weekend(t testing.TB, mem memory.Allocator) *memSource {
	src := newMemSource(t, mem)
	src.rows(t, bronze.PartitionKey{Endpoint: openf1.EndpointSessions, Year: tYear},
		sessionRow(tQuali, "Qualifying", "Qualifying", "2024-03-23T05:00:00Z"),
		sessionRow(tRace, "Race", "Race", "2024-03-24T04:00:00Z"))
	for _, s := range []int{tQuali, tRace} {
		src.rows(t, key(openf1.EndpointDrivers, s),
			row{"meeting_key": tMeeting, "session_key": s, "driver_number": 1, "full_name": "Max VERSTAPPEN", "team_name": "Red Bull Racing", "team_colour": "3671c6"},
			row{"meeting_key": tMeeting, "session_key": s, "driver_number": 11, "full_name": "Sergio PEREZ", "team_name": "Red Bull Racing", "team_colour": "3671C6"},
			row{"meeting_key": tMeeting, "session_key": s, "driver_number": 16, "full_name": "Charles LECLERC", "team_name": "Ferrari", "team_colour": "#e8002d"})
	}
	return src
}

// build runs a session build over src with a checked allocator and a
// fixed clock.
func build(t testing.TB, src partitionSource, mem memory.Allocator, session int) *Build {
	t.Helper()
	opts := BuildOptions{Allocator: mem, RunID: "silver-test", Now: func() time.Time { return ingested }}.withDefaults()
	b, err := buildSession(context.Background(), src, session, opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkedAllocator(t *testing.T) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

// column reads a column of a batch as Go values (nil for null).
func column(t testing.TB, rec arrow.RecordBatch, name string) []any {
	t.Helper()
	idx := rec.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("no column %q in %v", name, rec.Schema())
	}
	a := rec.Column(idx[0])
	out := make([]any, a.Len())
	for i := range out {
		if a.IsNull(i) {
			continue
		}
		switch v := a.(type) {
		case *array.Int32:
			out[i] = int(v.Value(i))
		case *array.Int64:
			out[i] = v.Value(i)
		case *array.Float64:
			out[i] = v.Value(i)
		case *array.String:
			out[i] = v.Value(i)
		case *array.Boolean:
			out[i] = v.Value(i)
		case *array.Timestamp:
			out[i] = time.UnixMicro(int64(v.Value(i))).UTC()
		default:
			b, _ := json.Marshal(a.GetOneForMarshal(i))
			out[i] = string(b)
		}
	}
	return out
}

// rejectsOf returns a build's rejects for a table.
func rejectsOf(b *Build, table string) []Reject {
	var out []Reject
	for _, r := range b.Rejects.All() {
		if r.Table == table {
			out = append(out, r)
		}
	}
	return out
}

// assertAccounted checks BronzeRows == Published + Rejected for every table
// and that the counts match the batches and the rejects.
func assertAccounted(t testing.TB, b *Build) {
	t.Helper()
	for _, st := range b.Stats {
		rec := b.Record(st.Table)
		if rec == nil {
			t.Fatalf("%s: in stats but not built", st.Table)
		}
		rej := int64(len(rejectsOf(b, st.Table)))
		if st.Published != rec.NumRows() || st.Rejected != rej || st.BronzeRows != st.Published+st.Rejected {
			t.Fatalf("%s: stats %+v, batch %d rows, %d rejects", st.Table, st, rec.NumRows(), rej)
		}
	}
}
