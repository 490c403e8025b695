package sim

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// benchRace is one race (Bahrain, 57 laps) of a telemetry-enabled season.
func benchRace(b *testing.B) (*Season, int) {
	s := season(b, Config{Seed: 1, Year: 2024, Meetings: 1, Telemetry: true})
	return s, sessionsOf(s, "Race")[0]
}

// BenchmarkCarData measures typed car_data generation for one driver's race.
func BenchmarkCarData(b *testing.B) {
	s, race := benchRace(b)
	rows := 0
	b.ResetTimer()
	for range b.N {
		for r := range s.CarData(race, 16) {
			rows += r.Speed.V & 0 // use the row
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkLocation measures typed location generation.
func BenchmarkLocation(b *testing.B) {
	s, race := benchRace(b)
	rows := 0
	b.ResetTimer()
	for range b.N {
		for range s.Location(race, 16) {
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCarDataJSON measures car_data through Records: generation plus
// the JSON encoding a server sends.
func BenchmarkCarDataJSON(b *testing.B) {
	s, race := benchRace(b)
	q := openf1.Query{}.Eq("session_key", race).Eq("driver_number", 16)
	rows, size := 0, 0
	b.ResetTimer()
	for range b.N {
		for rec, err := range s.Records(context.Background(), openf1.EndpointCarData, q) {
			if err != nil {
				b.Fatal(err)
			}
			rows++
			size += len(rec)
		}
	}
	b.SetBytes(int64(size / b.N))
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCarDataModelJSON encodes car_data with the model's own
// MarshalJSON (the generic path of every other endpoint), for comparison.
func BenchmarkCarDataModelJSON(b *testing.B) {
	s, race := benchRace(b)
	rows := 0
	b.ResetTimer()
	for range b.N {
		for r := range s.CarData(race, 16) {
			if _, err := r.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkNew measures simulating a full season (24 meetings, no
// telemetry kept: it is generated on demand).
func BenchmarkNew(b *testing.B) {
	for i := range b.N {
		if _, err := New(Config{Seed: uint64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIntervalsJSON measures a race's intervals through Records.
func BenchmarkIntervalsJSON(b *testing.B) {
	s, race := benchRace(b)
	q := openf1.Query{}.Eq("session_key", race)
	rows := 0
	b.ResetTimer()
	for range b.N {
		for _, err := range s.Records(context.Background(), openf1.EndpointIntervals, q) {
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSeasonTelemetry streams car_data and location of every driver of
// every session of a full season (24 meetings, 6 sprints, 20 drivers), as
// typed rows and as the JSON records Records yields, reporting the row
// count, the rate and the peak HeapInuse sampled every 20 ms. Heavy: run
// with -benchtime=1x.
func BenchmarkSeasonTelemetry(b *testing.B) {
	s, err := New(Config{Seed: 1, Telemetry: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("typed", func(b *testing.B) {
		measurePeak(b, func() int {
			rows := 0
			for _, key := range s.SessionKeys() {
				for _, car := range s.session(key).cars {
					for range s.CarData(key, car.drv.number) {
						rows++
					}
					for range s.Location(key, car.drv.number) {
						rows++
					}
				}
			}
			return rows
		})
	})
	b.Run("json", func(b *testing.B) {
		measurePeak(b, func() int {
			rows := 0
			for _, ep := range []openf1.Endpoint{openf1.EndpointCarData, openf1.EndpointLocation} {
				for rec, err := range s.Records(context.Background(), ep, nil) {
					if err != nil || len(rec) == 0 {
						b.Fatal(err)
					}
					rows++
				}
			}
			return rows
		})
	})
}

// measurePeak runs gen b.N times while sampling HeapInuse, and reports
// rows/op, rows/s and the peak heap in MiB.
func measurePeak(b *testing.B, gen func() int) {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	rows := 0
	b.ResetTimer()
	for range b.N {
		rows += gen()
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
