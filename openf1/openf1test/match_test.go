package openf1test

import (
	"errors"
	"testing"
	"time"
)

func filterFor(t *testing.T, raw string) *filter {
	t.Helper()
	pq, err := parseQuery(raw, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f, err := buildFilter(pq.params, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The examples of the server's _get_bounded_inequality_predicate_pairs.
func TestPairBounds(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]struct{ pairs, unbounded int }{
		"x>5":                     {0, 1},
		"x>10&x<5":                {0, 2},
		"x>5&x<10":                {1, 0},
		"x>5&x<10&x<12":           {1, 1},
		"x>5&x<10&x>8&x<12":       {2, 0},
		"x>=4&x<=7&x>=10&x<=15":   {2, 0},
		"x>=4&x<=7&x>=4&x<=7":     {1, 0}, // duplicates removed
		"x=1&x=3&x>=4&x<=7&x>=10": {1, 1},
	} {
		ff := filterFor(t, raw).fields[0]
		if len(ff.pairs) != want.pairs || len(ff.unbounded) != want.unbounded {
			t.Errorf("%s: %d pairs, %d unbounded; want %d, %d", raw, len(ff.pairs), len(ff.unbounded), want.pairs, want.unbounded)
		}
	}
	// Greedy: the smallest lower bound takes the smallest upper bound above it.
	ff := filterFor(t, "x>5&x<10&x>8&x<12").fields[0]
	if ff.pairs[0][0].val.num.i != 5 || ff.pairs[0][1].val.num.i != 10 ||
		ff.pairs[1][0].val.num.i != 8 || ff.pairs[1][1].val.num.i != 12 {
		t.Errorf("pairs = %v", ff.pairs)
	}
}

func TestFilterSemantics(t *testing.T) {
	t.Parallel()
	type tc struct {
		raw  string
		rec  string
		want bool
	}
	for _, c := range []tc{
		{"position>=4&position<=7&position>=10&position<=15", `{"position":5}`, true},
		{"position>=4&position<=7&position>=10&position<=15", `{"position":8}`, false},
		{"position>=4&position<=7&position>=10&position<=15", `{"position":15}`, true},
		{"x>10&x<5", `{"x":7}`, false}, // inverted range: two half-lines OR-ed
		{"x>10&x<5", `{"x":11}`, true},
		{"x>10&x<5", `{"x":2}`, true},
		{"driver_number=4&driver_number=81", `{"driver_number":81}`, true},
		{"driver_number=4&driver_number=81", `{"driver_number":1}`, false},
		{"driver_number=4&lap_number=2", `{"driver_number":4,"lap_number":3}`, false},
		{"x=1", `{"x":1.0}`, true}, // numbers compare by value
		{"x=1", `{"x":"1"}`, false},
		{"x=abc", `{"x":"abc"}`, true},
		{"x=abc", `{"x":"ABC"}`, false},
		{"x>abc", `{"x":"abd"}`, true}, // strings compare bytewise
		{"x=true", `{"x":true}`, true},
		{"x=true", `{"x":1}`, false},
		{"x=1", `{"x":true}`, false},
		{"x=1", `{"x":null}`, false},
		{"x=1", `{"y":1}`, false},
		{"x<1", `{"x":null}`, false},
		{"x=2049", `{"x":[2049,2049]}`, false}, // arrays are not filterable
		{"date=2023-09-16", `{"date":"2023-09-16T23:59:59.999000+00:00"}`, true},
		{"date=2023-09-16", `{"date":"2023-09-17T00:00:00+00:00"}`, false},
		{"date<=2023-09-16", `{"date":"2023-09-16T20:00:00+00:00"}`, true},
		{"date>2023-09-16", `{"date":"2023-09-16T20:00:00+00:00"}`, false},
		{"date>2023-09-16T19:59:59", `{"date":"2023-09-16T20:00:00+00:00"}`, true},
		{"date=2023-09-16T20:00:00%2B00:00", `{"date":"2023-09-16T20:00:00.000+00:00"}`, true},
		{"date=2023-09-16T22:00:00%2B02:00", `{"date":"2023-09-16T20:00:00+00:00"}`, true},
		{"date=2023-09-16", `{"date":"not a date"}`, false},
		{"message=2023-09-16", `{"message":"2023-09-16"}`, false}, // a date never equals a string field
	} {
		f := filterFor(t, c.raw)
		names := make([]string, len(f.fields))
		for i, ff := range f.fields {
			names[i] = ff.field
		}
		vals := make([][]byte, len(names))
		if err := pick([]byte(c.rec), names, vals); err != nil {
			t.Fatal(err)
		}
		if got := f.matches(vals); got != c.want {
			t.Errorf("%s on %s = %v, want %v", c.raw, c.rec, got, c.want)
		}
	}
}

func TestFilterIncomparableBounds(t *testing.T) {
	t.Parallel()
	pq, err := parseQuery("date>5&date<2023-01-01T10:00", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = buildFilter(pq.params, nil)
	var qe *queryError
	if !errors.As(err, &qe) {
		t.Errorf("number and date bounds on one field: err = %v, want the server's TypeError", err)
	}
}
