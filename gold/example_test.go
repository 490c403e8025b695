package gold_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// Safety-car periods are read from race control by lap number, both ends
// inclusive; a period still open at the flag runs to the last lap.
func ExampleTrackPeriods() {
	rows := `[
	  {"year": 2024, "meeting_key": 1231, "session_key": 9488, "date": "2024-03-24T04:31:55Z", "category": "SafetyCar", "lap_number": 17, "message": "VIRTUAL SAFETY CAR DEPLOYED"},
	  {"year": 2024, "meeting_key": 1231, "session_key": 9488, "date": "2024-03-24T04:33:20Z", "category": "SafetyCar", "lap_number": 18, "message": "VIRTUAL SAFETY CAR ENDING"},
	  {"year": 2024, "meeting_key": 1231, "session_key": 9488, "date": "2024-03-24T05:49:01Z", "category": "SafetyCar", "lap_number": 58, "message": "VIRTUAL SAFETY CAR DEPLOYED"},
	  {"year": 2024, "meeting_key": 1231, "session_key": 9488, "date": "2024-03-24T05:50:31Z", "category": "Flag", "flag": "CHEQUERED", "lap_number": 58, "message": "CHEQUERED FLAG"}
	]`
	rc, _, err := array.RecordFromJSON(memory.DefaultAllocator, silver.Schema(silver.TableRaceControl), strings.NewReader(rows))
	if err != nil {
		log.Fatal(err)
	}
	defer rc.Release()
	for _, p := range gold.TrackPeriods(9488, []arrow.RecordBatch{rc}, nil) {
		fmt.Println(p, "laps:", p.Laps())
	}
	// Output:
	// VSC 17-18 laps: 2
	// VSC 58-58+ laps: 1
}

// simulatedLake runs a simulated two-weekend season through the fake OpenF1
// server, bronze and silver into a fresh lake in dir.
func simulatedLake(ctx context.Context, dir string) (*lakehouse.Lake, *sim.Season, error) {
	season, err := sim.New(sim.Config{Seed: 1, Year: 2024, Meetings: 2})
	if err != nil {
		return nil, nil, err
	}
	future := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := openf1test.NewServer(season, openf1test.WithNow(func() time.Time { return future }))
	defer srv.Close()
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		return nil, nil, err
	}
	store, err := bronze.OpenStore(ctx, "mem://")
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	x := bronze.NewExtractor(client, store)
	plan, err := x.Plan(ctx, bronze.PlanRequest{Years: []int{2024}, Now: future, Endpoints: []openf1.Endpoint{
		openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps,
		openf1.EndpointStints, openf1.EndpointPit, openf1.EndpointSessionResult, openf1.EndpointStartingGrid,
		openf1.EndpointRaceControl, openf1.EndpointWeather, openf1.EndpointChampionshipDrivers}})
	if err != nil {
		return nil, nil, err
	}
	if _, err := x.Run(ctx, plan, bronze.RunOptions{}); err != nil {
		return nil, nil, err
	}
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	cal, err := silver.BuildCalendar(ctx, store, 2024, silver.BuildOptions{})
	if err != nil {
		return nil, nil, err
	}
	builds := []*silver.Build{cal}
	for _, k := range season.SessionKeys() {
		b, err := silver.BuildSession(ctx, store, k, silver.BuildOptions{})
		if err != nil {
			return nil, nil, err
		}
		builds = append(builds, b)
	}
	_, err = silver.PublishAll(ctx, lake, builds, "example")
	for _, b := range builds {
		b.Release()
	}
	return lake, season, err
}

// Build the session-grain gold tables of a weekend from silver and publish
// them; the quality checks of the pipeline would run in between.
func ExampleBuildSessions() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "gold-example")
	defer os.RemoveAll(dir)
	lake, season, err := simulatedLake(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close()

	keys := season.SessionKeys()[:5] // the first weekend
	b, err := gold.BuildSessions(ctx, lake, keys, gold.BuildOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Release()
	results, err := gold.Publish(ctx, lake, b, "example-run")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Println(r.Table, r.Changed)
	}
	// Output:
	// gold.driver_session_summary true
	// gold.lap_analytics true
	// gold.stint_analysis true
	// gold.pit_stop_analysis true
	// gold.qualifying_analysis true
	// gold.session_summary true
}

// Compute the championships after every round and compare them with what
// OpenF1 published.
func ExampleBuildStandings() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "gold-example")
	defer os.RemoveAll(dir)
	lake, season, err := simulatedLake(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer lake.Close()

	b, err := gold.BuildStandings(ctx, lake, 2024, gold.BuildOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Release()
	fmt.Println("rounds:", b.Rounds, "cross-check failures:", len(b.Failures()))
	leader := season.Truth().DriverStandings[0]
	rec := b.Record(gold.TableChampionshipStandings)
	col := func(name string) arrow.Array { return rec.Column(rec.Schema().FieldIndices(name)[0]) }
	round, pos := col("round").(*array.Int32), col("position").(*array.Int32)
	drv, pts := col("driver_number").(*array.Int32), col("points").(*array.Float64)
	for i := range int(rec.NumRows()) {
		if int(round.Value(i)) == b.Rounds && pos.Value(i) == 1 {
			fmt.Println("leader matches the simulator:", int(drv.Value(i)) == leader.DriverNumber && pts.Value(i) == leader.Points)
		}
	}
	// Output:
	// rounds: 2 cross-check failures: 0
	// leader matches the simulator: true
}
