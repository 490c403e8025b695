package lineagetest_test

import (
	"context"
	"fmt"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

// ExampleRecorder keeps the events a client emits so a test can assert them.
func ExampleRecorder() {
	ctx := context.Background()
	rec := new(lineagetest.Recorder)
	client, err := lineage.NewClient(lineage.WithTransport(rec))
	if err != nil {
		panic(err)
	}
	run := lineage.NewRunID()
	for _, t := range []lineage.EventType{lineage.EventStart, lineage.EventComplete} {
		if err := client.Emit(ctx, lineage.NewRunEvent(t, run, "pitwall", "silver.laps")); err != nil {
			panic(err)
		}
	}
	events, err := rec.Events()
	if err != nil {
		panic(err)
	}
	for _, e := range events {
		re := e.(*lineage.RunEvent)
		fmt.Println(re.EventType, re.Job.Name)
	}
	// Output:
	// START silver.laps
	// COMPLETE silver.laps
}
