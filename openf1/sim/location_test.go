package sim

import (
	"math"
	"testing"
	"time"
)

// Location follows a closed circuit: over a flying lap the car travels the
// circuit length and comes back to where it started.
func TestLocationFollowsAClosedCircuit(t *testing.T) {
	t.Parallel()
	s := telemetrySeason(t)
	key := sessionsOf(s, "Race")[0]
	length := s.session(key).meeting.track.length
	spans := lapSpans(lapsByDriver(s.Laps(key))[16])
	type pt struct {
		at      time.Time
		x, y, z float64
	}
	byLap := make([][]pt, len(spans))
	k := 0
	for r := range s.Location(key, 16) {
		for k < len(spans) && !r.Date.Time.Before(spans[k][1]) {
			k++
		}
		byLap[k] = append(byLap[k], pt{r.Date.Time, float64(r.X.V) / 10, float64(r.Y.V) / 10, float64(r.Z.V) / 10})
	}
	for lap := 2; lap < 12; lap++ {
		ps := byLap[lap]
		path := 0.0
		for i := 1; i < len(ps); i++ {
			path += math.Hypot(ps[i].x-ps[i-1].x, ps[i].y-ps[i-1].y)
		}
		// the samples miss at most one sample interval at each end
		closing := math.Hypot(ps[len(ps)-1].x-ps[0].x, ps[len(ps)-1].y-ps[0].y)
		if path+closing < 0.97*length || path > 1.01*length || closing > 250 {
			t.Errorf("lap %d: path %.0f m, closing gap %.0f m, circuit %.0f m", lap+1, path, closing, length)
		}
	}
}
