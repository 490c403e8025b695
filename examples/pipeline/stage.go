package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/pitwall-f1/pitwall/pipeline"
)

// stages are the -stage names an orchestrator task can run on its own.
var stages = map[string]string{
	"plan":             "print the sessions and years a run would process (JSON)",
	"extract-calendar": "extract the meetings and sessions of -years",
	"calendar":         "build silver.meetings and silver.sessions of -years",
	"extract":          "extract the bronze partitions of -session-keys",
	"silver":           "build, check and publish the silver tables of -session-keys",
	"gold":             "build, check and publish the gold tables of -session-keys",
	"standings":        "build, check and publish the championship of -years",
}

// runStage runs one stage for each key given and prints its report as
// JSON lines on out. The exit code is 1 when a stage failed.
func runStage(ctx context.Context, o *options, cfg pipeline.Config, out io.Writer) (int, error) {
	if _, ok := stages[o.stage]; !ok {
		return 2, fmt.Errorf("-stage %q: want one of plan, extract-calendar, calendar, extract, silver, gold, standings", o.stage)
	}
	enc := json.NewEncoder(out)
	if o.stage == "plan" {
		p, err := pipeline.Plan(ctx, cfg)
		if err != nil {
			return 1, err
		}
		return 0, enc.Encode(p)
	}
	yearly := o.stage == "extract-calendar" || o.stage == "calendar" || o.stage == "standings"
	keys := []int(o.sessionKeys)
	if yearly {
		keys = o.years
	}
	if len(keys) == 0 {
		if yearly {
			return 2, fmt.Errorf("-stage %s needs -years", o.stage)
		}
		return 2, fmt.Errorf("-stage %s needs -session-keys", o.stage)
	}
	code := 0
	var firstErr error
	for _, k := range keys {
		var st *pipeline.StageReport
		var err error
		switch o.stage {
		case "extract-calendar":
			st, err = pipeline.ExtractCalendar(ctx, cfg, k)
		case "calendar":
			st, err = pipeline.BuildCalendar(ctx, cfg, k)
		case "standings":
			st, err = pipeline.BuildStandings(ctx, cfg, k)
		case "extract":
			st, err = pipeline.ExtractSession(ctx, cfg, k)
		case "silver":
			st, err = pipeline.BuildSilverSession(ctx, cfg, k)
		case "gold":
			st, err = pipeline.BuildGoldSession(ctx, cfg, k)
		}
		if st != nil {
			if eerr := enc.Encode(st); eerr != nil {
				return 1, eerr
			}
		}
		if err != nil {
			code = 1
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return code, firstErr
}

// loadConfig reads a pipeline.Config from a JSON file.
func loadConfig(path string) (pipeline.Config, error) {
	var cfg pipeline.Config
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}
