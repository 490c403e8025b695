package openf1test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// fixtureServer serves the whole recorded fixture tree.
func fixtureServer(t *testing.T, opts ...Option) (*Server, *MemorySource) {
	t.Helper()
	src, _ := loadFixtures(t)
	s := NewServer(src, opts...)
	t.Cleanup(s.Close)
	return s, src
}

// query fetches /v1/<ep>?<raw> and returns the records (nil on 404).
func query(t *testing.T, s *Server, ep, raw string) []json.RawMessage {
	t.Helper()
	r := get(t, s.URL()+"/v1/"+ep+"?"+raw)
	if r.status == http.StatusNotFound {
		if d := detail(t, r.body); d != "No results found." {
			t.Fatalf("404 with detail %q", d)
		}
		return nil
	}
	return r.records(t)
}

func TestFilterOperatorsOnRealLaps(t *testing.T) {
	t.Parallel()
	s, src := fixtureServer(t)
	laps := sourceRecords(t, src, openf1.EndpointLaps, 9488)
	if len(laps) != 998 {
		t.Fatalf("9488 has %d laps, SOURCES.md says 998", len(laps))
	}
	num := func(f string, pred func(float64) bool) func(rec) bool {
		return func(r rec) bool { v, ok := r.num(f); return ok && pred(v) }
	}
	for _, tc := range []struct {
		raw  string
		pred func(rec) bool
	}{
		{"driver_number=1", num("driver_number", func(v float64) bool { return v == 1 })},
		{"lap_duration>100", num("lap_duration", func(v float64) bool { return v > 100 })},
		{"lap_duration<80", num("lap_duration", func(v float64) bool { return v < 80 })},
		{"lap_number>=58", num("lap_number", func(v float64) bool { return v >= 58 })},
		{"lap_number<=1", num("lap_number", func(v float64) bool { return v <= 1 })},
		{"st_speed%3E%3D315", num("st_speed", func(v float64) bool { return v >= 315 })},
		{"is_pit_out_lap=true", func(r rec) bool { return r["is_pit_out_lap"] == true }},
		{"is_pit_out_lap=True&lap_number>1", func(r rec) bool {
			n, _ := r.num("lap_number")
			return r["is_pit_out_lap"] == true && n > 1
		}},
	} {
		want := where(t, laps, tc.pred)
		got := query(t, s, "laps", "session_key=9488&"+tc.raw)
		if len(want) == 0 {
			t.Fatalf("%s: the definition selects nothing; pick another example", tc.raw)
		}
		sameRecords(t, got, want)
	}
	// A fact of the race: Verstappen retired on lap 4 (brake fire).
	if got := query(t, s, "laps", "session_key=9488&driver_number=1"); len(got) != 4 {
		t.Errorf("Verstappen has %d laps in the 2024 Australian GP, want 4", len(got))
	}
}

func TestFilterRepeatedFieldsAndRanges(t *testing.T) {
	t.Parallel()
	s, src := fixtureServer(t)
	pos := sourceRecords(t, src, openf1.EndpointPosition, 11731)
	p := func(pred func(float64) bool) func(rec) bool {
		return func(r rec) bool { v, ok := r.num("position"); return ok && pred(v) }
	}
	for _, tc := range []struct {
		raw  string
		pred func(rec) bool
	}{
		{"driver_number=1&driver_number=44", func(r rec) bool {
			v, _ := r.num("driver_number")
			return v == 1 || v == 44
		}},
		{"position>=4&position<=7&position>=10&position<=15", p(func(v float64) bool { return v >= 4 && v <= 7 || v >= 10 && v <= 15 })},
		// Inverted: two open half-lines, OR-ed.
		{"position>15&position<3", p(func(v float64) bool { return v > 15 || v < 3 })},
		// The unpaired lower bound is OR-ed with the range.
		{"position>=4&position<=7&position>=20", p(func(v float64) bool { return v >= 4 && v <= 7 || v >= 20 })},
		// Equalities OR-ed with a range on the same field.
		{"position=1&position>=21", p(func(v float64) bool { return v == 1 || v >= 21 })},
		// Different fields AND-ed.
		{"driver_number=44&position<=3", func(r rec) bool {
			d, _ := r.num("driver_number")
			v, _ := r.num("position")
			return d == 44 && v <= 3
		}},
	} {
		want := where(t, pos, tc.pred)
		if len(want) == 0 {
			t.Fatalf("%s: the definition selects nothing", tc.raw)
		}
		sameRecords(t, query(t, s, "position", "session_key=11731&"+tc.raw), want)
	}
}

func TestFilterDatesOnRealData(t *testing.T) {
	t.Parallel()
	s, src := fixtureServer(t)
	sessions := sourceRecords(t, src, openf1.EndpointSessions, 0)
	start := func(pred func(time.Time) bool) func(rec) bool {
		return func(r rec) bool { v, ok := r.time(t, "date_start"); return ok && pred(v) }
	}
	day := func(s string) time.Time { return mustTime(s + "T00:00:00Z") }
	for _, tc := range []struct {
		raw  string
		pred func(rec) bool
	}{
		{"date_start=2023-11-19", start(func(v time.Time) bool { return !v.Before(day("2023-11-19")) && v.Before(day("2023-11-20")) })},
		{"date_start>2025-11-08", start(func(v time.Time) bool { return !v.Before(day("2025-11-09")) })},
		{"date_start>=2025-11-08", start(func(v time.Time) bool { return !v.Before(day("2025-11-08")) })},
		{"date_start<2023-03-01", start(func(v time.Time) bool { return v.Before(day("2023-03-01")) })},
		{"date_start<=2023-02-23", start(func(v time.Time) bool { return v.Before(day("2023-02-24")) })},
		{"date_start>=2024-03-01&date_start<2024-04-01", start(func(v time.Time) bool {
			return !v.Before(day("2024-03-01")) && v.Before(day("2024-04-01"))
		})},
		{"date_start>2024-03-24T03:00:00%2B00:00&date_start<2024-03-24T05:00", start(func(v time.Time) bool {
			return v.After(mustTime("2024-03-24T03:00:00Z")) && v.Before(mustTime("2024-03-24T05:00:00Z"))
		})},
	} {
		want := where(t, sessions, tc.pred)
		if len(want) == 0 {
			t.Fatalf("%s: the definition selects nothing", tc.raw)
		}
		sameRecords(t, query(t, s, "sessions", tc.raw), want)
	}

	// Days are UTC days: the 2023 Las Vegas race (Saturday night local) is on
	// Sunday 19 November in UTC, with no other Las Vegas session that day.
	keys := func(recs []json.RawMessage) []int {
		var out []int
		for _, r := range recs {
			v, _ := decodeRec(t, r).num("session_key")
			out = append(out, int(v))
		}
		slices.Sort(out)
		return out
	}
	if got := keys(query(t, s, "sessions", "location=Las%20Vegas&date_start=2023-11-19")); !slices.Equal(got, []int{9189}) {
		t.Errorf("Las Vegas sessions on 2023-11-19 UTC = %v, want the race 9189", got)
	}
	if got := keys(query(t, s, "sessions", "location=Las+Vegas&date_start=2023-11-18")); !slices.Equal(got, []int{9184, 9314}) {
		t.Errorf("Las Vegas sessions on 2023-11-18 UTC = %v, want FP3 9184 and qualifying 9314", got)
	}

	// An offset is converted to UTC: 15:10 in Melbourne is 04:10 UTC.
	weather := sourceRecords(t, src, openf1.EndpointWeather, 9488)
	want := where(t, weather, func(r rec) bool { v, _ := r.time(t, "date"); return !v.Before(mustTime("2024-03-24T04:10:00Z")) })
	sameRecords(t, query(t, s, "weather", "session_key=9488&date%3E%3D2024-03-24T15:10:00%2B11:00"), want)
	sameRecords(t, query(t, s, "weather", "session_key=9488&date>=2024-03-24T04:10:00"), want)
	// A literal '+' decodes to a space; the server's repair restores it.
	sameRecords(t, query(t, s, "weather", "session_key=9488&date>=2024-03-24T15:10:00+11:00"), want)

	// Exact timestamp equality at the recorded precision.
	pos := sourceRecords(t, src, openf1.EndpointPosition, 11731)
	at := where(t, pos, func(r rec) bool { v, _ := r.time(t, "date"); return v.Equal(mustTime("2026-10-04T06:07:08.128Z")) })
	if len(at) == 0 {
		t.Fatal("no position rows at 06:07:08.128")
	}
	sameRecords(t, query(t, s, "position", "session_key=11731&date=2026-10-04T06:07:08.128000%2B00:00"), at)
}

func TestFilterLatestOnRealSessions(t *testing.T) {
	t.Parallel()
	src, _ := loadFixtures(t)
	sessions := sourceRecords(t, src, openf1.EndpointSessions, 0)
	// The definition: greatest date_start <= now + 60 s among non-cancelled sessions.
	latest := func(now time.Time) (sk, mk float64) {
		var best time.Time
		for _, raw := range sessions {
			r := decodeRec(t, raw)
			st, _ := r.time(t, "date_start")
			if r["is_cancelled"] == true || st.After(now.Add(time.Minute)) {
				continue
			}
			if k, _ := r.num("session_key"); st.After(best) || (st.Equal(best) && k > sk) {
				best, sk = st, k
				mk, _ = r.num("meeting_key")
			}
		}
		return sk, mk
	}
	for _, tc := range []struct {
		now    string
		wantSK float64
	}{
		{"2024-03-24T05:00:00Z", 9488}, // during the 2024 Australian GP
		{"2024-03-24T03:59:30Z", 9488}, // 30 s before the start: within the 60 s allowance
		{"2024-03-24T03:58:59Z", 0},    // before that: the previous session
		{"2023-11-19T06:30:00Z", 9189}, // Las Vegas 2023 race
		{"2030-01-01T00:00:00Z", 0},    // long after: the last session recorded
	} {
		now := mustTime(tc.now)
		sk, mk := latest(now)
		if tc.wantSK != 0 && sk != tc.wantSK {
			t.Fatalf("definition gives %v at %s, want %v", sk, tc.now, tc.wantSK)
		}
		s := NewServer(src, WithNow(func() time.Time { return now }))
		got := query(t, s, "sessions", "session_key=latest")
		if len(got) != 1 {
			t.Fatalf("at %s: %d sessions for latest", tc.now, len(got))
		}
		if k, _ := decodeRec(t, got[0]).num("session_key"); k != sk {
			t.Errorf("at %s: latest session = %v, want %v", tc.now, k, sk)
		}
		m := query(t, s, "meetings", "meeting_key=latest")
		if len(m) != 1 {
			t.Fatalf("at %s: %d meetings for latest", tc.now, len(m))
		}
		if k, _ := decodeRec(t, m[0]).num("meeting_key"); k != mk {
			t.Errorf("at %s: latest meeting = %v, want %v", tc.now, k, mk)
		}
		if sk == 9488 {
			if n := len(query(t, s, "laps", "session_key=latest")); n != 998 {
				t.Errorf("laps?session_key=latest: %d rows, want 998", n)
			}
			// "Latest" must be lower-case: the value is not lower-cased.
			if got := query(t, s, "laps", "session_key=Latest"); got != nil {
				t.Errorf("session_key=Latest matched %d rows", len(got))
			}
		}
		s.Close()
	}
}

func TestFilterNamesAndValuesCase(t *testing.T) {
	t.Parallel()
	s, src := fixtureServer(t)
	lower := query(t, s, "laps", "session_key=9488&driver_number=44")
	if len(lower) == 0 {
		t.Fatal("no laps for driver 44")
	}
	r := get(t, s.URL()+"/v1/LAPS?SESSION_KEY=9488&Driver_Number=44")
	if !bytes.Equal(r.body, get(t, s.URL()+"/v1/laps?session_key=9488&driver_number=44").body) {
		t.Error("upper-case path or field names changed the answer")
	}
	// Values are not lower-cased.
	if got := query(t, s, "stints", "session_key=9488&compound=hard"); got != nil {
		t.Errorf("compound=hard matched %d stints", len(got))
	}
	stints := sourceRecords(t, src, openf1.EndpointStints, 9488)
	sameRecords(t, query(t, s, "stints", "session_key=9488&compound=HARD"),
		where(t, stints, func(r rec) bool { return r["compound"] == "HARD" }))

	drivers := sourceRecords(t, src, openf1.EndpointDrivers, 0)
	acr := func(a string) func(rec) bool { return func(r rec) bool { return r["name_acronym"] == a } }
	// MAR is read as a date (March) and so never matches name_acronym, though
	// such rows exist (API.md §2.3).
	if n := len(where(t, drivers, acr("MAR"))); n == 0 {
		t.Fatal("fixtures have no MAR driver rows")
	}
	if got := query(t, s, "drivers", "name_acronym=MAR"); got != nil {
		t.Errorf("name_acronym=MAR matched %d rows; the API matches none", len(got))
	}
	sameRecords(t, query(t, s, "drivers", "name_acronym=PIA"), where(t, drivers, acr("PIA")))

	// team_colour is never coerced, but only when the field is spelled in
	// lower case: TEAM_COLOUR=229971 becomes an integer.
	green := where(t, drivers, func(r rec) bool { return r["team_colour"] == "229971" })
	if len(green) == 0 {
		t.Fatal("no 229971 team colour in fixtures")
	}
	sameRecords(t, query(t, s, "drivers", "team_colour=229971"), green)
	if got := query(t, s, "drivers", "TEAM_COLOUR=229971"); got != nil {
		t.Errorf("TEAM_COLOUR=229971 matched %d rows", len(got))
	}
	// gmt_offset is kept as text ("-08:00:00" would otherwise be a time).
	sessions := sourceRecords(t, src, openf1.EndpointSessions, 0)
	sameRecords(t, query(t, s, "sessions", "gmt_offset=-08:00:00"),
		where(t, sessions, func(r rec) bool { return r["gmt_offset"] == "-08:00:00" }))

	// Unknown fields and arrays match nothing (drivers?year=2024 → 404 is
	// what clients observe on the real API).
	for _, raw := range []string{"drivers?year=2024", "laps?session_key=9488&segments_sector_1=2049", "laps?session_key=9488&driver_number=abc"} {
		if r := get(t, s.URL()+"/v1/"+raw); r.status != http.StatusNotFound || detail(t, r.body) != "No results found." {
			t.Errorf("%s: status %d body %s", raw, r.status, r.body)
		}
	}
}

// The server's output for a recorded whole-session response is that
// response, byte for byte: same records, same bytes, same order. This checks
// the sort (date_start with nulls first, then insertion order) against the
// real API's.
func TestServeReproducesRecordedResponses(t *testing.T) {
	t.Parallel()
	dir := sharedDir(t, "fixtures", "openf1", "heibylau__F1-pit-strategy-search", "data", "raw")
	for file, ep := range map[string]string{"laps.json": "laps", "pit-stops.json": "pit", "stints.json": "stints"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		src, rep, err := LoadFS(context.Background(), fstest.MapFS{file: {Data: data}}, ".")
		if err != nil {
			t.Fatal(err)
		}
		if f := rep.Files[0]; string(f.Endpoint) != ep {
			t.Fatalf("%s placed on %q: %s", file, f.Endpoint, f.Reason)
		}
		s := NewServer(src)
		r := get(t, s.URL()+"/v1/"+ep+"?session_key=9488")
		s.Close()
		if !bytes.Equal(r.body, bytes.TrimSpace(data)) {
			t.Errorf("%s: response differs from the recorded API bytes (got %d bytes, want %d)", file, len(r.body), len(bytes.TrimSpace(data)))
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("content type %q", ct)
		}
	}
}

func TestSortOrder(t *testing.T) {
	t.Parallel()
	s, _ := fixtureServer(t)
	var prev time.Time
	for i, raw := range query(t, s, "sessions", "year=2024") {
		st, _ := decodeRec(t, raw).time(t, "date_start")
		if st.Before(prev) {
			t.Fatalf("session %d starts %v, before the previous one (%v)", i, st, prev)
		}
		prev = st
	}
	// Null date_start sorts first (lap 1 of a race), then ascending.
	laps := query(t, s, "laps", "session_key=9488")
	seenDate := false
	prev = time.Time{}
	for _, raw := range laps {
		st, ok := decodeRec(t, raw).time(t, "date_start")
		if !ok {
			if seenDate {
				t.Fatal("a null date_start after a non-null one")
			}
			continue
		}
		seenDate = true
		if st.Before(prev) {
			t.Fatal("laps not sorted by date_start")
		}
		prev = st
	}
}

func TestCSVOnRealData(t *testing.T) {
	t.Parallel()
	s, src := fixtureServer(t)
	r := get(t, s.URL()+"/v1/laps?session_key=9488&driver_number=1&csv=true")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); cd != "attachment; filename=laps.csv" {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := where(t, sourceRecords(t, src, openf1.EndpointLaps, 9488), func(r rec) bool { v, _ := r.num("driver_number"); return v == 1 })
	if len(rows) != len(want)+1 {
		t.Fatalf("%d CSV lines, want header + %d", len(rows), len(want))
	}
	// Header: the sorted union of the records' keys.
	keys := map[string]bool{}
	for _, raw := range want {
		for k := range decodeRec(t, raw) {
			keys[k] = true
		}
	}
	header := slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	})
	if !slices.Equal(rows[0], header) {
		t.Errorf("header %v, want %v", rows[0], header)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	for _, line := range rows[1:] {
		if v := line[col("is_pit_out_lap")]; v != "True" && v != "False" {
			t.Errorf("is_pit_out_lap written %q", v)
		}
		if v := line[col("segments_sector_2")]; v != "" && (!strings.HasPrefix(v, "[") || strings.Contains(v, "null") || strings.Contains(v, ",2")) {
			t.Errorf("segments written %q, want a Python list repr", v)
		}
		if v := line[col("date_start")]; v != "" && (v[10] != ' ' || !strings.HasSuffix(v, "+00:00")) {
			t.Errorf("date_start written %q, want a space separator", v)
		}
	}
	// Loading the CSV back gives the same records (by value).
	src2, rep, err := LoadFS(context.Background(), fstest.MapFS{"laps.csv": {Data: r.body}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.Endpoint != openf1.EndpointLaps || f.Rows != len(want) {
		t.Fatalf("reloaded as %s with %d rows (%s)", f.Endpoint, f.Rows, f.Reason)
	}
	back := sourceRecords(t, src2, openf1.EndpointLaps, 9488)
	kinds := kindsOf(openf1.EndpointLaps)
	for _, w := range want {
		if !slices.ContainsFunc(back, func(b json.RawMessage) bool { return sameContent(b, w, kinds) }) {
			t.Errorf("record lost in the CSV round trip: %.120s", w)
		}
	}
}
