package openf1test_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

func fetch(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Serve a few records and query them with the API's filter syntax.
func ExampleNewServer() {
	src := openf1test.NewMemorySource()
	src.Add(openf1.EndpointStints,
		json.RawMessage(`{"meeting_key":1231,"session_key":9488,"stint_number":1,"driver_number":55,"lap_start":1,"lap_end":11,"compound":"MEDIUM","tyre_age_at_start":0}`),
		json.RawMessage(`{"meeting_key":1231,"session_key":9488,"stint_number":2,"driver_number":55,"lap_start":12,"lap_end":58,"compound":"HARD","tyre_age_at_start":0}`),
	)
	srv := openf1test.NewServer(src)
	defer srv.Close()

	fmt.Println(fetch(srv.URL() + "/v1/stints?session_key=9488&lap_start%3E%3D10"))
	fmt.Println(fetch(srv.URL() + "/v1/stints?session_key=9488&compound=SOFT"))
	// Output:
	// 200 [{"meeting_key":1231,"session_key":9488,"stint_number":2,"driver_number":55,"lap_start":12,"lap_end":58,"compound":"HARD","tyre_age_at_start":0}]
	// 404 {"detail":"No results found."}
}

// Make the next two requests fail the way a busy API does.
func ExampleServer_FailNext() {
	src := openf1test.NewMemorySource()
	src.Add(openf1.EndpointWeather, json.RawMessage(`{"meeting_key":1231,"session_key":9488,"date":"2024-03-24T03:05:00+00:00","air_temperature":22.1}`))
	srv := openf1test.NewServer(src)
	defer srv.Close()

	srv.FailNext(1, openf1test.RateLimitFault(1))
	srv.FailNext(1, openf1test.StatusFault(http.StatusBadGateway))
	for range 3 {
		status, body := fetch(srv.URL() + "/v1/weather?session_key=9488")
		fmt.Println(status, len(body) > 0)
	}
	// Output:
	// 429 true
	// 502 true
	// 200 true
}

// Load saved responses — here a pandas CSV export and an ambiguously named
// JSON file — and see what was found.
func ExampleLoadFS() {
	fsys := fstest.MapFS{
		"saved/stints.csv": {Data: []byte("meeting_key,session_key,stint_number,driver_number,lap_start,lap_end,compound,tyre_age_at_start\n" +
			"1231,9488,1,55,1.0,11.0,MEDIUM,0.0\n")},
		"saved/positions.json": {Data: []byte(`[{"meeting_key":1231,"session_key":9488,"driver_number":55,"position":1,"dnf":false,"dns":false,"dsq":false,"duration":5030.44,"gap_to_leader":0,"number_of_laps":58}]`)},
		"saved/notes.txt":      {Data: []byte("to do")},
	}
	src, rep, err := openf1test.LoadFS(context.Background(), fsys, "saved")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Files {
		if f.Endpoint == "" {
			fmt.Printf("%s: not loaded (%s)\n", f.Path, f.Reason)
			continue
		}
		fmt.Printf("%s: %d %s rows (%s)\n", f.Path, f.Rows, f.Endpoint, f.Format)
	}
	for rec := range src.Records(context.Background(), openf1.EndpointStints, nil) {
		fmt.Println(string(rec))
	}
	// Output:
	// notes.txt: not loaded (not JSON or CSV (.txt file))
	// positions.json: 1 session_result rows (json-array)
	// stints.csv: 1 stints rows (csv)
	// {"meeting_key":1231,"session_key":9488,"driver_number":55,"stint_number":1,"lap_start":1,"lap_end":11,"compound":"MEDIUM","tyre_age_at_start":0}
}

// Load a folder of saved responses (here the repository's recorded
// fixtures, seen from the module root) and print what one session has.
func ExampleLoadDir() {
	_, rep, err := openf1test.LoadDir(filepath.Join("..", "shared", "fixtures", "openf1"))
	if err != nil {
		fmt.Println("no fixtures here:", err != nil)
		return
	}
	rep.WriteSessions(os.Stdout, 9488)
}
