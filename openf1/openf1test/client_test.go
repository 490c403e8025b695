package openf1test_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// These tests run the real client (package openf1) against the fake server.

func fastClient(t *testing.T, srv *openf1test.Server, opts ...openf1.Option) *openf1.Client {
	t.Helper()
	retry := openf1.DefaultRetryPolicy()
	retry.MinWait, retry.MaxWait, retry.MaxRetryAfter = time.Millisecond, 5*time.Millisecond, 10*time.Millisecond
	c, err := openf1.NewClient(append([]openf1.Option{
		openf1.WithBaseURL(srv.URL()),
		openf1.WithoutRateLimit(),
		openf1.WithRetryPolicy(retry),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordedLaps reads the recorded whole-session laps response of 9488.
func recordedLaps(t *testing.T) []byte {
	t.Helper()
	return sharedtest.ReadFile(t, "fixtures", "openf1", "heibylau__F1-pit-strategy-search", "data", "raw", "laps.json")
}

func TestClientAgainstServer(t *testing.T) {
	t.Parallel()
	data := recordedLaps(t)
	src, _, err := openf1test.LoadFS(context.Background(), fstest.MapFS{"laps.json": {Data: data}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	srv := openf1test.NewServer(src)
	defer srv.Close()
	c := fastClient(t, srv)
	ctx := context.Background()

	laps, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(9488), DriverNumber: openf1.Eq(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(laps) != 4 {
		t.Errorf("Verstappen laps: %d, want 4", len(laps))
	}
	fast, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(9488), LapDuration: openf1.Lt(80.5)})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range fast {
		if d, ok := l.LapDuration.Get(); !ok || d >= 80.5 {
			t.Errorf("lap %d of car %d: duration %v", l.LapNumber, l.DriverNumber, l.LapDuration)
		}
	}
	if len(fast) == 0 {
		t.Error("no lap under 80.5 s")
	}

	// Raw mode returns the recorded API bytes unchanged.
	raw, err := c.Raw(ctx, openf1.EndpointLaps, openf1.Query{}.Eq("session_key", 9488))
	if err != nil {
		t.Fatal(err)
	}
	if string(raw.Body) != string(data) {
		t.Errorf("raw body differs from the recording (%d vs %d bytes)", len(raw.Body), len(data))
	}
	none, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(1)})
	if err != nil || len(none) != 0 {
		t.Errorf("no-results query: %d laps, err %v", len(none), err)
	}
}

func TestClientRetriesAndErrors(t *testing.T) {
	t.Parallel()
	data := recordedLaps(t)
	src, _, _ := openf1test.LoadFS(context.Background(), fstest.MapFS{"laps.json": {Data: data}}, ".")
	srv := openf1test.NewServer(src, openf1test.WithRowLimit(100, openf1.EndpointLaps))
	defer srv.Close()
	c := fastClient(t, srv)
	ctx := context.Background()
	f := openf1.LapsFilter{SessionKey: openf1.Key(9488), DriverNumber: openf1.Eq(44)}

	srv.FailNext(1, openf1test.StatusFault(http.StatusServiceUnavailable))
	srv.FailNext(1, openf1test.RateLimitFault(1))
	srv.FailNext(1, openf1test.TruncateFault(100))
	laps, err := c.Laps(ctx, f)
	if err != nil {
		t.Fatalf("after a 503, a 429 and a cut body: %v", err)
	}
	if len(laps) == 0 || len(srv.Requests()) != 4 {
		t.Errorf("%d laps in %d requests; want the answer on the 4th", len(laps), len(srv.Requests()))
	}

	_, err = c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(9488)})
	if !errors.Is(err, openf1.ErrTooMuchData) {
		t.Errorf("998 laps over the 100-row limit: err = %v, want ErrTooMuchData", err)
	}
	srv.SetLive(openf1test.LiveOn)
	_, err = c.Laps(ctx, f)
	if !errors.Is(err, openf1.ErrLiveRestricted) {
		t.Errorf("live session: err = %v, want ErrLiveRestricted", err)
	}
}

func TestClientAuthentication(t *testing.T) {
	t.Parallel()
	src := openf1test.NewMemorySource()
	src.Add(openf1.EndpointSessions, []byte(`{"meeting_key":1231,"session_key":9488,"session_name":"Race","session_type":"Race","date_start":"2024-03-24T04:00:00+00:00","date_end":"2024-03-24T06:00:00+00:00","year":2024,"gmt_offset":"11:00:00","location":"Melbourne","country_key":5,"country_name":"Australia","circuit_key":10,"circuit_short_name":"Melbourne"}`))
	now := time.Date(2024, 3, 24, 5, 0, 0, 0, time.UTC)
	srv := openf1test.NewServer(src,
		openf1test.WithCredentials("fan@example.com", "s3cret"),
		openf1test.WithRequireAuth(),
		openf1test.WithNow(func() time.Time { return now }))
	defer srv.Close()

	c := fastClient(t, srv, openf1.WithCredentials("fan@example.com", "s3cret"))
	sessions, err := c.Sessions(context.Background(), openf1.SessionsFilter{SessionKey: openf1.LatestKey()})
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 1 || sessions[0].SessionKey != 9488 {
		t.Errorf("latest session: %+v", sessions)
	}
	if st := srv.Stats(); st.TokensIssued != 1 {
		t.Errorf("tokens issued: %d", st.TokensIssued)
	}

	bad := fastClient(t, srv, openf1.WithCredentials("fan@example.com", "wrong"))
	if _, err := bad.Sessions(context.Background(), openf1.SessionsFilter{}); !errors.Is(err, openf1.ErrUnauthorized) {
		t.Errorf("wrong password: err = %v, want ErrUnauthorized", err)
	}
}
