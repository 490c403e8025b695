package openf1test

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// smallSource holds three stints of one session and one session record.
func smallSource() *MemorySource {
	m := NewMemorySource()
	m.Add(openf1.EndpointStints,
		json.RawMessage(`{"meeting_key":1231,"session_key":9488,"stint_number":1,"driver_number":55,"lap_start":1,"lap_end":11,"compound":"MEDIUM","tyre_age_at_start":0}`),
		json.RawMessage(`{"meeting_key":1231,"session_key":9488,"stint_number":2,"driver_number":55,"lap_start":12,"lap_end":58,"compound":"HARD","tyre_age_at_start":0}`),
		json.RawMessage(`{"meeting_key":1231, "session_key":9488, "stint_number":1, "driver_number":16, "lap_start":1, "lap_end":9, "compound":"MEDIUM", "tyre_age_at_start":0}`),
	)
	m.Add(openf1.EndpointSessions, json.RawMessage(`{"meeting_key":1231,"session_key":9488,"session_name":"Race","session_type":"Race","date_start":"2024-03-24T04:00:00+00:00","date_end":"2024-03-24T06:00:00+00:00","year":2024}`))
	return m
}

func newTestServer(t *testing.T, src Source, opts ...Option) *Server {
	t.Helper()
	s := NewServer(src, opts...)
	t.Cleanup(s.Close)
	return s
}

func TestServerBasics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasSuffix(s.URL(), DefaultPrefix) {
		t.Errorf("URL() = %q", s.URL())
	}
	base := strings.TrimSuffix(s.URL(), DefaultPrefix)

	// Records keep their bytes, even with spaces inside.
	r := get(t, s.URL()+"/v1/stints?session_key=9488&driver_number=16")
	if r.status != 200 || string(r.body) != `[{"meeting_key":1231, "session_key":9488, "stint_number":1, "driver_number":16, "lap_start":1, "lap_end":9, "compound":"MEDIUM", "tyre_age_at_start":0}]` {
		t.Errorf("got %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		name, method, url string
		status            int
		body              string // exact, or prefix when it ends in "…"
		contentType       string
	}{
		{"outside the prefix", "GET", base + "/v1/stints", 404, "404 page not found\n", "text/plain; charset=utf-8"},
		{"welcome", "GET", s.URL() + "/", 200, "Welcome to OpenF1!", "text/plain; charset=utf-8"},
		{"no results", "GET", s.URL() + "/v1/stints?session_key=1", 404, NoResultsBody, "application/json"},
		{"unknown endpoint", "GET", s.URL() + "/v1/tyres?session_key=9488", 404, NoResultsBody, "application/json"},
		{"unknown field", "GET", s.URL() + "/v1/stints?year=2024", 404, NoResultsBody, "application/json"},
		{"no operator", "GET", s.URL() + "/v1/stints?session_key", 500, "<h1>An error occurred</h1>…", "text/html; charset=utf-8"},
		{"bad route", "GET", s.URL() + "/v1/stints/extra?session_key=1", 500, "<h1>An error occurred</h1>…", "text/html; charset=utf-8"},
		{"v2", "GET", s.URL() + "/v2/stints?session_key=1", 500, "<h1>An error occurred</h1>…", "text/html; charset=utf-8"},
		{"mixed bounds", "GET", s.URL() + "/v1/stints?lap_start>1&lap_start<2024-01-01T10:00", 500, "<h1>An error occurred</h1>…", "text/html; charset=utf-8"},
		{"post", "POST", s.URL() + "/v1/stints?session_key=9488&driver_number=16&stint_number=1", 200, "[{…", "application/json"},
		{"put", "PUT", s.URL() + "/v1/stints", 405, `{"detail":"Method Not Allowed"}`, "application/json"},
	} {
		r := do(t, tc.method, tc.url, nil, nil)
		body := string(r.body)
		ok := body == tc.body
		if p, isPrefix := strings.CutSuffix(tc.body, "…"); isPrefix {
			ok = strings.HasPrefix(body, p)
		}
		if r.status != tc.status || !ok || r.header.Get("Content-Type") != tc.contentType {
			t.Errorf("%s: %d %q %q", tc.name, r.status, r.header.Get("Content-Type"), body)
		}
	}

	log := s.Requests()
	if len(log) != 12 {
		t.Fatalf("%d requests logged, want 12", len(log))
	}
	if e := log[0]; e.Method != "GET" || e.Endpoint != "stints" || e.RawQuery != "session_key=9488&driver_number=16" || e.Status != 200 || e.Rows != 1 || e.Auth {
		t.Errorf("first log entry %+v", e)
	}
	st := s.Stats()
	if st.Requests != 12 || st.ByStatus[404] != 4 || st.ByStatus[500] != 4 || st.ByEndpoint["stints"] != 7 {
		t.Errorf("stats %+v", st)
	}
	s.ResetLog()
	if len(s.Requests()) != 0 || s.Stats().Requests != 12 {
		t.Error("ResetLog cleared the counters or kept the log")
	}
}

func TestServerEmptyArrayMode(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource(), WithEmptyArray(), WithPrefix(""))
	r := get(t, s.URL()+"/v1/stints?session_key=1")
	if r.status != 200 || string(r.body) != "[]" {
		t.Errorf("got %d %s, want 200 []", r.status, r.body)
	}
}

func TestServerSourceErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	src := SourceFunc(func(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
		return func(yield func(json.RawMessage, error) bool) {
			if !yield(json.RawMessage(`{"session_key":1,"driver_number":1}`), nil) {
				return
			}
			if ep == openf1.EndpointLaps {
				yield(nil, boom)
				return
			}
			yield(json.RawMessage(`{"session_key":1,"driver_number":`), nil)
		}
	})
	s := newTestServer(t, src)
	r := get(t, s.URL()+"/v1/laps?session_key=1")
	if r.status != 500 || !strings.Contains(string(r.body), "disk on fire") {
		t.Errorf("source error: %d %s", r.status, r.body)
	}
	r = get(t, s.URL()+"/v1/stints?session_key=1")
	if r.status != 500 || !strings.Contains(string(r.body), "not a JSON object") {
		t.Errorf("bad record: %d %s", r.status, r.body)
	}
}

func TestStartRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"prefix":   WithPrefix("api"),
		"clock":    WithNow(nil),
		"creds":    WithCredentials("", "x"),
		"lifetime": WithTokenLifetime(0),
		"rate":     WithRateLimit(-1, 0),
		"rows":     WithRowLimit(10, "tyres"),
		"stream":   WithStreamAfter(0),
		"live":     WithLiveSession(9),
	} {
		s, err := Start(smallSource(), opt)
		if err == nil {
			s.Close()
			t.Errorf("%s: Start accepted a bad option", name)
			continue
		}
		if !errors.Is(err, ErrInvalidOption) {
			t.Errorf("%s: error %v does not match ErrInvalidOption", name, err)
		}
	}
	if _, err := Start(nil); err == nil {
		t.Error("Start accepted a nil Source")
	}
}

func TestServerLatestSkipsCancelled(t *testing.T) {
	t.Parallel()
	m := smallSource()
	m.Add(openf1.EndpointSessions,
		json.RawMessage(`{"meeting_key":1232,"session_key":9500,"date_start":"2024-04-01T04:00:00+00:00","date_end":"2024-04-01T06:00:00+00:00","is_cancelled":true}`),
		json.RawMessage(`{"meeting_key":1233,"session_key":9600,"date_start":"2024-05-01T04:00:00+00:00","date_end":"2024-05-01T06:00:00+00:00"}`))
	now := mustTime("2024-04-10T00:00:00Z")
	s := newTestServer(t, m, WithNow(func() time.Time { return now }))
	got := query(t, s, "stints", "session_key=latest&driver_number=55")
	if len(got) != 2 {
		t.Errorf("latest resolved past the cancelled 9500 to 9488: want 2 stints, got %d", len(got))
	}
	empty := newTestServer(t, NewMemorySource())
	if r := get(t, empty.URL()+"/v1/laps?session_key=latest"); r.status != 404 {
		t.Errorf("latest without sessions: %d", r.status)
	}
}
