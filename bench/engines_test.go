//go:build !pitwallonly

package main

import (
	"context"
	"testing"
)

// TestEnginesAgree prepares the smoke dataset (1 meeting, car_data at
// 1 Hz) and checks that pitwall and DuckDB produce the same outputs for
// every workload: the comparison the benchmark relies on before it reports
// any time.
func TestEnginesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("prepares a simulated dataset and runs DuckDB: skipped with -short")
	}
	ctx := context.Background()
	d, err := prepareDataset(ctx, t.TempDir(), Size{Seed: 3, Year: 2025, Meetings: 1, Weekends: 1, Hz: 1}, true, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range workloads {
		if w.duckdb == nil {
			continue
		}
		t.Run(w.name, func(t *testing.T) {
			pw, err := w.pitwall(ctx, d, 2)
			if err != nil {
				t.Fatalf("pitwall: %v", err)
			}
			dk, err := w.duckdb(ctx, d, 2)
			if err != nil {
				t.Fatalf("duckdb: %v", err)
			}
			pw.Engine, pw.Workload = enginePitwall, w.name
			dk.Engine, dk.Workload = engineDuckDB, w.name
			if pw.OutputRows == 0 || len(pw.Aggregates) == 0 {
				t.Fatalf("pitwall produced nothing to compare: %+v", pw)
			}
			if err := compareResults(pw, dk); err != nil {
				t.Fatal(err)
			}
		})
	}
}
