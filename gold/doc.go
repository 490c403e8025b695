// Package gold computes pitwall's analytics tables — the gold layer of the
// lakehouse (DESIGN §2.3) — from the silver Iceberg tables, as Arrow
// batches that Publish writes back to the lake with the same idempotent
// per-session replace silver uses.
//
// # Using it
//
// A pipeline builds, checks, then publishes:
//
//	b, err := gold.BuildSessions(ctx, lake, sessionKeys, gold.BuildOptions{})
//	if err != nil { ... }
//	defer b.Release()
//	// run quality.BuiltinSuite("gold", table) on b.Record(table);
//	// b.DropTable(table) keeps the previous snapshot of a failing table
//	results, err := gold.Publish(ctx, lake, b, runID)
//
//	st, err := gold.BuildStandings(ctx, lake, 2024, gold.BuildOptions{})
//	for _, c := range st.Failures() { log.Print(c) } // disagreements with OpenF1
//
// BuildSession(s) and BuildStandings read silver through lakehouse scans
// pruned to the sessions or the year at hand, and projected to the columns
// gold reads; everything they need comes from the lake, so they are
// stateless and can run on any worker. Their
// pure cores, ComputeSessions and ComputeStandings, take silver batches
// directly (Inputs, or InputsFromSilver of silver builds) and need no
// catalog.
//
// Arrow memory: every batch of a Build comes from BuildOptions.Allocator
// and is owned by the Build until Release; Inputs stay owned by the caller.
//
// # Tables (namespace "gold")
//
// Session grain, partitioned by identity(year), identity(session_key) and
// replaced per session:
//
//   - driver_session_summary (session, driver): best lap, median/mean and
//     consistency (standard deviation, IQR) of accurate laps, laps completed,
//     top speed, pit stops and their total time, grid → finish, positions
//     gained, points (computed) beside the published points.
//   - lap_analytics (session, driver, lap): lap and sector times, stint,
//     compound and tyre age, SC/VSC, deleted and accurate flags,
//     fuel-corrected time, deltas to the session best and to the driver's
//     median, position, gap to the leader and interval at the lap end,
//     traffic, rolling pace, personal and overall best flags.
//   - stint_analysis (session, driver, stint): compound, laps, tyre age
//     range, mean and median pace, fuel-corrected mean, degradation (s/lap)
//     with its standard error and the laps fitted.
//   - pit_stop_analysis (session, driver, stop): pit-lane and stationary
//     durations and their ranks in the session, SC/VSC, compounds before and
//     after, positions before and after, undercut rival and outcome.
//   - qualifying_analysis (qualifying or sprint qualifying session,
//     driver): Q1/Q2/Q3, best time, pole time and gap to pole, phase
//     reached and eliminated in, sector bests and theoretical best.
//   - session_summary (session): winner, pole, fastest lap, SC/VSC periods
//     and laps, red flags, weather ranges, overtakes.
//
// Year grain, partitioned by identity(year) and replaced per year:
//
//   - championship_standings (year, round, driver) and
//     championship_team_standings (year, round, team): points after each
//     round (race + sprint), position, wins, podiums, gap to the leader, and
//     the published championship figures where OpenF1 has them.
//
// # Definitions
//
// Each definition is a Def… constant, written into the table properties as
// pitwall.definition.<name> (see Definitions) so anyone reading the tables
// from Spark, Trino or DuckDB finds them next to the data:
//
//   - lap flags — accurate lap (DefAccurateLap), SC/VSC (DefSafetyCar)
//     and deleted lap (DefDeletedLap) — have one definition, silver's
//     (silver.DefAccurateLap, DefSafetyCar, DefDeletedLap; silver's
//     package documentation). silver computes them once as the
//     silver.laps columns is_accurate, under_sc, under_vsc and is_deleted;
//     gold reads those columns and recomputes none of them. In short: an
//     accurate lap is timed, not lap 1 (any session), not a pit-in or
//     pit-out lap, not under SC/VSC, not deleted; SC/VSC periods come from
//     SafetyCar race-control messages by lap_number ("SAFETY CAR
//     DEPLOYED" … "SAFETY CAR IN THIS LAP", "VIRTUAL SAFETY CAR DEPLOYED"
//     … "… ENDING"), both ends inclusive, a VSC upgraded to an SC ending
//     on the SC's lap, an open period running to the chequered flag's lap,
//     and a lap is under one when its number is in the range or its time
//     span overlaps the period (lapped cars); a deleted lap is the one
//     whose time race control quotes in "… TIME m:ss.fff DELETED" (±1 ms),
//     else the "LAP n" it names, unless REINSTATED later. The period
//     lists of session_summary (and pit_stop_analysis for a stop without a
//     lap row) come from the same function, silver.TrackPeriodsOf, through
//     TrackPeriods;
//   - fuel correction (DefFuelCorrection): lap time − c × laps of fuel left,
//     c = DefaultFuelCorrection = 0.06 s per lap (≈ 1.7 kg burnt a lap ×
//     ≈ 0.035 s per kg);
//   - traffic (DefTraffic) and degradation (DefDegradation): the
//     least-squares slope of fuel-corrected accurate laps not in traffic
//     against tyre age, per stint;
//   - lap position, gap and interval (DefLapPosition): the order in which
//     cars complete each lap;
//   - positions gained (DefPositionsGained): grid − finish, pit-lane starts
//     from the back;
//   - undercut (DefUndercut): pitting before the car directly ahead, who
//     stops within N laps (3), and being ahead once both have stopped;
//   - points (DefPoints, RulesFor): 25-18-15-12-10-8-6-4-2-1, the
//     fastest-lap point for a top-ten finisher 2019–2024 only, sprint
//     8-7-6-5-4-3-2-1 from 2022;
//   - tie-break (DefTieBreak): points, then countback of Grand Prix
//     finishes (wins, seconds, …);
//   - round (DefRound): a meeting with a race or sprint, in calendar order;
//     a sprint weekend's sprint and Grand Prix count in the same round;
//   - fastest lap, rolling pace and qualifying (DefFastestLap,
//     DefRollingPace, DefQualifying).
//
// # Cross-checks
//
// BuildStandings compares what it computed with what OpenF1 published: each
// driver's points in session_result, and points_current/position_current
// of championship_drivers and championship_teams after every session that
// has them. The comparisons are Build.CrossChecks; a disagreement is a
// check with OK false (Build.Failures), reported and never used to
// overwrite the computed standings. When a race has no laps in silver, the
// fastest-lap point is taken from the published points (the one top-ten
// driver whose points exceed his position's by one) and a warning says so.
package gold
