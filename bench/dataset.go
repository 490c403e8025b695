package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// datasetVersion changes whenever the prepared layout changes, so stale
// caches are rebuilt rather than misread.
const datasetVersion = 1

// Size says how much simulated data the benchmark runs on.
type Size struct {
	Seed     uint64  `json:"seed"`
	Year     int     `json:"year"`
	Meetings int     `json:"meetings"` // race weekends of the season (workloads 1 and 2)
	Weekends int     `json:"weekends"` // weekends with car_data (workload 3), the first ones of the season
	Hz       float64 `json:"hz"`       // car_data sample rate per car
}

func (s Size) dirName() string {
	return fmt.Sprintf("v%d-y%d-s%d-m%d-t%d-hz%g", datasetVersion, s.Year, s.Seed, s.Meetings, s.Weekends, s.Hz)
}

// Dataset is a prepared benchmark input on local disk:
//
//	<dir>/lake        bronze root: every non-telemetry endpoint of the season,
//	                  plus car_data for the first Weekends meetings
//	<dir>/lapslake    bronze root holding only what silver.laps is built
//	                  from (hard links into lake)
//	<dir>/silver      Iceberg lake (SQLite catalog) with the season's silver
//	                  tables, the gold workload's input
//	<dir>/dataset.json this description, written last
type Dataset struct {
	Version int    `json:"version"`
	Dir     string `json:"dir"`
	Size    Size   `json:"size"`
	// Silver is true once the silver lake has been published.
	Silver bool `json:"silver"`
	// Row counts of the main inputs, for the report.
	BronzeLaps    int64   `json:"bronze_laps"`
	BronzeCarData int64   `json:"bronze_car_data"`
	Sessions      int     `json:"sessions"`
	PrepSeconds   float64 `json:"prep_seconds"`
}

// BronzeURL is the full bronze root.
func (d *Dataset) BronzeURL() string { return "file://" + filepath.Join(d.Dir, "lake") }

// LapsBronzeURL is the bronze root holding only silver.laps' sources.
func (d *Dataset) LapsBronzeURL() string { return "file://" + filepath.Join(d.Dir, "lapslake") }

// SilverDir is the local Iceberg lake with the silver tables.
func (d *Dataset) SilverDir() string { return filepath.Join(d.Dir, "silver") }

// lapsEndpoints are the bronze endpoints silver.BuildSession needs for
// silver.laps: the calendar, drivers (referential check), stints (the
// stint join), pit (in-laps) and race_control (SC/VSC, deleted laps).
var lapsEndpoints = []openf1.Endpoint{
	openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointStints,
	openf1.EndpointPit, openf1.EndpointRaceControl, openf1.EndpointLaps,
}

// loadDataset reads a prepared dataset's description.
func loadDataset(dir string) (*Dataset, error) {
	b, err := os.ReadFile(filepath.Join(dir, "dataset.json"))
	if err != nil {
		return nil, err
	}
	var d Dataset
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, "dataset.json"), err)
	}
	if d.Version != datasetVersion {
		return nil, fmt.Errorf("dataset %s has version %d, want %d", dir, d.Version, datasetVersion)
	}
	d.Dir = dir
	return &d, nil
}

func (d *Dataset) save() error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(d.Dir, "dataset.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(d.Dir, "dataset.json"))
}

// prepareDataset returns the dataset of the given size under root, building
// what is missing: bronze from the simulator through the fake API server
// and the real extractor, then (when withSilver) the silver Iceberg lake.
// Nothing here is timed as part of a workload.
func prepareDataset(ctx context.Context, root string, size Size, withSilver, fresh bool) (*Dataset, error) {
	dir := filepath.Join(root, size.dirName())
	if fresh {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	d, err := loadDataset(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.Printf("bench: rebuilding dataset: %v", err)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	if d == nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		d = &Dataset{Version: datasetVersion, Dir: dir, Size: size}
		if err := d.extractBronze(ctx); err != nil {
			return nil, fmt.Errorf("prepare bronze: %w", err)
		}
		if err := d.save(); err != nil {
			return nil, err
		}
	}
	if withSilver && !d.Silver {
		if err := d.publishSilver(ctx); err != nil {
			return nil, fmt.Errorf("prepare silver: %w", err)
		}
		d.Silver = true
		if err := d.save(); err != nil {
			return nil, err
		}
	}
	if el := time.Since(start); el > time.Second {
		d.PrepSeconds += el.Seconds()
		_ = d.save()
		log.Printf("bench: dataset ready in %s: %s", el.Round(time.Millisecond), dir)
	}
	return d, nil
}

// simNow is the clock of the fake server and the planner: after the season,
// so every session is settled.
func (s Size) simNow() time.Time { return time.Date(s.Year+1, 1, 15, 0, 0, 0, 0, time.UTC) }

func (d *Dataset) extractBronze(ctx context.Context) error {
	size := d.Size
	season, err := sim.New(sim.Config{Seed: size.Seed, Year: size.Year, Meetings: size.Meetings,
		Telemetry: size.Weekends > 0, TelemetryHz: size.Hz, Quirks: sim.AllQuirks()})
	if err != nil {
		return err
	}
	now := size.simNow()
	srv, err := openf1test.Start(season, openf1test.WithNow(func() time.Time { return now }))
	if err != nil {
		return err
	}
	defer srv.Close()
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit(), openf1.WithTimeout(5*time.Minute))
	if err != nil {
		return err
	}
	lake := filepath.Join(d.Dir, "lake")
	if err := os.MkdirAll(lake, 0o755); err != nil {
		return err
	}
	store, err := bronze.OpenStore(ctx, "file://"+lake)
	if err != nil {
		return err
	}
	defer store.Close()
	x := bronze.NewExtractor(client, store)

	var nonTele []openf1.Endpoint
	for _, info := range openf1.Endpoints() {
		if !info.Telemetry {
			nonTele = append(nonTele, info.Name)
		}
	}
	if err := runPlan(ctx, x, bronze.PlanRequest{Years: []int{size.Year}, Endpoints: nonTele, Now: now}, "season"); err != nil {
		return err
	}
	if size.Weekends > 0 {
		var keys []int
		for i, m := range season.Meetings() {
			if i < size.Weekends {
				keys = append(keys, m.MeetingKey)
			}
		}
		if err := runPlan(ctx, x, bronze.PlanRequest{MeetingKeys: keys, Endpoints: []openf1.Endpoint{openf1.EndpointCarData}, Now: now}, "car_data"); err != nil {
			return err
		}
	}

	// The laps lake: the same partitions, hard-linked, for the endpoints
	// silver.laps is built from only, so silver.BuildSession builds what the
	// DuckDB query computes and not fourteen tables.
	for _, ep := range lapsEndpoints {
		src := filepath.Join(lake, bronze.Root, string(ep))
		dst := filepath.Join(d.Dir, "lapslake", bronze.Root, string(ep))
		if err := linkTree(src, dst); err != nil {
			return err
		}
	}

	for _, ep := range []openf1.Endpoint{openf1.EndpointLaps, openf1.EndpointCarData} {
		ms, err := store.Manifests(ctx, ep, bronze.ManifestFilter{})
		if err != nil {
			return err
		}
		var rows int64
		for _, m := range ms {
			rows += m.Rows
		}
		if ep == openf1.EndpointLaps {
			d.BronzeLaps, d.Sessions = rows, len(ms)
		} else {
			d.BronzeCarData = rows
		}
	}
	return nil
}

func runPlan(ctx context.Context, x *bronze.Extractor, req bronze.PlanRequest, what string) error {
	plan, err := x.Plan(ctx, req)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := x.Run(ctx, plan, bronze.RunOptions{RunID: "bench-prep-" + what, Concurrency: 2})
	if err != nil {
		return err
	}
	for _, p := range res.Partitions {
		if p.Err != nil || p.Quarantine != nil {
			return fmt.Errorf("bronze %s partition %v: %s %v", what, p.Key, p.Error, p.Quarantine)
		}
	}
	log.Printf("bench: extracted %s: %d partitions, %d rows, %d requests in %s", what,
		len(res.Partitions), res.Rows(), res.Requests, time.Since(start).Round(time.Millisecond))
	return nil
}

// linkTree mirrors src under dst with hard links (copies when linking fails).
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if err := os.Link(p, target); err == nil || errors.Is(err, fs.ErrExist) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// publishSilver builds silver for every session of the season and
// publishes it to the dataset's Iceberg lake: the gold workload's input.
func (d *Dataset) publishSilver(ctx context.Context) error {
	start := time.Now()
	store, err := bronze.OpenStore(ctx, d.BronzeURL())
	if err != nil {
		return err
	}
	defer store.Close()
	if err := os.RemoveAll(d.SilverDir()); err != nil {
		return err
	}
	lake, err := lakehouse.OpenLocal(ctx, d.SilverDir())
	if err != nil {
		return err
	}
	defer lake.Close()
	if err := silver.EnsureTables(ctx, lake); err != nil {
		return err
	}
	opts := silver.BuildOptions{RunID: "bench-prep"}
	cal, err := silver.BuildCalendar(ctx, store, d.Size.Year, opts)
	if err != nil {
		return err
	}
	builds := []*silver.Build{cal}
	defer func() {
		for _, b := range builds {
			b.Release()
		}
	}()
	keys, err := sessionKeys(ctx, store, openf1.EndpointLaps)
	if err != nil {
		return err
	}
	for _, k := range keys {
		b, err := silver.BuildSession(ctx, store, k, opts)
		if err != nil {
			return err
		}
		builds = append(builds, b)
	}
	if _, err := silver.PublishAll(ctx, lake, builds, "bench-prep"); err != nil {
		return err
	}
	log.Printf("bench: published silver for %d sessions in %s", len(keys), time.Since(start).Round(time.Millisecond))
	return nil
}

// sessionKeys lists the sessions that have a partition of ep, ascending.
func sessionKeys(ctx context.Context, store *bronze.Store, ep openf1.Endpoint) ([]int, error) {
	ms, err := store.Manifests(ctx, ep, bronze.ManifestFilter{})
	if err != nil {
		return nil, err
	}
	var keys []int
	for _, m := range ms {
		keys = append(keys, m.SessionKey)
	}
	return sortedUnique(keys), nil
}

// workerPrepare is the -worker value of the process that prepares the
// dataset: preparing in a child keeps the parent, whose memory every worker
// would otherwise share at fork time, small.
const workerPrepare = "prepare"

// runPrepare is the body of the prepare process: it prepares the dataset
// and prints its directory on stdout.
func runPrepare(ctx context.Context, root string, size Size, withSilver, fresh bool) error {
	d, err := prepareDataset(ctx, root, size, withSilver, fresh)
	if err != nil {
		return err
	}
	fmt.Println(d.Dir)
	return nil
}

// spawnPrepare prepares the dataset in a child process and loads it.
func spawnPrepare(ctx context.Context, exe, root string, size Size, withSilver, fresh bool) (*Dataset, error) {
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	args := []string{"-worker", workerPrepare, "-data", root,
		"-seed", strconv.FormatUint(size.Seed, 10), "-year", strconv.Itoa(size.Year),
		"-meetings", strconv.Itoa(size.Meetings), "-weekends", strconv.Itoa(size.Weekends),
		"-hz", strconv.FormatFloat(size.Hz, 'g', -1, 64),
		"-with-silver=" + strconv.FormatBool(withSilver), "-fresh=" + strconv.FormatBool(fresh)}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("prepare dataset: %w", err)
	}
	return loadDataset(strings.TrimSpace(string(out)))
}
