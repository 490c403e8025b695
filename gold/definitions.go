package gold

import "github.com/pitwall-f1/pitwall/silver"

// DefaultFuelCorrection is the fuel correction of lap times, in seconds per
// lap of fuel: how much faster a car laps for each lap's worth of fuel it
// has burnt. A modern F1 car burns about 1.6–1.9 kg of fuel a lap (105–110
// kg over a ~57-lap Grand Prix) and every 10 kg costs about 0.3–0.35 s a lap
// on a typical circuit, which gives ≈ 0.06 s per lap of fuel — the figure
// teams and strategy models commonly use, and the value the pitwall
// simulator (openf1/sim) uses for its ground truth.
const DefaultFuelCorrection = 0.06

// Defaults of BuildOptions.
const (
	DefaultMinDegradationLaps = 5 // accurate laps a stint needs for a degradation slope
	DefaultUndercutWindow     = 3 // laps within which the rival must pit for an undercut
	DefaultRollingWindow      = 5 // laps of the rolling pace window
)

// Definitions of the metrics, as written into the table properties
// (pitwall.definition.<name>) and the package documentation.
const (
	// The lap flags have one definition, silver's: silver.laps carries
	// is_accurate, is_deleted, under_sc and under_vsc, and gold reads them.

	DefAccurateLap = silver.DefAccurateLap

	DefSafetyCar = silver.DefSafetyCar + " In gold, session_summary lists and counts these periods " +
		"(silver.TrackPeriodsOf) and pit_stop_analysis takes SC/VSC from the in-lap's flags."

	DefDeletedLap = silver.DefDeletedLap + " In gold, deleted laps count for nothing: not best laps, " +
		"fastest laps, sector bests nor pace."

	DefFuelCorrection = "Fuel-corrected lap time = lap time − c × (N − n), with n the lap number, N the " +
		"last lap of the session (the winner's laps) and c the fuel correction in s per lap of fuel " +
		"(default 0.06 s: ~1.7 kg burnt a lap × ~0.035 s per kg). It removes the car getting " +
		"lighter as the race goes on. Races and sprints only."

	DefTraffic = "A race lap is in traffic when the car started it less than 1.0 s behind the car ahead " +
		"(its interval at the end of the previous lap) or finished it less than 0.5 s behind (held " +
		"up at the line); intervals are the gaps between cars completing the same lap (see " +
		"lap_position). A car in traffic laps at the pace of the car ahead, not of its tyres. " +
		"Outside races no lap is in traffic."

	DefDegradation = "Tyre degradation of a stint (s/lap) = the least-squares slope of the fuel-corrected " +
		"times of its accurate laps not in traffic against tyre age (laps on the tyre: tyre_age from silver, else " +
		"tyre_age_at_start + laps into the stint). The constant part of the fuel correction does " +
		"not change a slope, so in practice and qualifying the same per-lap correction (c × n) is " +
		"applied. Traffic laps are left out because a car held up by the car ahead shows that " +
		"car's pace: with them the slope comes out about 8% low on simulated races. Null when " +
		"the stint has fewer such laps than the minimum (default 5) or a single tyre age."

	DefPositionsGained = "positions_gained = grid position − classified finishing position (positive = " +
		"places gained). A driver who started from the pit lane (no grid slot while most drivers " +
		"have one, and not a non-starter) starts from the back: his grid position is taken as the " +
		"number of starters. Null when the driver was not classified or no grid is known."

	DefLapPosition = "In races and sprints the position at the end of a lap is the order in which the " +
		"cars completed that lap (lap end = the next lap's date_start, else date_start + lap time), " +
		"and the gap to the leader is the time between the first car completing the lap and this " +
		"one. In other sessions the position is the timing feed's (silver.positions) at the lap " +
		"end, and there is no gap."

	DefUndercut = "An undercut is attempted when a driver pits on lap L while the car directly ahead " +
		"of him at the end of lap L−1 (the rival) makes its own stop on a lap L' with L < L' ≤ L + " +
		"N (N = 3 by default). It succeeds when the driver is ahead of the rival at the end of lap " +
		"L'+1, once both have completed their out-laps; it fails otherwise; null when either car " +
		"has no position then (retired)."

	DefPoints = "Points follow the season's rules (RulesFor): Grand Prix 25-18-15-12-10-8-6-4-2-1; " +
		"one point for the fastest lap to a driver classified in the top ten from 2019 to 2024, " +
		"none from 2025; sprint 8-7-6-5-4-3-2-1 from 2022 (3-2-1 in 2021). A driver scores by his " +
		"classified position (a DNF is classified when he covered at least 90% of the winner's " +
		"laps). The fastest lap is the quickest non-deleted lap of the session's laps; a session " +
		"without laps takes the fastest-lap holder from the published points (the one top-ten " +
		"driver whose published points exceed his position's by one) and is reported as such."

	DefTieBreak = "Championship positions: most points, then most Grand Prix wins, then most second " +
		"places, and so on through every position (countback over Grand Prix results; sprints " +
		"count for points only), then the lower car number (drivers) or team name (teams)."

	DefRound = "A round is a meeting of the year that has at least one race or sprint session " +
		"(not cancelled), numbered in calendar order; a sprint weekend's sprint and Grand Prix " +
		"count in the same round. Standings rows exist for rounds whose classification is known."

	DefFastestLap = "Fastest lap of a session: the quickest lap time that was not deleted; on a tie the " +
		"lap completed first."

	DefRollingPace = "Rolling pace: the mean of the driver's accurate lap times over the last N laps up " +
		"to and including this one (N = 5 by default), when at least half of them (rounded up) " +
		"are accurate."

	DefQualifying = "Q1/Q2/Q3 times are the classification's (silver.results). best_ms is the quickest " +
		"of them; pole_ms the quickest Q3 time (the quickest time of all when nobody has a Q3 " +
		"time); gap_to_pole_ms = best_ms − pole_ms. The phase a driver reached is the last one he " +
		"has a time in, or the one his position implies (top 10: Q3; next (entries−10)/2: Q2), " +
		"whichever is later; eliminated_in names the phase he went out in (null for Q3 " +
		"runners). Sector bests are the quickest non-deleted sector times of his laps and the " +
		"theoretical best is their sum."
)
