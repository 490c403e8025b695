package openf1test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pitwall-f1/pitwall/openf1"
)

// TestLoadFixtures loads the whole recorded tree and checks the result
// against the fixtures' own index (index.json) and SOURCES.md.
func TestLoadFixtures(t *testing.T) {
	t.Parallel()
	src, rep := loadFixtures(t)
	var b strings.Builder
	rep.WriteSessions(&b)
	t.Logf("sessions found in %s:\n%s", rep.Dir, b.String())
	b.Reset()
	rep.WriteEndpoints(&b)
	t.Logf("endpoints:\n%s", b.String())
	for _, f := range rep.Unplaced() {
		t.Logf("not loaded: %s (%s): %s", f.Path, f.Format, f.Reason)
	}

	// Every recording listed in index.json is placed on its endpoint with its
	// row count; the real 404 body is recognised as zero rows.
	data, err := os.ReadFile(filepath.Join(sharedDir(t, "fixtures", "openf1"), "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index []struct {
		File, Endpoint, Format string
		Rows                   int
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	if len(index) < 180 {
		t.Fatalf("index.json lists %d files", len(index))
	}
	for _, e := range index {
		f, ok := rep.File(e.File)
		if !ok {
			t.Errorf("%s: not in the report", e.File)
			continue
		}
		if e.Endpoint == "error-response" {
			if f.Format != FormatNoResults || f.Rows != 0 || f.Endpoint != openf1.EndpointStartingGrid {
				t.Errorf("%s: the API's 404 body read as %s/%s with %d rows", e.File, f.Format, f.Endpoint, f.Rows)
			}
			continue
		}
		if string(f.Endpoint) != e.Endpoint || f.Rows != e.Rows {
			t.Errorf("%s: loaded as %q with %d rows, index says %s with %d (%s%s)", e.File, f.Endpoint, f.Rows, e.Endpoint, e.Rows, f.How, f.Reason)
		}
		if (e.Format == "csv") != (f.Format == FormatCSV) {
			t.Errorf("%s: format %s, index says %s", e.File, f.Format, e.Format)
		}
	}
	// Only the metadata files are left out, each with its reason.
	unplaced := rep.Unplaced()
	if len(unplaced) != 2 {
		t.Errorf("%d unplaced files, want index.json and SOURCES.md", len(unplaced))
	}
	for _, f := range unplaced {
		switch f.Path {
		case "index.json":
			if !strings.HasPrefix(f.Reason, "not a recording") {
				t.Errorf("index.json: %q", f.Reason)
			}
		case "SOURCES.md":
			if !strings.Contains(f.Reason, "not JSON or CSV") {
				t.Errorf("SOURCES.md: %q", f.Reason)
			}
		default:
			t.Errorf("unexpected unplaced file %s: %s", f.Path, f.Reason)
		}
	}

	// Facts from SOURCES.md, after merging and de-duplication.
	for _, tc := range []struct {
		session int64
		ep      openf1.Endpoint
		rows    int
	}{
		{9488, openf1.EndpointLaps, 998},
		{9488, openf1.EndpointPit, 36},
		{9488, openf1.EndpointStints, 55},
		{11303, openf1.EndpointSessionResult, 22},
		{11303, openf1.EndpointPosition, 1116},
		{11302, openf1.EndpointLaps, 337},
		{11731, openf1.EndpointIntervals, 3793},
		{11731, openf1.EndpointOvertakes, 505},
		{9839, openf1.EndpointIntervals, 26261},
		{9472, openf1.EndpointPosition, 435},
		{9161, openf1.EndpointLaps, 297},
		{7782, openf1.EndpointSessionResult, 20},
		{11275, openf1.EndpointSessionResult, 22},
	} {
		s, ok := rep.Session(tc.session)
		if !ok {
			t.Errorf("session %d not found", tc.session)
			continue
		}
		if s.Rows[tc.ep] != tc.rows {
			t.Errorf("session %d %s: %d rows, want %d", tc.session, tc.ep, s.Rows[tc.ep], tc.rows)
		}
		if n := len(sourceRecords(t, src, tc.ep, int(tc.session))); n != tc.rows {
			t.Errorf("session %d %s: the source yields %d rows, want %d", tc.session, tc.ep, n, tc.rows)
		}
	}
	if f, _ := rep.File("POSTED26__F1-Data/Data_Files/sessions.json"); f.Rows != 344 || f.Endpoint != openf1.EndpointSessions {
		t.Errorf("POSTED26 sessions.json: %d rows of %s, want 344 sessions", f.Rows, f.Endpoint)
	}
	if f, _ := rep.File("POSTED26__F1-Data/Data_Files/positions.json"); f.Endpoint != openf1.EndpointSessionResult || !strings.Contains(f.How, "ambiguous") {
		t.Errorf("POSTED26 positions.json placed on %s (%s)", f.Endpoint, f.How)
	}
	if f, _ := rep.File("AryanK3__f1-vision/intial_positions.json"); f.Endpoint != openf1.EndpointPosition {
		t.Errorf("intial_positions.json placed on %s", f.Endpoint)
	}

	// The per-driver files of 9488 duplicate the whole-session response
	// exactly; the pandas pit export lacks lane_duration, so the JSON record
	// (more complete) is kept and the difference counted.
	if f, _ := rep.File("heibylau__F1-pit-strategy-search/data/raw/laps.json"); f.Duplicates != 998 || f.Conflicts != 0 {
		t.Errorf("heibylau laps: %d duplicates, %d conflicts; want 998 and 0", f.Duplicates, f.Conflicts)
	}
	if f, _ := rep.File("heibylau__F1-pit-strategy-search/data/raw/pit-stops.json"); f.Kept != 36 || f.Conflicts != 36 {
		t.Errorf("heibylau pit: kept %d, conflicts %d; want 36 and 36", f.Kept, f.Conflicts)
	}
	for _, raw := range sourceRecords(t, src, openf1.EndpointPit, 9488) {
		if _, ok := decodeRec(t, raw)["lane_duration"]; !ok {
			t.Fatalf("9488 pit record without lane_duration kept: %s", raw)
		}
	}
	if tot := rep.Endpoints[openf1.EndpointPit]; tot.Duplicates == 0 || tot.Kept+tot.Duplicates != tot.Read {
		t.Errorf("pit totals %+v do not add up", tot)
	}
}

func TestLoadFormats(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		// Pretty-printed, keys in another order.
		"a/openf1_stints.json": {Data: []byte("[\n  {\n    \"lap_end\": 3,\n    \"session_key\": 1,\n    \"driver_number\": 4,\n    \"stint_number\": 1,\n    \"meeting_key\": 9,\n    \"lap_start\": 1,\n    \"compound\": \"SOFT\",\n    \"tyre_age_at_start\": 0\n  }\n]\n")},
		// A single object.
		"b/session.json": {Data: []byte(`{"session_key":1,"meeting_key":9,"session_name":"Race","session_type":"Race","date_start":"2024-03-24T04:00:00+00:00","date_end":"2024-03-24T06:00:00+00:00","year":2024,"gmt_offset":"11:00:00","location":"Melbourne","country_key":5,"country_name":"Australia","circuit_key":10,"circuit_short_name":"Melbourne"}`)},
		// JSON lines, named after nothing: the fields decide.
		"c/dump.jsonl": {Data: []byte(`{"meeting_key":9,"session_key":1,"driver_number":4,"date":"2024-03-24T04:00:01+00:00","position":2}` + "\n" +
			`{"meeting_key":9,"session_key":1,"driver_number":81,"date":"2024-03-24T04:00:01+00:00","position":1}` + "\n")},
		// The API's 404 body, and another error body.
		"d/team_radio.json": {Data: []byte(`{"detail":"No results found."}`)},
		"d/car_data.json":   {Data: []byte(`{"detail":"Failed to retrieve information. You're likely asking for too much data at once."}`)},
		// A pandas export with its index column.
		"e/laps.csv": {Data: []byte(",meeting_key,session_key,driver_number,lap_number,date_start,lap_duration,is_pit_out_lap,segments_sector_1,i1_speed\n" +
			"0,9,1,4,1,,,True,\"[2064, None, 2049]\",\n" +
			"1,9,1,4,2,2024-03-24 04:03:40.123000+00:00,83.5,False,\"[2049, 2051]\",301.0\n")},
		// Records that are no OpenF1 endpoint's, and other files.
		"f/notes.json":   {Data: []byte(`[{"title":"my notes","pages":3,"author":"me"}]`)},
		"f/README.md":    {Data: []byte("# saved responses\n")},
		"f/broken.json":  {Data: []byte(`[{"session_key":1,`)},
		"f/empty.json":   {Data: []byte("")},
		"f/mixed.json":   {Data: []byte(`[{"meeting_key":9,"session_key":1,"date":"2024-03-24T04:00:00+00:00","air_temperature":20.5,"track_temperature":30.1,"humidity":50.0,"pressure":1010.0,"rainfall":0,"wind_direction":90,"wind_speed":1.2}, 42]`)},
		"f/grid.json":    {Data: []byte(`[]`)},
		"f/unknown.json": {Data: []byte(`[]`)},
		".git/config":    {Data: []byte("[core]\n")},
	}
	src, rep, err := LoadFS(context.Background(), fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep)
	for _, tc := range []struct {
		path   string
		ep     openf1.Endpoint
		format FileFormat
		rows   int
		reason string
	}{
		{"a/openf1_stints.json", "stints", FormatJSONArray, 1, ""},
		{"b/session.json", "sessions", FormatJSONObject, 1, ""},
		{"c/dump.jsonl", "position", FormatJSONLines, 2, ""},
		{"d/team_radio.json", "team_radio", FormatNoResults, 0, ""},
		{"d/car_data.json", "", FormatErrorBody, 0, "an API error body"},
		{"e/laps.csv", "laps", FormatCSV, 2, ""},
		{"f/notes.json", "", FormatJSONArray, 1, "not a recording"},
		{"f/README.md", "", FormatOther, 0, "not JSON or CSV"},
		{"f/broken.json", "", FormatOther, 0, "not valid JSON"},
		{"f/empty.json", "", FormatOther, 0, "empty file"},
		{"f/mixed.json", "weather", FormatJSONArray, 1, ""},
		{"f/grid.json", "starting_grid", FormatJSONArray, 0, ""},
		{"f/unknown.json", "", FormatJSONArray, 0, "empty array; no records, and the file name names no endpoint"},
		{".git/", "", FormatOther, 0, "hidden directory"},
	} {
		f, ok := rep.File(tc.path)
		if !ok {
			t.Errorf("%s: not reported", tc.path)
			continue
		}
		if f.Endpoint != tc.ep || f.Format != tc.format || f.Rows != tc.rows || !strings.HasPrefix(f.Reason, tc.reason) {
			t.Errorf("%s: %s/%s %d rows, reason %q; want %s/%s %d, %q", tc.path, f.Endpoint, f.Format, f.Rows, f.Reason, tc.ep, tc.format, tc.rows, tc.reason)
		}
	}
	if f, _ := rep.File("f/mixed.json"); f.Rejected != 1 {
		t.Errorf("mixed.json: %d rejected, want the number 42", f.Rejected)
	}
	if len(rep.Files) != 14 {
		t.Errorf("%d files reported, want 14", len(rep.Files))
	}

	// Compacted, key order kept.
	got := rawStrings(sourceRecords(t, src, openf1.EndpointStints, 1))
	if len(got) != 1 || got[0] != `{"lap_end":3,"session_key":1,"driver_number":4,"stint_number":1,"meeting_key":9,"lap_start":1,"compound":"SOFT","tyre_age_at_start":0}` {
		t.Errorf("stint = %v", got)
	}
	// CSV typed back, in the endpoint's field order, index column dropped.
	got = rawStrings(sourceRecords(t, src, openf1.EndpointLaps, 1))
	want := []string{
		`{"meeting_key":9,"session_key":1,"driver_number":4,"lap_number":1,"date_start":null,"lap_duration":null,"i1_speed":null,"is_pit_out_lap":true,"segments_sector_1":[2064,null,2049]}`,
		`{"meeting_key":9,"session_key":1,"driver_number":4,"lap_number":2,"date_start":"2024-03-24 04:03:40.123000+00:00","lap_duration":83.5,"i1_speed":301,"is_pit_out_lap":false,"segments_sector_1":[2049,2051]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CSV laps:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s, _ := rep.Session(1); s.Rows["laps"] != 2 || s.Rows["position"] != 2 || s.MeetingKey != 9 {
		t.Errorf("session 1: %+v", s)
	}
}

func TestLoadDuplicates(t *testing.T) {
	t.Parallel()
	pit := func(lane string) string {
		return `{"meeting_key":9,"session_key":1,"driver_number":4,"lap_number":20,"date":"2024-03-24T04:30:00+00:00","pit_duration":22.1` + lane + `}`
	}
	fsys := fstest.MapFS{
		"1/pit.csv":  {Data: []byte("meeting_key,session_key,driver_number,lap_number,date,pit_duration\n9,1,4,20.0,2024-03-24T04:30:00+00:00,22.1\n9,1,4,20.0,2024-03-24T04:30:00+00:00,22.1\n")},
		"2/pit.json": {Data: []byte("[" + pit("") + "]")},
		"3/pit.json": {Data: []byte("[" + pit(`,"lane_duration":22.1`) + "]")},
		"4/pit.json": {Data: []byte("[" + pit(`,"lane_duration":21.9`) + "]")},
	}
	src, rep, err := LoadFS(context.Background(), fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	check := func(path string, dup, conflict, kept int) {
		t.Helper()
		f, _ := rep.File(path)
		if f.Duplicates != dup || f.Conflicts != conflict || f.Kept != kept {
			t.Errorf("%s: dup %d conflict %d kept %d; want %d %d %d", path, f.Duplicates, f.Conflicts, f.Kept, dup, conflict, kept)
		}
	}
	check("1/pit.csv", 1, 0, 0)  // the CSV's second line repeats its first
	check("2/pit.json", 1, 0, 0) // same values as the CSV: JSON preferred, then replaced
	check("3/pit.json", 1, 1, 1) // more fields: kept
	check("4/pit.json", 1, 1, 0) // as complete as 3 but read later: dropped
	got := rawStrings(sourceRecords(t, src, openf1.EndpointPit, 1))
	if len(got) != 1 || got[0] != pit(`,"lane_duration":22.1`) {
		t.Errorf("kept %v", got)
	}
	if tot := rep.Endpoints[openf1.EndpointPit]; tot.Read != 5 || tot.Kept != 1 || tot.Duplicates != 4 || tot.Conflicts != 2 || tot.Files != 4 {
		t.Errorf("totals %+v", tot)
	}
}

func TestLoadDirErrors(t *testing.T) {
	t.Parallel()
	if _, _, err := LoadDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("LoadDir of a missing folder: no error")
	}
	file := filepath.Join(t.TempDir(), "laps.json")
	if err := os.WriteFile(file, []byte("[]"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadDir(file); err == nil {
		t.Error("LoadDir of a file: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadDirContext(ctx, filepath.Dir(file)); err == nil {
		t.Error("cancelled LoadDirContext: no error")
	}
}

func TestNameHint(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]string{
		"laps.json":                              "laps",
		"x/openf1_session_result.json":           "session_result",
		"pit-stops.json":                         "pit",
		"positions.json":                         "position session_result",
		"intial_positions.json":                  "position session_result",
		"season=2024/session_key=1/weather.json": "weather",
		"team_radio/9488.json":                   "team_radio",
		"Data_Files/index.json":                  "",
		"2024_race_control_9488.csv":             "race_control",
	} {
		var names []string
		for _, ep := range nameHint(p) {
			names = append(names, string(ep))
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("nameHint(%q) = %q, want %q", p, got, want)
		}
	}
}
