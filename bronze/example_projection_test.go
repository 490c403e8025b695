package bronze_test

import (
	"context"
	"fmt"
	"log"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// Read only the columns you use: the others are never decompressed or
// decoded (the run columns _request, _run_id and _extra are the costly
// strings of a telemetry partition).
func ExampleOpenPartitionWithOptions() {
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
	m, err := store.Manifest(ctx, bronze.PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1229, SessionKey: 9472})
	if err != nil {
		log.Fatal(err)
	}

	rr, err := bronze.OpenPartitionWithOptions(ctx, store, m, memory.DefaultAllocator,
		bronze.ReadOptions{Columns: []string{"lap_duration", "lap_number", "driver_number"}})
	if err != nil {
		log.Fatal(err)
	}
	defer rr.Release()
	fmt.Println(rr.Schema().Field(0).Name, rr.Schema().Field(1).Name, rr.Schema().Field(2).Name)
	for rr.Next() {
		rec := rr.RecordBatch()
		dn, lap, dur := rec.Column(0).(*array.Int64), rec.Column(1).(*array.Int64), rec.Column(2).(*array.Float64)
		for i := range int(rec.NumRows()) {
			fmt.Println(dn.Value(i), lap.Value(i), dur.ValueStr(i))
		}
	}
	if err := rr.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// driver_number lap_number lap_duration
	// 1 1 97.759
	// 1 2 96.296
	// 1 3 96.753
}
