package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// TestTelemetry: with Config.Telemetry the run extracts car_data and
// location and streams them into silver with their lap numbers; every
// sample the API served is in bronze and either in silver or rejected.
func TestTelemetry(t *testing.T) {
	if testing.Short() {
		t.Skip("telemetry volumes; skipped with -short")
	}
	season, srv := simServer(t, sim.Config{Seed: 5, Meetings: 1, Telemetry: true, TelemetryHz: 0.25})
	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)
	cfg.Telemetry = true
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rep := mustRun(t, cfg, WithAllocator(mem))
	mem.AssertSize(t, 0)

	var samples int64
	for _, k := range season.SessionKeys() {
		for _, d := range season.Drivers(k) {
			for range season.CarData(k, d.DriverNumber) {
				samples++
			}
		}
	}
	tot := rep.Totals
	if samples == 0 || tot.RowsBuilt["bronze.car_data"] != samples {
		t.Fatalf("bronze.car_data: %d rows, the season served %d samples", tot.RowsBuilt["bronze.car_data"], samples)
	}
	var rejected int64
	for _, s := range rep.Sessions {
		if tr := s.Stage(StageSilver).Table("silver.car_data"); tr != nil {
			rejected += tr.Rejected
			if !tr.Published || tr.SnapshotID == 0 {
				t.Errorf("session %d: silver.car_data not published: %+v", s.SessionKey, tr)
			}
		}
	}
	if got := tot.RowsBuilt["silver.car_data"] + rejected; got != samples {
		t.Errorf("silver.car_data %d + %d rejected, want %d", tot.RowsBuilt["silver.car_data"], rejected, samples)
	}
	rows := tableRows(t, dir, silver.Ident(silver.TableCarData))
	withLap := 0
	for _, r := range rows {
		if !containsAll(r, `"lap_number":null`) {
			withLap++
		}
	}
	if int64(len(rows)) != tot.RowsBuilt["silver.car_data"] || withLap < len(rows)/2 {
		t.Errorf("silver.car_data holds %d rows (%d with a lap), report %d", len(rows), withLap, tot.RowsBuilt["silver.car_data"])
	}
	if tot.RowsBuilt["silver.location"] == 0 {
		t.Error("no silver.location rows")
	}
}
