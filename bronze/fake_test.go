package bronze

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// fakeAPI is a minimal in-memory stand-in for the OpenF1 API used by the
// unit tests (the integration tests use openf1test): it answers equality
// filters (OR-ed per field) and date ranges, 404 "no results" when nothing
// matches, and can refuse queries as too large.
type fakeAPI struct {
	mu   sync.Mutex
	recs map[openf1.Endpoint][]map[string]json.RawMessage
	// index caches each record's filterable values (unquoted text, parsed
	// dates); rebuilt when recs is edited (reindex).
	index     map[openf1.Endpoint][]fakeIndex
	bySession map[openf1.Endpoint]map[string][]int // "" → all records
	// tooMuch, if set, makes a query fail with openf1.ErrTooMuchData.
	tooMuch func(ep openf1.Endpoint, q openf1.Query, rows int) bool
	// hook, if set, runs before each answer (cancellation tests).
	hook func(ep openf1.Endpoint, q openf1.Query)
	// extra, if set, returns records appended to every answer for ep.
	extra    func(ep openf1.Endpoint) []map[string]json.RawMessage
	requests []string
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{recs: map[openf1.Endpoint][]map[string]json.RawMessage{}}
}

type fakeIndex struct {
	text  map[string]string
	dates map[string]time.Time
}

// load adds the records of a JSON array body.
func (f *fakeAPI) load(t testing.TB, ep openf1.Endpoint, body []byte) {
	t.Helper()
	f.recs[ep] = append(f.recs[ep], jsonRecords(t, body)...)
	f.index = nil
}

// reindex must be called after editing recs in place.
func (f *fakeAPI) reindex() { f.index = nil }

func (f *fakeAPI) buildIndex() {
	f.index = map[openf1.Endpoint][]fakeIndex{}
	f.bySession = map[openf1.Endpoint]map[string][]int{}
	for ep, recs := range f.recs {
		idx := make([]fakeIndex, len(recs))
		f.bySession[ep] = map[string][]int{}
		for i, r := range recs {
			f.bySession[ep][""] = append(f.bySession[ep][""], i)
			if sk, ok := r["session_key"]; ok {
				f.bySession[ep][string(sk)] = append(f.bySession[ep][string(sk)], i)
				if dn, ok := r["driver_number"]; ok {
					k := string(sk) + "/" + string(dn)
					f.bySession[ep][k] = append(f.bySession[ep][k], i)
				}
			}
			idx[i] = fakeIndex{text: map[string]string{}, dates: map[string]time.Time{}}
			for k, v := range r {
				txt := string(v)
				if s, err := strconv.Unquote(txt); err == nil {
					txt = s
					if t, err := openf1.ParseTime(s); err == nil {
						idx[i].dates[k] = t.Time
					}
				}
				idx[i].text[k] = txt
			}
		}
		f.index[ep] = idx
	}
}

func (f *fakeAPI) Raw(ctx context.Context, ep openf1.Endpoint, q openf1.Query) (*openf1.RawResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.hook != nil {
		f.hook(ep, q)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	req := requestOf(ep, q)
	f.requests = append(f.requests, req)
	if f.index == nil {
		f.buildIndex()
	}
	dates := make([]time.Time, len(q))
	for i, p := range q {
		if p.Op != openf1.OpEq {
			t, err := openf1.ParseTime(p.Value)
			if err != nil {
				return nil, fmt.Errorf("fake: bad date %q", p.Value)
			}
			dates[i] = t.Time
		}
	}
	candidates := f.bySession[ep][""]
	switch {
	case len(q) > 1 && q[0].Field == "session_key" && q[1].Field == "driver_number" && (len(q) == 2 || q[2].Field != "driver_number"):
		candidates = f.bySession[ep][q[0].Value+"/"+q[1].Value]
	case len(q) > 0 && q[0].Field == "session_key" && (len(q) == 1 || q[1].Field != "session_key"):
		candidates = f.bySession[ep][q[0].Value]
	}
	var out []map[string]json.RawMessage
	for _, i := range candidates {
		if matches(f.index[ep][i], q, dates) {
			out = append(out, f.recs[ep][i])
		}
	}
	if f.extra != nil {
		out = append(out, f.extra(ep)...)
	}
	if f.tooMuch != nil && f.tooMuch(ep, q, len(out)) {
		return nil, fmt.Errorf("fake: %s: %w", req, openf1.ErrTooMuchData)
	}
	resp := &openf1.RawResponse{Endpoint: ep, Query: q, Request: req, FetchedAt: time.Now()}
	if len(out) == 0 {
		resp.Status, resp.NoResults = 404, true
		resp.Body = []byte(`{"detail":"No results found."}`)
		return resp, nil
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, r := range out {
		if i > 0 {
			b.WriteByte(',')
		}
		enc, _ := json.Marshal(r)
		b.Write(enc)
	}
	b.WriteByte(']')
	resp.Status, resp.Body = 200, b.Bytes()
	return resp, nil
}

func (f *fakeAPI) requestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// matches applies OpenF1 filter semantics: consecutive "=" predicates on
// one field are OR-ed, everything else is AND-ed; dates compare as times
// (dates holds the parsed value of each range predicate).
func matches(r fakeIndex, q openf1.Query, dates []time.Time) bool {
	for i := 0; i < len(q); {
		p := q[i]
		if p.Op == openf1.OpEq {
			v, ok := r.text[p.Field]
			hit := false
			for ; i < len(q) && q[i].Field == p.Field && q[i].Op == openf1.OpEq; i++ {
				hit = hit || (ok && v == q[i].Value)
			}
			if !hit {
				return false
			}
			continue
		}
		v, ok := r.dates[p.Field]
		if !ok {
			return false
		}
		c := v.Compare(dates[i])
		switch p.Op {
		case openf1.OpGe:
			ok = c >= 0
		case openf1.OpGt:
			ok = c > 0
		case openf1.OpLe:
			ok = c <= 0
		case openf1.OpLt:
			ok = c < 0
		}
		if !ok {
			return false
		}
		i++
	}
	return true
}

// syntheticCarData generates car_data records for a session: one sample per
// `step` per driver from start to end, with deterministic values.
func syntheticCarData(meeting, session int, drivers []int, start, end time.Time, step time.Duration) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	n := 0
	for _, d := range drivers {
		for t, i := start, 0; t.Before(end); t, i = t.Add(step), i+1 {
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			drs := "null"
			if i%7 != 0 {
				drs = strconv.Itoa(i % 15)
			}
			fmt.Fprintf(&b, `{"meeting_key":%d,"session_key":%d,"date":"%s","driver_number":%d,"rpm":%d,"speed":%d,"n_gear":%d,"throttle":%d,"brake":%d,"drs":%s}`,
				meeting, session, openf1.FromTime(t).String(), d, 9000+i%3000, 100+i%240, 1+i%8, i%101, (i%2)*100, drs)
		}
	}
	b.WriteByte(']')
	return b.Bytes()
}
