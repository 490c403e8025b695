package silver_test

import (
	"context"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// heapPeak samples the Go heap (runtime/metrics, live objects) every 5 ms
// until stopped and returns the largest value seen.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// BenchmarkSeasonNoTelemetry extracts the simulator's default season (24
// meetings, 6 sprint weekends, 120 sessions, no telemetry) through the
// fake API into a file:// bronze store, then builds every silver table and
// publishes them into a local lake (one commit per table). It reports the
// three phases separately:
//
//	go test ./silver -run XXX -bench SeasonNoTelemetry -benchtime 1x
func BenchmarkSeasonNoTelemetry(b *testing.B) {
	ctx := context.Background()
	season, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	c := client(b, season)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		store, err := bronze.OpenStore(ctx, "file://"+b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		lake, err := lakehouse.OpenLocal(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		t0 := time.Now()
		extract(b, c, store, bronze.PlanRequest{Years: []int{season.Config().Year}, Endpoints: batchEndpoints()}, "bench")
		t1 := time.Now()
		builds := buildAll(b, store, []int{season.Config().Year}, season.SessionKeys(), silver.BuildOptions{RunID: "bench"})
		t2 := time.Now()
		if _, err := silver.PublishAll(ctx, lake, builds, "bench"); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()

		var bronzeRows, published, rejected int64
		for _, bd := range builds {
			for _, st := range bd.Stats {
				bronzeRows += st.BronzeRows
				published += st.Published
				rejected += st.Rejected
			}
		}
		releaseAll(builds)
		b.ReportMetric(t1.Sub(t0).Seconds(), "bronze-s")
		b.ReportMetric(t2.Sub(t1).Seconds(), "silver-build-s")
		b.ReportMetric(t3.Sub(t2).Seconds(), "silver-publish-s")
		b.ReportMetric(float64(bronzeRows), "bronze-rows")
		b.ReportMetric(float64(published), "silver-rows")
		b.ReportMetric(float64(rejected), "rejects")
		b.ReportMetric(float64(len(season.SessionKeys())), "sessions")
		b.StopTimer()
		store.Close()
		lake.Close()
		b.StartTimer()
	}
}

// BenchmarkCarDataWeekend builds and publishes silver.car_data for every
// session of one simulated race weekend (Bahrain, 20 cars, 3.7 Hz),
// streamed session by session. Bronze extraction happens first, outside
// the measured phase; rows/s counts bronze rows processed by silver, and
// heap-peak-MB is the largest live Go heap seen during the silver phase
// (runtime/metrics). For the process' peak RSS run it under
// /usr/bin/time -v:
//
//	go test -c -o /tmp/silver.test ./silver && \
//	/usr/bin/time -v /tmp/silver.test -test.run XXX -test.bench CarDataWeekend -test.benchtime 1x
func BenchmarkCarDataWeekend(b *testing.B) {
	ctx := context.Background()
	season, err := sim.New(sim.Config{Seed: 1, Meetings: 1, Telemetry: true})
	if err != nil {
		b.Fatal(err)
	}
	store, err := bronze.OpenStore(ctx, "file://"+b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	t0 := time.Now()
	eps := []openf1.Endpoint{openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers,
		openf1.EndpointLaps, openf1.EndpointCarData}
	extract(b, client(b, season), store, bronze.PlanRequest{Years: []int{season.Config().Year}, Endpoints: eps}, "bench")
	b.Logf("bronze extraction of the weekend's car_data: %s", time.Since(t0))

	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		lake, err := lakehouse.OpenLocal(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		stop := heapPeak()
		start := time.Now()
		var rows, rejected int64
		for _, s := range season.SessionKeys() {
			tb, err := silver.BuildTelemetry(ctx, store, s, openf1.EndpointCarData, nil, silver.BuildOptions{RunID: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := silver.PublishTelemetry(ctx, lake, tb, "bench"); err != nil {
				b.Fatal(err)
			}
			rows += tb.Stats.BronzeRows
			rejected += tb.Stats.Rejected
			tb.Release()
		}
		elapsed := time.Since(start)
		peak := stop()
		b.ReportMetric(float64(rows), "rows")
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "heap-peak-MB")
		b.ReportMetric(float64(rejected), "rejects")
		b.StopTimer()
		lake.Close()
		b.StartTimer()
	}
}
