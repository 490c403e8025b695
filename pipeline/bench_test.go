package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// BenchmarkBackfill runs a three-weekend season (15 sessions, no
// telemetry) into a fresh lake per iteration: fake API, bronze, silver,
// gold, quality, lineage to a file.
func BenchmarkBackfill(b *testing.B) {
	_, srv := simServer(b, sim.Config{Seed: 1, Meetings: 3})
	sessions := 0
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(b.TempDir(), "lake")
		cfg := testConfig(dir, srv, 2025)
		cfg.Lineage.URL = filepath.Join(dir, "lineage.ndjson")
		rep, err := Run(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		sessions += rep.Totals.SessionsOK
	}
	b.ReportMetric(float64(sessions)/b.Elapsed().Seconds(), "sessions/s")
}

// BenchmarkRerunUnchanged re-runs a backfill over a lake that already
// holds it: the cost of a no-op run (plan, manifests, markers, calendar
// and standings rebuilt and found identical).
func BenchmarkRerunUnchanged(b *testing.B) {
	_, srv := simServer(b, sim.Config{Seed: 1, Meetings: 3})
	dir := filepath.Join(b.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)
	if _, err := Run(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := Run(context.Background(), cfg)
		if err != nil || rep.Totals.SessionsSkipped != 15 {
			b.Fatal(err, rep.Totals)
		}
	}
}
