package main

import (
	"context"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/silver"
)

// telemetryPitwall builds silver.car_data for every session with car_data
// with silver.BuildTelemetry (lap numbers from the session's bronze laps),
// sessions in parallel, streaming: each batch is summarised and released,
// as the pipeline streams telemetry to the lake.
func telemetryPitwall(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	var (
		input int64
		mu    sync.Mutex
		total telemetrySums
	)
	secs, err := timed(func() error {
		store, err := bronze.OpenStore(ctx, d.BronzeURL())
		if err != nil {
			return err
		}
		defer store.Close()
		ms, err := store.Manifests(ctx, openf1.EndpointCarData, bronze.ManifestFilter{})
		if err != nil {
			return err
		}
		var keys []int
		for _, m := range ms {
			keys = append(keys, m.SessionKey)
			input += m.Rows
		}
		opts := silver.BuildOptions{RunID: "bench"}
		if opts.Calendar, err = silver.LoadCalendar(ctx, store, opts); err != nil {
			return err
		}
		return forEach(ctx, keys, threads, func(ctx context.Context, _, key int) error {
			tb, err := silver.BuildTelemetry(ctx, store, key, openf1.EndpointCarData, nil, opts)
			if err != nil {
				return err
			}
			defer tb.Release()
			var s telemetrySums
			rr := tb.Reader()
			for rr.Next() {
				if err := s.add(rr.RecordBatch()); err != nil {
					return err
				}
			}
			if err := rr.Err(); err != nil {
				return err
			}
			mu.Lock()
			total.merge(s)
			mu.Unlock()
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: total.rows, Aggregates: total.aggregates()}, nil
}

// dateModulus keeps sums of microsecond timestamps exact: each term is
// below 2^30, so millions of them sum exactly in an int64 (and in DuckDB's
// HUGEINT sum), and the float64 the report carries is the same on both
// sides.
const dateModulus = 1000000007

// telemetrySums are the aggregates of silver.car_data rows; telemetry.sql
// computes the same list.
type telemetrySums struct {
	rows, laps, lapSum, drivers, dates int64
	rpm, speed, gear, throttle, brake  int64
	drs, drsN                          int64
}

func (s *telemetrySums) add(rec arrow.RecordBatch) error {
	c := columns{rec: rec}
	dn, date, lap := c.i32("driver_number"), c.ts("date"), c.i32("lap_number")
	rpm, speed, gear := c.i32("rpm"), c.i32("speed"), c.i32("n_gear")
	thr, brk, drs := c.i32("throttle"), c.i32("brake"), c.i32("drs")
	if c.err != nil {
		return c.err
	}
	n := int(rec.NumRows())
	s.rows += int64(n)
	sum := func(a interface {
		IsNull(int) bool
		Value(int) int32
	}, i int) int64 {
		if a.IsNull(i) {
			return 0
		}
		return int64(a.Value(i))
	}
	for i := range n {
		s.drivers += sum(dn, i)
		s.dates += int64(date.Value(i)) % dateModulus
		if lap.IsValid(i) {
			s.laps++
			s.lapSum += int64(lap.Value(i))
		}
		s.rpm += sum(rpm, i)
		s.speed += sum(speed, i)
		s.gear += sum(gear, i)
		s.throttle += sum(thr, i)
		s.brake += sum(brk, i)
		if drs.IsValid(i) {
			s.drsN++
			s.drs += int64(drs.Value(i))
		}
	}
	return nil
}

func (s *telemetrySums) merge(o telemetrySums) {
	s.rows += o.rows
	s.laps += o.laps
	s.lapSum += o.lapSum
	s.drivers += o.drivers
	s.dates += o.dates
	s.rpm += o.rpm
	s.speed += o.speed
	s.gear += o.gear
	s.throttle += o.throttle
	s.brake += o.brake
	s.drs += o.drs
	s.drsN += o.drsN
}

func (s *telemetrySums) aggregates() aggs {
	var a aggs
	a.add("count(lap_number)", float64(s.laps))
	a.add("sum(lap_number)", float64(s.lapSum))
	a.add("sum(driver_number)", float64(s.drivers))
	a.add("sum(epoch_us(date) % 1000000007)", float64(s.dates))
	a.add("sum(rpm)", float64(s.rpm))
	a.add("sum(speed)", float64(s.speed))
	a.add("sum(n_gear)", float64(s.gear))
	a.add("sum(throttle)", float64(s.throttle))
	a.add("sum(brake)", float64(s.brake))
	a.add("sum(drs)", float64(s.drs))
	a.add("count(drs)", float64(s.drsN))
	return a
}
