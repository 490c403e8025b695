package openf1_test

// Fault injection through the fake server (openf1test): the client's
// retries, error mapping, auth and rate limiting against the API's own
// status codes and bodies.

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// smallSource holds 30 laps of one session.
func smallSource() *openf1test.MemorySource {
	src := openf1test.NewMemorySource()
	for i := 1; i <= 30; i++ {
		b, _ := json.Marshal(map[string]any{"meeting_key": 1229, "session_key": 9472, "driver_number": 1 + i%3,
			"lap_number": i, "date_start": nil, "duration_sector_1": 30.1, "duration_sector_2": 40.2,
			"duration_sector_3": 25.3, "i1_speed": 250, "i2_speed": 260, "is_pit_out_lap": i == 1,
			"lap_duration": 95.6, "segments_sector_1": []any{2049, nil}, "segments_sector_2": []any{},
			"segments_sector_3": nil, "st_speed": 300})
		src.Add(openf1.EndpointLaps, b)
	}
	return src
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    openf1test.Fault
		n        int
		wantErr  error // nil: retried to success
		attempts int
	}{
		{"429 then ok", openf1test.RateLimitFault(1), 2, nil, 3},
		{"500 then ok", openf1test.StatusFault(500), 1, nil, 2},
		{"502 then ok", openf1test.StatusFault(502), 2, nil, 3},
		{"503 then ok", openf1test.StatusFault(503), 3, nil, 4},
		{"reset then ok", openf1test.ResetFault(), 2, nil, 3},
		{"truncated then ok", openf1test.TruncateFault(100), 2, nil, 3},
		{"429 storm", openf1test.RateLimitFault(1), 0, openf1.ErrRateLimited, 4},
		{"504 storm", openf1test.StatusFault(504), 0, openf1.ErrServer, 4},
		{"422", openf1test.StatusFault(422), 1, openf1.ErrTooMuchData, 1},
		{"live lockout", openf1test.StatusFault(401), 1, openf1.ErrLiveRestricted, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := openf1test.NewServer(smallSource())
			t.Cleanup(srv.Close)
			srv.FailEndpoint(openf1.EndpointLaps, tt.n, tt.fault)
			c := newClient(t, srv.URL())
			laps, err := c.Laps(context.Background(), openf1.LapsFilter{SessionKey: openf1.Key(9472)})
			switch {
			case tt.wantErr == nil && (err != nil || len(laps) != 30):
				t.Fatalf("%d laps, %v", len(laps), err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := settledRequests(srv, tt.attempts); got != tt.attempts {
				t.Fatalf("server saw %d requests, want %d", got, tt.attempts)
			}
		})
	}
}

// settledRequests returns the number of requests in the server's log once
// it reaches want or stops growing: a handler that dropped its connection
// may log it just after the client has moved on.
func settledRequests(srv *openf1test.Server, want int) int {
	deadline := time.Now().Add(time.Second)
	n := len(srv.Requests())
	for n < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		n = len(srv.Requests())
	}
	return n
}

func TestFakeServerRowLimitAndTimeout(t *testing.T) {
	t.Parallel()
	srv := openf1test.NewServer(smallSource(), openf1test.WithRowLimit(10, openf1.EndpointLaps))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL(), openf1.WithTimeout(50*time.Millisecond))
	ctx := context.Background()
	_, err := c.Laps(ctx, openf1.LapsFilter{})
	if !errors.Is(err, openf1.ErrTooMuchData) {
		t.Fatalf("30 rows over a limit of 10: %v", err)
	}
	// Split the query as the error asks: by driver, each under the limit.
	total := 0
	for _, d := range []int{1, 2, 3} {
		laps, err := c.Laps(ctx, openf1.LapsFilter{DriverNumber: openf1.Eq(d)})
		if err != nil {
			t.Fatal(err)
		}
		total += len(laps)
	}
	if total != 30 {
		t.Fatalf("split queries returned %d laps", total)
	}
	srv.FailEndpoint(openf1.EndpointLaps, 1, openf1test.SlowFault(time.Second))
	laps, err := c.Laps(ctx, openf1.LapsFilter{DriverNumber: openf1.Eq(1)})
	if err != nil || len(laps) != 10 {
		t.Fatalf("slow first attempt should time out and be retried: %d, %v", len(laps), err)
	}
}

func TestFakeServerAuth(t *testing.T) {
	t.Parallel()
	srv := openf1test.NewServer(smallSource(), openf1test.WithCredentials(testUser, testPassword),
		openf1test.WithRequireAuth())
	t.Cleanup(srv.Close)
	ctx := context.Background()

	anon := newClient(t, srv.URL())
	if _, err := anon.Laps(ctx, openf1.LapsFilter{}); !errors.Is(err, openf1.ErrUnauthorized) {
		t.Fatalf("anonymous: %v", err)
	}
	c := newClient(t, srv.URL(), openf1.WithCredentials(testUser, testPassword))
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if laps, err := c.Laps(ctx, openf1.LapsFilter{}); err != nil || len(laps) != 30 {
				t.Errorf("%d laps, %v", len(laps), err)
			}
		})
	}
	wg.Wait()
	srv.ExpireTokens() // the hour is up early: one 401, one new token, one retry
	if _, err := c.Laps(ctx, openf1.LapsFilter{}); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	tokens := 0
	for _, r := range srv.Requests() {
		if r.Endpoint == openf1test.TokenEndpoint {
			tokens++
		}
	}
	if tokens != 2 {
		t.Fatalf("%d token requests, want 2 (one shared by 10 goroutines, one after expiry)", tokens)
	}
	bad := newClient(t, srv.URL(), openf1.WithCredentials(testUser, "wrong"))
	if _, err := bad.Laps(ctx, openf1.LapsFilter{}); !errors.Is(err, openf1.ErrUnauthorized) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestFakeServerLiveSession(t *testing.T) {
	t.Parallel()
	srv := openf1test.NewServer(smallSource(), openf1test.WithLiveSession(openf1test.LiveOn),
		openf1test.WithCredentials(testUser, testPassword))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	_, err := newClient(t, srv.URL()).Laps(ctx, openf1.LapsFilter{})
	if !errors.Is(err, openf1.ErrLiveRestricted) || errors.Is(err, openf1.ErrUnauthorized) {
		t.Fatalf("anonymous during a live session: %v", err)
	}
	laps, err := newClient(t, srv.URL(), openf1.WithCredentials(testUser, testPassword)).Laps(ctx, openf1.LapsFilter{})
	if err != nil || len(laps) != 30 {
		t.Fatalf("authenticated during a live session: %d, %v", len(laps), err)
	}
}

// TestClientLimiterKeepsUnderServerLimit: with the client's limit a little
// under the server's sliding-window limit (network jitter can bring two
// requests spaced exactly 1/rate apart closer together on arrival), no
// request is refused.
func TestClientLimiterKeepsUnderServerLimit(t *testing.T) {
	t.Parallel()
	srv := openf1test.NewServer(smallSource(), openf1test.WithRateLimit(20, 0))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL(), openf1.WithRateLimit(openf1.RateLimit{PerSecond: 15}))
	var wg sync.WaitGroup
	for range 25 {
		wg.Go(func() {
			if _, err := c.Raw(context.Background(), openf1.EndpointLaps, openf1.Query{}.Eq("lap_number", 3)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, r := range srv.Requests() {
		if r.Status == 429 {
			t.Fatalf("the server refused a request: %+v", r)
		}
	}
	if n := len(srv.Requests()); n != 25 {
		t.Fatalf("%d requests", n)
	}
}
