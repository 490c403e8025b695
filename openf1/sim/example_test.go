package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// Generate a two-meeting season and read its first race.
func Example() {
	season, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: 2})
	if err != nil {
		log.Fatal(err)
	}
	race := season.RaceSessionKeys()[0]
	sess, _ := season.Session(race)
	winner := season.SessionResults(race)[0]
	fmt.Printf("%s %s: car %d wins in %v s over %d laps\n",
		sess.CircuitShortName, sess.SessionName, winner.DriverNumber,
		winner.Duration.Single(), winner.NumberOfLaps.V)
	fmt.Println("laps rows:", len(season.Laps(race)))
	// Output:
	// Sakhir Race: car 6 wins in 5582.366 s over 57 laps
	// laps rows: 1105
}

// Records serves the API's JSON, narrowed by session and driver.
func ExampleSeason_Records() {
	season, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: 1})
	if err != nil {
		log.Fatal(err)
	}
	q := openf1.Query{}.Eq("session_key", season.RaceSessionKeys()[0]).Eq("driver_number", 1)
	n := 0
	for rec, err := range season.Records(context.Background(), openf1.EndpointStints, q) {
		if err != nil {
			log.Fatal(err)
		}
		if n == 0 {
			fmt.Println(string(rec))
		}
		n++
	}
	fmt.Println(n, "stints")
	// Output:
	// {"meeting_key":1221,"session_key":9772,"stint_number":1,"driver_number":1,"lap_start":1,"lap_end":12,"compound":"SOFT","tyre_age_at_start":0}
	// 3 stints
}

// Truth exposes what the data was generated from.
func ExampleSeason_Truth() {
	season, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: 2})
	if err != nil {
		log.Fatal(err)
	}
	t := season.Truth()
	fmt.Printf("HARD degradation %.3f s/lap, fuel %.3f s/lap\n", t.Degradation["HARD"], t.FuelEffect)
	fmt.Printf("leader after %d meetings: car %d with %v points\n",
		len(season.Meetings()), t.DriverStandings[0].DriverNumber, t.DriverStandings[0].Points)
	for _, st := range t.Sessions {
		if len(st.SafetyCars) > 0 {
			fmt.Printf("%s %d: %+v\n", st.Name, st.SessionKey, st.SafetyCars)
		}
	}
	// Output:
	// HARD degradation 0.045 s/lap, fuel 0.060 s/lap
	// leader after 2 meetings: car 3 with 49 points
	// Race 9772: [{Kind:VSC StartLap:28 EndLap:30}]
	// Race 9780: [{Kind:VSC StartLap:15 EndLap:17}]
}

// Telemetry streams one driver of one session at a time.
func ExampleSeason_CarData() {
	season, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: 1, Telemetry: true})
	if err != nil {
		log.Fatal(err)
	}
	top := 0
	n := 0
	for s := range season.CarData(season.RaceSessionKeys()[0], 16) {
		top = max(top, s.Speed.V)
		n++
	}
	fmt.Printf("%d samples, top speed %d km/h\n", n, top)
	// Output:
	// 20985 samples, top speed 326 km/h
}
