package bronze

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// benchWrite decodes, hashes and writes bodies as one partition of a fresh
// key per iteration (so every iteration really writes), the way a run does:
// in memory for small endpoints, streamed per response for telemetry.
func benchWrite(b *testing.B, ep openf1.Endpoint, bodies [][]byte, stream bool) {
	ctx := context.Background()
	s := memStore(b)
	info, _ := openf1.LookupEndpoint(ep)
	var rows, size int
	for _, body := range bodies {
		rows += len(jsonRecords(b, body))
		size += len(body)
	}
	w := &writer{store: s, runID: "bench", client: "bench", now: time.Now}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := range b.N {
		key := PartitionKey{Endpoint: ep, Year: 2024, MeetingKey: 1, SessionKey: i + 1}
		dec := newDecoder(info, "bench")
		p, err := w.begin(ctx, key, nil, stream)
		if err != nil {
			b.Fatal(err)
		}
		for _, body := range bodies {
			resp := &response{request: "/v1/" + string(ep), body: body, fetchedAt: time.Now()}
			if err := dec.decode(body, resp.meta(), func(r *decodedRow) { p.add(r, resp) }); err != nil {
				b.Fatal(err)
			}
			if err := p.flush(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if res := w.commit(ctx, p); res.Outcome != OutcomeCreated || res.Rows != int64(rows) {
			b.Fatalf("%+v", res)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteLaps writes the real 2024 Australian GP laps response (998 rows).
func BenchmarkWriteLaps(b *testing.B) {
	benchWrite(b, openf1.EndpointLaps, [][]byte{readFixture(b, fxLaps9488)}, false)
}

// carDataBodies generates one hour of car_data at 3.7 Hz for 20 drivers
// (266,400 rows), one response per driver as a run fetches them.
func carDataBodies() [][]byte {
	start := time.Date(2024, 3, 2, 15, 0, 0, 0, time.UTC)
	var bodies [][]byte
	for d := 1; d <= 20; d++ {
		bodies = append(bodies, syntheticCarData(1229, 9472, []int{d}, start, start.Add(time.Hour), time.Second*10/37))
	}
	return bodies
}

// BenchmarkWriteCarData writes a synthetic 266,400-row car_data partition,
// streamed response by response into zstd Parquet.
func BenchmarkWriteCarData(b *testing.B) {
	benchWrite(b, openf1.EndpointCarData, carDataBodies(), true)
}

// BenchmarkReadCarData reads that partition back through OpenPartition.
func BenchmarkReadCarData(b *testing.B) { benchReadCarData(b, ReadOptions{}) }

// BenchmarkReadCarDataProjected reads the columns silver's telemetry build
// uses (no _request, _run_id, _extra) through OpenPartitionWithOptions.
func BenchmarkReadCarDataProjected(b *testing.B) {
	benchReadCarData(b, ReadOptions{Columns: []string{"meeting_key", "session_key", "driver_number", "date",
		"rpm", "speed", "n_gear", "throttle", "brake", "drs", ColumnIngestedAt}})
}

func benchReadCarData(b *testing.B, opts ReadOptions) {
	ctx := context.Background()
	s := memStore(b)
	key := PartitionKey{Endpoint: openf1.EndpointCarData, Year: 2024, MeetingKey: 1229, SessionKey: 9472}
	res := writeBodies(b, s, key, "bench", carDataBodies()...)
	m, err := s.Manifest(ctx, key)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, f := range m.Files {
		size += f.Bytes
	}
	b.ResetTimer()
	for range b.N {
		rr, err := OpenPartitionWithOptions(ctx, s, m, memory.DefaultAllocator, opts)
		if err != nil {
			b.Fatal(err)
		}
		var n int64
		for rr.Next() {
			n += rr.RecordBatch().NumRows()
		}
		if rr.Err() != nil || n != res.Rows {
			b.Fatal(rr.Err(), n)
		}
		rr.Release()
	}
	b.ReportMetric(float64(res.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(size)/float64(res.Rows), "file-bytes/row")
}
