// Package silver builds the cleaned, conformed silver tables of the pitwall
// lakehouse (namespace "silver") from bronze partitions, as Arrow record
// batches, and hands back every row it does not publish as a reject with a
// reason.
//
// # Build, then publish
//
// silver builds; it never decides publication. The pipeline runs quality
// checks on a Build between building and publishing:
//
//	b, err := silver.BuildSession(ctx, store, 9472, silver.BuildOptions{Allocator: mem, RunID: runID})
//	if err != nil { ... }
//	defer b.Release()
//	// quality checks on b.Record(silver.TableLaps), ...; on an error-severity failure:
//	//     b.RejectTable(silver.TableLaps, "why")
//	results, err := silver.Publish(ctx, lake, b, runID)
//
// BuildSession builds every session-level table of one session,
// BuildCalendar the meetings and sessions of one season, and BuildTelemetry
// streams car_data or location of one session (one bronze batch at a time:
// a weekend of telemetry is never held in memory). Publish, PublishAll and
// PublishTelemetry are thin helpers over lakehouse: one atomic
// ReplaceSessions per table (keyed on session_key, or on year for meetings
// and sessions), and a ReplaceWhere of the build's rejects.
//
// Every stage is idempotent and keeps no state of its own: a build reads
// only bronze (through manifests), and publishing identical content changes
// nothing in the lake (no snapshot, no file). A late correction in bronze
// rebuilds and replaces only the sessions whose content changed. A table
// whose bronze partition does not exist is not built, and Publish leaves it
// as it is; an empty partition (the API had no rows) publishes an empty
// session.
//
// # Building many sessions
//
// Each build locates its session in the bronze sessions calendar. A run
// that builds many sessions (a backfill, a weekend) reads the calendar once
// with LoadCalendar and passes it as BuildOptions.Calendar; the builds give
// the same result as without it. Builds read only the bronze columns they
// use (bronze.OpenPartitionWithOptions): session builds leave out the run
// columns (_extra, _run_id, _request) and read a partition whole only when
// one of its rows is rejected (the reject's raw JSON holds every column);
// telemetry reads the few columns of each pass, and its rejects are
// completed by one more streamed read when there are any. Sessions are
// independent and can be built concurrently; PublishAll publishes its
// tables a few at a time.
//
// # Accounting and rejects
//
// Every bronze row is either published in its silver table or recorded in
// silver.rejects with a reason code and a human-readable reason:
// Build.Stats has, per table, BronzeRows == Published + Rejected. The reason
// codes are:
//
//   - duplicate: another row with the same natural key superseded this one.
//     The winner is the latest _ingested_at, then the later row in bronze
//     order (the API's newest version comes last); for drivers a row with
//     team_name and full_name beats one without (API.md §6).
//   - orphan_driver: the row's driver_number is not in the session's drivers
//     (laps, stints, pit_stops, results, starting_grid, positions,
//     intervals, overtakes, team_radio, car_data, location). When a session
//     has no drivers rows at all the check is skipped and a warning says so.
//   - invalid_stint: lap_start > lap_end; an overlap with the previous stint
//     of more than one lap; nothing left after repairing a one-lap overlap.
//   - invalid_value: a union value that is neither a number, "+N LAP(S)",
//     an array (where allowed) nor null; an integer outside int32; seconds
//     that do not fit integer milliseconds.
//   - missing_value: a null where silver requires a value (keys, dates of
//     time series, recording_url, championship team_name).
//   - out_of_partition: a row whose session_key, meeting_key or year differs
//     from the bronze partition it was read from.
//   - quality: moved by Build.RejectTable (a failed error-severity check).
//
// A reject row holds run_id, rejected_at, year, meeting_key, session_key (0
// for calendar builds), table_name, endpoint, bronze_row (the row's ordinal
// in its partition, null for quality rejects), natural_key ("field=value;…"),
// reason_code, reason and raw: the bronze row as a JSON object (API fields
// with their bronze values, union fields as their JSON, _extra,
// _ingested_at, _run_id, _request), or the silver row for quality rejects.
// Publishing a build replaces the rejects of the tables it holds or
// rejected, for its session (or year); run_id and rejected_at are not part
// of the content fingerprint, so a re-run that rejects the same rows
// changes nothing.
//
// Warnings (Build.Warnings) report problems that do not reject rows: an
// unparseable team colour or GMT offset (published as null), a session the
// calendar does not know, a skipped referential check.
//
// # Conventions
//
// Every session-level table starts with year, meeting_key and session_key
// (int32) and is partitioned by identity(year), identity(session_key);
// meetings and sessions are partitioned by identity(year); rejects by
// identity(year), identity(session_key), identity(table_name). Durations
// are integer milliseconds (*_ms, rounded to the nearest millisecond, which
// also removes float artefacts such as 82.15899999999999), timestamps are
// timestamptz (µs, UTC), speeds km/h, temperatures °C, small integers
// int32. Strings are trimmed and empty strings read as null. Rows come in
// a deterministic order (by driver then lap or time; results and grids by
// position; telemetry in bronze order).
//
// # Tables
//
// meetings — grain meeting_key; partition year. Columns: year,
// meeting_key, meeting_name, meeting_official_name, meeting_code, location,
// country_key, country_code, country_name, country_flag, circuit_key,
// circuit_short_name, circuit_type, circuit_image, circuit_info_url,
// gmt_offset (as sent), gmt_offset_s (seconds; "[-]HH:MM:SS", no '+' for
// positive offsets), date_start, date_end, is_cancelled (absent → false).
//
// sessions — grain session_key; partition year. session_name is normalized
// to Practice 1–3, Qualifying, Sprint Qualifying, Sprint, Race (other names,
// such as pre-season "Day 1", are kept); session_type to Practice,
// Qualifying, Race. The sprint naming history (API.md §3.6) is unified:
// "Sprint Shootout" (2023) is Sprint Qualifying; "Sprint Qualifying" typed
// Race is the old label of a sprint race; in a meeting with two "Sprint
// Qualifying" sessions and no "Sprint", the later is the Sprint.
// session_name_raw and session_type_raw keep what the API sent; is_sprint,
// date_start, date_end, gmt_offset, gmt_offset_s, location, country_key,
// country_code, country_name, circuit_key, circuit_short_name, is_cancelled.
//
// drivers — grain (session_key, driver_number). broadcast_name, full_name,
// first_name, last_name, name_acronym, team_name, team_colour ("#RRGGBB"
// upper-case; not six hex digits → null with a warning), headshot_url,
// country_code (deprecated by the API, null from 2026).
//
// laps — grain (session_key, driver_number, lap_number). date_start,
// lap_duration_ms, sector_1_ms, sector_2_ms, sector_3_ms, i1_speed,
// i2_speed, st_speed, is_pit_out_lap (null → false), segments_sector_1..3
// (list<int32>, elements may be null), and joins:
//
//   - stint_number, compound, tyre_age from the published stints: the stint
//     whose (repaired) laps contain the lap; tyre_age = tyre_age_at_start +
//     lap_number − lap_start (laps on the tyre when the lap began); null
//     when no stint covers the lap;
//   - is_pit_in_lap: a pit_stops row has this driver and lap_number;
//   - under_sc, under_vsc, is_deleted and is_accurate: see "Lap flags"
//     below.
//
// stints — grain (session_key, driver_number, stint_number). lap_start,
// lap_end, compound (upper-cased; null or empty → UNKNOWN),
// tyre_age_at_start, laps (lap_end − lap_start + 1), repaired, repair_note.
// Per driver in stint order: a stint starting on the previous stint's
// lap_end (the API counts the pit in-lap in both, API.md §6) is repaired to
// start one lap later and flagged; inverted or otherwise overlapping stints
// are rejected (invalid_stint).
//
// pit_stops — grain (session_key, driver_number, lap_number). date,
// lane_duration_ms (lane_duration, else the deprecated pit_duration),
// stop_duration_ms (null before the 2024 US GP).
//
// results — grain (session_key, driver_number), from session_result.
// position (null when not classified), grid_position (the starting_grid of
// the meeting's Qualifying for a Race, of its Sprint Qualifying for a
// Sprint), status (DSQ, else DNS, else DNF, else FINISHED), number_of_laps,
// points, dnf, dns, dsq, and the union fields split by shape: a number
// duration → duration_ms (race: total time; practice: best lap); a number
// gap_to_leader → gap_to_leader_ms with laps_behind 0; "+N LAP(S)" →
// laps_behind N; [Q1, Q2, Q3] arrays → q1_ms, q2_ms, q3_ms and q1_gap_ms,
// q2_gap_ms, q3_gap_ms (null for phases not reached).
//
// starting_grid — grain (session_key, driver_number), keyed like the API
// by the grid-setting (qualifying) session: position, lap_duration_ms.
//
// positions — grain (session_key, driver_number, date): position.
//
// intervals — grain (session_key, driver_number, date): gap_to_leader_s
// and interval_s (seconds, rounded to the ms) with gap_laps_behind and
// interval_laps_behind (0 for a number, N for "+N LAP(S)"). A null means
// the update did not carry the value (often "unchanged", API.md §3.3):
// silver does not forward-fill.
//
// race_control — grain (session_key, date, driver_number, lap_number,
// category, flag, scope, sector): category, flag, scope, sector,
// driver_number, lap_number, qualifying_phase, message. No referential
// check (messages may name no driver, or drivers of other sessions).
//
// weather — grain (session_key, date): air_temperature, track_temperature,
// humidity, pressure, rainfall (bool; the API's 0/1), wind_direction,
// wind_speed.
//
// overtakes — grain (session_key, date, overtaking_driver_number,
// overtaken_driver_number): position. Both drivers are checked.
//
// team_radio — grain (session_key, driver_number, date): recording_url.
//
// championship_drivers — grain (session_key, driver_number):
// position_start, position_current, points_start, points_current. No
// referential check (standings list drivers absent from the session).
//
// championship_teams — grain (session_key, team_name): the same columns;
// rows without a team name cannot be keyed and are rejected.
//
// car_data — grain (session_key, driver_number, date): lap_number, rpm,
// speed, n_gear, throttle, brake, drs (null from 2026).
//
// location — grain (session_key, driver_number, date): lap_number, x, y, z.
//
// For both telemetry tables lap_number comes from a LapIndex over the
// session's laps: the lap whose span contains the sample; null before the
// first timed lap, in the garage and after the last lap.
//
// rejects — grain (run_id, session_key, table_name, bronze_row); see above.
//
// Tables, Table, Schema and Grain describe the tables for other packages
// (gold, quality); EnsureTables creates them in a lake.
//
// # Lap flags: the one definition
//
// silver.laps carries pitwall's only definition of a lap under the safety
// car, a deleted lap and an accurate lap. They are computed here, once, and
// every consumer reads the columns (gold's analytics do; gold writes the
// same texts into its table properties). The full texts are the constants
// DefSafetyCar, DefDeletedLap and DefAccurateLap; in short:
//
//   - SC/VSC periods (TrackPeriods, TrackPeriodsOf): race_control messages
//     of category SafetyCar, by lap_number (the leader's lap; else the
//     highest lap started by the message's date). An SC runs from the lap
//     of "SAFETY CAR DEPLOYED" to the lap of "SAFETY CAR IN THIS LAP", a
//     VSC from "VIRTUAL SAFETY CAR DEPLOYED"/"VSC DEPLOYED" to "… ENDING",
//     both ends inclusive; a VSC upgraded to an SC ends on the lap the SC
//     starts; a period never ended runs to the lap of the chequered flag
//     (else the last lap). In time a period runs from its deployment
//     message to its end: the ending message, for an SC the first car
//     starting the lap after "IN THIS LAP", the next deployment, or the
//     chequered flag. under_sc/under_vsc: the lap's number is in a
//     period's range, or its time span (date_start to date_start +
//     lap_duration, cut at the next lap start; else to it) overlaps the
//     period (lapped cars trail the leader's lap numbers).
//   - is_deleted: a message "CAR n … DELETED" deletes car n's lap whose
//     time equals the quoted "TIME m:ss.fff" (±1 ms; the named lap
//     preferred), else the first "LAP n" after DELETED; "… (NEXT LAP)"
//     messages name no lap and are matched by time; a later "… REINSTATED"
//     for the same lap undoes it.
//   - is_accurate (usable for pace): a lap time, not lap 1 (in any
//     session), neither pit in- nor out-lap, not under SC or VSC, not
//     deleted. Laps with a null duration (lap 1 of races before 2026) are
//     kept with is_accurate false.
package silver
