package openf1_test

// Tests against the fake server (openf1test) loaded with the real
// recordings in ../shared: the client's filters must select exactly the
// rows a reference filter, written here from API.md §2, selects.

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

var (
	fixtureOnce sync.Once
	fixtureSrc  *openf1test.MemorySource
	fixtureErr  error
)

// fixtureSource loads the recordings once for all tests.
func fixtureSource(t *testing.T) *openf1test.MemorySource {
	t.Helper()
	dir := filepath.Join(sharedDir(t), "fixtures", "openf1")
	fixtureOnce.Do(func() { fixtureSrc, _, fixtureErr = openf1test.LoadDir(dir) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureSrc
}

type row = map[string]any

// allRows returns every record the source holds for ep.
func allRows(t *testing.T, src *openf1test.MemorySource, ep openf1.Endpoint) []row {
	t.Helper()
	var out []row
	for raw, err := range src.Records(context.Background(), ep, nil) {
		if err != nil {
			t.Fatal(err)
		}
		var r row
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// Reference accessors: a value is only comparable with a value of its own
// JSON type (API.md §2.3: a number never matches a string, null matches nothing).
func num(r row, f string) (float64, bool) { v, ok := r[f].(float64); return v, ok }
func str(r row, f string) (string, bool)  { v, ok := r[f].(string); return v, ok }
func tim(r row, f string) (time.Time, bool) {
	s, ok := r[f].(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := openf1.ParseTime(s)
	return t.Time, err == nil
}
func numIn(r row, f string, vs ...float64) bool {
	v, ok := num(r, f)
	return ok && slices.Contains(vs, v)
}

// canonical renders rows as sorted canonical JSON texts for comparison.
func canonical(t *testing.T, rows []any) []string {
	t.Helper()
	out := make([]string, len(rows))
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		b, _ = json.Marshal(v) // maps marshal with sorted keys
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}

// fetch runs the slice and the streaming method and checks they agree.
func fetch[T any](t *testing.T, list func() ([]T, error), seq func() func(func(T, error) bool)) []any {
	t.Helper()
	rows, err := list()
	if err != nil {
		t.Fatal(err)
	}
	var streamed []any
	for r, err := range seq() {
		if err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, r)
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	if !slices.Equal(canonical(t, out), canonical(t, streamed)) {
		t.Fatal("the streaming method returned other rows than the slice method")
	}
	return out
}

func TestFiltersMatchReference(t *testing.T) {
	t.Parallel()
	src := fixtureSource(t)
	// The server's clock sits in the 2024 Bahrain GP race (session 9472,
	// started 2024-03-02T15:00Z), so `latest` is resolved against it.
	now := time.Date(2024, 3, 2, 16, 0, 0, 0, time.UTC)
	srv := openf1test.NewServer(src, openf1test.WithNow(func() time.Time { return now }))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL())
	ctx := context.Background()

	sessions := allRows(t, src, openf1.EndpointSessions)
	// §1.4: latest = the non-cancelled session with the greatest date_start ≤ now + 60 s.
	var latest row
	var latestStart time.Time
	for _, s := range sessions {
		st, _ := tim(s, "date_start")
		if c, _ := s["is_cancelled"].(bool); c || st.After(now.Add(time.Minute)) {
			continue
		}
		if latest == nil || st.After(latestStart) {
			latest, latestStart = s, st
		}
	}
	latestSession, _ := num(latest, "session_key")
	latestMeeting, _ := num(latest, "meeting_key")
	if latestSession != 9472 {
		t.Fatalf("reference latest session = %v, expected the 2024 Bahrain race", latestSession)
	}

	// Boundary values taken from the data, so <, <=, >, >= differ by the rows equal to them.
	laps := allRows(t, src, openf1.EndpointLaps)
	var lapBound float64
	for _, l := range laps {
		if numIn(l, "session_key", 9472) && numIn(l, "lap_number", 20) && numIn(l, "driver_number", 1) {
			lapBound, _ = num(l, "lap_duration")
		}
	}
	weather := allRows(t, src, openf1.EndpointWeather)
	var wBound time.Time
	for _, w := range weather {
		if d, ok := tim(w, "date"); ok && numIn(w, "session_key", 9472) && (wBound.IsZero() || d.After(wBound)) && d.Before(now) {
			wBound = d // the last reading before 16:00
		}
	}
	if lapBound == 0 || wBound.IsZero() {
		t.Fatal("boundary values not found in the recordings")
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	s9472 := openf1.Key(9472)

	type tcase struct {
		name  string
		ep    openf1.Endpoint
		fetch func(t *testing.T) []any
		want  func(r row) bool
	}
	lapsCase := func(name string, f openf1.LapsFilter, want func(row) bool) tcase {
		return tcase{name, openf1.EndpointLaps, func(t *testing.T) []any {
			return fetch(t, func() ([]openf1.Lap, error) { return c.Laps(ctx, f) },
				func() func(func(openf1.Lap, error) bool) { return c.LapsSeq(ctx, f) })
		}, want}
	}
	sessionsCase := func(name string, f openf1.SessionsFilter, want func(row) bool) tcase {
		return tcase{name, openf1.EndpointSessions, func(t *testing.T) []any {
			return fetch(t, func() ([]openf1.Session, error) { return c.Sessions(ctx, f) },
				func() func(func(openf1.Session, error) bool) { return c.SessionsSeq(ctx, f) })
		}, want}
	}
	weatherCase := func(name string, f openf1.WeatherFilter, want func(row) bool) tcase {
		return tcase{name, openf1.EndpointWeather, func(t *testing.T) []any {
			return fetch(t, func() ([]openf1.Weather, error) { return c.Weather(ctx, f) },
				func() func(func(openf1.Weather, error) bool) { return c.WeatherSeq(ctx, f) })
		}, want}
	}
	inSession := func(r row) bool { return numIn(r, "session_key", 9472) }
	dateStart := func(r row) (time.Time, bool) { return tim(r, "date_start") }

	tests := []tcase{
		lapsCase("eq several values", openf1.LapsFilter{SessionKey: s9472, DriverNumber: openf1.Eq(1, 44, 16)},
			func(r row) bool { return inSession(r) && numIn(r, "driver_number", 1, 44, 16) }),
		lapsCase("lt", openf1.LapsFilter{SessionKey: s9472, LapDuration: openf1.Lt(lapBound)},
			func(r row) bool { v, ok := num(r, "lap_duration"); return inSession(r) && ok && v < lapBound }),
		lapsCase("le", openf1.LapsFilter{SessionKey: s9472, LapDuration: openf1.Le(lapBound)},
			func(r row) bool { v, ok := num(r, "lap_duration"); return inSession(r) && ok && v <= lapBound }),
		lapsCase("gt", openf1.LapsFilter{SessionKey: s9472, LapDuration: openf1.Gt(lapBound)},
			func(r row) bool { v, ok := num(r, "lap_duration"); return inSession(r) && ok && v > lapBound }),
		lapsCase("ge", openf1.LapsFilter{SessionKey: s9472, LapDuration: openf1.Ge(lapBound)},
			func(r row) bool { v, ok := num(r, "lap_duration"); return inSession(r) && ok && v >= lapBound }),
		lapsCase("two ranges OR-ed", openf1.LapsFilter{SessionKey: s9472, DriverNumber: openf1.Eq(1),
			LapNumber: openf1.Between(4, 7).Or(openf1.Range(openf1.OpGt, 50, openf1.OpLe, 53))},
			func(r row) bool {
				v, _ := num(r, "lap_number")
				return inSession(r) && numIn(r, "driver_number", 1) && ((v >= 4 && v <= 7) || (v > 50 && v <= 53))
			}),
		lapsCase("bool", openf1.LapsFilter{SessionKey: openf1.Key(9472, 9488), IsPitOutLap: openf1.Eq(true)},
			func(r row) bool { return numIn(r, "session_key", 9472, 9488) && r["is_pit_out_lap"] == true }),
		lapsCase("latest session", openf1.LapsFilter{SessionKey: openf1.LatestKey(), LapNumber: openf1.Eq(1)},
			func(r row) bool { return numIn(r, "session_key", latestSession) && numIn(r, "lap_number", 1) }),
		lapsCase("timestamp bound", openf1.LapsFilter{SessionKey: s9472,
			DateStart: openf1.Range(openf1.OpGe, openf1.At(now.Add(-30*time.Minute)), openf1.OpLt, openf1.At(now))},
			func(r row) bool {
				d, ok := dateStart(r)
				return inSession(r) && ok && !d.Before(now.Add(-30*time.Minute)) && d.Before(now)
			}),
		sessionsCase("latest meeting", openf1.SessionsFilter{MeetingKey: openf1.LatestKey()},
			func(r row) bool { return numIn(r, "meeting_key", latestMeeting) }),
		sessionsCase("strings", openf1.SessionsFilter{Year: openf1.Eq(2024), SessionName: openf1.Eq("Sprint Qualifying", "Sprint Shootout")},
			func(r row) bool {
				n, _ := str(r, "session_name")
				return numIn(r, "year", 2024) && (n == "Sprint Qualifying" || n == "Sprint Shootout")
			}),
		// Partial dates: whole UTC days (API.md §2.5).
		sessionsCase("day =", openf1.SessionsFilter{DateStart: openf1.Eq(openf1.Day(2024, 3, 2))},
			func(r row) bool {
				d, ok := dateStart(r)
				return ok && !d.Before(day(2024, 3, 2)) && d.Before(day(2024, 3, 3))
			}),
		sessionsCase("day >", openf1.SessionsFilter{Year: openf1.Eq(2024), DateStart: openf1.Gt(openf1.Day(2024, 11, 22))},
			func(r row) bool {
				d, ok := dateStart(r)
				return numIn(r, "year", 2024) && ok && !d.Before(day(2024, 11, 23))
			}),
		sessionsCase("day >=", openf1.SessionsFilter{Year: openf1.Eq(2024), DateStart: openf1.Ge(openf1.Day(2024, 11, 22))},
			func(r row) bool {
				d, ok := dateStart(r)
				return numIn(r, "year", 2024) && ok && !d.Before(day(2024, 11, 22))
			}),
		sessionsCase("day <", openf1.SessionsFilter{Year: openf1.Eq(2024), DateStart: openf1.Lt(openf1.Day(2024, 3, 2))},
			func(r row) bool {
				d, ok := dateStart(r)
				return numIn(r, "year", 2024) && ok && d.Before(day(2024, 3, 2))
			}),
		sessionsCase("day <=", openf1.SessionsFilter{Year: openf1.Eq(2024), DateStart: openf1.Le(openf1.Day(2024, 3, 2))},
			func(r row) bool {
				d, ok := dateStart(r)
				return numIn(r, "year", 2024) && ok && d.Before(day(2024, 3, 3))
			}),
		sessionsCase("month by day bounds", openf1.SessionsFilter{DateStart: openf1.Ge(openf1.Day(2023, 9, 1)), DateEnd: openf1.Le(openf1.Day(2023, 9, 30))},
			func(r row) bool {
				s, ok1 := dateStart(r)
				e, ok2 := tim(r, "date_end")
				return ok1 && ok2 && !s.Before(day(2023, 9, 1)) && e.Before(day(2023, 10, 1))
			}),
		weatherCase("instant >=", openf1.WeatherFilter{SessionKey: s9472, Date: openf1.Ge(openf1.At(wBound))},
			func(r row) bool { d, ok := tim(r, "date"); return inSession(r) && ok && !d.Before(wBound) }),
		weatherCase("instant >", openf1.WeatherFilter{SessionKey: s9472, Date: openf1.Gt(openf1.At(wBound))},
			func(r row) bool { d, ok := tim(r, "date"); return inSession(r) && ok && d.After(wBound) }),
		weatherCase("instant =", openf1.WeatherFilter{Date: openf1.Eq(openf1.At(wBound))},
			func(r row) bool { d, ok := tim(r, "date"); return ok && d.Equal(wBound) }),
		weatherCase("float range", openf1.WeatherFilter{SessionKey: s9472, TrackTemperature: openf1.Range(openf1.OpGt, 23.0, openf1.OpLt, 25.5)},
			func(r row) bool {
				v, ok := num(r, "track_temperature")
				return inSession(r) && ok && v > 23 && v < 25.5
			}),
		{"gap numbers only", openf1.EndpointIntervals, func(t *testing.T) []any {
			f := openf1.IntervalsFilter{SessionKey: openf1.Key(11731), Interval: openf1.Range(openf1.OpGt, 0.0, openf1.OpLt, 0.5)}
			return fetch(t, func() ([]openf1.Interval, error) { return c.Intervals(ctx, f) },
				func() func(func(openf1.Interval, error) bool) { return c.IntervalsSeq(ctx, f) })
		}, func(r row) bool {
			v, ok := num(r, "interval")
			return numIn(r, "session_key", 11731) && ok && v > 0 && v < 0.5
		}},
		{"string with spaces", openf1.EndpointRaceControl, func(t *testing.T) []any {
			f := openf1.RaceControlFilter{SessionKey: openf1.Key(11731), Flag: openf1.Eq("DOUBLE YELLOW", "CLEAR")}
			return fetch(t, func() ([]openf1.RaceControl, error) { return c.RaceControl(ctx, f) },
				func() func(func(openf1.RaceControl, error) bool) { return c.RaceControlSeq(ctx, f) })
		}, func(r row) bool {
			f, _ := str(r, "flag")
			return numIn(r, "session_key", 11731) && (f == "DOUBLE YELLOW" || f == "CLEAR")
		}},
	}
	rowsOf := map[openf1.Endpoint][]row{openf1.EndpointLaps: laps, openf1.EndpointSessions: sessions,
		openf1.EndpointWeather: weather}
	for _, tt := range tests {
		if rowsOf[tt.ep] == nil {
			rowsOf[tt.ep] = allRows(t, src, tt.ep)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			all := rowsOf[tt.ep]
			var want []any
			for _, r := range all {
				if tt.want(r) {
					want = append(want, r)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("reference selects %d of %d rows: the case does not discriminate", len(want), len(all))
			}
			got := tt.fetch(t)
			g, w := canonical(t, got), canonical(t, want)
			if !slices.Equal(g, w) {
				t.Fatalf("client returned %d rows, reference %d", len(g), len(w))
			}
		})
	}
}
