package lineage_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
)

// quiet discards the retry warnings of tests that do not inspect them.
var quiet = slog.New(slog.DiscardHandler)

const testAPIKey = "olk_live_5f3c9a1b7e2d4c6a8b0e1f2a3b4c5d6e"

// marquez is a Marquez-like OpenLineage endpoint mounted under /marquez so
// that a transport which dropped the base path would miss it.
type marquez struct {
	srv     *httptest.Server
	hits    atomic.Int32
	mu      sync.Mutex
	headers []http.Header
	bodies  [][]byte
	answer  func(n int32, w http.ResponseWriter, r *http.Request)
}

func newMarquez(t *testing.T, answer func(n int32, w http.ResponseWriter, r *http.Request)) *marquez {
	t.Helper()
	m := &marquez{answer: answer}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /marquez/api/v1/lineage", func(w http.ResponseWriter, r *http.Request) {
		n := m.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		m.mu.Lock()
		m.headers = append(m.headers, r.Header.Clone())
		m.bodies = append(m.bodies, body)
		m.mu.Unlock()
		m.answer(n, w, r)
	})
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
	return m
}

func (m *marquez) url() string { return m.srv.URL + "/marquez" }

// header and body return what the i-th request carried.
func (m *marquez) header(i int) http.Header {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.headers[i]
}

func (m *marquez) body(i int) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bodies[i]
}

// created answers like Marquez on success: 201 and an empty body.
func created(_ int32, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }

func fastRetry(n int) *lineage.RetryPolicy {
	return &lineage.RetryPolicy{MaxRetries: n, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
}

// startEvent is a small valid START event for run 01900000-...-0001.
func startEvent() *lineage.RunEvent {
	ev := lineage.NewRunEvent(lineage.EventStart, "01900000-0000-7000-8000-000000000001", "pitwall", "weekly.silver.laps")
	ev.EventTime = fixedTime
	return ev
}

func emitOver(t *testing.T, tr lineage.Transport, ev lineage.Event) error {
	t.Helper()
	c, err := lineage.NewClient(lineage.WithTransport(tr))
	require.NoError(t, err)
	return c.Emit(context.Background(), ev)
}

func TestHTTPTransportMarquez201(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, created)
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), APIKey: testAPIKey, Logger: quiet})
	require.NoError(t, err)
	assert.Equal(t, m.srv.URL+"/marquez/api/v1/lineage", tr.Endpoint())

	require.NoError(t, emitOver(t, tr, startEvent()))
	require.Equal(t, int32(1), m.hits.Load())
	h := m.header(0)
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "Bearer "+testAPIKey, h.Get("Authorization"))
	var got lineage.RunEvent
	require.NoError(t, json.Unmarshal(m.body(0), &got))
	assert.Equal(t, "01900000-0000-7000-8000-000000000001", got.Run.RunID)
	assert.Equal(t, lineage.EventStart, got.EventType)
}

func TestHTTPTransportAcceptsAny2xx(t *testing.T) {
	t.Parallel()
	for _, code := range []int{200, 201, 202, 204} {
		m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) })
		tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Retry: fastRetry(3), Logger: quiet})
		require.NoError(t, err)
		assert.NoError(t, emitOver(t, tr, startEvent()), "status %d", code)
		assert.Equal(t, int32(1), m.hits.Load(), "status %d must not be retried", code)
	}
}

func TestHTTPTransport4xxIsFinal(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 401, 404, 422} {
		m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"code":%d,"message":"job.name must not be null"}`, code)
		})
		tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Retry: fastRetry(3), Logger: quiet})
		require.NoError(t, err)
		err = emitOver(t, tr, startEvent())
		var he *lineage.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, code, he.StatusCode)
		assert.Equal(t, 1, he.Attempts)
		assert.Contains(t, he.Body, "job.name must not be null")
		assert.Contains(t, err.Error(), fmt.Sprint(code))
		assert.Equal(t, int32(1), m.hits.Load(), "a %d is not retried", code)
	}
}

func TestHTTPTransport5xxRetriedThenReported(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "javax.persistence.PersistenceException", http.StatusInternalServerError)
	})
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Retry: fastRetry(2), Logger: quiet})
	require.NoError(t, err)
	err = emitOver(t, tr, startEvent())
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 500, he.StatusCode)
	assert.Equal(t, 3, he.Attempts, "first attempt plus MaxRetries")
	assert.Equal(t, int32(3), m.hits.Load())
	assert.Contains(t, he.Body, "PersistenceException")
	// Every attempt carried the same event.
	for i := 1; i < 3; i++ {
		assert.Equal(t, m.body(0), m.body(i))
	}
}

func TestHTTPTransportRecoversAfter503(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n < 3 {
			w.Header().Set("Retry-After", "3600") // capped by MaxBackoff
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Retry: fastRetry(5), Logger: quiet})
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, emitOver(t, tr, startEvent()))
	assert.Equal(t, int32(3), m.hits.Load())
	assert.Less(t, time.Since(start), 2*time.Second, "Retry-After: 3600 must be capped")
}

func TestHTTPTransportSlowServerBoundedByTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		select { // a server that never answers in time
		case <-r.Context().Done():
		case <-release:
		}
	})
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Timeout: 50 * time.Millisecond, Retry: fastRetry(1), Logger: quiet})
	require.NoError(t, err)
	start := time.Now()
	err = emitOver(t, tr, startEvent())
	elapsed := time.Since(start)
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 0, he.StatusCode)
	assert.Equal(t, 2, he.Attempts, "a timed-out attempt is retried")
	assert.Less(t, elapsed, 2*time.Second, "two 50 ms attempts cannot take seconds")
}

func TestHTTPTransportNetworkErrorRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: url, Retry: fastRetry(2), Logger: quiet})
	require.NoError(t, err)
	err = emitOver(t, tr, startEvent())
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 0, he.StatusCode)
	assert.Equal(t, 3, he.Attempts)
	assert.Error(t, he.Err)
}

func TestHTTPTransportContextCutsBackoff(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(502) })
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(),
		Retry: &lineage.RetryPolicy{MaxRetries: 5, Backoff: time.Minute, MaxBackoff: time.Minute}, Logger: quiet})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c, _ := lineage.NewClient(lineage.WithTransport(tr))
	start := time.Now()
	err = c.Emit(ctx, startEvent())
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 502, he.StatusCode)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestHTTPTransportGzip(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Encoding") != "gzip" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Compression: "gzip", Logger: quiet})
	require.NoError(t, err)
	require.NoError(t, emitOver(t, tr, startEvent()))
	zr, err := gzip.NewReader(bytes.NewReader(m.body(0)))
	require.NoError(t, err)
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.True(t, json.Valid(plain))
	assert.Contains(t, string(plain), `"eventType":"START"`)

	_, err = lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Compression: "zstd", Logger: quiet})
	var ce *lineage.ConfigError
	assert.ErrorAs(t, err, &ce)
}

func TestHTTPTransportEndpointJoining(t *testing.T) {
	t.Parallel()
	cases := []struct{ url, endpoint, want string }{
		{"http://marquez:5000", "", "http://marquez:5000/api/v1/lineage"},
		{"http://marquez:5000/", "", "http://marquez:5000/api/v1/lineage"},
		{"https://gw.example.com/openlineage", "", "https://gw.example.com/openlineage/api/v1/lineage"},
		// Unlike Python's urljoin, a leading slash does not drop the base path.
		{"https://gw.example.com/openlineage", "/api/v1/lineage", "https://gw.example.com/openlineage/api/v1/lineage"},
		{"https://gw.example.com/openlineage/", "events", "https://gw.example.com/openlineage/events"},
		{"http://marquez:5000", "https://other.example.com/v2/lineage", "https://other.example.com/v2/lineage"},
	}
	for _, tc := range cases {
		tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: tc.url, Endpoint: tc.endpoint, Logger: quiet})
		require.NoError(t, err, "%s + %s", tc.url, tc.endpoint)
		assert.Equal(t, tc.want, tr.Endpoint(), "%s + %s", tc.url, tc.endpoint)
	}
	for _, bad := range []string{"", "marquez:5000", "ftp://marquez", "http://"} {
		_, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: bad, Logger: quiet})
		var ce *lineage.ConfigError
		assert.ErrorAs(t, err, &ce, "url %q", bad)
	}
}

// TestHTTPTransportNeverLeaksAPIKey drives every error and log path with a
// server that echoes the Authorization header back, and checks the key
// appears nowhere: not in errors, their %+v form, log lines, or the config
// and transport descriptions.
func TestHTTPTransportNeverLeaksAPIKey(t *testing.T) {
	t.Parallel()
	const headerSecret = "hdr-secret-77c1"
	echo := func(status int) func(int32, http.ResponseWriter, *http.Request) {
		return func(_ int32, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			fmt.Fprintf(w, "rejected request with Authorization=%q X-Token=%q", r.Header.Get("Authorization"), r.Header.Get("X-Token"))
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var texts []string
	for _, status := range []int{401, 422, 500, 503} {
		m := newMarquez(t, echo(status))
		cfg := lineage.HTTPConfig{
			URL: m.url(), APIKey: testAPIKey, Retry: fastRetry(2), Logger: logger,
			Headers: map[string]string{"X-Token": headerSecret},
		}
		tr, err := lineage.NewHTTPTransport(cfg)
		require.NoError(t, err)
		err = emitOver(t, tr, startEvent())
		require.Error(t, err)
		var he *lineage.HTTPError
		require.ErrorAs(t, err, &he)
		require.Contains(t, he.Body, "Authorization", "the server did echo the header")
		texts = append(texts, err.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err),
			he.Body, fmt.Sprint(cfg), fmt.Sprintf("%+v|%#v", cfg, cfg), cfg.String(), tr.String())
		logger.Info("config", "cfg", cfg, "key", cfg.APIKey, "err", err)
	}
	// The timeout path wraps a network error.
	release := make(chan struct{})
	defer close(release)
	slow := newMarquez(t, func(_ int32, _ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: slow.url(), APIKey: testAPIKey, Timeout: 20 * time.Millisecond, Retry: fastRetry(1), Logger: logger})
	require.NoError(t, err)
	err = emitOver(t, tr, startEvent())
	require.Error(t, err)
	texts = append(texts, err.Error())

	require.NotZero(t, logs.Len(), "retries were logged")
	texts = append(texts, logs.String())
	for _, s := range texts {
		assert.NotContains(t, s, testAPIKey)
		assert.NotContains(t, s, headerSecret)
	}
	assert.Contains(t, logs.String(), "[REDACTED]")
}

func TestHTTPTransportClosed(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, created)
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Logger: quiet})
	require.NoError(t, err)
	require.NoError(t, tr.Close(context.Background()))
	require.NoError(t, tr.Close(context.Background()), "Close is idempotent")
	assert.ErrorIs(t, emitOver(t, tr, startEvent()), lineage.ErrClosed)
	assert.True(t, errors.Is(emitOver(t, tr, startEvent()), lineage.ErrClosed))
	assert.Zero(t, m.hits.Load())
	assert.False(t, strings.Contains(tr.String(), "@"))
}

// TestHTTPTransportHidesURLCredentials covers the other place a credential
// can hide: the URL itself, which net/http quotes in network errors.
func TestHTTPTransportHidesURLCredentials(t *testing.T) {
	t.Parallel()
	const pw, tok = "urlpw-8080a", "querytok-55aa77"
	srv := httptest.NewServer(http.NotFoundHandler())
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close() // connection refused from now on
	var logs bytes.Buffer
	tr, err := lineage.NewHTTPTransport(lineage.HTTPConfig{
		URL: "http://ol:" + pw + "@" + host + "/base?token=" + tok, Retry: fastRetry(1),
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)
	err = emitOver(t, tr, startEvent())
	require.Error(t, err)
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), logs.String(), tr.String(), tr.Endpoint()} {
		assert.NotContains(t, s, pw)
		assert.NotContains(t, s, tok)
	}
	assert.Contains(t, tr.Endpoint(), "/base/api/v1/lineage")
}
