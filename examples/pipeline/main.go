// Command pipeline runs the whole pitwall pipeline — OpenF1 → bronze →
// silver → gold, with quality checks and OpenLineage events — as a weekly
// incremental run or a historical backfill.
//
// With -demo it needs no network and nothing installed: an in-process fake
// OpenF1 server serves a simulated season, and everything lands in ./lake
// (SQLite Iceberg catalog, local warehouse, bronze Parquet, lineage in
// ./lake/lineage.ndjson):
//
//	go run ./examples/pipeline -demo
//	go run ./examples/standings          # championship after the last round
//
// With -source DIR it runs the same pipeline offline over a folder of
// recorded OpenF1 responses (openf1test.LoadDir). Without either it talks to
// the OpenF1 API (credentials from OPENF1_USERNAME/OPENF1_PASSWORD or
// OPENF1_TOKEN), optionally through an on-disk cache (-cache DIR, -offline
// to replay it without network).
//
// Production: -bronze s3://bucket/lake?region=eu-west-1 with
// -catalog-prop type=glue (or type=rest, uri=...) and -lineage
// http://marquez:5000.
//
// Orchestrators run one stage per task: -print-config writes the
// configuration the flags make as JSON, and
//
//	pipeline -stage silver -config config.json -session-keys 9472
//
// runs that stage alone (plan, extract-calendar, calendar, extract,
// silver, gold, standings) and prints its report as JSON.
//
// Exit codes: 0 success, 1 failure, 2 bad flags, 3 completed with failed
// or blocked sessions.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

// options are the command's flags.
type options struct {
	demo, telemetry, offline, force, quiet, verbose bool
	source, mode, lake, bronze, lineage, cache      string
	baseURL, since, report, notify, suites          string
	stage, configFile                               string
	printConfig                                     bool
	years, meetingKeys, sessionKeys                 intList
	catalogProps                                    kvList
	concurrency, meetings, demoYear, retries        int
	apiRetries                                      int
	seed                                            uint64
	retryDelay                                      time.Duration
}

func parse(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("pipeline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.demo, "demo", false, "run on a simulated season served by an in-process fake OpenF1 server (no network)")
	fs.StringVar(&o.source, "source", "", "run on a folder of recorded OpenF1 responses, served by an in-process fake server (offline)")
	fs.StringVar(&o.mode, "mode", "", "weekly or backfill (default: backfill with -demo, -source or a scope, else weekly)")
	fs.Var(&o.years, "years", "backfill these seasons (comma-separated)")
	fs.Var(&o.meetingKeys, "meeting-keys", "backfill these meetings (comma-separated meeting_key values)")
	fs.Var(&o.sessionKeys, "session-keys", "backfill these sessions (comma-separated session_key values)")
	fs.StringVar(&o.since, "since", "", "weekly: sessions that ended after this time (RFC 3339 or YYYY-MM-DD) instead of the lake's watermark")
	fs.StringVar(&o.lake, "lake", "lake", "local lake folder: bronze, SQLite catalog, warehouse, lineage and reports")
	fs.StringVar(&o.bronze, "bronze", "", "lake root URL for bronze (file://, s3://bucket/prefix?region=..., gs://...); default the -lake folder")
	fs.Var(&o.catalogProps, "catalog-prop", "Iceberg catalog property key=value (repeatable), e.g. type=rest, uri=http://..., warehouse=s3://...")
	fs.StringVar(&o.lineage, "lineage", "", "OpenLineage target: http(s)://backend, a .ndjson path, console or none (default <lake>/lineage.ndjson, or OPENLINEAGE_URL when set)")
	fs.IntVar(&o.concurrency, "concurrency", 0, "meetings processed at once (default 2)")
	fs.StringVar(&o.cache, "cache", "", "keep OpenF1 responses in this folder and serve them from it")
	fs.BoolVar(&o.offline, "offline", false, "with -cache: replay only, never touch the network")
	fs.StringVar(&o.baseURL, "base-url", "", "OpenF1 API base URL (default https://api.openf1.org)")
	fs.IntVar(&o.apiRetries, "api-retries", -1, "retries of a failed API request (default the client's)")
	fs.BoolVar(&o.telemetry, "telemetry", false, "include car_data and location (large)")
	fs.IntVar(&o.meetings, "meetings", 0, "demo: number of race weekends in the simulated season (default 24)")
	fs.IntVar(&o.demoYear, "year", 2025, "demo: season of the simulated championship")
	fs.Uint64Var(&o.seed, "seed", 1, "demo: simulator seed (the same seed gives the same season)")
	fs.BoolVar(&o.force, "force", false, "rebuild silver and gold of sessions whose bronze input is unchanged")
	fs.IntVar(&o.retries, "retries", -1, "retries per task (default: the mode's policy)")
	fs.DurationVar(&o.retryDelay, "retry-delay", 0, "wait between retries (default: the mode's policy)")
	fs.StringVar(&o.report, "report", "", "write the JSON run report here (default <lake>/reports/<run id>.json; - for stdout)")
	fs.StringVar(&o.notify, "notify", "", "webhook URL told the outcome (JSON POST)")
	fs.StringVar(&o.suites, "suites", "", "folder of GX suite JSON files (<layer>.<table>.json) replacing the built-in suites")
	fs.StringVar(&o.stage, "stage", "", "run one stage on its own, as an orchestrator task: plan, extract-calendar, calendar, extract, silver, gold or standings (keys from -years or -session-keys); prints its report as JSON")
	fs.StringVar(&o.configFile, "config", "", "read the pipeline configuration from this JSON file (see -print-config) instead of the flags")
	fs.BoolVar(&o.printConfig, "print-config", false, "print the configuration the flags make as JSON and exit (a starting point for -config)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&o.verbose, "v", false, "log stages to stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	if o.demo && o.source != "" {
		return nil, errors.New("-demo and -source are alternatives: choose one")
	}
	if o.offline && o.cache == "" {
		return nil, errors.New("-offline replays the -cache folder: give -cache DIR too")
	}
	return o, nil
}

// run executes the command and returns the exit code: 0 when the run
// succeeded, 1 when it failed or could not start, 2 for bad flags, 3 when
// it completed with failed or blocked sessions.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	o, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0, nil
	}
	if err != nil {
		return 2, err
	}
	cfg, err := o.config()
	if o.configFile != "" && err == nil {
		cfg, err = loadConfig(o.configFile)
	}
	if err != nil {
		return 2, err
	}
	if o.printConfig {
		b, err := json.MarshalIndent(cfg, "", "  ")
		if err != nil {
			return 1, err
		}
		fmt.Fprintf(stdout, "%s\n", b)
		return 0, nil
	}
	var popts []pipeline.Option
	if o.verbose {
		popts = append(popts, pipeline.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))))
	}

	var src *fakeSource
	switch {
	case o.demo:
		src, err = startDemo(o)
	case o.source != "":
		src, err = startRecordings(ctx, o.source, stdout)
	}
	if err != nil {
		return 1, err
	}
	if src != nil {
		defer src.srv.Close()
		cfg.API = pipeline.APIConfig{BaseURL: src.srv.URL(), NoRateLimit: true, Anonymous: true}
		cfg.Now = src.now
		if len(cfg.Years)+len(cfg.MeetingKeys)+len(cfg.SessionKeys) == 0 && cfg.Mode == pipeline.Backfill {
			cfg.Years = src.years
		}
		if o.stage == "" {
			fmt.Fprintf(stdout, "%s\n", src.describe)
		}
	}
	if o.stage != "" {
		return runStage(ctx, o, cfg, stdout)
	}

	bar := newProgressBar(stderr, !o.quiet && isTerminal(stderr))
	popts = append(popts, pipeline.WithProgress(bar.update))
	start := time.Now()
	rep, err := pipeline.Run(ctx, cfg, popts...)
	bar.done()
	if rep == nil {
		return 1, explain(err, o)
	}
	if len(rep.Sessions)+len(rep.Calendar) == 0 && err != nil {
		return 1, explain(err, o) // nothing ran: the error says it all
	}
	fmt.Fprintln(stdout)
	_ = rep.WriteSummary(stdout)
	if path, werr := writeReport(rep, o); werr != nil {
		fmt.Fprintln(stderr, "pipeline: report:", werr)
	} else if path != "" {
		fmt.Fprintf(stdout, "report: %s\n", path)
	}
	if lin := cfg.Lineage.URL; lin != "" && lin != "none" {
		fmt.Fprintf(stdout, "lineage events: %s\n", lin)
	}
	fmt.Fprintf(stdout, "wall time: %s\n", time.Since(start).Round(time.Millisecond))
	if err != nil {
		var re *pipeline.RunError
		if errors.As(err, &re) && re.Status == pipeline.StatusPartial {
			return 3, err
		}
		return 1, explain(err, o)
	}
	if _, local := localDir(cfg.Lake); local && o.bronze == "" {
		fmt.Fprintf(stdout, "next: go run ./examples/standings -lake %s\n", o.lake)
	}
	return 0, nil
}

// config turns the flags into a pipeline.Config.
func (o *options) config() (pipeline.Config, error) {
	lakeDir, err := filepath.Abs(o.lake)
	if err != nil {
		return pipeline.Config{}, err
	}
	cfg := pipeline.Config{
		Lake: lakeDir, Years: o.years, MeetingKeys: o.meetingKeys, SessionKeys: o.sessionKeys,
		Telemetry: o.telemetry, SuiteDir: o.suites, NotifyURL: o.notify,
		API: pipeline.APIConfig{BaseURL: o.baseURL, CacheDir: o.cache},
	}
	if o.bronze != "" {
		cfg.Lake = o.bronze
	}
	if len(o.catalogProps) > 0 {
		cfg.Catalog = map[string]string(o.catalogProps)
	}
	if o.offline {
		cfg.API.Cache = "replay"
	}
	if o.apiRetries >= 0 {
		cfg.API.Retries = &o.apiRetries
	}
	switch {
	case o.mode != "":
		m, err := pipeline.ParseMode(o.mode)
		if err != nil {
			return cfg, err
		}
		cfg.Mode = m
	case o.demo || o.source != "" || len(o.years)+len(o.meetingKeys)+len(o.sessionKeys) > 0:
		cfg.Mode = pipeline.Backfill
	default:
		cfg.Mode = pipeline.Weekly
	}
	if o.since != "" {
		t, err := parseTime(o.since)
		if err != nil {
			return cfg, err
		}
		cfg.Since = t
	}
	pol := pipeline.PolicyFor(cfg.Mode)
	applyPolicyFlags(o, &pol)
	cfg.Policy = &pol
	switch {
	case o.lineage != "":
		cfg.Lineage.URL = o.lineage
	case os.Getenv("OPENLINEAGE_URL") != "" || os.Getenv("OPENLINEAGE_CONFIG") != "":
		// the environment decides
	default:
		cfg.Lineage.URL = filepath.Join(lakeDir, "lineage.ndjson")
	}
	return cfg, nil
}

func applyPolicyFlags(o *options, p *pipeline.Policy) {
	if o.concurrency > 0 {
		p.Concurrency = o.concurrency
	}
	if o.retries >= 0 {
		p.Retries = o.retries
	}
	if o.retryDelay > 0 {
		p.RetryDelay = pipeline.Duration(o.retryDelay)
	}
	p.Force = o.force
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("-since %q: want RFC 3339 or YYYY-MM-DD", s)
}

// writeReport writes the run report JSON where -report says.
func writeReport(rep *pipeline.Report, o *options) (string, error) {
	b, err := rep.JSON()
	if err != nil {
		return "", err
	}
	path := o.report
	switch {
	case path == "-":
		_, err := os.Stdout.Write(append(b, '\n'))
		return "", err
	case path == "":
		if o.bronze != "" {
			return "", nil // remote lake: no local report unless asked
		}
		path = filepath.Join(o.lake, "reports", rep.RunID+".json")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return path, os.WriteFile(path, b, 0o644)
}

// explain adds what to do next to errors users hit first.
func explain(err error, o *options) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pipeline.ErrLocked) {
		return err
	}
	if !o.demo && o.source == "" && !o.offline && looksOffline(err) {
		return fmt.Errorf("%w\n\ncannot reach the OpenF1 API. Without network:\n"+
			"  go run ./examples/pipeline -demo                 # a simulated season, nothing to download\n"+
			"  go run ./examples/pipeline -source DIR           # a folder of recorded API responses\n"+
			"  go run ./examples/pipeline -cache DIR -offline   # replay responses recorded earlier with -cache DIR", err)
	}
	return err
}

func looksOffline(err error) bool {
	s := err.Error()
	for _, sub := range []string{"no such host", "connection refused", "network is unreachable", "i/o timeout", "dial tcp", "server misbehaving", "TLS handshake"} {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func localDir(lake string) (string, bool) {
	if strings.Contains(lake, "://") && !strings.HasPrefix(lake, "file://") {
		return "", false
	}
	return strings.TrimPrefix(lake, "file://"), true
}

// intList is a comma-separated list of integers flag.
type intList []int

// String renders the flag value.
func (l *intList) String() string {
	parts := make([]string, len(*l))
	for i, v := range *l {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// Set parses one occurrence of the flag.
func (l *intList) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("%q is not an integer", p)
		}
		*l = append(*l, v)
	}
	return nil
}

// kvList is a repeatable key=value flag.
type kvList map[string]string

// String renders the flag value.
func (m *kvList) String() string {
	var parts []string
	for k := range *m {
		parts = append(parts, k+"=…")
	}
	return strings.Join(parts, ",")
}

// Set parses one occurrence of the flag.
func (m *kvList) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q: want key=value", s)
	}
	if *m == nil {
		*m = kvList{}
	}
	(*m)[strings.TrimSpace(k)] = v
	return nil
}
