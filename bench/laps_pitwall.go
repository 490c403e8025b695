package main

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/silver"
)

// lapsPitwall builds silver for every session of the laps lake with
// silver.BuildSession (drivers, stints, pit_stops, race_control and laps:
// the lake holds only those sources), sessions in parallel, and keeps the
// builds until the aggregates are taken, as DuckDB keeps its table.
func lapsPitwall(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	var builds []*silver.Build
	defer func() {
		for _, b := range builds {
			b.Release()
		}
	}()
	var input int64
	secs, err := timed(func() error {
		store, err := bronze.OpenStore(ctx, d.LapsBronzeURL())
		if err != nil {
			return err
		}
		defer store.Close()
		ms, err := store.Manifests(ctx, openf1.EndpointLaps, bronze.ManifestFilter{})
		if err != nil {
			return err
		}
		var keys []int
		for _, m := range ms {
			keys = append(keys, m.SessionKey)
			input += m.Rows
		}
		// the calendar is read once for the run, as the pipeline does
		opts := silver.BuildOptions{RunID: "bench"}
		if opts.Calendar, err = silver.LoadCalendar(ctx, store, opts); err != nil {
			return err
		}
		builds = make([]*silver.Build, len(keys))
		return forEach(ctx, keys, threads, func(ctx context.Context, i, key int) error {
			b, err := silver.BuildSession(ctx, store, key, opts)
			if err != nil {
				return err
			}
			builds[i] = b
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var recs []arrow.RecordBatch
	for _, b := range builds {
		if r := b.Record(silver.TableLaps); r != nil {
			recs = append(recs, r)
		}
	}
	a, rows, err := lapsAggregates(recs)
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: rows, Aggregates: a}, nil
}

// lapsAggregates summarises silver.laps batches; lapsDuckDB computes the
// same list in SQL.
func lapsAggregates(recs []arrow.RecordBatch) (aggs, int64, error) {
	var (
		rows                             int64
		lapMS, s1, s2, s3, i1, i2, st    float64
		tyreAge, tyreAgeN, stintSum      float64
		dates                            int64
		accurate, pitIn, pitOut, sc, vsc float64
		deleted, segLen, segSum, segNull float64
		compounds                        = map[string]float64{}
	)
	for _, rec := range recs {
		c := columns{rec: rec}
		dur, sec1, sec2, sec3 := c.i64("lap_duration_ms"), c.i64("sector_1_ms"), c.i64("sector_2_ms"), c.i64("sector_3_ms")
		sp1, sp2, spt := c.i32("i1_speed"), c.i32("i2_speed"), c.i32("st_speed")
		age, stint, comp := c.i32("tyre_age"), c.i32("stint_number"), c.str("compound")
		start := c.ts("date_start")
		acc, pin, pout := c.boolean("is_accurate"), c.boolean("is_pit_in_lap"), c.boolean("is_pit_out_lap")
		usc, uvsc, del := c.boolean("under_sc"), c.boolean("under_vsc"), c.boolean("is_deleted")
		segs := []*array.List{c.list("segments_sector_1"), c.list("segments_sector_2"), c.list("segments_sector_3")}
		if c.err != nil {
			return nil, 0, c.err
		}
		n := int(rec.NumRows())
		rows += int64(n)
		for i := range n {
			lapMS += i64v(dur, i)
			s1 += i64v(sec1, i)
			s2 += i64v(sec2, i)
			s3 += i64v(sec3, i)
			i1 += i32v(sp1, i)
			i2 += i32v(sp2, i)
			st += i32v(spt, i)
			if age.IsValid(i) {
				tyreAge += float64(age.Value(i))
				tyreAgeN++
			}
			stintSum += i32v(stint, i)
			if comp.IsValid(i) {
				compounds[comp.Value(i)]++
			}
			if start.IsValid(i) {
				dates += int64(start.Value(i)) % dateModulus
			}
			accurate += b2f(acc, i)
			pitIn += b2f(pin, i)
			pitOut += b2f(pout, i)
			sc += b2f(usc, i)
			vsc += b2f(uvsc, i)
			deleted += b2f(del, i)
			for _, l := range segs {
				if l.IsNull(i) {
					continue
				}
				from, to := l.ValueOffsets(i)
				vals := l.ListValues().(*array.Int32)
				segLen += float64(to - from)
				for j := from; j < to; j++ {
					if vals.IsNull(int(j)) {
						segNull++
					} else {
						segSum += float64(vals.Value(int(j)))
					}
				}
			}
		}
	}
	var a aggs
	a.add("sum(lap_duration_ms)", lapMS)
	a.add("sum(sector_1_ms)", s1)
	a.add("sum(sector_2_ms)", s2)
	a.add("sum(sector_3_ms)", s3)
	a.add("sum(i1_speed)", i1)
	a.add("sum(i2_speed)", i2)
	a.add("sum(st_speed)", st)
	a.add("sum(tyre_age)", tyreAge)
	a.add("count(tyre_age)", tyreAgeN)
	a.add("sum(stint_number)", stintSum)
	for _, k := range []string{"SOFT", "MEDIUM", "HARD", "INTERMEDIATE", "WET", "UNKNOWN"} {
		a.add(fmt.Sprintf("count(compound=%s)", k), compounds[k])
		delete(compounds, k)
	}
	other := 0.0
	for _, v := range compounds {
		other += v
	}
	a.add("count(compound=other)", other)
	a.add("sum(epoch_us(date_start) % 1000000007)", float64(dates))
	a.add("count(is_accurate)", accurate)
	a.add("count(is_pit_in_lap)", pitIn)
	a.add("count(is_pit_out_lap)", pitOut)
	a.add("count(under_sc)", sc)
	a.add("count(under_vsc)", vsc)
	a.add("count(is_deleted)", deleted)
	a.add("sum(len(segments))", segLen)
	a.add("sum(segments)", segSum)
	a.add("count(segments is null)", segNull)
	return a, rows, nil
}
