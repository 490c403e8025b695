package openf1

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestTokenRenewedBeforeExpiry drives the token source's clock: the token
// is reused until a minute before its hour is up, then renewed.
func TestTokenRenewedBeforeExpiry(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	issued := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/token" {
			issued++
			fmt.Fprintf(w, `{"expires_in":"3600","access_token":"t%d","token_type":"bearer"}`, issued)
			return
		}
		if r.Header.Get("Authorization") != fmt.Sprintf("Bearer t%d", issued) {
			w.WriteHeader(401)
			return
		}
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithoutRateLimit(), WithCredentials("u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	ts := c.auth.source
	ts.now = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	advance := func(d time.Duration) { clockMu.Lock(); now = now.Add(d); clockMu.Unlock() }

	ctx := context.Background()
	get := func() {
		t.Helper()
		if _, err := c.Raw(ctx, EndpointLaps, nil); err != nil {
			t.Fatal(err)
		}
	}
	get()
	advance(58 * time.Minute)
	get()
	if ts.fetches != 1 {
		t.Fatalf("token renewed after 58 min: %d fetches", ts.fetches)
	}
	advance(61 * time.Second) // 59:01 — within the last minute
	get()
	if ts.fetches != 2 {
		t.Fatalf("token not renewed in its last minute: %d fetches", ts.fetches)
	}
	if issued != 2 {
		t.Fatalf("server issued %d tokens", issued)
	}
}

func TestParseExpiresIn(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		`"3600"`: time.Hour, `3600`: time.Hour, `"90.5"`: 90500 * time.Millisecond, ``: time.Hour, `null`: time.Hour, `0`: time.Hour,
	} {
		got, err := parseExpiresIn([]byte(in))
		if err != nil || got != want {
			t.Errorf("parseExpiresIn(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{`"soon"`, `true`, `"1h"`} {
		if _, err := parseExpiresIn([]byte(in)); err == nil {
			t.Errorf("parseExpiresIn(%s) accepted", in)
		}
	}
}
