package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/silver"
)

// goldPitwall computes the season's session-grain gold tables from the
// silver Iceberg lake with gold.BuildSessions, the sessions split into one
// batch per thread built in parallel. gold computes every session table in
// one pass (lap_analytics, pit_stop_analysis, qualifying_analysis and
// session_summary too), so pitwall does more here than the DuckDB query.
func goldPitwall(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	lake, err := lakehouse.OpenLocal(ctx, d.SilverDir())
	if err != nil {
		return nil, err
	}
	defer lake.Close()
	var (
		builds []*gold.Build
		mu     sync.Mutex
	)
	defer func() {
		for _, b := range builds {
			b.Release()
		}
	}()
	secs, err := timed(func() error {
		keys, err := silverSessionKeys(ctx, lake)
		if err != nil {
			return err
		}
		chunks := split(keys, threads)
		idx := make([]int, len(chunks))
		for i := range idx {
			idx[i] = i
		}
		return forEach(ctx, idx, threads, func(ctx context.Context, _, i int) error {
			b, err := gold.BuildSessions(ctx, lake, chunks[i], gold.BuildOptions{})
			if err != nil {
				return err
			}
			mu.Lock()
			builds = append(builds, b)
			mu.Unlock()
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	input, err := silverLapRows(ctx, lake)
	if err != nil {
		return nil, err
	}
	var summaries, stints []arrow.RecordBatch
	for _, b := range builds {
		if r := b.Record(gold.TableDriverSessionSummary); r != nil {
			summaries = append(summaries, r)
		}
		if r := b.Record(gold.TableStintAnalysis); r != nil {
			stints = append(stints, r)
		}
	}
	a, rows, err := goldAggregates(summaries, stints)
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: rows, Aggregates: a}, nil
}

// silverSessionKeys reads the session keys of silver.sessions.
func silverSessionKeys(ctx context.Context, lake *lakehouse.Lake) ([]int, error) {
	rdr, err := lake.Scan(ctx, memory.DefaultAllocator, silver.Ident(silver.TableSessions),
		lakehouse.ScanOptions{Columns: []string{"session_key"}})
	if err != nil {
		return nil, err
	}
	defer rdr.Release()
	var keys []int
	for rdr.Next() {
		col, ok := rdr.RecordBatch().Column(0).(*array.Int32)
		if !ok {
			return nil, fmt.Errorf("silver.sessions.session_key is %s", rdr.RecordBatch().Column(0).DataType())
		}
		for i := range col.Len() {
			keys = append(keys, int(col.Value(i)))
		}
	}
	if err := rdr.Err(); err != nil {
		return nil, err
	}
	return sortedUnique(keys), nil
}

// silverLapRows counts silver.laps rows from the scan plan.
func silverLapRows(ctx context.Context, lake *lakehouse.Lake) (int64, error) {
	files, err := icebergFiles(ctx, lake, silver.TableLaps)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, f := range files {
		n += f.rows
	}
	return n, nil
}

// split cuts keys into at most n contiguous chunks of similar size.
func split(keys []int, n int) [][]int {
	n = max(1, min(n, len(keys)))
	var out [][]int
	for i := range n {
		lo, hi := i*len(keys)/n, (i+1)*len(keys)/n
		if hi > lo {
			out = append(out, keys[lo:hi])
		}
	}
	return out
}

// goldAggregates summarises driver_session_summary and stint_analysis
// batches; sql/gold_aggregates.sql computes the same list.
func goldAggregates(summaries, stints []arrow.RecordBatch) (aggs, int64, error) {
	sum := map[string]float64{}
	cnt := map[string]float64{}
	var rows, stintRows int64
	addCol := func(prefix string, rec arrow.RecordBatch, name string) error {
		idx := rec.Schema().FieldIndices(name)
		if len(idx) != 1 {
			return fmt.Errorf("gold batch has no column %q", name)
		}
		key := prefix + "." + name
		a := rec.Column(idx[0])
		for i := range a.Len() {
			if a.IsNull(i) {
				continue
			}
			cnt[key]++
			switch v := a.(type) {
			case *array.Int32:
				sum[key] += float64(v.Value(i))
			case *array.Int64:
				sum[key] += float64(v.Value(i))
			case *array.Float64:
				sum[key] += v.Value(i)
			default:
				return fmt.Errorf("gold column %q is %s", name, a.DataType())
			}
		}
		return nil
	}
	summaryCols := []string{"laps_completed", "timed_laps", "accurate_laps", "deleted_laps", "best_lap_ms",
		"best_lap_number", "median_accurate_ms", "mean_accurate_ms", "stddev_accurate_ms", "iqr_accurate_ms",
		"top_speed_kmh", "pit_stops", "pit_lane_total_ms", "pit_stop_total_ms", "finish_position"}
	stintCols := []string{"laps", "tyre_age_start", "tyre_age_end", "accurate_laps", "mean_pace_ms", "median_pace_ms",
		"fuel_corrected_mean_ms", "degradation_s_per_lap", "degradation_stderr", "degradation_laps"}
	for _, rec := range summaries {
		rows += rec.NumRows()
		for _, c := range summaryCols {
			if err := addCol("summary", rec, c); err != nil {
				return nil, 0, err
			}
		}
	}
	for _, rec := range stints {
		stintRows += rec.NumRows()
		for _, c := range stintCols {
			if err := addCol("stints", rec, c); err != nil {
				return nil, 0, err
			}
		}
	}
	var a aggs
	for _, c := range summaryCols {
		a.add("sum(summary."+c+")", sum["summary."+c])
		switch c {
		case "best_lap_ms", "stddev_accurate_ms":
			a.add("count(summary."+c+")", cnt["summary."+c])
		}
	}
	a.add("count(stints)", float64(stintRows))
	for _, c := range stintCols {
		a.add("sum(stints."+c+")", sum["stints."+c])
		if c == "degradation_s_per_lap" {
			a.add("count(stints."+c+")", cnt["stints."+c])
		}
	}
	return a, rows, nil
}
