package openf1test

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	t.Parallel()
	clock := newClock(mustTime("2026-06-01T12:00:00Z"))
	s := newTestServer(t, smallSource(), WithRateLimit(3, 30), WithNow(clock.now))
	url := s.URL() + "/v1/stints?session_key=9488"
	for i := range 3 {
		if r := get(t, url); r.status != 200 {
			t.Fatalf("request %d: %d", i+1, r.status)
		}
	}
	r := get(t, url)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("4th request in a second: %d", r.status)
	}
	if string(r.body) != `{"detail":"Rate limit exceeded. Max 3 requests/second.","error":"Too Many Requests"}` {
		t.Errorf("429 body %s", r.body)
	}
	if r.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	clock.add(time.Second)
	if r := get(t, url); r.status != 200 {
		t.Errorf("after a second: %d", r.status)
	}

	// 30 per minute: 26 more, one every 400 ms (never 3 in a second).
	for i := range 26 {
		clock.add(400 * time.Millisecond)
		if r := get(t, url); r.status != 200 {
			t.Fatalf("request %d: %d %s", i+5, r.status, r.body)
		}
	}
	clock.add(400 * time.Millisecond)
	r = get(t, url)
	if r.status != http.StatusTooManyRequests || detail(t, r.body) != "Rate limit exceeded. Max 30 requests/minute." {
		t.Fatalf("31st request in a minute: %d %s", r.status, r.body)
	}
	// The oldest of the 30 was at 12:00:00; it leaves the window at 12:01:00.
	elapsed := clock.now().Sub(mustTime("2026-06-01T12:00:00Z"))
	wantWait := int((time.Minute - elapsed + time.Second - 1) / time.Second)
	if got, _ := strconv.Atoi(r.header.Get("Retry-After")); got != wantWait {
		t.Errorf("Retry-After %d, want %d", got, wantWait)
	}
	if st := s.Stats(); st.RateLimited != 2 || st.ByStatus[429] != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestAuthenticatedRateLimit(t *testing.T) {
	t.Parallel()
	clock := newClock(mustTime("2026-06-01T12:00:00Z"))
	s := newTestServer(t, smallSource(), WithRateLimit(3, 30), WithAuthenticatedRateLimit(6, 60), WithNow(clock.now))
	url := s.URL() + "/v1/stints?session_key=9488"
	auth := bearerHeader(s.IssueToken())
	for i := range 6 {
		if r := do(t, "GET", url, nil, auth); r.status != 200 {
			t.Fatalf("authenticated request %d: %d", i+1, r.status)
		}
	}
	if r := do(t, "GET", url, nil, auth); r.status != 429 || detail(t, r.body) != "Rate limit exceeded. Max 6 requests/second." {
		t.Errorf("7th authenticated request: %d %s", r.status, r.body)
	}
	// Anonymous requests have their own budget.
	for i := range 3 {
		if r := get(t, url); r.status != 200 {
			t.Fatalf("anonymous request %d: %d", i+1, r.status)
		}
	}
	if r := get(t, url); r.status != 429 {
		t.Errorf("4th anonymous request: %d", r.status)
	}
}
