package openf1test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestMemorySourceNaturalKey(t *testing.T) {
	t.Parallel()
	m := NewMemorySource()
	lap := func(s string) json.RawMessage { return json.RawMessage(s) }
	m.Add(openf1.EndpointLaps,
		lap(`{"session_key":1,"driver_number":4,"lap_number":1,"lap_duration":null}`),
		lap(`{"session_key":1,"driver_number":81,"lap_number":1,"lap_duration":95.1}`),
		// A newer version of driver 4's lap 1, written differently: replaces it.
		lap(`{"lap_number":1.0,"driver_number":4,"session_key":1,"lap_duration":94.2}`),
		// Missing lap_number: never merged.
		lap(`{"session_key":1,"driver_number":4}`),
		lap(`{"session_key":1,"driver_number":4}`),
	)
	if n := m.Len(openf1.EndpointLaps); n != 4 {
		t.Fatalf("Len = %d, want 4", n)
	}
	got := rawStrings(sourceRecords(t, m, openf1.EndpointLaps, 1))
	want := []string{
		`{"session_key":1,"driver_number":81,"lap_number":1,"lap_duration":95.1}`,
		`{"lap_number":1.0,"driver_number":4,"session_key":1,"lap_duration":94.2}`,
		`{"session_key":1,"driver_number":4}`,
		`{"session_key":1,"driver_number":4}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("records = %v", got)
	}
	m.Add(openf1.EndpointLaps, lap(`[1,2]`), lap(`{"a":`))
	if r := m.Rejects(); len(r) != 2 {
		t.Errorf("Rejects = %v", r)
	}
	if eps := m.Endpoints(); !slices.Equal(eps, []openf1.Endpoint{openf1.EndpointLaps}) {
		t.Errorf("Endpoints = %v", eps)
	}
}

func TestMemorySourceIndex(t *testing.T) {
	t.Parallel()
	m := NewMemorySource()
	for sk := range 3 {
		for d := range 4 {
			m.Add(openf1.EndpointPosition, json.RawMessage(
				`{"session_key":`+strconv.Itoa(100+sk)+`,"meeting_key":`+strconv.Itoa(10+sk/2)+`,"driver_number":`+strconv.Itoa(d)+`,"position":1,"date":"2024-01-01T00:00:0`+strconv.Itoa(d)+`+00:00"}`))
		}
	}
	count := func(q openf1.Query) int {
		n := 0
		for _, err := range m.Records(context.Background(), openf1.EndpointPosition, q) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	for _, tc := range []struct {
		q    openf1.Query
		want int
	}{
		{nil, 12},
		{openf1.Query{}.Eq("session_key", 101), 4},
		{openf1.Query{}.Eq("session_key", 101, 102, 101), 8},
		{openf1.Query{}.Eq("session_key", "101.0"), 4},
		{openf1.Query{}.Eq("session_key", "abc"), 0},
		{openf1.Query{}.Eq("meeting_key", 10), 8},
		// A range on session_key is OR-ed with the equality: no narrowing.
		{openf1.Query{}.Eq("session_key", 100).Where("session_key", openf1.OpGt, 101), 12},
		{openf1.Query{}.Eq("driver_number", 1), 12}, // not indexed: the server filters
	} {
		if got := count(tc.q); got != tc.want {
			t.Errorf("Records(%s) yielded %d, want %d", tc.q, got, tc.want)
		}
	}
	if keys := m.SessionKeys(openf1.EndpointPosition); !slices.Equal(keys, []int64{100, 101, 102}) {
		t.Errorf("SessionKeys = %v", keys)
	}
	// Records stops when the consumer does, and honours cancellation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range m.Records(ctx, openf1.EndpointPosition, nil) {
		if err == nil {
			t.Error("cancelled context: got a record")
		}
		break
	}
}

func TestEqualityKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		q    openf1.Query
		keys []int64
		ok   bool
	}{
		{openf1.Query{}.Eq("session_key", 9488), []int64{9488}, true},
		{openf1.Query{}.Eq("session_key", "9488", "9472"), []int64{9488, 9472}, true},
		{openf1.Query{}.Eq("session_key", "9488.5"), nil, true},
		{openf1.Query{}.Eq("driver_number", 1), nil, false},
		{openf1.Query{}.Where("session_key", openf1.OpGe, 9000), nil, false},
	} {
		keys, ok := EqualityKeys(tc.q, "session_key")
		if ok != tc.ok || !slices.Equal(keys, tc.keys) {
			t.Errorf("EqualityKeys(%s) = %v, %v; want %v, %v", tc.q, keys, ok, tc.keys, tc.ok)
		}
	}
}
