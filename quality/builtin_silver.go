package quality

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
			"Sprint Qualifying", "Practice 1", "Practice 2", "Practice 3").Warn(),
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
// driver_number, lap_number). Lap times between 60 and 300 s must hold for
// 99% of timed laps (warn: practice out-laps and red flags break it).
func SilverLaps() *Suite {
	return suite("silver.laps",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("lap_number", 1, 100),
			ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn(),
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
// driver_number, lap_number).
func SilverPitStops() *Suite {
	return suite("silver.pit_stops",
		sessionColumns(),
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("lap_number", 1, 100),
			ExpectColumnValuesToBeBetween("lane_duration_ms", 5_000, 120_000).Mostly(0.95).Warn(),
			ExpectColumnValuesToBeBetween("stop_duration_ms", 1_000, 60_000).Mostly(0.95).Warn()))
}

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
