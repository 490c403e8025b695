package sim

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Shared seasons: building one takes a few milliseconds, but most tests only
// read them, so they are built once per test binary.
var (
	seasonsMu sync.Mutex
	seasons   = map[Config]*Season{}
)

func season(t testing.TB, cfg Config) *Season {
	t.Helper()
	seasonsMu.Lock()
	defer seasonsMu.Unlock()
	if s, ok := seasons[cfg]; ok {
		return s
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	seasons[cfg] = s
	return s
}

// small is a three-meeting 2024 season (one sprint weekend, fastest-lap
// point in force) with clean data.
func small(t testing.TB) *Season { return season(t, Config{Seed: 42, Year: 2024, Meetings: 3}) }

// sessionsOf returns the session keys of the given session names.
func sessionsOf(s *Season, names ...string) []int {
	var out []int
	for _, ss := range s.Sessions() {
		for _, n := range names {
			if ss.SessionName == n {
				out = append(out, ss.SessionKey)
			}
		}
	}
	return out
}

// lapsByDriver groups a session's laps by driver, in lap order.
func lapsByDriver(laps []openf1.Lap) map[int][]openf1.Lap {
	out := map[int][]openf1.Lap{}
	for _, l := range laps {
		out[l.DriverNumber] = append(out[l.DriverNumber], l)
	}
	return out
}

// ms1 converts seconds to integer milliseconds for exact comparisons.
func ms1(sec float64) int64 {
	if sec < 0 {
		return -ms1(-sec)
	}
	return int64(sec*1000 + 0.5)
}

// parseOffset parses a gmt_offset such as "-04:00:00".
func parseOffset(t testing.TB, s string) time.Duration {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	d, err := time.ParseDuration(strings.Replace(strings.Replace(strings.TrimPrefix(s, "-"), ":", "h", 1), ":", "m", 1) + "s")
	if err != nil {
		t.Fatalf("gmt_offset %q: %v", s, err)
	}
	if neg {
		d = -d
	}
	return d
}
