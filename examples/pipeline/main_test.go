package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
	"github.com/pitwall-f1/pitwall/pipeline"
)

// TestDemo runs the README's first command on a one-weekend season, twice:
// the first run publishes every session, the second finds nothing changed.
func TestDemo(t *testing.T) {
	lake := filepath.Join(t.TempDir(), "lake")
	args := []string{"-demo", "-meetings", "1", "-lake", lake, "-quiet"}
	var out, errOut bytes.Buffer
	code, err := run(context.Background(), args, &out, &errOut)
	if err != nil || code != 0 {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out.String(), errOut.String())
	}
	for _, want := range []string{"demo: simulated 2025 season (seed 1, 1 meetings, 5 sessions)", "sessions: 5  ok 5", "gold.championship_standings", "lineage events: " + filepath.Join(lake, "lineage.ndjson")} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// report and lineage files are in the lake
	report := regexp.MustCompile(`report: (\S+)`).FindStringSubmatch(out.String())
	if report == nil {
		t.Fatalf("no report path in the output")
	}
	b, err := os.ReadFile(report[1])
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Status pipeline.Status `json:"status"`
		Totals pipeline.Totals `json:"totals"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Status != pipeline.StatusOK || rep.Totals.SessionsOK != 5 {
		t.Fatalf("report %s: %+v %v", report[1], rep, err)
	}
	if fi, err := os.Stat(filepath.Join(lake, "lineage.ndjson")); err != nil || fi.Size() == 0 {
		t.Fatalf("lineage file: %v", err)
	}

	out.Reset()
	code, err = run(context.Background(), args, &out, &errOut)
	if err != nil || code != 0 || !strings.Contains(out.String(), "skipped (unchanged) 5") || !strings.Contains(out.String(), "0 snapshots committed") {
		t.Fatalf("second run: exit %d, %v\n%s", code, err, out.String())
	}
}

// TestStageCommand runs single stages as an orchestrator would: the
// configuration comes from a JSON file, each stage prints its report.
func TestStageCommand(t *testing.T) {
	dir := t.TempDir()
	lake := filepath.Join(dir, "lake")
	var out bytes.Buffer
	if code, err := run(context.Background(), []string{"-lake", lake, "-print-config", "-mode", "backfill"}, &out, &out); err != nil || code != 0 {
		t.Fatalf("print-config: %d %v", code, err)
	}
	cfgFile := filepath.Join(dir, "config.json")
	if err := os.WriteFile(cfgFile, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	stage := func(args ...string) []pipeline.StageReport {
		t.Helper()
		var out, errOut bytes.Buffer
		args = append([]string{"-demo", "-meetings", "1", "-config", cfgFile}, args...)
		code, err := run(context.Background(), args, &out, &errOut)
		if err != nil || code != 0 {
			t.Fatalf("%v: exit %d, %v\n%s%s", args, code, err, out.String(), errOut.String())
		}
		var reps []pipeline.StageReport
		dec := json.NewDecoder(&out)
		for dec.More() {
			var r pipeline.StageReport
			if err := dec.Decode(&r); err != nil {
				t.Fatal(err)
			}
			reps = append(reps, r)
		}
		return reps
	}
	stage("-stage", "extract-calendar", "-years", "2025")
	stage("-stage", "calendar", "-years", "2025")
	// the first session of the demo season: Practice 1 of Bahrain
	for _, s := range []string{"extract", "silver", "gold"} {
		reps := stage("-stage", s, "-session-keys", "10008")
		if len(reps) != 1 || reps[0].Status != pipeline.StatusOK || len(reps[0].Tables) == 0 {
			t.Fatalf("stage %s: %+v", s, reps)
		}
	}
}

// TestOfflineHint: without network the error says how to run anyway.
func TestOfflineHint(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"-base-url", "http://127.0.0.1:1", "-years", "2024", "-lake", filepath.Join(t.TempDir(), "lake"), "-retries", "0", "-api-retries", "0", "-quiet"}
	code, err := run(context.Background(), args, &out, &errOut)
	if code == 0 || err == nil || !strings.Contains(err.Error(), "-demo") || !strings.Contains(err.Error(), "-cache DIR -offline") {
		t.Fatalf("exit %d, err %v", code, err)
	}
}

func TestFlags(t *testing.T) {
	var out bytes.Buffer
	for _, args := range [][]string{
		{"-demo", "-source", "x"},
		{"-offline"},
		{"-mode", "daily"},
		{"-catalog-prop", "novalue"},
		{"-years", "twenty"},
		{"extra"},
	} {
		if code, err := run(context.Background(), args, &out, &out); code != 2 || err == nil {
			t.Errorf("%v: exit %d, %v", args, code, err)
		}
	}
}

// TestSourceRecordings runs the pipeline offline over the shared folder
// of recorded API responses (issue 11), on the 2026 Barcelona qualifying.
func TestSourceRecordings(t *testing.T) {
	root := sharedtest.FixturesDir(t)
	var out, errOut bytes.Buffer
	args := []string{"-source", root, "-session-keys", "11303", "-lake", filepath.Join(t.TempDir(), "lake"), "-quiet"}
	code, err := run(context.Background(), args, &out, &errOut)
	if err != nil || code != 0 {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out.String(), errOut.String())
	}
	for _, want := range []string{"not loaded: index.json", "not loaded: SOURCES.md", "sessions: 1  ok 1", "gold.qualifying_analysis"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
