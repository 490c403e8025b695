package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Engines.
const (
	enginePitwall = "pitwall"
	engineDuckDB  = "duckdb"
)

// workerConfig is what a worker process is told on its command line.
type workerConfig struct {
	Engine     string
	Workload   string
	DatasetDir string
	Threads    int
	CPUProfile string // file, pitwall workers only
	// Binary is the program to run (default: this one).
	Binary string
}

func (c workerConfig) args() []string {
	a := []string{"-worker", c.Engine, "-workload", c.Workload, "-dataset", c.DatasetDir,
		"-threads", strconv.Itoa(c.Threads)}
	if c.CPUProfile != "" {
		a = append(a, "-cpuprofile-file", c.CPUProfile)
	}
	return a
}

// engineFunc runs one workload on one engine and returns its result with
// Seconds measured around the work.
type engineFunc func(ctx context.Context, d *Dataset, threads int) (*Result, error)

// runWorker is the body of a worker process: it runs one engine on one
// workload and prints the Result as JSON on stdout.
func runWorker(ctx context.Context, c workerConfig) error {
	w, ok := workloadByName(c.Workload)
	if !ok {
		return fmt.Errorf("unknown workload %q", c.Workload)
	}
	var fn engineFunc
	switch c.Engine {
	case enginePitwall:
		fn = w.pitwall
	case engineDuckDB:
		fn = w.duckdb
		if fn == nil {
			return fmt.Errorf("workload %s has no DuckDB side", w.name)
		}
	default:
		return fmt.Errorf("unknown engine %q", c.Engine)
	}
	d, err := loadDataset(c.DatasetDir)
	if err != nil {
		return err
	}
	if c.Threads > 0 {
		runtime.GOMAXPROCS(c.Threads)
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := fn(ctx, d, c.Threads)
	if err != nil {
		return fmt.Errorf("%s %s: %w", c.Engine, c.Workload, err)
	}
	res.Engine, res.Workload = c.Engine, c.Workload
	res.PeakRSS = selfPeakRSS()
	return json.NewEncoder(os.Stdout).Encode(res)
}

// spawnWorker runs a worker in a child process (this same binary) and
// returns its result with the child's peak RSS: each engine is measured
// alone, DuckDB's C++ heap included. The worker reports its own VmHWM;
// rusage's ru_maxrss is only the fallback, because on Linux it also counts
// the parent's RSS at the time of the fork (Go forks with vfork and exec
// folds the parent's high-water mark into the child's).
func spawnWorker(ctx context.Context, c workerConfig) (*Result, error) {
	exe := c.Binary
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	cmd := exec.CommandContext(ctx, exe, c.args()...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("worker %s %s: %w", c.Engine, c.Workload, err)
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("worker %s %s: bad output %q: %w", c.Engine, c.Workload, out.String(), err)
	}
	if res.PeakRSS == 0 {
		res.PeakRSS = maxRSS(cmd.ProcessState)
	}
	return &res, nil
}

// timed runs fn and returns its wall time in seconds.
func timed(fn func() error) (float64, error) {
	start := time.Now()
	err := fn()
	return time.Since(start).Seconds(), err
}

// forEach calls fn for every key with at most n calls at a time (pitwall's
// stages are per session, so a worker pool is how they use several cores)
// and returns the first error.
func forEach(ctx context.Context, keys []int, n int, fn func(ctx context.Context, i, key int) error) error {
	if n < 1 {
		n = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for range n {
		wg.Go(func() {
			for i := range next {
				if err := fn(ctx, i, keys[i]); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range keys {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr
}

func sortedUnique(xs []int) []int {
	slices.Sort(xs)
	return slices.Compact(xs)
}
