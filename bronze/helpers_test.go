package bronze

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/openf1"
)

// fixturesDir returns ../shared/fixtures/openf1, or skips the test.
func fixturesDir(t testing.TB) string { return sharedtest.FixturesDir(t) }

// readFixture reads a recording by its slash-separated path under
// ../shared/fixtures/openf1, or skips the test.
func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	return sharedtest.ReadFile(t, "fixtures", "openf1", filepath.FromSlash(rel))
}

// Frequently used recordings.
const (
	fxLaps9488    = "heibylau__F1-pit-strategy-search/data/raw/laps.json"
	fxPit9488     = "heibylau__F1-pit-strategy-search/data/raw/pit-stops.json"
	fxStints9488  = "heibylau__F1-pit-strategy-search/data/raw/stints.json"
	fxSessions    = "POSTED26__F1-Data/Data_Files/sessions.json"
	fxMeetings    = "POSTED26__F1-Data/Data_Files/meetings.json"
	fxDrivers     = "POSTED26__F1-Data/Data_Files/drivers.json"
	fxKL          = "vassilispapadop__openf1ow/f1-app/src/engine/__fixtures__/kuala-lumpur-2026-race/"
	fxBarcelonaQ  = "F1Lllewellyn__f1-data-publisher/latest/session_data_processor/2026_1287_spain_barcelona_catalunya/qualifying_11303/raw/"
	fxBarcelonaP3 = "F1Lllewellyn__f1-data-publisher/latest/session_data_processor/2026_1287_spain_barcelona_catalunya/practice_3_11302/raw/"
)

func memStore(t testing.TB) *Store {
	t.Helper()
	s, err := OpenStore(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// jsonRecords decodes a body with encoding/json (independently of the
// bronze scanner), keeping numbers as text.
func jsonRecords(t testing.TB, body []byte) []map[string]json.RawMessage {
	t.Helper()
	var recs []map[string]json.RawMessage
	if err := json.Unmarshal(body, &recs); err != nil {
		t.Fatal(err)
	}
	return recs
}

// readAll reads a partition back into row-major Go values per column name.
func readPartition(t testing.TB, s *Store, m *Manifest, mem memory.Allocator) []arrow.RecordBatch {
	t.Helper()
	rr, err := OpenPartition(context.Background(), s, m, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if !rr.Schema().Equal(Schema(m.Endpoint)) {
		t.Fatalf("reader schema %v differs from Schema(%s)", rr.Schema(), m.Endpoint)
	}
	var out []arrow.RecordBatch
	for rr.Next() {
		rec := rr.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// assertRowsMatch compares API records with bronze rows, field by field, by
// the registry kind: ints, floats, strings, bools, times (exact µs), int
// lists, union raw JSON and _extra. It also checks the run columns.
func assertRowsMatch(t testing.TB, ep openf1.Endpoint, recs []map[string]json.RawMessage, batches []arrow.RecordBatch, wantRequest string) {
	t.Helper()
	info, _ := openf1.LookupEndpoint(ep)
	total := 0
	for _, b := range batches {
		total += int(b.NumRows())
	}
	if total != len(recs) {
		t.Fatalf("%s: %d bronze rows, %d API records", ep, total, len(recs))
	}
	i := 0
	for _, b := range batches {
		for r := 0; r < int(b.NumRows()); r, i = r+1, i+1 {
			rec := recs[i]
			known := map[string]bool{}
			for c, f := range info.Fields {
				known[f.Name] = true
				raw, present := rec[f.Name]
				col := b.Column(c)
				if !present || string(raw) == "null" {
					if col.IsValid(r) {
						t.Fatalf("%s row %d %s: API null/absent, bronze %v", ep, i, f.Name, col.ValueStr(r))
					}
					continue
				}
				if col.IsNull(r) {
					t.Fatalf("%s row %d %s: API %s, bronze null", ep, i, f.Name, raw)
				}
				checkValue(t, ep, i, f, raw, col, r)
			}
			extra := b.Column(len(info.Fields)).(*array.String)
			want := map[string]any{}
			for k, v := range rec {
				if !known[k] {
					var x any
					dec := json.NewDecoder(bytes.NewReader(v))
					dec.UseNumber()
					if err := dec.Decode(&x); err != nil {
						t.Fatal(err)
					}
					want[k] = x
				}
			}
			if len(want) == 0 {
				if extra.IsValid(r) {
					t.Fatalf("%s row %d: _extra = %s, want null", ep, i, extra.Value(r))
				}
			} else {
				var got map[string]any
				dec := json.NewDecoder(bytes.NewReader([]byte(extra.Value(r))))
				dec.UseNumber()
				if err := dec.Decode(&got); err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s row %d: _extra = %s, want %v (%v)", ep, i, extra.Value(r), want, err)
				}
			}
			reqCol := b.Column(len(info.Fields) + 3).(*array.String)
			if wantRequest != "" && reqCol.Value(r) != wantRequest {
				t.Fatalf("%s row %d: _request = %q, want %q", ep, i, reqCol.Value(r), wantRequest)
			}
			if b.Column(len(info.Fields)+1).IsNull(r) || b.Column(len(info.Fields)+2).(*array.String).Value(r) == "" {
				t.Fatalf("%s row %d: run metadata missing", ep, i)
			}
		}
	}
}

func checkValue(t testing.TB, ep openf1.Endpoint, i int, f openf1.FieldInfo, raw json.RawMessage, col arrow.Array, r int) {
	t.Helper()
	bad := func(got any) {
		t.Helper()
		t.Fatalf("%s row %d %s (%s): API %s, bronze %v", ep, i, f.Name, f.Kind, raw, got)
	}
	switch f.Kind {
	case openf1.KindInt:
		want, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			fl, ferr := strconv.ParseFloat(string(raw), 64)
			if ferr != nil {
				t.Fatal(err)
			}
			want = int64(fl)
		}
		if got := col.(*array.Int64).Value(r); got != want {
			bad(got)
		}
	case openf1.KindFloat:
		want, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := col.(*array.Float64).Value(r); got != want {
			bad(got)
		}
	case openf1.KindString:
		var want string
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if got := col.(*array.String).Value(r); got != want {
			bad(got)
		}
	case openf1.KindBool:
		var want bool
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if got := col.(*array.Boolean).Value(r); got != want {
			bad(got)
		}
	case openf1.KindTime:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		// independent parse: RFC 3339 with 'T' or ' ' and optional offset
		if len(s) > 10 && s[10] == ' ' {
			s = s[:10] + "T" + s[11:]
		}
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			want, err = time.Parse("2006-01-02T15:04:05.999999999", s)
			if err != nil {
				t.Fatal(err)
			}
		}
		got := col.(*array.Timestamp).Value(r)
		if int64(got) != want.UnixMicro() || col.DataType().(*arrow.TimestampType).TimeZone != "UTC" {
			bad(got)
		}
	case openf1.KindIntList:
		var want []*int64
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		l := col.(*array.List)
		start, end := l.ValueOffsets(r)
		vals := l.ListValues().(*array.Int32)
		if int(end-start) != len(want) {
			bad(l.ValueStr(r))
		}
		for k := range want {
			j := int(start) + k
			switch {
			case want[k] == nil && vals.IsValid(j):
				bad(l.ValueStr(r))
			case want[k] != nil && (vals.IsNull(j) || int64(vals.Value(j)) != *want[k]):
				bad(l.ValueStr(r))
			}
		}
	case openf1.KindUnion:
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		if got := col.(*array.String).Value(r); got != b.String() {
			bad(got)
		}
	}
}
