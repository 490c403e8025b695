package sim

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func telemetrySeason(t testing.TB) *Season {
	return season(t, Config{Seed: 42, Year: 2024, Meetings: 2, Telemetry: true})
}

// lapSpans returns each lap's [start, end) for a driver.
func lapSpans(laps []openf1.Lap) [][2]time.Time {
	out := make([][2]time.Time, len(laps))
	for i, l := range laps {
		st := l.DateStart.V.Time
		out[i] = [2]time.Time{st, st.Add(time.Duration(ms1(l.LapDuration.V)) * time.Millisecond)}
	}
	return out
}

func TestTelemetryInsideSessionAndLaps(t *testing.T) {
	t.Parallel()
	s := telemetrySeason(t)
	for _, key := range sessionsOf(s, "Race", "Qualifying", "Practice 1", "Sprint") {
		sess, _ := s.Session(key)
		laps := lapsByDriver(s.Laps(key))
		for _, drv := range []int{1, 44} {
			spans := lapSpans(laps[drv])
			check := func(kind string, at time.Time, prev *time.Time) {
				if at.Before(sess.DateStart.Time) || !at.Before(sess.DateEnd.Time) {
					t.Fatalf("%s session %d car %d: sample at %v outside the session", kind, key, drv, at)
				}
				inside := false
				for _, sp := range spans {
					if !at.Before(sp[0]) && at.Before(sp[1]) {
						inside = true
						break
					}
				}
				if !inside {
					t.Fatalf("%s session %d car %d: sample at %v outside every lap", kind, key, drv, at)
				}
				if !at.After(*prev) {
					t.Fatalf("%s session %d car %d: sample at %v not after %v", kind, key, drv, at, *prev)
				}
				*prev = at
			}
			var prev time.Time
			n := 0
			for r := range s.CarData(key, drv) {
				check("car_data", r.Date.Time, &prev)
				n++
			}
			prev = time.Time{}
			for r := range s.Location(key, drv) {
				check("location", r.Date.Time, &prev)
			}
			span := spans[len(spans)-1][1].Sub(spans[0][0]).Seconds()
			if rate := float64(n) / span; math.Abs(rate-3.7) > 0.05 {
				t.Errorf("session %d car %d: %.3f samples/s, want 3.7", key, drv, rate)
			}
		}
	}
}

// The distance covered over a lap, integrated from the speed samples, is
// the circuit length whatever the lap time: speed agrees with the laps.
func TestCarDataSpeedAgreesWithLapTimes(t *testing.T) {
	t.Parallel()
	s := telemetrySeason(t)
	key := sessionsOf(s, "Race")[0]
	ss := s.session(key)
	length := ss.meeting.track.length
	for _, drv := range []int{1, 16, 63} {
		spans := lapSpans(lapsByDriver(s.Laps(key))[drv])
		dist := make([]float64, len(spans))
		var prevT time.Time
		var prevV float64
		k := 0
		for r := range s.CarData(key, drv) {
			for k < len(spans) && !r.Date.Time.Before(spans[k][1]) {
				k++
			}
			v := float64(r.Speed.V) / 3.6
			if !prevT.IsZero() && k < len(spans) && !prevT.Before(spans[k][0]) {
				dist[k] += (v + prevV) / 2 * r.Date.Time.Sub(prevT).Seconds()
			}
			prevT, prevV = r.Date.Time, v
		}
		for i := 1; i < len(spans)-1; i++ { // first and last laps are cut by the sample grid
			if e := dist[i]/length - 1; math.Abs(e) > 0.03 {
				t.Errorf("car %d lap %d (%.3f s): %.0f m from the speed trace, circuit %.0f m",
					drv, i+1, spans[i][1].Sub(spans[i][0]).Seconds(), dist[i], length)
			}
		}
	}
}

func TestCarDataValuesArePlausible(t *testing.T) {
	t.Parallel()
	for _, year := range []int{2024, 2026} {
		s := season(t, Config{Seed: 1, Year: year, Meetings: 1, Telemetry: true})
		key := sessionsOf(s, "Race")[0]
		maxSpeed, braking, fullThrottle, drsOpen, n := 0, 0, 0, 0, 0
		for r := range s.CarData(key, 1) {
			n++
			sp, g, rpm, th, br := r.Speed.V, r.NGear.V, r.RPM.V, r.Throttle.V, r.Brake.V
			if sp < 0 || sp > 360 || g < 0 || g > 8 || rpm < 0 || rpm > 13000 || th < 0 || th > 100 || (br != 0 && br != 100) {
				t.Fatalf("implausible sample %+v", r)
			}
			maxSpeed = max(maxSpeed, sp)
			if br == 100 {
				braking++
			}
			if th == 100 {
				fullThrottle++
			}
			if year >= 2026 {
				if !r.DRS.Null {
					t.Fatalf("%d: drs %v, want null", year, r.DRS)
				}
			} else if d := r.DRS.V; d == 12 {
				drsOpen++
			} else if d != 0 && d != 1 && d != 8 {
				t.Fatalf("drs %d", d)
			}
		}
		if maxSpeed < 280 || braking < n/20 || fullThrottle < n/3 || (year < 2026 && drsOpen == 0) {
			t.Errorf("%d: top speed %d, %d braking, %d full-throttle, %d DRS-open of %d samples", year, maxSpeed, braking, fullThrottle, drsOpen, n)
		}
	}
}

func TestTelemetryOffYieldsNothing(t *testing.T) {
	t.Parallel()
	s := small(t)
	key := sessionsOf(s, "Race")[0]
	for range s.CarData(key, 1) {
		t.Fatal("car_data with Telemetry off")
	}
	for range s.Location(key, 1) {
		t.Fatal("location with Telemetry off")
	}
}

func TestFastEncodersMatchJSONMarshal(t *testing.T) {
	t.Parallel()
	for _, year := range []int{2024, 2026} {
		s := season(t, Config{Seed: 1, Year: year, Meetings: 1, Telemetry: true})
		key := sessionsOf(s, "Qualifying")[0]
		n := 0
		var dc dateCache
		for r := range s.CarData(key, 16) {
			want, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendCarData(nil, &r, &dc); string(got) != string(want) {
				t.Fatalf("car_data:\n got %s\nwant %s", got, want)
			}
			n++
		}
		for r := range s.Location(key, 16) {
			want, _ := json.Marshal(r)
			if got := appendLocation(nil, &r, &dc); string(got) != string(want) {
				t.Fatalf("location:\n got %s\nwant %s", got, want)
			}
		}
		// absent and null fields too
		r := openf1.CarData{MeetingKey: 1, SessionKey: 2, Date: apiTime(1700000000123), DriverNumber: 3, RPM: openf1.NullOf[int]()}
		want, _ := json.Marshal(r)
		if got := appendCarData(nil, &r, nil); string(got) != string(want) {
			t.Fatalf("sparse car_data:\n got %s\nwant %s", got, want)
		}
		if n == 0 {
			t.Fatal("no samples")
		}
	}
}
