package quality

// Bronze suites check raw OpenF1 partitions (API field names, API units:
// lap_duration in seconds). Errors: missing columns and null keys; the
// rest is warn, because bronze keeps what the API sent.

// BronzeMeetings is the suite for bronze meetings (per year).
func BronzeMeetings() *Suite {
	return suite("bronze.meetings",
		exist("meeting_key", "year", "date_start"),
		one(ExpectColumnValuesToNotBeNull("meeting_key"),
			ExpectColumnValuesToBeUnique("meeting_key").Warn(),
			ExpectColumnValuesToBeBetween("year", 2018, 2100).Warn()))
}

// BronzeSessions is the suite for bronze sessions (per year).
func BronzeSessions() *Suite {
	return suite("bronze.sessions",
		exist("meeting_key", "session_key", "session_type", "date_start", "date_end"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("meeting_key"),
			ExpectColumnValuesToBeUnique("session_key").Warn(),
			ExpectColumnValuesToBeInSet("session_type", "Practice", "Qualifying", "Race").Warn(),
			ExpectColumnPairValuesAToBeGreaterThanB("date_end", "date_start").OrEqual().Warn()))
}

// BronzeDrivers is the suite for bronze drivers.
func BronzeDrivers() *Suite {
	return suite("bronze.drivers",
		exist("session_key", "driver_number"),
		naturalKey(SeverityWarn, "session_key", "driver_number"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			driverNumber(SeverityWarn),
			ExpectColumnValueLengthsToEqual("name_acronym", 3).Warn(),
			ExpectColumnValuesToMatchRegex("team_colour", "^[0-9A-Fa-f]{6}$").Warn()))
}

// BronzeLaps is the suite for bronze laps. The lap-time range (60–300 s
// for 99% of laps) is checked on laps that are not pit out-laps
// (row_condition is_pit_out_lap==False): an out-lap includes the time the
// car waited in the garage, which makes a sixth of a practice session's
// laps longer than 300 s, while the other laps of real races, practice and
// qualifying sessions stay inside it. Bronze has no accuracy flag, so
// in-laps and laps behind a red flag still count (hence mostly).
func BronzeLaps() *Suite {
	return suite("bronze.laps",
		exist("session_key", "driver_number", "lap_number", "lap_duration", "is_pit_out_lap"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("driver_number"),
			ExpectColumnValuesToNotBeNull("lap_number")),
		one(ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "lap_number").Warn(),
			driverNumber(SeverityWarn)),
		lapNumber(SeverityWarn),
		one(ExpectColumnValuesToBeBetween("lap_duration", 60, 300).Mostly(0.99).Warn().
			RowCondition("is_pit_out_lap==False")))
}

// BronzeStints is the suite for bronze stints. The API sometimes reports
// lap_start > lap_end (2026 Kuala Lumpur race: two rows) and, for some
// sessions, stints that share their boundary lap; both are warnings here.
func BronzeStints() *Suite {
	return suite("bronze.stints",
		exist("session_key", "driver_number", "stint_number", "lap_start", "lap_end", "compound"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("driver_number")),
		one(ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "stint_number").Warn(),
			ExpectColumnValuesToBeBetween("stint_number", 1, inf).Warn(),
			ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").OrEqual().Warn(),
			ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end").
				With("allow_shared_boundary", true).Warn(),
			ExpectColumnValuesToBeInSet("compound", KnownCompounds()...).Warn(),
			ExpectColumnValuesToBeBetween("tyre_age_at_start", 0, 100).Warn()))
}

// BronzePit is the suite for bronze pit.
func BronzePit() *Suite {
	return suite("bronze.pit",
		exist("session_key", "driver_number", "lap_number"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "lap_number").Warn(),
			driverNumber(SeverityWarn)),
		lapNumber(SeverityWarn))
}

// BronzePosition is the suite for bronze position.
func BronzePosition() *Suite {
	return suite("bronze.position",
		exist("session_key", "driver_number", "date", "position"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("date"),
			driverNumber(SeverityWarn),
			position("position", SeverityWarn)))
}

// BronzeSessionResult is the suite for bronze session_result.
func BronzeSessionResult() *Suite {
	return suite("bronze.session_result",
		exist("session_key", "driver_number"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectCompoundColumnsToBeUnique("session_key", "driver_number").Warn(),
			driverNumber(SeverityWarn),
			position("position", SeverityWarn)))
}

// BronzeWeather is the suite for bronze weather.
func BronzeWeather() *Suite {
	return suite("bronze.weather",
		exist("session_key", "date"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("date"),
			ExpectColumnValuesToBeBetween("air_temperature", -10, 60).Warn(),
			ExpectColumnValuesToBeBetween("track_temperature", -10, 80).Warn(),
			ExpectColumnValuesToBeBetween("humidity", 0, 100).Warn(),
			ExpectColumnValuesToBeInSet("rainfall", 0, 1).Warn(),
			ExpectColumnValuesToBeBetween("wind_direction", 0, 360).Warn()))
}

// BronzeCarData is the suite for bronze car_data (telemetry, ~3.7 Hz).
func BronzeCarData() *Suite {
	return suite("bronze.car_data",
		exist("session_key", "driver_number", "date"),
		one(ExpectColumnValuesToNotBeNull("session_key"),
			ExpectColumnValuesToNotBeNull("date"),
			ExpectColumnValuesToBeBetween("speed", 0, 400).Mostly(0.999).Warn(),
			ExpectColumnValuesToBeBetween("n_gear", 0, 8).Warn(),
			ExpectColumnValuesToBeBetween("throttle", 0, 100).Mostly(0.99).Warn()))
}
