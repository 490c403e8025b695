package openf1test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestFaultStatuses(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	stints := s.URL() + "/v1/stints?session_key=9488"

	s.FailNext(2, RateLimitFault(2))
	for i := range 2 {
		r := get(t, stints)
		if r.status != 429 || r.header.Get("Retry-After") != "2" ||
			string(r.body) != `{"detail":"Rate limit exceeded. Max 3 requests/second.","error":"Too Many Requests"}` {
			t.Errorf("429 #%d: %d %q %s", i+1, r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	if r := get(t, stints); r.status != 200 {
		t.Errorf("after two faults: %d", r.status)
	}

	for _, tc := range []struct {
		status      int
		contentType string
		body        string
	}{
		{500, "text/html; charset=utf-8", "<h1>An error occurred</h1>"},
		{502, "text/plain; charset=utf-8", "Bad Gateway"},
		{503, "text/plain; charset=utf-8", "Service Unavailable"},
		{504, "text/plain; charset=utf-8", "upstream request timeout"},
		{422, "application/json", TooMuchDataBody},
		{401, "application/json", `{"detail":"` + LiveSessionDetail + `"}`},
		{418, "application/json", `{"detail":"I'm a teapot"}`},
	} {
		s.FailEndpoint(openf1.EndpointLaps, 1, StatusFault(tc.status))
		// Other endpoints are not affected by an endpoint's fault.
		if r := get(t, stints); r.status != 200 {
			t.Errorf("stints during a laps fault: %d", r.status)
		}
		r := get(t, s.URL()+"/v1/laps?session_key=9488")
		if r.status != tc.status || r.header.Get("Content-Type") != tc.contentType || !strings.HasPrefix(string(r.body), tc.body) {
			t.Errorf("fault %d: got %d %q %.80s", tc.status, r.status, r.header.Get("Content-Type"), r.body)
		}
		if r := get(t, s.URL()+"/v1/laps?session_key=9488"); r.status != 404 {
			t.Errorf("after the one-shot %d fault: %d", tc.status, r.status)
		}
	}

	// Until ClearFaults, on the token endpoint.
	s.FailEndpoint(TokenEndpoint, 0, StatusFault(502))
	for range 3 {
		if r := postToken(t, s, "a", "b"); r.status != 502 {
			t.Errorf("token during outage: %d", r.status)
		}
	}
	s.ClearFaults()
	if r := postToken(t, s, "a", "b"); r.status != 401 {
		t.Errorf("token after ClearFaults: %d", r.status)
	}
	if log := s.Requests(); log[0].Fault != "status 429" || log[0].Status != 429 {
		t.Errorf("log entry %+v", log[0])
	}
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	s.FailNext(1, ResetFault())
	resp, err := http.Get(s.URL() + "/v1/stints?session_key=9488")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("reset connection answered %d", resp.StatusCode)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) && !errors.Is(err, io.EOF) {
		t.Logf("reset surfaced as %v", err)
	}
	if r := get(t, s.URL()+"/v1/stints?session_key=9488"); r.status != 200 {
		t.Errorf("after the reset: %d", r.status)
	}
	if e := s.Requests()[0]; e.Status != 0 || e.Fault != "reset" {
		t.Errorf("log entry %+v", e)
	}
}

func TestFaultTruncate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	full := get(t, s.URL()+"/v1/stints?session_key=9488").body
	s.FailNext(1, TruncateFault(40))
	resp, err := http.Get(s.URL() + "/v1/stints?session_key=9488")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != int64(len(full)) {
		t.Errorf("status %d, Content-Length %d, want 200 and %d", resp.StatusCode, resp.ContentLength, len(full))
	}
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading a truncated body: err = %v", err)
	}
	if string(body) != string(full[:40]) {
		t.Errorf("got %q, want the first 40 bytes %q", body, full[:40])
	}
}

func TestFaultSlow(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	s.FailNext(1, SlowFault(time.Hour))
	client := &http.Client{Timeout: 50 * time.Millisecond}
	_, err := client.Get(s.URL() + "/v1/stints?session_key=9488")
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("slow response: err = %v, want a client timeout", err)
	}
	// A short delay is served normally afterwards.
	s.FailNext(1, SlowFault(time.Millisecond))
	if r := get(t, s.URL()+"/v1/stints?session_key=9488"); r.status != 200 {
		t.Errorf("after a short delay: %d", r.status)
	}
	// A delayed status.
	s.FailNext(1, Fault{Kind: FaultStatus, Status: 503, Delay: time.Millisecond, RetryAfter: 7})
	if r := get(t, s.URL()+"/v1/stints?session_key=9488"); r.status != 503 || r.header.Get("Retry-After") != "7" {
		t.Errorf("delayed 503: %d %q", r.status, r.header.Get("Retry-After"))
	}
}

func TestFaultsConcurrent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, smallSource())
	s.FailNext(10, StatusFault(503))
	var wg sync.WaitGroup
	var failed, ok atomic.Int32
	for range 8 {
		wg.Go(func() {
			for range 5 {
				resp, err := http.Get(s.URL() + "/v1/stints?session_key=9488")
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case 503:
					failed.Add(1)
				case 200:
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() != 10 || ok.Load() != 30 {
		t.Errorf("%d failed, %d ok; want exactly 10 and 30", failed.Load(), ok.Load())
	}
	if st := s.Stats(); st.Faults != 10 {
		t.Errorf("Stats.Faults = %d", st.Faults)
	}
}

// carData yields n car_data samples of one session lazily and counts how
// many were pulled.
func carData(n int, pulled *atomic.Int64) Source {
	start := mustTime("2024-03-24T04:00:00Z")
	return SourceFunc(func(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
		return func(yield func(json.RawMessage, error) bool) {
			if ep != openf1.EndpointCarData {
				return
			}
			for i := range n {
				pulled.Add(1)
				d := start.Add(time.Duration(i) * 270 * time.Millisecond).Format("2006-01-02T15:04:05.000000+00:00")
				rec := fmt.Sprintf(`{"date":%q,"session_key":9488,"meeting_key":1231,"driver_number":%d,"rpm":%d,"speed":%d,"n_gear":7,"throttle":99,"brake":0,"drs":8}`, d, 1+i%20, 10000+i%2000, 200+i%120)
				if !yield(json.RawMessage(rec), nil) {
					return
				}
			}
		}
	})
}

func TestTooMuchData(t *testing.T) {
	t.Parallel()
	var pulled atomic.Int64
	s := newTestServer(t, carData(DefaultRowLimit+5000, &pulled))
	r := get(t, s.URL()+"/v1/car_data?session_key=9488")
	if r.status != 422 || string(r.body) != TooMuchDataBody {
		t.Fatalf("whole-session car_data: %d %.100s", r.status, r.body)
	}
	if p := pulled.Load(); p != DefaultRowLimit+1 {
		t.Errorf("the server read %d records to decide; want it to stop at %d", p, DefaultRowLimit+1)
	}
	// One driver's share fits.
	r = get(t, s.URL()+"/v1/car_data?session_key=9488&driver_number=7")
	if n := len(r.records(t)); n != (DefaultRowLimit+5000)/20 {
		t.Errorf("driver 7: %d samples", n)
	}

	// A configured limit on laps, with real data.
	fs, src := fixtureServer(t, WithRowLimit(100, openf1.EndpointLaps))
	if r := get(t, fs.URL()+"/v1/laps?session_key=9488"); r.status != 422 {
		t.Errorf("998 laps over a 100-row limit: %d", r.status)
	}
	want := where(t, sourceRecords(t, src, openf1.EndpointLaps, 9488), func(r rec) bool { v, _ := r.num("driver_number"); return v == 44 })
	sameRecords(t, query(t, fs, "laps", "session_key=9488&driver_number=44"), want)
}

func TestStreaming(t *testing.T) {
	t.Parallel()
	src, _ := loadFixtures(t)
	whole := newTestServer(t, src)
	streamed := newTestServer(t, src, WithStreamAfter(100))
	for _, tc := range []struct {
		query  string
		stream bool
	}{
		{"/v1/position?session_key=11303", true},                    // no date_start, one session: order fixed
		{"/v1/position?session_key=11303&session_key=11302", false}, // two sessions: must sort
		{"/v1/laps?session_key=11302", false},                       // laps sort by date_start
		{"/v1/position?session_key=11303&csv=true", false},          // CSV needs every key first
	} {
		resp, err := http.Get(streamed.URL() + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		chunked := resp.ContentLength == -1
		if chunked != tc.stream {
			t.Errorf("%s: streamed = %v (Content-Length %d), want %v", tc.query, chunked, resp.ContentLength, tc.stream)
		}
		if want := get(t, whole.URL()+tc.query).body; string(body) != string(want) {
			t.Errorf("%s: streamed body differs from the buffered one", tc.query)
		}
	}
	if st := streamed.Stats(); st.Streamed != 1 || st.Requests != 4 {
		t.Errorf("stats %+v", st)
	}
}
