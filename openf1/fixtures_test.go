package openf1_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/openf1"
)

// sharedDir returns ../shared next to the module root, or skips the test
// when it is absent (the fixtures are not part of the repository).
func sharedDir(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t)
}

type fixtureEntry struct {
	File     string `json:"file"`
	Endpoint string `json:"endpoint"`
	Format   string `json:"format"`
	Rows     int    `json:"rows"`
}

func loadIndex(t testing.TB) (string, []fixtureEntry) {
	t.Helper()
	root := filepath.Join(sharedDir(t), "fixtures", "openf1")
	b, err := os.ReadFile(filepath.Join(root, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx []fixtureEntry
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	return root, idx
}

// roundTrip decodes body (an array of records, or one object) into T,
// re-encodes every record and compares each with the original as JSON values.
func roundTrip[T any, P openf1.Record[T]](t *testing.T, body []byte) int {
	t.Helper()
	var originals []any
	var records []T
	trimmed := bytes.TrimSpace(body)
	if trimmed[0] == '{' {
		var one any
		if err := json.Unmarshal(body, &one); err != nil {
			t.Fatal(err)
		}
		originals = []any{one}
		var rec T
		if err := P(&rec).UnmarshalJSON(body); err != nil {
			t.Fatalf("decode single object: %v", err)
		}
		records = []T{rec}
	} else {
		if err := json.Unmarshal(body, &originals); err != nil {
			t.Fatal(err)
		}
		for rec, err := range openf1.DecodeStream[T, P](bytes.NewReader(body)) {
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			records = append(records, rec)
		}
	}
	if len(records) != len(originals) {
		t.Fatalf("decoded %d records, the file has %d", len(records), len(originals))
	}
	for i := range records {
		out, err := P(&records[i]).MarshalJSON()
		if err != nil {
			t.Fatalf("row %d: encode: %v", i, err)
		}
		var got any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("row %d: re-encoded JSON is invalid: %v\n%s", i, err, out)
		}
		if !reflect.DeepEqual(got, originals[i]) {
			want, _ := json.Marshal(originals[i])
			t.Fatalf("row %d differs after decode→encode\n got: %s\nwant: %s", i, out, want)
		}
	}
	return len(records)
}

func roundTripEndpoint(t *testing.T, ep openf1.Endpoint, body []byte) int {
	switch ep {
	case openf1.EndpointCarData:
		return roundTrip[openf1.CarData](t, body)
	case openf1.EndpointChampionshipDrivers:
		return roundTrip[openf1.ChampionshipDriver](t, body)
	case openf1.EndpointChampionshipTeams:
		return roundTrip[openf1.ChampionshipTeam](t, body)
	case openf1.EndpointDrivers:
		return roundTrip[openf1.Driver](t, body)
	case openf1.EndpointIntervals:
		return roundTrip[openf1.Interval](t, body)
	case openf1.EndpointLaps:
		return roundTrip[openf1.Lap](t, body)
	case openf1.EndpointLocation:
		return roundTrip[openf1.Location](t, body)
	case openf1.EndpointMeetings:
		return roundTrip[openf1.Meeting](t, body)
	case openf1.EndpointOvertakes:
		return roundTrip[openf1.Overtake](t, body)
	case openf1.EndpointPit:
		return roundTrip[openf1.Pit](t, body)
	case openf1.EndpointPosition:
		return roundTrip[openf1.Position](t, body)
	case openf1.EndpointRaceControl:
		return roundTrip[openf1.RaceControl](t, body)
	case openf1.EndpointSessionResult:
		return roundTrip[openf1.SessionResult](t, body)
	case openf1.EndpointSessions:
		return roundTrip[openf1.Session](t, body)
	case openf1.EndpointStartingGrid:
		return roundTrip[openf1.StartingGrid](t, body)
	case openf1.EndpointStints:
		return roundTrip[openf1.Stint](t, body)
	case openf1.EndpointTeamRadio:
		return roundTrip[openf1.TeamRadio](t, body)
	case openf1.EndpointWeather:
		return roundTrip[openf1.Weather](t, body)
	}
	t.Fatalf("no model for endpoint %q", ep)
	return 0
}

// TestFixturesRoundTrip decodes every real JSON recording into the typed
// models and checks that re-encoding gives the same JSON value.
func TestFixturesRoundTrip(t *testing.T) {
	t.Parallel()
	root, idx := loadIndex(t)
	files, rows := 0, 0
	for _, e := range idx {
		if e.Format != "json" {
			continue
		}
		body, err := os.ReadFile(filepath.Join(root, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if testing.Short() && len(body) > 1<<20 {
			continue // the multi-season dumps: slow under -race
		}
		files++
		if e.Endpoint == "error-response" {
			t.Run(e.File, func(t *testing.T) {
				resp := &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{},
					Body: io.NopCloser(bytes.NewReader(body))}
				err := openf1.CheckResponse(resp)
				if !errors.Is(err, openf1.ErrNoResults) {
					t.Fatalf("CheckResponse(404 %s) = %v, want ErrNoResults", body, err)
				}
			})
			continue
		}
		t.Run(e.File, func(t *testing.T) {
			n := roundTripEndpoint(t, openf1.Endpoint(e.Endpoint), body)
			if n != e.Rows && !(n == 0 && e.Rows == 0) {
				t.Errorf("decoded %d rows, index.json says %d", n, e.Rows)
			}
			rows += n
		})
	}
	if files < 170 && !testing.Short() {
		t.Errorf("only %d JSON fixtures found", files)
	}
	t.Logf("%d JSON fixtures, %d records round-tripped", files, rows)
}

// TestFixtureUnknownFieldsKept checks that fields the models do not know
// survive in Extra (meetings' meeting_code is typed; a made-up field is not).
func TestFixtureUnknownFieldsKept(t *testing.T) {
	t.Parallel()
	root, _ := loadIndex(t)
	body, err := os.ReadFile(filepath.Join(root, "POSTED26__F1-Data/Data_Files/meetings.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Add a field this client has never heard of to every record.
	body = bytes.ReplaceAll(body, []byte(`"meeting_key":`), []byte(`"brand_new_field": {"a": [1, 2.50, null]}, "meeting_key":`))
	n := 0
	for m, err := range openf1.DecodeStream[openf1.Meeting](bytes.NewReader(body)) {
		if err != nil {
			t.Fatal(err)
		}
		if got := string(m.Extra["brand_new_field"]); got != `{"a":[1,2.50,null]}` {
			t.Fatalf("Extra[brand_new_field] = %q", got)
		}
		if code, ok := m.MeetingCode.Get(); n == 0 && (!ok || code == "") {
			t.Fatalf("meeting_code not decoded: %+v", m.MeetingCode)
		}
		out, _ := json.Marshal(m)
		if !strings.Contains(string(out), `"brand_new_field":{"a":[1,2.50,null]}`) {
			t.Fatalf("unknown field lost on encode: %s", out)
		}
		n++
	}
	if n != 70 {
		t.Fatalf("decoded %d meetings, want 70", n)
	}
}
