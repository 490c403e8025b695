package main

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCompareResultsAgree(t *testing.T) {
	a := &Result{Engine: enginePitwall, Workload: "laps", OutputRows: 3, InputRows: 4,
		Aggregates: []Aggregate{{"sum(x)", 1e12}, {"slope", 0.123456789}}}
	b := &Result{Engine: engineDuckDB, Workload: "laps", OutputRows: 3, InputRows: 4,
		// a float sum added in another order: off in the 16th digit
		Aggregates: []Aggregate{{"slope", 0.123456789 + 1e-17}, {"sum(x)", 1e12 + 1e-4}}}
	if err := compareResults(a, b); err != nil {
		t.Fatalf("equal outputs reported as different: %v", err)
	}
}

func TestCompareResultsNamesTheDifference(t *testing.T) {
	a := &Result{Engine: enginePitwall, Workload: "gold", OutputRows: 10,
		Aggregates: []Aggregate{{"sum(lap_duration_ms)", 5000}, {"count(is_accurate)", 7}, {"only_here", 1}}}
	b := &Result{Engine: engineDuckDB, Workload: "gold", OutputRows: 9,
		Aggregates: []Aggregate{{"sum(lap_duration_ms)", 5000}, {"count(is_accurate)", 8}}}
	err := compareResults(a, b)
	var mm *MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("got %v, want a *MismatchError", err)
	}
	if mm.Workload != "gold" || len(mm.Diffs) != 3 {
		t.Fatalf("mismatch %+v: want workload gold and 3 differences (rows, count(is_accurate), only_here)", mm)
	}
	msg := err.Error()
	for _, want := range []string{"gold", "output rows", "count(is_accurate)", "only_here"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not name %q", msg, want)
		}
	}
	if strings.Contains(msg, "sum(lap_duration_ms)") {
		t.Errorf("message %q names an aggregate that agrees", msg)
	}
}

func TestCloseEnough(t *testing.T) {
	for _, c := range []struct {
		x, y float64
		want bool
	}{
		{0, 0, true},
		{0, 1e-10, true}, // absolute below 1
		{0, 1e-8, false},
		{1e9, 1e9 + 0.5, true}, // relative 5e-10
		{1e9, 1e9 + 2, false},  // relative 2e-9
		{math.NaN(), math.NaN(), true},
		{math.NaN(), 0, false},
	} {
		if got := closeEnough(c.x, c.y); got != c.want {
			t.Errorf("closeEnough(%g, %g) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}
