package bronze

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/parquet-go/parquet-go"

	"github.com/pitwall-f1/pitwall/openf1"
)

// TestReaderFillsColumnsAnOlderFileLacks writes a laps file the way an older
// registry (without the speed-trap fields) would have, and reads it with
// today's schema: the missing columns come back as nulls, the rest intact.
func TestReaderFillsColumnsAnOlderFileLacks(t *testing.T) {
	ctx := context.Background()
	s := memStore(t)
	want := jsonRecords(t, readFixture(t, fxLaps9488))
	for _, rec := range want { // fields the API did not send yet
		delete(rec, "i1_speed")
		delete(rec, "i2_speed")
		delete(rec, "st_speed")
	}
	body, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := openf1.LookupEndpoint(openf1.EndpointLaps)
	old := info
	old.Fields = nil
	for _, f := range info.Fields {
		switch f.Name {
		case "i1_speed", "i2_speed", "st_speed":
		default:
			old.Fields = append(old.Fields, f)
		}
	}
	dec := newDecoder(old, "old")
	var rows []parquet.Row
	if err := dec.decode(body, responseMeta{request: "/v1/laps?session_key%3D9488"}, func(r *decodedRow) {
		if r.err != nil {
			t.Fatal(r.err)
		}
		rows = append(rows, r.row)
	}); err != nil {
		t.Fatal(err)
	}
	key := race9488.Partition(openf1.EndpointLaps)
	w := newPartWriter(s, key, parquetSchema(old), nil, "old", writerOptions{})
	if err := w.write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	files, err := w.finish()
	if err != nil {
		t.Fatal(err)
	}
	m := &Manifest{ManifestVersion: ManifestVersion, Endpoint: key.Endpoint, Year: key.Year, MeetingKey: key.MeetingKey,
		SessionKey: key.SessionKey, Files: files, Rows: int64(len(rows)), ExtractedAt: time.Now(), SchemaVersion: SchemaVersion}
	if err := s.writeManifest(ctx, m); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	recs := readPartition(t, s, m, mem)
	defer releaseAll(recs)
	assertRowsMatch(t, openf1.EndpointLaps, want, recs, "/v1/laps?session_key%3D9488")
	st := recs[0].Column(recs[0].Schema().FieldIndices("st_speed")[0]).(*array.Int64)
	if st.NullN() != st.Len() {
		t.Fatal("st_speed should be all null")
	}

	// a data file that does not match its manifest is reported, not read
	m.Files[0].Bytes++
	rr, err := OpenPartition(ctx, s, m, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if rr.Next() || !errors.Is(rr.Err(), ErrCorruptPartition) {
		t.Fatalf("err = %v", rr.Err())
	}
}
