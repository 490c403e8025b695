package silver_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// exampleBronze extracts a simulated race weekend (the 2024 Bahrain GP of
// the simulator, with the real API's data quirks) into an in-memory bronze
// store, through a fake OpenF1 server.
func exampleBronze(ctx context.Context, cfg sim.Config, eps []openf1.Endpoint) (*sim.Season, *bronze.Store, func()) {
	season, err := sim.New(cfg)
	if err != nil {
		panic(err)
	}
	srv := openf1test.NewServer(season)
	api, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		panic(err)
	}
	store, err := bronze.OpenStore(ctx, "mem://")
	if err != nil {
		panic(err)
	}
	x := bronze.NewExtractor(api, store)
	plan, err := x.Plan(ctx, bronze.PlanRequest{Years: []int{2024}, Endpoints: eps,
		Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	if _, err := x.Run(ctx, plan, bronze.RunOptions{}); err != nil {
		panic(err)
	}
	return season, store, func() { store.Close(); srv.Close() }
}

func ExampleBuildSession() {
	ctx := context.Background()
	var eps []openf1.Endpoint
	for _, e := range openf1.Endpoints() {
		if !e.Telemetry {
			eps = append(eps, e.Name)
		}
	}
	season, store, done := exampleBronze(ctx, sim.Config{Seed: 1, Year: 2024, Meetings: 1, Quirks: sim.AllQuirks()}, eps)
	defer done()
	race := season.RaceSessionKeys()[0]

	b, err := silver.BuildSession(ctx, store, race, silver.BuildOptions{RunID: "example"})
	if err != nil {
		panic(err)
	}
	defer b.Release()
	fmt.Println(b.Session.Name, b.Session.Type, "grid from session", b.Session.GridSessionKey)
	for _, table := range []string{silver.TableDrivers, silver.TableStints, silver.TableLaps, silver.TableResults} {
		st, _ := b.Stat(table)
		fmt.Printf("%-8s bronze %4d = published %4d + rejected %d (repaired %d)\n",
			table, st.BronzeRows, st.Published, st.Rejected, st.Repaired)
	}
	for _, r := range b.Rejects.All() {
		fmt.Println("reject:", r.Table, r.Code, r.NaturalKey)
	}

	dir, _ := os.MkdirTemp("", "silver-example")
	defer os.RemoveAll(dir)
	lake, err := lakehouse.OpenLocal(ctx, dir)
	if err != nil {
		panic(err)
	}
	defer lake.Close()
	for range 2 {
		results, err := silver.Publish(ctx, lake, b, "example")
		if err != nil {
			panic(err)
		}
		changed := 0
		for _, r := range results {
			if r.Changed {
				changed++
			}
		}
		fmt.Printf("published %d tables, %d changed\n", len(results), changed)
	}
	// Output:
	// Race Race grid from session 9771
	// drivers  bronze   20 = published   20 + rejected 0 (repaired 0)
	// stints   bronze   58 = published   58 + rejected 0 (repaired 38)
	// laps     bronze 1041 = published 1041 + rejected 0 (repaired 0)
	// results  bronze   20 = published   20 + rejected 0 (repaired 0)
	// published 14 tables, 13 changed
	// published 14 tables, 0 changed
}

func ExampleTables() {
	for _, def := range silver.Tables() {
		var part []string
		for _, p := range def.PartitionBy {
			part = append(part, p.Column)
		}
		fmt.Printf("%s.%s by (%s): one row per %s\n", def.Namespace, def.Name, strings.Join(part, ", "), def.Properties["pitwall.grain"])
	}
	// Output:
	// silver.meetings by (year): one row per meeting_key
	// silver.sessions by (year): one row per session_key
	// silver.drivers by (year, session_key): one row per session_key,driver_number
	// silver.laps by (year, session_key): one row per session_key,driver_number,lap_number
	// silver.stints by (year, session_key): one row per session_key,driver_number,stint_number
	// silver.pit_stops by (year, session_key): one row per session_key,driver_number,lap_number
	// silver.results by (year, session_key): one row per session_key,driver_number
	// silver.starting_grid by (year, session_key): one row per session_key,driver_number
	// silver.positions by (year, session_key): one row per session_key,driver_number,date
	// silver.intervals by (year, session_key): one row per session_key,driver_number,date
	// silver.race_control by (year, session_key): one row per session_key,date,driver_number,lap_number,category,flag,scope,sector
	// silver.weather by (year, session_key): one row per session_key,date
	// silver.overtakes by (year, session_key): one row per session_key,date,overtaking_driver_number,overtaken_driver_number
	// silver.team_radio by (year, session_key): one row per session_key,driver_number,date
	// silver.championship_drivers by (year, session_key): one row per session_key,driver_number
	// silver.championship_teams by (year, session_key): one row per session_key,team_name
	// silver.car_data by (year, session_key): one row per session_key,driver_number,date
	// silver.location by (year, session_key): one row per session_key,driver_number,date
	// silver.rejects by (year, session_key, table_name): one row per run_id,session_key,table_name,bronze_row
}

func ExampleBuildTelemetry() {
	ctx := context.Background()
	season, store, done := exampleBronze(ctx, sim.Config{Seed: 1, Year: 2024, Meetings: 1, Telemetry: true, TelemetryHz: 0.2},
		[]openf1.Endpoint{openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps, openf1.EndpointCarData})
	defer done()
	race := season.RaceSessionKeys()[0]

	// laps assign lap_number; nil builds them from the session's bronze laps
	tb, err := silver.BuildTelemetry(ctx, store, race, openf1.EndpointCarData, nil, silver.BuildOptions{})
	if err != nil {
		panic(err)
	}
	defer tb.Release()
	fmt.Printf("%s: %d bronze rows, %d to publish, %d rejected\n", tb.Table, tb.Stats.BronzeRows, tb.Stats.Published, tb.Stats.Rejected)
	rdr := tb.Reader()
	var rows, batches, onLap int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		batches++
		rows += rec.NumRows()
		lap := rec.Column(rec.Schema().FieldIndices("lap_number")[0])
		onLap += int64(lap.Len() - lap.NullN())
	}
	if err := rdr.Err(); err != nil {
		panic(err)
	}
	fmt.Printf("streamed %d rows in %d batches, %d on a lap\n", rows, batches, onLap)
	// Output:
	// car_data: 20343 bronze rows, 20343 to publish, 0 rejected
	// streamed 20343 rows in 1 batches, 20343 on a lap
}
