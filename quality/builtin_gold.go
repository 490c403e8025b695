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
// driver, lap). The lap-time range (60–300 s for 99% of laps, warn) is
// checked on accurate laps only (row_condition is_accurate==True): out-laps
// (a practice out-lap includes the wait in the garage), in-laps and laps
// behind the safety car legitimately exceed 300 s, and on all laps the
// check fails on most practice sessions (5.8% of a simulated season's
// laps), which would make its warning meaningless. An accurate lap outside
// the range is a real anomaly.
func GoldLapAnalytics() *Suite {
	return suite("gold.lap_analytics",
		naturalKey(SeverityError, "session_key", "driver_number", "lap_number"),
		one(driverNumber(SeverityError),
			ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn().
				RowCondition("is_accurate==True"),
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

// GoldChampionshipTeamStandings is the suite for
// gold.championship_team_standings (grain: year, round, team_name), the
// constructors' mirror of GoldChampionshipStandings: one row per team and
// round, positions from 1 and distinct within a round (the tie-break
// orders every team), points never negative and never going down from one
// round to the next for a team.
func GoldChampionshipTeamStandings() *Suite {
	return suite("gold.championship_team_standings",
		naturalKey(SeverityError, "year", "round", "team_name"),
		one(ExpectColumnValuesToBeBetween("round", 1, 30),
			ExpectColumnValuesToBeBetween("points", 0, inf),
			ExpectColumnValuesToBeBetween("position", 1, inf),
			ExpectCompoundColumnsToBeUnique("year", "round", "position"),
			ExpectColumnValuesToBeIncreasingWithinGroups("points", []string{"year", "team_name"}, "round")))
}

// GoldSessionSummary is the suite for gold.session_summary (grain: session).
func GoldSessionSummary() *Suite {
	return suite("gold.session_summary", naturalKey(SeverityError, "session_key"))
}
