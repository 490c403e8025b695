package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/silver"
)

// seasonPitwall runs the non-telemetry part of the pipeline for the whole
// season, the way a backfill does: silver for every session and the
// calendar from bronze (all fourteen session tables), published to a new
// Iceberg lake, then gold for every session and the standings, published.
// It has no DuckDB counterpart: it measures the DESIGN target "a season
// without telemetry in seconds".
func seasonPitwall(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	dir, err := os.MkdirTemp(d.Dir, "season-lake-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var (
		silverRows  int64
		phases      []string
		goldSummary int64
	)
	phase := func(name string, start time.Time) {
		phases = append(phases, fmt.Sprintf("%s %.2fs", name, time.Since(start).Seconds()))
	}
	secs, err := timed(func() error {
		store, err := bronze.OpenStore(ctx, d.BronzeURL())
		if err != nil {
			return err
		}
		defer store.Close()
		lake, err := lakehouse.OpenLocal(ctx, dir)
		if err != nil {
			return err
		}
		defer lake.Close()

		start := time.Now()
		keys, err := sessionKeys(ctx, store, openf1.EndpointLaps)
		if err != nil {
			return err
		}
		opts := silver.BuildOptions{RunID: "bench-season"}
		if opts.Calendar, err = silver.LoadCalendar(ctx, store, opts); err != nil {
			return err
		}
		builds := make([]*silver.Build, len(keys)+1)
		defer func() {
			for _, b := range builds {
				b.Release()
			}
		}()
		if builds[len(keys)], err = silver.BuildCalendar(ctx, store, d.Size.Year, opts); err != nil {
			return err
		}
		if err := forEach(ctx, keys, threads, func(ctx context.Context, i, key int) error {
			b, err := silver.BuildSession(ctx, store, key, opts)
			builds[i] = b
			return err
		}); err != nil {
			return err
		}
		for _, b := range builds[:len(keys)] {
			if st, ok := b.Stat(silver.TableLaps); ok {
				silverRows += st.Published
			}
		}
		phase("silver build", start)
		start = time.Now()
		if _, err := silver.PublishAll(ctx, lake, builds, "bench-season"); err != nil {
			return err
		}
		phase("silver publish", start)

		start = time.Now()
		chunks := split(keys, threads)
		idx := make([]int, len(chunks))
		for i := range idx {
			idx[i] = i
		}
		var mu sync.Mutex
		var golds []*gold.Build
		defer func() {
			for _, b := range golds {
				b.Release()
			}
		}()
		if err := forEach(ctx, idx, threads, func(ctx context.Context, _, i int) error {
			b, err := gold.BuildSessions(ctx, lake, chunks[i], gold.BuildOptions{})
			if err != nil {
				return err
			}
			mu.Lock()
			golds = append(golds, b)
			mu.Unlock()
			return nil
		}); err != nil {
			return err
		}
		standings, err := gold.BuildStandings(ctx, lake, d.Size.Year, gold.BuildOptions{})
		if err != nil {
			return err
		}
		golds = append(golds, standings)
		for _, b := range golds {
			if r := b.Record(gold.TableDriverSessionSummary); r != nil {
				goldSummary += r.NumRows()
			}
		}
		phase("gold build", start)
		start = time.Now()
		if _, err := gold.PublishAll(ctx, lake, golds, "bench-season"); err != nil {
			return err
		}
		phase("gold publish", start)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: d.BronzeLaps, OutputRows: goldSummary,
		Aggregates: []Aggregate{{"silver laps rows", float64(silverRows)}}, Notes: phases}, nil
}
