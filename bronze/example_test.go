package bronze_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// bahrain2024 serves two sessions of the 2024 Bahrain GP and three laps of
// its race through the fake OpenF1 server, and returns a client for it.
func bahrain2024() (*openf1.Client, func()) {
	src := openf1test.NewMemorySource()
	src.Add(openf1.EndpointSessions,
		json.RawMessage(`{"meeting_key":1229,"session_key":9468,"location":"Sakhir","date_start":"2024-03-01T16:00:00+00:00","date_end":"2024-03-01T17:00:00+00:00","session_type":"Qualifying","session_name":"Qualifying","country_key":36,"country_code":"BRN","country_name":"Bahrain","circuit_key":63,"circuit_short_name":"Sakhir","gmt_offset":"03:00:00","year":2024}`),
		json.RawMessage(`{"meeting_key":1229,"session_key":9472,"location":"Sakhir","date_start":"2024-03-02T15:00:00+00:00","date_end":"2024-03-02T17:00:00+00:00","session_type":"Race","session_name":"Race","country_key":36,"country_code":"BRN","country_name":"Bahrain","circuit_key":63,"circuit_short_name":"Sakhir","gmt_offset":"03:00:00","year":2024}`))
	src.Add(openf1.EndpointLaps,
		json.RawMessage(`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":1,"date_start":"2024-03-02T15:03:42.341000+00:00","duration_sector_1":32.877,"duration_sector_2":41.266,"duration_sector_3":23.616,"i1_speed":234,"i2_speed":250,"is_pit_out_lap":false,"lap_duration":97.759,"segments_sector_1":[null,2048,2049],"segments_sector_2":[2051,2051],"segments_sector_3":[2051],"st_speed":251}`),
		json.RawMessage(`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":2,"date_start":"2024-03-02T15:05:20.099000+00:00","duration_sector_1":30.916,"duration_sector_2":41.661,"duration_sector_3":23.719,"i1_speed":232,"i2_speed":248,"is_pit_out_lap":false,"lap_duration":96.296,"segments_sector_1":[2049],"segments_sector_2":[2048],"segments_sector_3":[2048],"st_speed":287}`),
		json.RawMessage(`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":3,"date_start":"2024-03-02T15:06:56.378000+00:00","duration_sector_1":30.999,"duration_sector_2":41.966,"duration_sector_3":23.788,"i1_speed":231,"i2_speed":243,"is_pit_out_lap":false,"lap_duration":96.753,"segments_sector_1":null,"segments_sector_2":[],"segments_sector_3":[2048],"st_speed":290,"tyre_temp":[101,99]}`))
	srv := openf1test.NewServer(src)
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		log.Fatal(err)
	}
	return client, srv.Close
}

var now = time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)

// Extract one meeting into an in-memory lake, then read a partition back
// the way silver does.
func Example() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, err := bronze.OpenStore(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	x := bronze.NewExtractor(client, store)
	plan, err := x.Plan(ctx, bronze.PlanRequest{
		MeetingKeys: []int{1229},
		Endpoints:   []openf1.Endpoint{openf1.EndpointSessions, openf1.EndpointLaps},
		Now:         now,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range plan.Tasks {
		fmt.Println("task", t.ID, "→", t.Query)
	}
	res, err := x.Run(ctx, plan, bronze.RunOptions{RunID: "example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("run:", res.Summary())

	ms, err := store.Manifests(ctx, openf1.EndpointLaps, bronze.ManifestFilter{SessionKeys: []int{9472}})
	if err != nil {
		log.Fatal(err)
	}
	m := ms[0]
	fmt.Println(m.Files[0].Path, m.Rows, "rows, unknown fields:", m.UnknownFields)
	rr, err := bronze.OpenPartition(ctx, store, m, memory.DefaultAllocator)
	if err != nil {
		log.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.RecordBatch()
		laps := rec.Column(3).(*array.Int64)
		times := rec.Column(5).(*array.Float64)
		extra := rec.Column(rec.Schema().FieldIndices(bronze.ColumnExtra)[0])
		for i := 0; i < int(rec.NumRows()); i++ {
			fmt.Printf("lap %d %.3fs extra=%s\n", laps.Value(i), times.Value(i), extra.ValueStr(i))
		}
	}
	// Output:
	// task sessions/year=2024 → year=2024
	// task laps/meeting_key=1229 → meeting_key=1229
	// run: 3 created
	// bronze/laps/year=2024/meeting_key=1229/session_key=9472/part-00000.parquet 3 rows, unknown fields: [tyre_temp]
	// lap 1 97.759s extra=(null)
	// lap 2 96.296s extra=(null)
	// lap 3 96.753s extra={"tyre_temp":[101,99]}
}

// Running a plan again changes nothing when the API's content is the same.
func ExampleExtractor_Run() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	x := bronze.NewExtractor(client, store)
	plan, err := x.Plan(ctx, bronze.PlanRequest{SessionKeys: []int{9472}, Endpoints: []openf1.Endpoint{openf1.EndpointLaps}, Now: now})
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"monday", "tuesday"} {
		res, err := x.Run(ctx, plan, bronze.RunOptions{RunID: id, Progress: func(p bronze.Progress) {
			if p.Event == bronze.ProgressPartition {
				fmt.Printf("%s: %s %s (%d rows)\n", p.RunID, p.Partition, p.Outcome, p.Rows)
			}
		}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res.Requests, "request(s)")
	}
	// Output:
	// monday: laps/year=2024/meeting_key=1229/session_key=9472 created (3 rows)
	// 1 request(s)
	// tuesday: laps/year=2024/meeting_key=1229/session_key=9472 unchanged (3 rows)
	// 1 request(s)
}

// The incremental state lives in the manifests.
func ExampleStore_State() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	x := bronze.NewExtractor(client, store)
	plan, _ := x.Plan(ctx, bronze.PlanRequest{MeetingKeys: []int{1229}, Endpoints: []openf1.Endpoint{openf1.EndpointLaps}, Now: now})
	if _, err := x.Run(ctx, plan, bronze.RunOptions{}); err != nil {
		log.Fatal(err)
	}
	st, err := store.State(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("watermark:", st.Watermark)
	for _, k := range st.Keys(openf1.EndpointLaps) {
		p := st.Partitions[k]
		fmt.Println(k, "rows:", p.Rows, "empty:", p.Empty)
	}
	// Output:
	// watermark: 2024-03-02 17:00:00 +0000 UTC
	// laps/year=2024/meeting_key=1229/session_key=9468 rows: 0 empty: true
	// laps/year=2024/meeting_key=1229/session_key=9472 rows: 3 empty: false
}

// Split a plan over workers; every partition lands in exactly one part.
func ExamplePlan_Split() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	plan, err := bronze.NewExtractor(client, store).Plan(ctx, bronze.PlanRequest{
		SessionKeys: []int{9468, 9472}, SessionLevel: true,
		Endpoints: []openf1.Endpoint{openf1.EndpointLaps, openf1.EndpointStartingGrid, openf1.EndpointIntervals},
		Now:       now,
	})
	if err != nil {
		log.Fatal(err)
	}
	for i, part := range plan.Split(2) {
		for _, t := range part.Tasks {
			fmt.Println("worker", i, t.ID)
		}
	}
	// Output:
	// worker 0 laps/session_key=9468
	// worker 0 intervals/session_key=9472
	// worker 1 starting_grid/session_key=9468
	// worker 1 laps/session_key=9472
}

// The bronze Arrow schema of an endpoint: API columns in registry order,
// then the metadata columns.
func ExampleSchema() {
	for _, f := range bronze.Schema(openf1.EndpointPit).Fields() {
		fmt.Println(f.Name, f.Type, f.Nullable)
	}
	// Output:
	// meeting_key int64 true
	// session_key int64 true
	// driver_number int64 true
	// lap_number int64 true
	// date timestamp[us, tz=UTC] true
	// lane_duration float64 true
	// stop_duration float64 true
	// pit_duration float64 true
	// _extra utf8 true
	// _ingested_at timestamp[us, tz=UTC] false
	// _run_id utf8 false
	// _request utf8 false
}

// Plan a meeting and count its requests before running anything.
func ExampleExtractor_Plan() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	plan, err := bronze.NewExtractor(client, store).Plan(ctx, bronze.PlanRequest{
		MeetingKeys: []int{1229},
		Endpoints:   []openf1.Endpoint{openf1.EndpointLaps, openf1.EndpointDrivers, openf1.EndpointIntervals, openf1.EndpointStartingGrid},
		Now:         now,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(plan.Sessions), "sessions,", plan.Requests(), "requests,", len(plan.Partitions()), "partitions")
	for _, t := range plan.Tasks {
		fmt.Printf("%-28s %-9s %s\n", t.ID, t.Kind, t.Query)
	}
	// Output:
	// 2 sessions, 4 requests, 6 partitions
	// drivers/meeting_key=1229     meeting   meeting_key=1229
	// laps/meeting_key=1229        meeting   meeting_key=1229
	// starting_grid/session_key=9468 session   session_key=9468
	// intervals/session_key=9472   session   session_key=9472
}

// Read one partition as Arrow record batches, through its manifest.
func ExampleOpenPartition() {
	ctx := context.Background()
	client, stop := bahrain2024()
	defer stop()
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	x := bronze.NewExtractor(client, store)
	plan, _ := x.Plan(ctx, bronze.PlanRequest{SessionKeys: []int{9472}, Endpoints: []openf1.Endpoint{openf1.EndpointLaps}, Now: now})
	if _, err := x.Run(ctx, plan, bronze.RunOptions{}); err != nil {
		log.Fatal(err)
	}

	ms, err := store.Manifests(ctx, openf1.EndpointLaps, bronze.ManifestFilter{Years: []int{2024}})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ms {
		rr, err := bronze.OpenPartition(ctx, store, m, memory.DefaultAllocator)
		if err != nil {
			log.Fatal(err)
		}
		for rr.Next() {
			rec := rr.RecordBatch()
			col := func(name string) arrow.Array { return rec.Column(rec.Schema().FieldIndices(name)[0]) }
			start := col("date_start").(*array.Timestamp)
			segs := col("segments_sector_1").(*array.List)
			for i := 0; i < int(rec.NumRows()); i++ {
				fmt.Println(start.Value(i).ToTime(arrow.Microsecond).Format(time.RFC3339Nano), segs.ValueStr(i))
			}
		}
		if err := rr.Err(); err != nil {
			log.Fatal(err)
		}
		rr.Release()
	}
	// Output:
	// 2024-03-02T15:03:42.341Z [null,2048,2049]
	// 2024-03-02T15:05:20.099Z [2049]
	// 2024-03-02T15:06:56.378Z (null)
}

// A value whose type changed is quarantined with the raw response; the run
// reports it and nothing is coerced.
func ExampleStore_Quarantined() {
	ctx := context.Background()
	src := openf1test.NewMemorySource()
	src.Add(openf1.EndpointSessions, json.RawMessage(`{"meeting_key":1229,"session_key":9472,"date_start":"2024-03-02T15:00:00+00:00","date_end":"2024-03-02T17:00:00+00:00","session_type":"Race","session_name":"Race","year":2024}`))
	src.Add(openf1.EndpointPit, json.RawMessage(`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":"17","date":"2024-03-02T15:31:05.321000+00:00","pit_duration":23.3}`))
	srv := openf1test.NewServer(src)
	defer srv.Close()
	client, _ := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	store, _ := bronze.OpenStore(ctx, "mem://")
	defer store.Close()
	x := bronze.NewExtractor(client, store)
	plan, _ := x.Plan(ctx, bronze.PlanRequest{SessionKeys: []int{9472}, Endpoints: []openf1.Endpoint{openf1.EndpointPit}, Now: now})
	res, err := x.Run(ctx, plan, bronze.RunOptions{RunID: "r42"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("run:", res.Summary())
	recs, _ := store.Quarantined(ctx, openf1.EndpointPit)
	for _, q := range recs {
		fmt.Println(q.RawPath)
		fmt.Println(q.Field, "expected", q.Expected, "got", q.Value)
		body, _ := store.QuarantinedBody(ctx, q)
		fmt.Println(len(body) == q.RawBytes)
	}
	// Output:
	// run: 1 quarantined
	// bronze/_quarantine/pit/year=2024/meeting_key=1229/session_key=9472/r42.json
	// lap_number expected int got "17"
	// true
}
