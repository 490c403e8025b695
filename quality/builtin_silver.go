package quality

import "time"

// Silver suites follow DESIGN §2.2: durations in integer milliseconds
// (*_ms), one row per natural key, compound upper-cased with null kept as
// UNKNOWN, lap_start <= lap_end repaired or rejected.

func sessionColumns() []Expectation {
	return append(exist("year", "meeting_key", "session_key"),
		ExpectColumnValuesToNotBeNull("year"),
		ExpectColumnValuesToNotBeNull("meeting_key"),
		ExpectColumnValuesToNotBeNull("session_key"))
}

// SilverMeetings is the suite for silver.meetings (grain: meeting_key).
func SilverMeetings() *Suite {
	return suite("silver.meetings",
		naturalKey(SeverityError, "meeting_key"),
		one(ExpectColumnValuesToBeBetween("year", 2018, 2100),
			ExpectColumnValuesToNotBeNull("circuit_key").Warn()))
}

// SilverSessions is the suite for silver.sessions (grain: session_key).
func SilverSessions() *Suite {
	return suite("silver.sessions",
		sessionColumns(),
		naturalKey(SeverityError, "session_key"),
		one(ExpectColumnValuesToBeInSet("session_name", "Race", "Qualifying", "Sprint",
			"Sprint Qualifying", "Practice 1", "Practice 2", "Practice 3",
			"Day 1", "Day 2", "Day 3").Warn(), // Day n: pre-season testing (2025)
			ExpectColumnPairValuesAToBeGreaterThanB("date_end", "date_start").OrEqual()))
}

// SilverDrivers is the suite for silver.drivers (grain: session_key, driver_number).
func SilverDrivers() *Suite {
	return suite("silver.drivers",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValueLengthsToEqual("name_acronym", 3).Warn(),
			ExpectColumnValuesToMatchRegex("team_colour", "^#[0-9A-Fa-f]{6}$").Warn()))
}

// SilverLaps is the suite for silver.laps (grain: session_key,
// driver_number, lap_number). Lap numbers start at 1 (error) and warn
// above 200 (pre-season test days pass 100). Lap times between 60 and
// 300 s must hold for 99% of accurate laps (row_condition
// is_accurate==True, warn): out-laps after a garage stay (15–20% of the
// timed laps of a practice or qualifying session last 5–17 minutes),
// in-laps and laps behind the safety car or a red flag are legitimately
// long and not accurate; accurate laps outside the range are a real
// anomaly (a unit error, laps that span two laps).
func SilverLaps() *Suite {
	return suite("silver.laps",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError)),
		lapNumber(SeverityError),
		one(ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn().
			RowCondition("is_accurate==True"),
			ExpectColumnValuesToBeInSet("compound", KnownCompounds()...).Warn()))
}

// SilverStints is the suite for silver.stints (grain: session_key,
// driver_number, stint_number).
func SilverStints() *Suite {
	return suite("silver.stints",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "stint_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("stint_number", 1, inf),
			ExpectColumnValuesToNotBeNull("lap_start"),
			ExpectColumnValuesToNotBeNull("lap_end"),
			ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").OrEqual(),
			ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end").
				With("allow_shared_boundary", true),
			ExpectColumnValuesToNotBeNull("compound"),
			ExpectColumnValuesToBeInSet("compound", KnownCompounds()...),
			ExpectColumnValuesToBeBetween("tyre_age_at_start", 0, 100).Warn()))
}

// SilverPitStops is the suite for silver.pit_stops (grain: session_key,
// driver_number, lap_number). Lap numbers as in SilverLaps.
//
// lane_duration_ms is bounded by what no real session breaks, 5 s to 10 h
// (warn): nothing in silver.pit_stops says whether a row is a race stop
// (around 20–30 s), a car waiting out a red flag in the pit lane or a
// practice garage visit (in the recordings, practice and qualifying
// medians of 4–8 minutes, up to four hours on a test day), so a racing
// range would fail on every practice session. The bounds still catch a
// duration in the wrong unit or one spanning more than a session.
func SilverPitStops() *Suite {
	return suite("silver.pit_stops",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError)),
		lapNumber(SeverityError),
		one(ExpectColumnValuesToBeBetween("lane_duration_ms", float64(minLaneTime.Milliseconds()), float64(maxLaneTime.Milliseconds())).Warn(),
			ExpectColumnValuesToBeBetween("stop_duration_ms", 1_000, 60_000).Mostly(0.95).Warn()))
}

// minLaneTime and maxLaneTime bound a pit lane time (pit entry to pit
// exit) in the built-in suites. The quickest real transits take 12 s (a
// pit lane is a few hundred metres at 60–80 km/h); the longest recorded, a
// car in the garage on a pre-season test day, 3.9 h, and a session day
// (testing, or a race with a red flag) does not last 10 h.
const (
	minLaneTime = 5 * time.Second
	maxLaneTime = 10 * time.Hour
)

// SilverResults is the suite for silver.results (grain: session_key, driver_number).
func SilverResults() *Suite {
	return suite("silver.results",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number"),
		one(driverNumber(SeverityError),
			position("position", SeverityError),
			ExpectColumnValuesToBeInSet("status", "FINISHED", "DNF", "DNS", "DSQ"),
			ExpectColumnValuesToBeBetween("points", 0, 26).Warn()))
}

// SilverPositions is the suite for silver.positions (grain: session_key,
// driver_number, date).
func SilverPositions() *Suite {
	return suite("silver.positions",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "date"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToNotBeNull("position"),
			position("position", SeverityError)))
}

// SilverWeather is the suite for silver.weather (grain: session_key, date).
func SilverWeather() *Suite {
	return suite("silver.weather",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "date"),
		one(ExpectColumnValuesToBeBetween("air_temperature", -10, 60).Warn(),
			ExpectColumnValuesToBeBetween("track_temperature", -10, 80).Warn(),
			ExpectColumnValuesToBeBetween("humidity", 0, 100).Warn(),
			ExpectColumnValuesToBeBetween("wind_direction", 0, 360).Warn()))
}

// SilverCarData is the suite for silver.car_data (grain: session_key,
// driver_number, date; the largest table).
func SilverCarData() *Suite {
	return suite("silver.car_data",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "date"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("speed", 0, 400).Mostly(0.999).Warn(),
			ExpectColumnValuesToBeBetween("n_gear", 0, 8).Warn(),
			ExpectColumnValuesToBeBetween("throttle", 0, 100).Mostly(0.99).Warn()))
}
