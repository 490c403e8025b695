package openf1_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// gaps returns the sorted arrival times' successive differences.
func gaps(times []time.Time) []time.Duration {
	ts := slices.Clone(times)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	out := make([]time.Duration, 0, len(ts))
	for i := 1; i < len(ts); i++ {
		out = append(out, ts[i].Sub(ts[i-1]))
	}
	return out
}

// sendLog is a transport that notes when each request leaves the client:
// after the rate limiter let it go, before any network delay.
type sendLog struct {
	mu    sync.Mutex
	times []time.Time
}

func (l *sendLog) RoundTrip(req *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.times = append(l.times, time.Now())
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func TestRateLimitSpacing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		rl       openf1.RateLimit
		requests int
		interval time.Duration // spacing once the burst is spent
		burst    int           // requests allowed at the per-second pace first
		perSec   time.Duration
	}{
		{"per second", openf1.RateLimit{PerSecond: 20}, 8, 50 * time.Millisecond, 1, 0},
		{"per minute", openf1.RateLimit{PerMinute: 600}, 6, 100 * time.Millisecond, 1, 0},
		{"stricter wins", openf1.RateLimit{PerSecond: 50, PerMinute: 600}, 6, 100 * time.Millisecond, 1, 0},
		{"burst", openf1.RateLimit{PerSecond: 50, PerMinute: 300, Burst: 3}, 6, 200 * time.Millisecond, 3, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{answer: jsonAnswer(200, "[]")}
			sent := &sendLog{}
			start := time.Now() // before the client (and its limiter) exists
			c := newClient(t, newServer(t, rec), openf1.WithRateLimit(tt.rl),
				openf1.WithHTTPClient(&http.Client{Transport: sent}))
			var wg sync.WaitGroup
			for range tt.requests { // concurrent callers share the budget
				wg.Go(func() {
					if _, err := c.Raw(context.Background(), openf1.EndpointWeather, nil); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			times := slices.Clone(sent.times)
			slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
			if len(times) != tt.requests || rec.count() != tt.requests {
				t.Fatalf("%d sent, %d received", len(times), rec.count())
			}
			// The limiter may release a request late (scheduling), never
			// early: request k leaves no sooner than its slot after start.
			for k, at := range times {
				slot := time.Duration(k-tt.burst+1) * tt.interval
				if k < tt.burst {
					slot = time.Duration(k) * tt.perSec
				}
				if at.Sub(start) < slot-time.Millisecond {
					t.Errorf("request %d left %s after start, before its slot at %s (gaps %v)", k, at.Sub(start), slot, gaps(times))
				}
			}
			// And the pace is the configured one, not slower: the last request
			// leaves within a generous margin of its slot.
			last := time.Duration(tt.requests-tt.burst) * tt.interval
			if got := times[len(times)-1].Sub(start); got > last+500*time.Millisecond {
				t.Errorf("last request left %s after start, its slot is %s", got, last)
			}
		})
	}
}

func TestRetriesWaitForRateLimit(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		jsonAnswer(200, "[]")(n, w, r)
	}}
	sent := &sendLog{}
	start := time.Now()
	c := newClient(t, newServer(t, rec), openf1.WithRateLimit(openf1.RateLimit{PerSecond: 20}),
		openf1.WithHTTPClient(&http.Client{Transport: sent}))
	if _, err := c.Raw(context.Background(), openf1.EndpointLaps, nil); err != nil {
		t.Fatal(err)
	}
	// The backoff is 1-5 ms; the limiter's 50 ms slots are what space the attempts.
	for k, at := range sent.times {
		if slot := time.Duration(k) * 50 * time.Millisecond; at.Sub(start) < slot-time.Millisecond {
			t.Fatalf("attempt %d left %s after start, before its rate-limit slot at %s", k, at.Sub(start), slot)
		}
	}
	if len(sent.times) != 4 {
		t.Fatalf("%d attempts", len(sent.times))
	}
}

func TestRateLimitWaitRespectsContext(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: jsonAnswer(200, "[]")}
	c := newClient(t, newServer(t, rec), openf1.WithRateLimit(openf1.RateLimit{PerMinute: 1}))
	if _, err := c.Raw(context.Background(), openf1.EndpointLaps, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Raw(ctx, openf1.EndpointLaps, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 40*time.Millisecond || rec.count() != 1 {
		t.Fatalf("second request: %v after %s; it would wait a minute, past the deadline", err, time.Since(start))
	}
	ctx, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel2)
	if _, err := c.Raw(ctx, openf1.EndpointLaps, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}
