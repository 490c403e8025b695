package quality

// Gold suites follow DESIGN §2.3.

// GoldDriverSessionSummary is the suite for gold.driver_session_summary
// (grain: session, driver).
func GoldDriverSessionSummary() *Suite {
	return suite("gold.driver_session_summary",
		naturalKey(SeverityError, "session_key", "driver_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("best_lap_ms", 60_000, 300_000).Mostly(0.99).Warn(),
			ExpectColumnValuesToBeBetween("laps_completed", 0, inf),
			ExpectColumnValuesToBeBetween("points", 0, 26).Warn()))
}

// GoldLapAnalytics is the suite for gold.lap_analytics (grain: session,
// driver, lap).
func GoldLapAnalytics() *Suite {
	return suite("gold.lap_analytics",
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn(),
			position("position", SeverityWarn)))
}

// GoldStintAnalysis is the suite for gold.stint_analysis (grain: session,
// driver, stint).
func GoldStintAnalysis() *Suite {
	return suite("gold.stint_analysis",
		naturalKey(SeverityError, "session_key", "driver_number", "stint_number"),
		one(ExpectColumnValuesToBeInSet("compound", KnownCompounds()...),
			ExpectColumnPairValuesAToBeGreaterThanB("lap_end", "lap_start").OrEqual(),
			ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end").
				With("allow_shared_boundary", true)))
}

// GoldPitStopAnalysis is the suite for gold.pit_stop_analysis (grain:
// session, driver, stop).
func GoldPitStopAnalysis() *Suite {
	return suite("gold.pit_stop_analysis",
		naturalKey(SeverityError, "session_key", "driver_number", "stop_number"),
		one(ExpectColumnValuesToBeBetween("stop_number", 1, inf)))
}

// GoldQualifyingAnalysis is the suite for gold.qualifying_analysis (grain:
// qualifying session, driver).
func GoldQualifyingAnalysis() *Suite {
	return suite("gold.qualifying_analysis",
		naturalKey(SeverityError, "session_key", "driver_number"),
		one(driverNumber(SeverityError)))
}

// GoldChampionshipStandings is the suite for gold.championship_standings
// (grain: year, round, driver): points are never negative and never go down
// from one round to the next for a driver.
func GoldChampionshipStandings() *Suite {
	return suite("gold.championship_standings",
		naturalKey(SeverityError, "year", "round", "driver_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("round", 1, 30),
			ExpectColumnValuesToBeBetween("points", 0, inf),
			ExpectColumnValuesToBeBetween("position", 1, inf),
			ExpectColumnValuesToBeIncreasingWithinGroups("points", []string{"year", "driver_number"}, "round")))
}

// GoldSessionSummary is the suite for gold.session_summary (grain: session).
func GoldSessionSummary() *Suite {
	return suite("gold.session_summary", naturalKey(SeverityError, "session_key"))
}
