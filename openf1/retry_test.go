package openf1_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// resetConn drops the connection without an HTTP answer.
func resetConn(t testing.TB, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // RST instead of FIN
	}
	conn.Close()
}

// truncated announces the full body but sends only its first half.
func truncated(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(200)
	w.Write([]byte(body[:len(body)/2]))
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

func TestRetryAfterHonouredAndCapped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		cap        time.Duration
		minGap     time.Duration
		maxGap     time.Duration
	}{
		{"honoured", "1", 10 * time.Second, time.Second, 3 * time.Second},
		{"capped", "3600", 50 * time.Millisecond, 50 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 0 {
					w.Header().Set("retry-after", tt.retryAfter) // lower-case, as captured from the API
					jsonAnswer(429, `{"detail":"Rate limit exceeded. Max 3 requests/second.","error":"Too Many Requests"}`)(n, w, r)
					return
				}
				jsonAnswer(200, twoLaps)(n, w, r)
			}}
			p := fastRetries(3)
			p.MaxRetryAfter = tt.cap
			c := newClient(t, newServer(t, rec), openf1.WithRetryPolicy(p))
			laps, err := c.Laps(context.Background(), openf1.LapsFilter{})
			if err != nil || len(laps) != 2 {
				t.Fatalf("laps %d, %v", len(laps), err)
			}
			gap := rec.times[1].Sub(rec.times[0])
			if rec.count() != 2 || gap < tt.minGap || gap > tt.maxGap {
				t.Fatalf("%d requests, gap %s; want 2 requests %s..%s apart", rec.count(), gap, tt.minGap, tt.maxGap)
			}
		})
	}
}

func TestRateLimitErrorAfterRetries(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		jsonAnswer(429, `{"detail":"Rate limit exceeded. Max 3 requests/second.","error":"Too Many Requests"}`)(n, w, r)
	}}
	c := newClient(t, newServer(t, rec))
	start := time.Now()
	_, err := c.Raw(context.Background(), openf1.EndpointSessions, openf1.Query{}.Eq("year", 2024))
	var rl *openf1.RateLimitError
	var apiErr *openf1.APIError
	if !errors.As(err, &rl) || !errors.Is(err, openf1.ErrRateLimited) || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T)", err, err)
	}
	if rl.RetryAfter != 2*time.Second || rl.Status != 429 || rl.Attempts != 4 || rec.count() != 4 {
		t.Fatalf("RateLimitError %+v, server saw %d", rl, rec.count())
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("waited %s: Retry-After was not capped", time.Since(start))
	}
	if !strings.Contains(err.Error(), "Max 3 requests/second") {
		t.Fatalf("message %q lacks the detail", err)
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fail    func(t *testing.T, w http.ResponseWriter)
		retries int
	}{
		{"5xx", func(t *testing.T, w http.ResponseWriter) {
			http.Error(w, "Bad Gateway", http.StatusBadGateway)
		}, 2},
		{"503 with Retry-After", func(t *testing.T, w http.ResponseWriter) {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		}, 2},
		{"connection reset", func(t *testing.T, w http.ResponseWriter) { resetConn(t, w) }, 2},
		{"truncated body", func(t *testing.T, w http.ResponseWriter) { truncated(w, twoLaps) }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, mode := range []string{"list", "raw"} {
				rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
					if n < tt.retries {
						tt.fail(t, w)
						return
					}
					jsonAnswer(200, twoLaps)(n, w, r)
				}}
				c := newClient(t, newServer(t, rec))
				ctx := context.Background()
				switch mode {
				case "list":
					laps, err := c.Laps(ctx, openf1.LapsFilter{})
					if err != nil || len(laps) != 2 {
						t.Fatalf("%s: %d laps, %v", mode, len(laps), err)
					}
				case "raw":
					raw, err := c.Raw(ctx, openf1.EndpointLaps, nil)
					if err != nil || string(raw.Body) != twoLaps || raw.Status != 200 {
						t.Fatalf("%s: %+v, %v", mode, raw, err)
					}
				}
				if rec.count() != tt.retries+1 {
					t.Fatalf("%s: server saw %d requests, want %d", mode, rec.count(), tt.retries+1)
				}
			}
		})
	}
}

func TestTruncatedBodyAfterRetries(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) { truncated(w, twoLaps) }}
	c := newClient(t, newServer(t, rec))
	ctx := context.Background()
	if _, err := c.Laps(ctx, openf1.LapsFilter{}); !errors.Is(err, openf1.ErrTruncatedBody) || rec.count() != 4 {
		t.Fatalf("Laps: %v after %d requests", err, rec.count())
	}
	if _, err := c.Raw(ctx, openf1.EndpointLaps, nil); !errors.Is(err, openf1.ErrTruncatedBody) {
		t.Fatalf("Raw: %v", err)
	}
	// The stream delivers what arrived, then the error; it cannot retry.
	before := rec.count()
	var rows int
	var last error
	for _, err := range c.LapsSeq(ctx, openf1.LapsFilter{}) {
		if err != nil {
			last = err
			break
		}
		rows++
	}
	if rows != 1 || !errors.Is(last, openf1.ErrTruncatedBody) || rec.count() != before+1 {
		t.Fatalf("stream: %d rows, err %v, %d requests", rows, last, rec.count()-before)
	}
	rs, err := c.RawStream(ctx, openf1.EndpointLaps, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	buf := make([]byte, 1<<16)
	var readErr error
	for readErr == nil {
		_, readErr = rs.Body.Read(buf)
	}
	if !errors.Is(readErr, openf1.ErrTruncatedBody) {
		t.Fatalf("RawStream read: %v", readErr)
	}
}

func TestNotRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 422, 501} {
		rec := &recorder{answer: jsonAnswer(status, `{"detail":"no"}`)}
		c := newClient(t, newServer(t, rec))
		if _, err := c.Laps(context.Background(), openf1.LapsFilter{}); err == nil || rec.count() != 1 {
			t.Errorf("status %d: err %v after %d requests", status, err, rec.count())
		}
	}
	// A malformed body is not retried either.
	rec := &recorder{answer: jsonAnswer(200, `[{"meeting_key":1,"session_key":2,"driver_number":null}]`)}
	c := newClient(t, newServer(t, rec))
	_, err := c.Laps(context.Background(), openf1.LapsFilter{})
	var de *openf1.DecodeError
	if !errors.As(err, &de) || de.Field != "driver_number" || de.Row != 0 || rec.count() != 1 {
		t.Fatalf("malformed: %v after %d requests", err, rec.count())
	}
	if !strings.Contains(err.Error(), `laps (/v1/laps) row 0 field "driver_number"`) {
		t.Fatalf("message %q", err)
	}
}

func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}}
	c := newClient(t, newServer(t, rec), openf1.WithTimeout(30*time.Millisecond), openf1.WithRetryPolicy(fastRetries(1)))
	ctx := context.Background()
	_, err := c.Laps(ctx, openf1.LapsFilter{})
	if !errors.Is(err, openf1.ErrTimeout) || errors.Is(err, openf1.ErrTooMuchData) || rec.count() != 2 {
		t.Fatalf("laps: %v after %d requests", err, rec.count())
	}
	_, err = c.CarData(ctx, openf1.CarDataFilter{SessionKey: openf1.Key(9472)})
	if !errors.Is(err, openf1.ErrTimeout) || !errors.Is(err, openf1.ErrTooMuchData) {
		t.Fatalf("car_data timeout should ask to split the query: %v", err)
	}
}

func TestCancellation(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hang := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}}
	c := newClient(t, newServer(t, hang))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Laps(ctx, openf1.LapsFilter{})
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("in flight: %v after %s", err, time.Since(start))
	}

	// Cancelled while waiting to retry (a long Retry-After under a long cap).
	busy := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}}
	p := fastRetries(3)
	p.MaxRetryAfter = time.Minute
	c = newClient(t, newServer(t, busy), openf1.WithRetryPolicy(p))
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = c.Raw(ctx, openf1.EndpointLaps, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second || busy.count() != 1 {
		t.Fatalf("in backoff: %v after %s, %d requests", err, time.Since(start), busy.count())
	}

	// Cancelled mid-stream: the server sends one row and waits; the loop
	// ends with the context's error.
	first, _, _ := strings.Cut(twoLaps[1:], "},")
	slow := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[" + first + "},"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}}
	c = newClient(t, newServer(t, slow))
	ctx, cancel3 := context.WithCancel(context.Background())
	defer cancel3()
	n := 0
	var last error
	for _, err := range c.LapsSeq(ctx, openf1.LapsFilter{}) {
		if err != nil {
			last = err
			break
		}
		n++
		cancel3()
	}
	if n != 1 || !errors.Is(last, context.Canceled) || errors.Is(last, openf1.ErrTruncatedBody) {
		t.Fatalf("stream: %d rows, err %v", n, last)
	}
}
