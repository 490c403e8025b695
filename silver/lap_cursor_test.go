package silver

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLapCursorAgreesWithLapAt asks a lapCursor and LapIndex.lapAt about
// samples in the order telemetry comes (by driver, then time), in random
// order, and at every span boundary: the answers are the same.
func TestLapCursorAgreesWithLapAt(t *testing.T) {
	// Laps of 90 s with gaps (a pit stop: lap 4 ends 5 s before lap 5
	// starts), a lap without a start, and a driver without laps.
	var rows []lapRow
	for _, dn := range []int32{1, 16} {
		start := int64(dn) * 1e6
		for lap := int32(1); lap <= 8; lap++ {
			x := lapRow{dn: dn, lap: lap, dur: some(int64(90_000))}
			if lap != 1 {
				x.start = some(start)
			}
			rows = append(rows, x)
			start += 90e6
			if lap == 4 {
				start += 5e6
			}
		}
	}
	idx := newLapIndex(rows)
	if idx.Laps() < 14 {
		t.Fatalf("index has %d laps", idx.Laps())
	}
	type sample struct {
		dn int32
		us int64
	}
	var samples []sample
	for _, dn := range []int32{1, 16, 44} {
		for _, s := range idx.byDriver[1] {
			for _, us := range []int64{s.start - 1, s.start, s.start + 1, s.end - 1, s.end, s.end + 1} {
				samples = append(samples, sample{dn, us + int64(dn-1)*1e6})
			}
		}
		for us := int64(0); us < 900e6; us += 270_270 { // 3.7 Hz
			samples = append(samples, sample{dn, us})
		}
	}
	slices.SortStableFunc(samples, func(a, b sample) int {
		if a.dn != b.dn {
			return int(a.dn - b.dn)
		}
		return int(a.us - b.us)
	})
	shuffled := slices.Clone(samples)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	found := 0
	for name, order := range map[string][]sample{"telemetry order": samples, "random order": shuffled} {
		c := lapCursor{x: idx}
		for _, s := range order {
			wantLap, wantOK := idx.lapAt(s.dn, s.us)
			lap, ok := c.lapAt(s.dn, s.us)
			if lap != wantLap || ok != wantOK {
				t.Fatalf("%s: driver %d at %d µs: cursor says (%d, %v), lapAt (%d, %v)", name, s.dn, s.us, lap, ok, wantLap, wantOK)
			}
			if ok {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("no sample fell in a lap")
	}
}
