package openf1_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// prefix is where test servers mount the API, to catch absolute-URL bugs.
const prefix = "/openf1"

// newServer starts an httptest server serving h under prefix and returns
// the base URL to give the client.
func newServer(t testing.TB, h http.Handler) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, h))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s", r.URL)
		http.Error(w, "outside base path", http.StatusTeapot)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

// fastRetries retries quickly so tests stay fast.
func fastRetries(n int) openf1.RetryPolicy {
	p := openf1.DefaultRetryPolicy()
	p.MaxRetries, p.MinWait, p.MaxWait, p.MaxRetryAfter = n, time.Millisecond, 5*time.Millisecond, 20*time.Millisecond
	return p
}

func newClient(t testing.TB, base string, opts ...openf1.Option) *openf1.Client {
	t.Helper()
	all := append([]openf1.Option{openf1.WithBaseURL(base), openf1.WithoutRateLimit(),
		openf1.WithRetryPolicy(fastRetries(3))}, opts...)
	c, err := openf1.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recorder is a handler that logs requests and answers from a function.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	times    []time.Time
	answer   func(n int, w http.ResponseWriter, r *http.Request)
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	n := len(rc.requests)
	rc.requests = append(rc.requests, r)
	rc.times = append(rc.times, time.Now())
	rc.mu.Unlock()
	rc.answer(n, w, r)
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.requests)
}

func (rc *recorder) request(i int) *http.Request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests[i]
}

func jsonAnswer(status int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

const twoLaps = `[{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":1,"date_start":null,` +
	`"duration_sector_1":null,"duration_sector_2":39.0,"duration_sector_3":33.0,"i1_speed":null,"i2_speed":200,` +
	`"is_pit_out_lap":false,"lap_duration":null,"segments_sector_1":[2049],"segments_sector_2":null,"segments_sector_3":[],"st_speed":null},` +
	`{"meeting_key":1229,"session_key":9472,"driver_number":1,"lap_number":2,"date_start":"2024-03-02T15:05:02.121000+00:00",` +
	`"duration_sector_1":31.5,"duration_sector_2":38.9,"duration_sector_3":26.2,"i1_speed":230,"i2_speed":255,` +
	`"is_pit_out_lap":false,"lap_duration":96.6,"segments_sector_1":[2049],"segments_sector_2":[2051],"segments_sector_3":[2049],"st_speed":290}]`

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	bad := map[string]openf1.Option{
		"relative base":     openf1.WithBaseURL("/v1"),
		"ftp base":          openf1.WithBaseURL("ftp://api.openf1.org"),
		"user in base":      openf1.WithBaseURL("https://me:secret@api.openf1.org"),
		"query in base":     openf1.WithBaseURL("https://api.openf1.org?x=1"),
		"nil http client":   openf1.WithHTTPClient(nil),
		"empty agent":       openf1.WithUserAgent(" "),
		"negative timeout":  openf1.WithTimeout(-time.Second),
		"negative rate":     openf1.WithRateLimit(openf1.RateLimit{PerSecond: -1}),
		"empty rate":        openf1.WithRateLimit(openf1.RateLimit{}),
		"negative retries":  openf1.WithRetryPolicy(openf1.RetryPolicy{MaxRetries: -1}),
		"inverted waits":    openf1.WithRetryPolicy(openf1.RetryPolicy{MinWait: time.Second, MaxWait: time.Millisecond}),
		"empty password":    openf1.WithCredentials("me", ""),
		"token with space":  openf1.WithToken("a b"),
		"cache without dir": openf1.WithCache("", openf1.CacheReadThrough),
		"cache bad mode":    openf1.WithCache(t.TempDir(), 9),
		"nil logger":        openf1.WithLogger(nil),
	}
	for name, opt := range bad {
		if _, err := openf1.NewClient(opt); err == nil {
			t.Errorf("%s: NewClient accepted an invalid option", name)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error leaks the password: %v", name, err)
		}
	}
	if _, err := openf1.NewClient(openf1.WithToken("tok"), openf1.WithCredentials("u", "p")); err == nil {
		t.Error("token and credentials together were accepted")
	}
	c, err := openf1.NewClient()
	if err != nil || c.BaseURL() != openf1.DefaultBaseURL {
		t.Fatalf("default client: %v %v", c, err)
	}
	c, err = openf1.NewClient(openf1.WithBaseURL("http://127.0.0.1:1/openf1/"))
	if err != nil || c.BaseURL() != "http://127.0.0.1:1/openf1" {
		t.Fatalf("trailing slash not trimmed: %v %v", c.BaseURL(), err)
	}
}

func TestEnvCredentials(t *testing.T) {
	t.Setenv(openf1.EnvUsername, "me@example.com")
	t.Setenv(openf1.EnvPassword, "")
	t.Setenv(openf1.EnvToken, "")
	if _, err := openf1.NewClient(openf1.WithEnvCredentials()); err == nil {
		t.Fatal("username without password accepted")
	}
	t.Setenv(openf1.EnvPassword, "pw")
	if _, err := openf1.NewClient(openf1.WithEnvCredentials()); err != nil {
		t.Fatal(err)
	}
	t.Setenv(openf1.EnvUsername, "")
	t.Setenv(openf1.EnvPassword, "")
	if _, err := openf1.NewClient(openf1.WithEnvCredentials()); err != nil {
		t.Fatalf("no env: %v", err)
	}
}

func TestListSendsQueryAndDecodes(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: jsonAnswer(200, twoLaps)}
	c := newClient(t, newServer(t, rec), openf1.WithUserAgent("pitwall-test/1"))
	laps, err := c.Laps(context.Background(), openf1.LapsFilter{
		SessionKey:   openf1.Key(9472),
		DriverNumber: openf1.Eq(1, 44),
		DateStart:    openf1.Ge(openf1.At(time.Date(2024, 3, 2, 15, 0, 0, 0, time.FixedZone("", 3600)))),
		LapDuration:  openf1.Lt(100.5),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(laps) != 2 || laps[1].LapDuration.V != 96.6 || laps[0].LapDuration.Valid || !laps[0].LapDuration.Null {
		t.Fatalf("laps = %+v", laps)
	}
	r := rec.request(0)
	want := "session_key%3D9472&driver_number%3D1&driver_number%3D44&date_start%3E%3D2024-03-02T14%3A00%3A00%2B00%3A00&lap_duration%3C100.5"
	if r.URL.Path != "/v1/laps" || r.URL.RawQuery != want {
		t.Fatalf("request %s?%s\nwant query %s", r.URL.Path, r.URL.RawQuery, want)
	}
	if r.Header.Get("User-Agent") != "pitwall-test/1" || r.Header.Get("Accept") != "application/json" {
		t.Fatalf("headers %v", r.Header)
	}
	if r.Header.Get("Authorization") != "" {
		t.Fatal("anonymous client sent an Authorization header")
	}
}

func TestNoResults(t *testing.T) {
	t.Parallel()
	const notFound = `{"detail":"No results found."}`
	for name, answer := range map[string]func(int, http.ResponseWriter, *http.Request){
		"404": jsonAnswer(404, notFound),
		"200": jsonAnswer(200, " [ ]\n"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, newServer(t, &recorder{answer: answer}))
			ctx := context.Background()
			laps, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(1)})
			if err != nil || laps == nil || len(laps) != 0 {
				t.Fatalf("Laps = %#v, %v; want empty non-nil slice", laps, err)
			}
			n := 0
			for _, err := range c.LapsSeq(ctx, openf1.LapsFilter{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			raw, err := c.Raw(ctx, openf1.EndpointLaps, nil)
			if err != nil || !raw.NoResults || n != 0 {
				t.Fatalf("Raw = %+v, %v", raw, err)
			}
			if name == "404" && (raw.Status != 404 || string(raw.Body) != notFound) {
				t.Fatalf("Raw kept status %d body %q", raw.Status, raw.Body)
			}
			if name == "200" && string(raw.Body) != " [ ]\n" {
				t.Fatalf("Raw body %q", raw.Body)
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		ep       openf1.Endpoint
		status   int
		body     string
		sentinel error
		notIs    error
		attempts int
	}{
		{"other 404", openf1.EndpointLaps, 404, `{"detail":"Not Found"}`, nil, openf1.ErrNoResults, 1},
		{"too much", openf1.EndpointCarData, 422, `{"detail":"Failed to retrieve information. You're likely asking for too much data at once."}`, openf1.ErrTooMuchData, openf1.ErrServer, 1},
		{"live", openf1.EndpointLaps, 401, `{"detail":"Session in progress, access is restricted to authenticated users. Sign up here: https://x"}`, openf1.ErrLiveRestricted, openf1.ErrUnauthorized, 1},
		{"unauthorized", openf1.EndpointLaps, 401, `{"detail":"Invalid token"}`, openf1.ErrUnauthorized, openf1.ErrLiveRestricted, 1},
		{"500 telemetry", openf1.EndpointLocation, 500, `<html>Internal Server Error</html>`, openf1.ErrTooMuchData, nil, 4},
		{"500 laps", openf1.EndpointLaps, 500, `<html>Internal Server Error</html>`, openf1.ErrServer, openf1.ErrTooMuchData, 4},
		{"504", openf1.EndpointCarData, 504, `upstream request timeout`, openf1.ErrTooMuchData, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{answer: jsonAnswer(tt.status, tt.body)}
			c := newClient(t, newServer(t, rec))
			raw, err := c.Raw(context.Background(), tt.ep, openf1.Query{}.Eq("session_key", 9472))
			var apiErr *openf1.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.Status != tt.status || apiErr.Attempts != tt.attempts || rec.count() != tt.attempts {
				t.Fatalf("status %d attempts %d (server saw %d), want %d, %d", apiErr.Status, apiErr.Attempts, rec.count(), tt.status, tt.attempts)
			}
			if apiErr.Request != "/v1/"+string(tt.ep)+"?session_key%3D9472" || raw == nil || raw.Status != tt.status {
				t.Fatalf("request %q raw %+v", apiErr.Request, raw)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Fatalf("%v does not match %v", err, tt.sentinel)
			}
			if tt.notIs != nil && errors.Is(err, tt.notIs) {
				t.Fatalf("%v wrongly matches %v", err, tt.notIs)
			}
			if strings.Contains(tt.body, "detail") == (apiErr.Detail == "") {
				t.Fatalf("detail %q body %q", apiErr.Detail, apiErr.Body)
			}
			if _, err := c.Laps(context.Background(), openf1.LapsFilter{}); !errors.As(err, &apiErr) {
				t.Fatalf("list method: %v", err)
			}
		})
	}
}

func TestInvalidQueriesAreRejectedBeforeSending(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: jsonAnswer(200, "[]")}
	c := newClient(t, newServer(t, rec))
	ctx := context.Background()
	for name, f := range map[string]openf1.LapsFilter{
		"inverted":   {LapNumber: openf1.Gt(10).Or(openf1.Lt(5))},
		"empty Eq":   {DriverNumber: openf1.Eq[int]()},
		"bad range":  {LapNumber: openf1.Range(openf1.OpLt, 1, openf1.OpLt, 5)},
		"day window": {DateStart: openf1.Range(openf1.OpGt, openf1.Day(2024, 3, 2), openf1.OpLt, openf1.Day(2024, 3, 3))},
	} {
		if _, err := c.Laps(ctx, f); err == nil {
			t.Errorf("%s: accepted", name)
		}
		for _, err := range c.LapsSeq(ctx, f) {
			if err == nil {
				t.Errorf("%s: stream accepted", name)
			}
		}
	}
	if _, err := c.Raw(ctx, "laps/../x", nil); err == nil {
		t.Error("bad endpoint name accepted")
	}
	if _, err := c.Raw(ctx, openf1.EndpointLaps, openf1.Query{}.Eq("driver_number", openf1.Latest)); err == nil {
		t.Error("latest on driver_number accepted")
	}
	if rec.count() != 0 {
		t.Fatalf("%d invalid requests reached the server", rec.count())
	}
}
