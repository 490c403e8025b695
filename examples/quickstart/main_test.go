package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// TestQuickstart runs the program against the fake API holding two 2024
// races and the recorded laps of the later one (Melbourne).
func TestQuickstart(t *testing.T) {
	laps := sharedtest.ReadFile(t, "fixtures", "openf1", "heibylau__F1-pit-strategy-search", "data", "raw", "laps.json")
	src := openf1test.NewMemorySource()
	var rows []json.RawMessage
	if err := json.Unmarshal(laps, &rows); err != nil {
		t.Fatal(err)
	}
	src.Add(openf1.EndpointLaps, rows...)
	src.Add(openf1.EndpointSessions, json.RawMessage(`{"meeting_key":1229,"session_key":9472,"location":"Sakhir","date_start":"2024-03-02T15:00:00+00:00","date_end":"2024-03-02T17:00:00+00:00","session_type":"Race","session_name":"Race","country_key":36,"country_code":"BRN","country_name":"Bahrain","circuit_key":63,"circuit_short_name":"Sakhir","gmt_offset":"03:00:00","year":2024}`),
		json.RawMessage(`{"meeting_key":1231,"session_key":9488,"location":"Melbourne","date_start":"2024-03-24T04:00:00+00:00","date_end":"2024-03-24T06:00:00+00:00","session_type":"Race","session_name":"Race","country_key":5,"country_code":"AUS","country_name":"Australia","circuit_key":10,"circuit_short_name":"Melbourne","gmt_offset":"11:00:00","year":2024}`))
	srv := openf1test.NewServer(src)
	defer srv.Close()

	// The fastest lap, computed here from the recording itself.
	var fastest float64
	for _, r := range rows {
		var l struct {
			LapDuration *float64 `json:"lap_duration"`
		}
		json.Unmarshal(r, &l)
		if l.LapDuration != nil && (fastest == 0 || *l.LapDuration < fastest) {
			fastest = *l.LapDuration
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-base-url", srv.URL(), "-year", "2024"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || lines[0] != "2 races in 2024; last: Melbourne 2024-03-24 (session 9488)" ||
		!strings.HasPrefix(lines[1], "998 laps; fastest: car ") || !strings.HasSuffix(lines[1], fmt.Sprintf(", %.3f s", fastest)) {
		t.Fatalf("unexpected output (fastest lap in the recording: %.3f s):\n%s", fastest, out.String())
	}
}
