package openf1test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// response is a finished HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get fetches url with a plain net/http GET.
func get(t testing.TB, url string) response {
	t.Helper()
	return do(t, http.MethodGet, url, nil, nil)
}

func do(t testing.TB, method, url string, body io.Reader, header http.Header) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// records decodes a JSON array response into its raw elements.
func (r response) records(t testing.TB) []json.RawMessage {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %.200s", r.status, r.body)
	}
	var recs []json.RawMessage
	if err := json.Unmarshal(r.body, &recs); err != nil {
		t.Fatalf("response is not a JSON array: %v (%.200s)", err, r.body)
	}
	return recs
}

// rec is a decoded record for reference computations in tests.
type rec map[string]any

func decodeRec(t testing.TB, raw []byte) rec {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var r rec
	if err := d.Decode(&r); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return r
}

// num returns a numeric field, ok false for null, absent or non-numbers.
func (r rec) num(f string) (float64, bool) {
	n, ok := r[f].(json.Number)
	if !ok {
		return 0, false
	}
	v, err := n.Float64()
	return v, err == nil
}

func (r rec) str(f string) (string, bool) {
	s, ok := r[f].(string)
	return s, ok
}

func (r rec) time(t testing.TB, f string) (time.Time, bool) {
	s, ok := r[f].(string)
	if !ok {
		return time.Time{}, false
	}
	v, err := openf1.ParseTime(s)
	if err != nil {
		t.Fatalf("field %s: %v", f, err)
	}
	return v.Time, true
}

// sourceRecords reads every record of ep in the source (of one session when
// sessionKey > 0), in source order.
func sourceRecords(t testing.TB, src Source, ep openf1.Endpoint, sessionKey int) []json.RawMessage {
	t.Helper()
	var q openf1.Query
	if sessionKey > 0 {
		q = q.Eq("session_key", sessionKey)
	}
	var out []json.RawMessage
	for raw, err := range src.Records(context.Background(), ep, q) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

// where keeps the records satisfying pred.
func where(t testing.TB, recs []json.RawMessage, pred func(rec) bool) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for _, raw := range recs {
		if pred(decodeRec(t, raw)) {
			out = append(out, raw)
		}
	}
	return out
}

// sameRecords asserts that got and want hold the same records (as bytes),
// ignoring order.
func sameRecords(t testing.TB, got, want []json.RawMessage) {
	t.Helper()
	g, w := rawStrings(got), rawStrings(want)
	slices.Sort(g)
	slices.Sort(w)
	if len(g) != len(w) {
		t.Fatalf("got %d records, want %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("record sets differ: got %.200s, want %.200s", g[i], w[i])
		}
	}
}

func rawStrings(recs []json.RawMessage) []string {
	s := make([]string, len(recs))
	for i, r := range recs {
		s[i] = string(r)
	}
	return s
}

// fixedClock is a settable clock for WithNow, safe to read from handlers.
type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *fixedClock { return &fixedClock{t: t} }

func (c *fixedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fixedClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *fixedClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// detail extracts {"detail": ...} from an error body.
func detail(t testing.TB, body []byte) string {
	t.Helper()
	var m struct{ Detail string }
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("error body is not JSON: %v (%.200s)", err, body)
	}
	return m.Detail
}
