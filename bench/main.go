package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var (
		size     Size
		runs     = flag.Int("runs", 3, "timed runs per workload and engine; the report gives the median")
		names    = flag.String("workloads", workloadNames(), "comma-separated workloads to run")
		smoke    = flag.Bool("smoke", false, "tiny size for CI: 1 meeting, 1 telemetry weekend at 1 Hz, 1 run (outputs are still compared)")
		dataRoot = flag.String("data", filepath.Join(os.TempDir(), "pitwall-bench"), "where prepared datasets are cached")
		fresh    = flag.Bool("fresh", false, "rebuild the dataset even when cached")
		threads  = flag.Int("threads", runtime.NumCPU(), "threads for each engine (GOMAXPROCS and pitwall's session pool; DuckDB SET threads)")
		cpuprof  = flag.String("cpuprofile", "", "directory: after the timed runs, profile one extra pitwall run per workload into DIR/pitwall-<workload>.pprof")
		markdown = flag.String("markdown", "", "also write the results as Markdown to this file")
		jsonOut  = flag.String("json", "", "also write the results as JSON to this file")
		worker   = flag.String("worker", "", "internal: run one engine as a worker process (pitwall or duckdb)")
		wload    = flag.String("workload", "", "internal: the worker's workload")
		dataset  = flag.String("dataset", "", "internal: the worker's dataset directory")
	)
	flag.Uint64Var(&size.Seed, "seed", 1, "simulator seed")
	flag.IntVar(&size.Year, "year", 2025, "simulated season")
	flag.IntVar(&size.Meetings, "meetings", 24, "race weekends in the season (laps and gold workloads)")
	flag.IntVar(&size.Weekends, "weekends", 18, "race weekends with car_data (telemetry workload), at most -meetings")
	flag.Float64Var(&size.Hz, "hz", 3.7, "car_data samples per second per car")
	cpuProfileFile := flag.String("cpuprofile-file", "", "internal: the worker's CPU profile file")
	withSilver := flag.Bool("with-silver", false, "internal: the prepare worker also publishes silver")
	flag.Parse()

	if *worker == workerPrepare {
		if err := runPrepare(ctx, *dataRoot, size, *withSilver, *fresh); err != nil {
			log.Fatalf("bench prepare: %v", err)
		}
		return
	}
	if *worker != "" {
		c := workerConfig{Engine: *worker, Workload: *wload, DatasetDir: *dataset, Threads: *threads, CPUProfile: *cpuProfileFile}
		if err := runWorker(ctx, c); err != nil {
			log.Fatalf("bench worker: %v", err)
		}
		return
	}
	if *smoke {
		size.Meetings, size.Weekends, size.Hz = 1, 1, 1
		*runs = 1
	}
	if size.Weekends > size.Meetings {
		size.Weekends = size.Meetings
	}
	selected, err := selectWorkloads(*names)
	if err != nil {
		log.Fatal(err)
	}
	rep, err := run(ctx, runConfig{size: size, runs: *runs, workloads: selected, dataRoot: *dataRoot,
		fresh: *fresh, threads: *threads, cpuprofile: *cpuprof})
	if rep != nil && len(rep.Workloads) > 0 {
		if rep.LoadAfter == "" {
			rep.LoadAfter = loadAverage(readFile("/proc/loadavg"))
		}
		rep.print(os.Stdout)
		if *markdown != "" {
			if werr := os.WriteFile(*markdown, []byte(rep.markdown()), 0o644); werr != nil {
				log.Print(werr)
			}
		}
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(rep, "", "  ")
			if werr := os.WriteFile(*jsonOut, b, 0o644); werr != nil {
				log.Print(werr)
			}
		}
	}
	if err != nil {
		var mm *MismatchError
		if errors.As(err, &mm) {
			log.Fatalf("\nFAIL: %v", err)
		}
		log.Fatalf("bench: %v", err)
	}
}

func selectWorkloads(names string) ([]workload, error) {
	var out []workload
	for n := range strings.SplitSeq(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		w, ok := workloadByName(n)
		if !ok {
			return nil, fmt.Errorf("unknown workload %q (have %s)", n, workloadNames())
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no workload selected (have %s)", workloadNames())
	}
	return out, nil
}

type runConfig struct {
	size       Size
	runs       int
	workloads  []workload
	dataRoot   string
	fresh      bool
	threads    int
	cpuprofile string
}

// run prepares the dataset, then runs every workload runs times on both
// engines, each run in its own child process, alternating which engine goes
// first. Outputs are compared on every run; a mismatch stops the benchmark
// before any time is reported for that workload.
func run(ctx context.Context, c runConfig) (*Report, error) {
	rep := &Report{Machine: describeMachine(ctx), Size: c.size, Runs: c.runs, Threads: c.threads,
		Command: reproduceCommand(), Started: time.Now().UTC(), LoadBefore: loadAverage(readFile("/proc/loadavg"))}
	needSilver := false
	for _, w := range c.workloads {
		needSilver = needSilver || w.needsSilver
	}
	tmp, err := os.MkdirTemp("", "pitwall-bench-bin")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	pitwallBin, err := buildPitwallWorker(ctx, tmp)
	if err != nil {
		rep.PitwallBinary = "this binary, DuckDB linked in (pitwall-only build failed: " + err.Error() + ")"
		log.Printf("bench: pitwall workers run with DuckDB linked in, their RSS includes its library: %v", err)
	} else {
		rep.PitwallBinary = "built with -tags pitwallonly (no DuckDB linked)"
	}
	d, err := spawnPrepare(ctx, pitwallBin, c.dataRoot, c.size, needSilver, c.fresh)
	if err != nil {
		return nil, err
	}
	rep.Dataset = d
	for _, w := range c.workloads {
		wr := WorkloadReport{Name: w.name, Title: w.title, Input: w.input}
		for i := range c.runs {
			order := []string{enginePitwall, engineDuckDB}
			if i%2 == 1 {
				order = []string{engineDuckDB, enginePitwall}
			}
			if w.duckdb == nil {
				order = []string{enginePitwall}
			}
			got := map[string]*Result{}
			for _, eng := range order {
				bin := ""
				if eng == enginePitwall {
					bin = pitwallBin
				}
				res, err := spawnWorker(ctx, workerConfig{Engine: eng, Workload: w.name, DatasetDir: d.Dir, Threads: c.threads, Binary: bin})
				if err != nil {
					return rep, err
				}
				got[eng] = res
			}
			pw := got[enginePitwall]
			wr.Pitwall = append(wr.Pitwall, pw)
			if w.duckdb == nil {
				log.Printf("bench: %s run %d/%d: pitwall %.3fs %v", w.name, i+1, c.runs, pw.Seconds, pw.Notes)
				continue
			}
			if err := compareResults(pw, got[engineDuckDB]); err != nil {
				return rep, err
			}
			wr.DuckDB = append(wr.DuckDB, got[engineDuckDB])
			log.Printf("bench: %s run %d/%d: pitwall %.3fs, duckdb %.3fs (outputs agree: %d rows, %d aggregates)",
				w.name, i+1, c.runs, pw.Seconds, got[engineDuckDB].Seconds, pw.OutputRows, len(pw.Aggregates))
		}
		if c.cpuprofile != "" {
			if err := os.MkdirAll(c.cpuprofile, 0o755); err != nil {
				return rep, err
			}
			file, _ := filepath.Abs(filepath.Join(c.cpuprofile, "pitwall-"+w.name+".pprof"))
			if _, err := spawnWorker(ctx, workerConfig{Engine: enginePitwall, Workload: w.name, DatasetDir: d.Dir,
				Threads: c.threads, CPUProfile: file, Binary: pitwallBin}); err != nil {
				return rep, err
			}
			wr.Profile = file
			log.Printf("bench: %s: CPU profile of an extra pitwall run in %s", w.name, file)
		}
		wr.summarize()
		rep.Workloads = append(rep.Workloads, wr)
	}
	rep.LoadAfter = loadAverage(readFile("/proc/loadavg"))
	rep.Finished = time.Now().UTC()
	return rep, nil
}

// reproduceCommand is the command line that reproduces this run.
func reproduceCommand() string {
	args := []string{"go", "run", "."}
	for _, a := range os.Args[1:] {
		if strings.ContainsAny(a, " \t'\"") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		args = append(args, a)
	}
	return "(cd bench && " + strings.Join(args, " ") + ")"
}
