package openf1test

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// BenchmarkLoadDir loads the whole recorded fixture tree (≈23 MB, 189 files).
func BenchmarkLoadDir(b *testing.B) {
	dir := sharedDir(b, "fixtures", "openf1")
	for b.Loop() {
		if _, _, err := LoadDir(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeLaps answers a filtered query for one session's laps from
// the fixtures, over loopback HTTP.
func BenchmarkServeLaps(b *testing.B) {
	src, _ := loadFixtures(b)
	s := NewServer(src)
	defer s.Close()
	url := s.URL() + "/v1/laps?session_key=9488&lap_duration%3C90"
	client := s.Client()
	for b.Loop() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatal(resp.Status)
		}
	}
}

// BenchmarkStreamCarData streams 200 000 generated car_data samples of one
// session filtered on speed; reports rows/s.
func BenchmarkStreamCarData(b *testing.B) {
	const n = 200_000
	var pulled atomic.Int64
	s := NewServer(carData(n, &pulled), WithRowLimit(0))
	defer s.Close()
	client := s.Client()
	url := s.URL() + "/v1/car_data?session_key=9488&speed%3E%3D250"
	for b.Loop() {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkMemorySourceRecords iterates one session's records through the index.
func BenchmarkMemorySourceRecords(b *testing.B) {
	src, _ := loadFixtures(b)
	q := openf1.Query{}.Eq("session_key", 9839)
	for b.Loop() {
		for _, err := range src.Records(context.Background(), "intervals", q) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
