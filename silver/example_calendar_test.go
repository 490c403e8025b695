package silver_test

import (
	"context"
	"fmt"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// A run that builds many sessions reads the bronze sessions calendar once
// and shares it: each BuildSession then finds its session in memory.
func ExampleLoadCalendar() {
	ctx := context.Background()
	_, store, done := exampleBronze(ctx, sim.Config{Seed: 1, Year: 2024, Meetings: 2},
		[]openf1.Endpoint{openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps})
	defer done()

	opts := silver.BuildOptions{RunID: "example"}
	cal, err := silver.LoadCalendar(ctx, store, opts)
	if err != nil {
		panic(err)
	}
	opts.Calendar = cal
	fmt.Println(cal.Len(), "sessions in the calendar")

	for _, key := range []int{9771, 9772} {
		info, _ := cal.Session(key)
		b, err := silver.BuildSession(ctx, store, key, opts)
		if err != nil {
			panic(err)
		}
		st, _ := b.Stat(silver.TableLaps)
		fmt.Printf("%d %-10s grid from %d: %d laps\n", key, info.Name, info.GridSessionKey, st.Published)
		b.Release()
	}
	// Output:
	// 10 sessions in the calendar
	// 9771 Qualifying grid from 0: 276 laps
	// 9772 Race       grid from 9771: 1041 laps
}
