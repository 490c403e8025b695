// Package sim generates deterministic Formula 1 seasons in the shape of the
// OpenF1 API: every one of the 18 endpoints, with the values that produced
// them known exactly. It feeds the fake API server (openf1test) for demos,
// scale benchmarks and gold tests, where the few real recordings are too
// small and carry no telemetry.
//
//	season, err := sim.New(sim.Config{Seed: 7, Year: 2024, Meetings: 2})
//	race := season.RaceSessionKeys()[0]
//	winner := season.SessionResults(race)[0]
//	srv := openf1test.NewServer(season) // Season is an openf1test.Source
//
// # The season
//
// A season follows a fixed 24-circuit calendar (the 2024 one: names, keys,
// local offsets, lengths and race distances are the real ones); Config
// chooses the year, how many meetings, how many of them are sprint weekends
// and whether 20 or 22 cars race. Normal weekends run Practice 1–3,
// Qualifying and Race; sprint weekends Practice 1, Sprint Qualifying,
// Sprint, Qualifying and Race, at local times converted to UTC with the
// circuit's gmt_offset. Meeting and session keys are four- and five-digit
// numbers derived from the year and calendar slot.
//
// # The model
//
// Every lap time comes from one formula (constants in model.go, all exposed
// by Truth):
//
//	lap = base(circuit) + pace(team) + pace(driver)
//	    + compoundOffset[compound] + degradation[compound] × tyreAge
//	    + fuelEffect × lapsOfFuelRemaining
//	    + events + noise
//
// Degradation is linear in tyre age (SOFT 0.11, MEDIUM 0.07, HARD 0.045
// s/lap); fuel costs 0.06 s per lap of fuel on board, so lap n of an N-lap
// race pays 0.06 × (N − n); noise is normal (σ 0.3 s) with an occasional
// mistake. Events are the standing start (lap 1), the out-lap warm-up, the
// pit loss of an in-lap (the pit lane time, stop included, minus the time
// the car would have needed for that stretch on track), safety-car and
// virtual-safety-car laps, and traffic.
//
// A race is run lap by lap. Cars are ordered by cumulative time; a car whose
// lap would bring it ahead of the car in front must pass it — always when
// that car is entering the pits, otherwise with a probability that rises
// with its pace advantage against the circuit's overtaking difficulty, never
// under SC/VSC — or is held up just behind it. Retirements may bring a
// safety car or a VSC; under the safety car the field closes up. Strategies
// are two or three stops planned at the start (the pit lap is the last lap
// of a stint, the next lap is the out-lap) and brought forward to make a
// cheap stop under a safety car. The leader taking the flag after the race
// distance ends the race; everyone else finishes the lap he is on.
// Positions, intervals, overtakes, results and standings are all read from
// that one simulation, so they agree with the laps: the winner has the
// least total time among cars completing the distance, number_of_laps
// equals the laps rows, pit rows fall on stint changes, points follow the
// year's rules (25-18-15-12-10-8-6-4-2-1, sprint 8..1 — 3-2-1 in 2021 — and
// the fastest-lap point for a top-ten finisher in 2019–2024). Race control
// deletes some green racing laps for track limits ("CAR 55 (SAI) TIME
// 1:46.732 DELETED - TRACK LIMITS AT TURN 4 LAP 38 …"); as in the FIA's
// rules a deleted lap never counts as the fastest lap, so the ground truth,
// the fastest-lap point in session_result and the standings all take the
// quickest lap that was not deleted.
//
// Qualifying runs three knock-out phases (5+5 eliminated with 20 cars, 6+6
// with 22), two runs per phase of out-lap, push lap(s) and in-lap on new
// softs; push laps are faster by a qualifying gain and improve with track
// evolution; some are deleted for track limits. Practice runs are short
// runs, qualifying simulations and long runs. As in the real timing data,
// laps are contiguous: an out-lap after a garage stay includes the wait.
//
// Telemetry (car_data, location) replays a reference lap — a quasi-steady
// lap simulation over a closed circuit shape, tuned so the flying lap takes
// the circuit's base time — stretched to each sector's time, with standing-
// start, pit-exit and pit-entry variants and the pit lane and stop of race
// in-laps. Speed integrated over a lap gives the circuit length; samples
// (~3.7 Hz, jittered) lie inside the driver's laps.
//
// # Quirks and versions
//
// Config.Quirks reproduces the real API's defects (API.md §6), each on its
// own switch: null lap-1 durations in races, null first segment elements,
// duplicate mostly-null driver rows, null stint compounds, stints
// overlapping on the pit lap. They change how data is reported, never the
// simulation. Config.Version 2 (or Season.Corrected) serves the late
// correction: a post-race penalty that changes one race's classification,
// adds a stewards' message, position and overtake rows, and changes the
// standings from that race on; everything else is byte-identical.
//
// # Determinism
//
// Every random draw comes from a math/rand/v2 PCG generator seeded with
// (seed, session, driver, stream), so the same Config always gives
// byte-identical records, whatever is generated first and whichever subset
// is asked for. New simulates the non-telemetry data of the whole season
// (tens of thousands of laps, a few megabytes, tens of milliseconds);
// telemetry is generated lazily, one (session, driver) stream at a time, so
// a full season's ~54 million telemetry rows stream in a few megabytes.
//
// # Ground truth
//
// Season.Truth returns the model's parameters (degradation per compound,
// compound offsets, fuel effect, noise, team and driver pace offsets), and
// per session the classification, SC/VSC periods as lap ranges, the fastest
// (non-deleted) lap and the circuit's base lap and pit lane times, plus the final driver
// and team standings and the correction of version 2. The tests show that
// degradation and pace can be recovered from the laps alone.
package sim
