package openf1test

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzEachField checks the record scanner never panics and agrees with
// encoding/json on the members of valid objects.
func FuzzEachField(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a":1}`, ` { "a" : [1, {"b": "]}"}], "c\"d": null } `, `{"a":"\u00e3","b":true,"c":-1.5e3}`,
		`{"a":}`, `{"a":1,}`, `[1]`, `{"a":"x`, `{"a":[1,2}`, `{"a":1}x`, ``, `{"a":nul}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := map[string]string{}
		n := 0
		err := eachField(b, func(k, v []byte) bool {
			n++
			if _, dup := got[decodeKey(k)]; !dup {
				got[decodeKey(k)] = string(v)
			}
			return true
		})
		var want map[string]json.RawMessage
		if json.Unmarshal(b, &want) != nil || want == nil {
			return // invalid input: any error (or none) is fine, no panic is the point
		}
		if err != nil {
			t.Fatalf("eachField rejected a valid object %q: %v", b, err)
		}
		if n == len(want) { // without duplicate keys, members agree exactly
			for k, v := range want {
				if compact(got[k]) != compact(string(v)) {
					t.Fatalf("member %q: %q, encoding/json says %q", k, got[k], v)
				}
			}
		}
	})
}

func compact(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return "invalid:" + s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// FuzzParseQuery checks query parsing and filter building never panic.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"session_key=9161&driver_number=63", "speed%3E%3D315", "date>2023-09-16T13:00:00+02:00",
		"position>=4&position<=7&position>=10&position<=15", "x>5&x<2024-01-01T10:00", "csv=true", "%", "a=%ZZ",
		"date=MAR", "x=09/10/2021&y=10 September 2021",
	} {
		f.Add(s)
	}
	now := time.Date(2026, 5, 31, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		pq, err := parseQuery(raw, now)
		if err != nil {
			return
		}
		flt, err := buildFilter(pq.params, nil)
		if err != nil {
			return
		}
		names := make([]string, len(flt.fields))
		for i, ff := range flt.fields {
			names[i] = ff.field
		}
		vals := make([][]byte, len(names))
		_ = pick([]byte(`{"x":1,"date":"2023-09-16T13:00:00+00:00","position":5,"s":"a"}`), names, vals)
		flt.matches(vals)
	})
}

// FuzzPyLiteral checks the Python-literal reader never panics and only
// produces valid JSON.
func FuzzPyLiteral(f *testing.F) {
	for _, s := range []string{"[2049, None, 2051]", "[75.7, 75.2, None]", "{'a': [1, (2,)]}", "['it\\'s', \"x\"]", "[", "[1,,2]", "[nan, inf]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := pyLiteralJSON(s)
		if err == nil && !json.Valid(b) {
			t.Fatalf("pyLiteralJSON(%q) = %s, not JSON", s, b)
		}
	})
}

func TestCloseEndsInjectedDelays(t *testing.T) {
	t.Parallel()
	s := NewServer(smallSource())
	s.FailNext(1, SlowFault(time.Hour))
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := s.Client().Get(s.URL() + "/v1/stints?session_key=9488")
		if err == nil {
			resp.Body.Close()
		}
	}()
	for len(s.Requests()) == 0 && s.Stats().Faults == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close is stuck behind a one-hour injected delay")
	}
	<-done
}
