package openf1_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestCacheRecordThenReplayOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/laps":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Served-By", "test")
			w.Write([]byte(twoLaps))
		case "/v1/starting_grid":
			jsonAnswer(404, `{"detail":"No results found."}`)(n, w, r)
		default:
			http.Error(w, "boom", 500)
		}
	}}
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, rec))
	srv := httptest.NewServer(mux)
	ctx := context.Background()
	q := openf1.Query{}.Eq("session_key", 9472).Eq("driver_number", 1)

	recorder := newClient(t, srv.URL+prefix, openf1.WithCache(dir, openf1.CacheRecord), openf1.WithToken("secret-token-xyz"))
	first, err := recorder.Raw(ctx, openf1.EndpointLaps, q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recorder.Raw(ctx, openf1.EndpointStartingGrid, q); err != nil {
		t.Fatal(err)
	}
	if _, err := recorder.Raw(ctx, openf1.EndpointWeather, q); err == nil {
		t.Fatal("500 not reported")
	}
	srv.Close() // offline from here on

	// The recordings hold no credentials.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), "secret-token-xyz") || strings.Contains(string(b), "Authorization") {
				t.Errorf("%s contains credentials", p)
			}
		}
		return nil
	})

	// Replay from another base URL (no prefix) with the predicates reordered.
	replay := newClient(t, "http://127.0.0.1:1", openf1.WithCache(dir, openf1.CacheReplay))
	reordered := openf1.Query{}.Eq("driver_number", 1).Eq("session_key", 9472)
	got, err := replay.Raw(ctx, openf1.EndpointLaps, reordered)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != string(first.Body) || got.Status != 200 || !got.FetchedAt.Equal(first.FetchedAt.Truncate(0)) {
		t.Fatalf("replay differs: status %d fetched %v (recorded %v)\n%s", got.Status, got.FetchedAt, first.FetchedAt, got.Body)
	}
	laps, err := replay.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(9472), DriverNumber: openf1.Eq(1)})
	if err != nil || len(laps) != 2 {
		t.Fatalf("typed replay: %d laps, %v", len(laps), err)
	}
	grid, err := replay.Raw(ctx, openf1.EndpointStartingGrid, q)
	if err != nil || !grid.NoResults || grid.Status != 404 {
		t.Fatalf("no-results replay: %+v %v", grid, err)
	}
	_, err = replay.Raw(ctx, openf1.EndpointWeather, q)
	var miss *openf1.CacheMissError
	if !errors.As(err, &miss) || !strings.Contains(err.Error(), "GET /v1/weather?") {
		t.Fatalf("5xx was cached, or the miss is unclear: %v", err)
	}
	if rec.count() != 1+1+4 { // laps, starting_grid, weather with 3 retries
		t.Fatalf("server saw %d requests", rec.count())
	}
}

func TestCacheReadThrough(t *testing.T) {
	t.Parallel()
	rec := &recorder{answer: jsonAnswer(200, twoLaps)}
	c := newClient(t, newServer(t, rec), openf1.WithCache(t.TempDir(), openf1.CacheReadThrough))
	ctx := context.Background()
	f := openf1.LapsFilter{SessionKey: openf1.Key(9472)}
	for range 3 {
		laps, err := c.Laps(ctx, f)
		if err != nil || len(laps) != 2 {
			t.Fatal(len(laps), err)
		}
	}
	if rec.count() != 1 {
		t.Fatalf("server saw %d requests, want 1", rec.count())
	}
	if _, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: openf1.Key(1)}); err != nil || rec.count() != 2 {
		t.Fatalf("another query: %v, %d requests", err, rec.count())
	}
}

func TestCacheSkipsTruncatedBodies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := &recorder{answer: func(n int, w http.ResponseWriter, r *http.Request) { truncated(w, twoLaps) }}
	c := newClient(t, newServer(t, rec), openf1.WithCache(dir, openf1.CacheReadThrough), openf1.WithRetryPolicy(fastRetries(0)))
	if _, err := c.Raw(context.Background(), openf1.EndpointLaps, nil); !errors.Is(err, openf1.ErrTruncatedBody) {
		t.Fatalf("err = %v", err)
	}
	replay := newClient(t, "http://127.0.0.1:1", openf1.WithCache(dir, openf1.CacheReplay))
	var miss *openf1.CacheMissError
	if _, err := replay.Raw(context.Background(), openf1.EndpointLaps, nil); !errors.As(err, &miss) {
		t.Fatalf("a truncated body was recorded: %v", err)
	}
}

func TestCacheKeyNormalizes(t *testing.T) {
	t.Parallel()
	key := func(raw string) string {
		r, _ := http.NewRequest(http.MethodGet, raw, nil)
		return openf1.CacheKey(r)
	}
	a := key("https://api.openf1.org/v1/laps?session_key=9472&speed>=315&date%3E2024-03-02T15%3A00%3A00%2B00%3A00")
	b := key("http://127.0.0.1:9/prefix/v1/laps?date%3E2024-03-02T15:00:00%2B00:00&speed%3E%3D315&session_key%3D9472")
	if a != b {
		t.Fatalf("equivalent requests have different keys:\n%s\n%s", a, b)
	}
	if c := key("https://api.openf1.org/v1/laps?session_key=9473"); c == a {
		t.Fatal("different queries share a key")
	}
	if _, err := openf1.NewCacheTransport(filepath.Join(t.TempDir(), "absent"), openf1.CacheReplay, nil); err == nil {
		t.Fatal("replay from a missing directory accepted")
	}
}
