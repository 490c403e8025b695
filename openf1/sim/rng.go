package sim

import (
	"math"
	"math/rand/v2"
)

// stream names one independent random stream. Every random draw in the
// simulator comes from a PCG generator seeded with (seed, session, driver,
// stream), so what one endpoint or driver draws never depends on what was
// generated before it.
type stream uint64

const (
	streamSeason      stream = iota + 1 // team/driver pace (session 0)
	streamSession                       // session-wide events: incidents, SC, schedule noise
	streamStrategy                      // a driver's race plan, DNF/DNS draws
	streamLapNoise                      // a driver's per-lap noise
	streamRuns                          // a driver's practice/qualifying run plan
	streamLapDetail                     // sector split, speed traps, segments
	streamWeather                       // weather rows
	streamRadio                         // team radio clips
	streamCarData                       // car_data samples
	streamLocation                      // location samples
	streamDrivers                       // drivers-endpoint quirks
	streamStints                        // stints-endpoint quirks
	streamRaceControl                   // cosmetic race-control messages
	streamPit                           // pit stop durations
)

// splitmix64 is a bijective 64-bit mixer (Steele, Lea & Flood).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// newRand returns the generator for (seed, session, driver, s).
func newRand(seed uint64, session, driver int, s stream) *rand.Rand {
	a := splitmix64(seed ^ splitmix64(uint64(session)<<20^uint64(s)))
	b := splitmix64(a ^ splitmix64(uint64(driver)+0x5bd1e995) ^ uint64(s)<<40)
	return rand.New(rand.NewPCG(a, b))
}

// between draws uniformly from [lo, hi).
func between(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// normal draws from N(mean, sd).
func normal(r *rand.Rand, mean, sd float64) float64 { return mean + sd*r.NormFloat64() }

// clamp limits v to [lo, hi] (plain comparisons: math.Min/Max handle NaN
// and signed zeros, which the simulator never produces, and are slow).
func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// ms rounds seconds to integer milliseconds.
func ms(sec float64) int64 { return int64(math.Round(sec * 1000)) }
