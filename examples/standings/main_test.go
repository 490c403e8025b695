package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/pipeline"
)

// TestStandings prints the championship of a simulated two-round season
// from the lake the pipeline wrote, and checks it against the simulator's
// ground truth (its final drivers' standings).
func TestStandings(t *testing.T) {
	season, err := sim.New(sim.Config{Seed: 11, Meetings: 2, Sprints: -1})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	srv, err := openf1test.Start(season, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	lake := filepath.Join(t.TempDir(), "lake")
	if _, err := pipeline.Run(context.Background(), pipeline.Config{Lake: lake, Mode: pipeline.Backfill, Years: []int{2025}, Now: now,
		API: pipeline.APIConfig{BaseURL: srv.URL(), NoRateLimit: true, Anonymous: true}, Lineage: pipeline.LineageConfig{URL: "none"}}); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"-lake", lake}, &out, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.HasPrefix(text, "2025 championship after round 2 of 2") {
		t.Fatalf("output:\n%s", text)
	}
	// Every driver's line shows the ground truth's position and points.
	for _, ds := range season.Truth().DriverStandings {
		line := regexp.MustCompile(fmt.Sprintf(`(?m)^%d\s+\S+\s+.*\s%g\s+\d+\s+\d+\s+\S+$`, ds.Position, ds.Points))
		if !line.MatchString(text) {
			t.Errorf("no line for P%d with %g points (driver %d):\n%s", ds.Position, ds.Points, ds.DriverNumber, text)
		}
	}
	// After round 1 only.
	out.Reset()
	if err := run(context.Background(), []string{"-lake", lake, "-round", "1"}, &out, &out); err != nil || !strings.HasPrefix(out.String(), "2025 championship after round 1 of 2") {
		t.Fatalf("%v\n%s", err, out.String())
	}
	// No lake: a hint.
	if err := run(context.Background(), []string{"-lake", filepath.Join(t.TempDir(), "none")}, &out, &out); err == nil || !strings.Contains(err.Error(), "-demo") {
		t.Fatalf("missing lake: %v", err)
	}
}
