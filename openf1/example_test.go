package openf1_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// exampleServer starts a fake OpenF1 API holding three laps of the 2024
// Bahrain Grand Prix, so the examples run without a network.
func exampleServer() *openf1test.Server {
	src := openf1test.NewMemorySource()
	for _, l := range []string{
		`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":2,"date_start":"2024-03-02T15:05:02.121000+00:00","duration_sector_1":31.5,"duration_sector_2":39.0,"duration_sector_3":26.2,"i1_speed":230,"i2_speed":255,"is_pit_out_lap":false,"lap_duration":96.7,"segments_sector_1":[2049],"segments_sector_2":[2051],"segments_sector_3":[2049],"st_speed":290}`,
		`{"meeting_key":1229,"session_key":9472,"driver_number":16,"lap_number":2,"date_start":"2024-03-02T15:05:04.480000+00:00","duration_sector_1":31.9,"duration_sector_2":39.4,"duration_sector_3":26.4,"i1_speed":228,"i2_speed":251,"is_pit_out_lap":false,"lap_duration":97.7,"segments_sector_1":[2049],"segments_sector_2":[2049],"segments_sector_3":[2049],"st_speed":288}`,
		`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":3,"date_start":"2024-03-02T15:06:38.821000+00:00","duration_sector_1":31.1,"duration_sector_2":38.8,"duration_sector_3":26.0,"i1_speed":231,"i2_speed":256,"is_pit_out_lap":false,"lap_duration":95.9,"segments_sector_1":[2051],"segments_sector_2":[2049],"segments_sector_3":[2049],"st_speed":291}`,
	} {
		src.Add(openf1.EndpointLaps, json.RawMessage(l))
	}
	return openf1test.NewServer(src)
}

func ExampleNewClient() {
	// Anonymous, free-tier rate (3 req/s and 30 req/min), default retries.
	c, err := openf1.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL())

	// Paid tier with credentials from OPENF1_USERNAME/OPENF1_PASSWORD (or
	// OPENF1_TOKEN) and a tighter retry policy.
	policy := openf1.DefaultRetryPolicy()
	policy.MaxRetries = 2
	_, err = openf1.NewClient(
		openf1.WithEnvCredentials(),
		openf1.WithRateLimit(openf1.PaidTier),
		openf1.WithRetryPolicy(policy),
		openf1.WithTimeout(30*time.Second),
	)
	fmt.Println(err == nil)

	_, err = openf1.NewClient(openf1.WithBaseURL("api.openf1.org"))
	fmt.Println(err)
	// Output:
	// https://api.openf1.org
	// true
	// openf1: base URL "api.openf1.org": scheme must be http or https
}

func ExampleClient_Laps() {
	srv := exampleServer()
	defer srv.Close()
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		log.Fatal(err)
	}
	laps, err := c.Laps(context.Background(), openf1.LapsFilter{
		SessionKey:   openf1.Key(9472),
		DriverNumber: openf1.Eq(1),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range laps {
		fmt.Printf("car %d lap %d: %.3f s (sectors %.1f / %.1f / %.1f)\n", l.DriverNumber, l.LapNumber,
			l.LapDuration.Or(0), l.DurationSector1.Or(0), l.DurationSector2.Or(0), l.DurationSector3.Or(0))
	}
	// Output:
	// car 1 lap 2: 96.700 s (sectors 31.5 / 39.0 / 26.2)
	// car 1 lap 3: 95.900 s (sectors 31.1 / 38.8 / 26.0)
}

func ExampleClient_LapsSeq() {
	srv := exampleServer()
	defer srv.Close()
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		log.Fatal(err)
	}
	// Rows are decoded as the body arrives: nothing holds the whole response.
	var fastest openf1.Lap
	for lap, err := range c.LapsSeq(context.Background(), openf1.LapsFilter{SessionKey: openf1.Key(9472)}) {
		if err != nil {
			log.Fatal(err)
		}
		if d, ok := lap.LapDuration.Get(); ok && (!fastest.LapDuration.Valid || d < fastest.LapDuration.V) {
			fastest = lap
		}
	}
	fmt.Printf("fastest: car %d, lap %d, %.3f s\n", fastest.DriverNumber, fastest.LapNumber, fastest.LapDuration.V)
	// Output:
	// fastest: car 1, lap 3, 95.900 s
}

func ExampleClient_Raw() {
	srv := exampleServer()
	defer srv.Close()
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	q, err := openf1.LapsFilter{SessionKey: openf1.Key(9472), LapNumber: openf1.Ge(3)}.Query()
	if err != nil {
		log.Fatal(err)
	}
	raw, err := c.Raw(ctx, openf1.EndpointLaps, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(raw.Request, raw.Status, raw.NoResults, len(raw.Body))

	// An empty result is not an error: the API's 404 body is kept as it came.
	raw, err = c.Raw(ctx, openf1.EndpointStartingGrid, openf1.Query{}.Eq("session_key", 9472))
	fmt.Println(raw.Status, raw.NoResults, string(raw.Body), err)

	// Other failures are typed errors.
	srv.FailNext(1, openf1test.StatusFault(422))
	_, err = c.Raw(ctx, openf1.EndpointCarData, q)
	fmt.Println(errors.Is(err, openf1.ErrTooMuchData))
	// Output:
	// /v1/laps?session_key%3D9472&lap_number%3E%3D3 200 false 366
	// 404 true {"detail":"No results found."} <nil>
	// true
}

func ExampleLapsFilter() {
	f := openf1.LapsFilter{
		SessionKey:   openf1.LatestKey(),
		DriverNumber: openf1.Eq(1, 44),                                // OR
		LapNumber:    openf1.Between(4, 7).Or(openf1.Between(10, 15)), // two ranges
		LapDuration:  openf1.Lt(95.5),                                 // float field: float literal
		DateStart:    openf1.Ge(openf1.At(time.Date(2024, 3, 2, 15, 30, 0, 0, time.UTC))),
		IsPitOutLap:  openf1.Eq(false),
	}
	q, err := f.Query()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q)
	fmt.Println(q.Encode())

	// Whole UTC days: all sessions starting in September 2023.
	q, _ = openf1.SessionsFilter{DateStart: openf1.Range(openf1.OpGe, openf1.Day(2023, 9, 1), openf1.OpLt, openf1.Day(2023, 10, 1))}.Query()
	fmt.Println(q)

	// An inverted range would match almost everything: refused.
	_, err = openf1.LapsFilter{LapNumber: openf1.Gt(10).Or(openf1.Lt(5))}.Query()
	fmt.Println(err != nil)
	// Output:
	// session_key=latest&driver_number=1&driver_number=44&lap_number>=4&lap_number<=7&lap_number>=10&lap_number<=15&date_start>=2024-03-02T15:30:00+00:00&is_pit_out_lap=false&lap_duration<95.5
	// session_key%3Dlatest&driver_number%3D1&driver_number%3D44&lap_number%3E%3D4&lap_number%3C%3D7&lap_number%3E%3D10&lap_number%3C%3D15&date_start%3E%3D2024-03-02T15%3A30%3A00%2B00%3A00&is_pit_out_lap%3Dfalse&lap_duration%3C95.5
	// date_start>=2023-09-01&date_start<2023-10-01
	// true
}

func ExampleDecodeStream() {
	body := `[{"meeting_key":1229,"session_key":9472,"date":"2024-03-02T15:03:35.2+00:00","driver_number":1,"position":1},
	          {"meeting_key":1229,"session_key":9472,"date":"2024-03-02T15:03:35.2+00:00","driver_number":null,"position":2}]`
	for p, err := range openf1.DecodeStream[openf1.Position](strings.NewReader(body)) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(p.DriverNumber, p.Position, p.Date)
	}
	// Output:
	// 1 1 2024-03-02T15:03:35.2+00:00
	// openf1: decode position row 1 field "driver_number": null in a non-nullable field
}

func ExampleWithCache() {
	dir, err := os.MkdirTemp("", "openf1-cache")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	q := openf1.Query{}.Eq("session_key", 9472)

	// Record against the (fake) API...
	srv := exampleServer()
	online, _ := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit(),
		openf1.WithCache(dir, openf1.CacheRecord))
	recorded, err := online.Raw(ctx, openf1.EndpointLaps, q)
	if err != nil {
		log.Fatal(err)
	}
	srv.Close()

	// ...then replay offline, byte for byte.
	offline, _ := openf1.NewClient(openf1.WithCache(dir, openf1.CacheReplay))
	replayed, err := offline.Raw(ctx, openf1.EndpointLaps, q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(replayed.Body) == string(recorded.Body))

	_, err = offline.Raw(ctx, openf1.EndpointPit, q)
	var miss *openf1.CacheMissError
	fmt.Println(errors.As(err, &miss), miss.Request)
	// Output:
	// true
	// true GET /v1/pit?session_key%3D9472
}
