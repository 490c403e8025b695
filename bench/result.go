package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Result is what one engine reports for one run of one workload. A worker
// process prints it as JSON on stdout; the parent adds the peak RSS it read
// from the child's rusage.
type Result struct {
	Engine   string `json:"engine"`
	Workload string `json:"workload"`
	// Seconds is the wall time of the work itself, measured inside the
	// worker: from listing the inputs (manifests or scan plans) to a
	// materialized result, without process start-up or data preparation.
	Seconds float64 `json:"seconds"`
	// InputRows are the rows of the workload's main input (bronze laps,
	// silver laps, bronze car_data), the same for both engines; rows/s is
	// InputRows / Seconds.
	InputRows int64 `json:"input_rows"`
	// OutputRows are the rows of the main output table.
	OutputRows int64 `json:"output_rows"`
	// Aggregates summarise the output; both engines must agree on them.
	Aggregates []Aggregate `json:"aggregates"`
	// PeakRSS is the child's maximum resident set size in bytes (filled in
	// by the parent from rusage).
	PeakRSS int64 `json:"peak_rss,omitempty"`
	// Notes carry what a worker wants the report to show (warnings).
	Notes []string `json:"notes,omitempty"`
}

// Aggregate is one named summary value of a workload's output. Integer
// aggregates (counts, sums of integer columns) are exact in a float64 below
// 2^53, far above what the workloads produce.
type Aggregate struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// aggTolerance is the relative tolerance of the comparison: floating-point
// sums may be added in a different order by the two engines.
const aggTolerance = 1e-9

// MismatchError reports outputs of the two engines that disagree. It names
// the workload and every differing aggregate, so a failure says where to
// look.
type MismatchError struct {
	Workload string
	Diffs    []string
}

// Error lists the differences, one per line.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("workload %s: pitwall and DuckDB outputs differ (no time is reported):\n  %s",
		e.Workload, strings.Join(e.Diffs, "\n  "))
}

// compareResults checks that two results of the same workload agree on
// output row count and on every aggregate to aggTolerance (relative to the
// larger magnitude, absolute below 1).
func compareResults(a, b *Result) error {
	var diffs []string
	if a.OutputRows != b.OutputRows {
		diffs = append(diffs, fmt.Sprintf("output rows: %s %d, %s %d", a.Engine, a.OutputRows, b.Engine, b.OutputRows))
	}
	if a.InputRows != b.InputRows {
		diffs = append(diffs, fmt.Sprintf("input rows: %s %d, %s %d", a.Engine, a.InputRows, b.Engine, b.InputRows))
	}
	bv := map[string]float64{}
	for _, x := range b.Aggregates {
		bv[x.Name] = x.Value
	}
	seen := map[string]bool{}
	for _, x := range a.Aggregates {
		seen[x.Name] = true
		y, ok := bv[x.Name]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: %s %v, %s has no such aggregate", x.Name, a.Engine, x.Value, b.Engine))
			continue
		}
		if !closeEnough(x.Value, y) {
			diffs = append(diffs, fmt.Sprintf("%s: %s %.12g, %s %.12g (diff %.3g)", x.Name, a.Engine, x.Value, b.Engine, y, x.Value-y))
		}
	}
	for _, y := range b.Aggregates {
		if !seen[y.Name] {
			diffs = append(diffs, fmt.Sprintf("%s: %s %v, %s has no such aggregate", y.Name, b.Engine, y.Value, a.Engine))
		}
	}
	if len(diffs) > 0 {
		return &MismatchError{Workload: a.Workload, Diffs: diffs}
	}
	return nil
}

func closeEnough(x, y float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.IsNaN(x) && math.IsNaN(y)
	}
	scale := math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	return math.Abs(x-y) <= aggTolerance*scale
}

// median returns the median of xs (the mean of the middle two for an even
// count); 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// aggs builds an aggregate list from name/value pairs, in order.
type aggs []Aggregate

func (a *aggs) add(name string, v float64) { *a = append(*a, Aggregate{name, v}) }
