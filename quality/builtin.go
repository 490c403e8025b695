package quality

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// Built-in suites for the pitwall tables of DESIGN §2. Each call returns a
// fresh *Suite named "<layer>.<table>" that the caller may change
// (RenameColumn, Remove, Add). The silver and gold suites name the columns
// of the real table schemas (silver.Schema, gold.Schema; a test in package
// quality_test checks every name, row-condition columns included, so a
// renamed column cannot go unnoticed); quality itself does not import
// silver or gold. Bronze suites use the API's field names.
//
// Severity policy: error marks data that must not be published — a broken
// grain (duplicate natural key, null key), impossible values (lap 0,
// lap_start after lap_end in silver, overlapping stints, points going
// down). warn marks plausibility ranges. Bronze keeps raw API data, so
// there only missing columns and null keys are errors.
//
// A warning must mean something: a check that fails on every practice
// session is noise that hides the real anomalies. So a plausibility range
// is scoped to the rows it describes (row_condition on a flag column: lap
// times only on accurate laps in silver, only on laps that are not pit
// out-laps in bronze), or, where no flag tells the rows apart, it bounds
// what no real session exceeds (pit lane times). A test runs the suites on
// real recorded sessions, a race and a practice, and on injected
// anomalies.

var builtins = map[string]func() *Suite{
	"bronze.meetings":                  BronzeMeetings,
	"bronze.sessions":                  BronzeSessions,
	"bronze.drivers":                   BronzeDrivers,
	"bronze.laps":                      BronzeLaps,
	"bronze.stints":                    BronzeStints,
	"bronze.pit":                       BronzePit,
	"bronze.position":                  BronzePosition,
	"bronze.session_result":            BronzeSessionResult,
	"bronze.weather":                   BronzeWeather,
	"bronze.car_data":                  BronzeCarData,
	"silver.meetings":                  SilverMeetings,
	"silver.sessions":                  SilverSessions,
	"silver.drivers":                   SilverDrivers,
	"silver.laps":                      SilverLaps,
	"silver.stints":                    SilverStints,
	"silver.pit_stops":                 SilverPitStops,
	"silver.results":                   SilverResults,
	"silver.positions":                 SilverPositions,
	"silver.weather":                   SilverWeather,
	"silver.car_data":                  SilverCarData,
	"gold.driver_session_summary":      GoldDriverSessionSummary,
	"gold.lap_analytics":               GoldLapAnalytics,
	"gold.stint_analysis":              GoldStintAnalysis,
	"gold.pit_stop_analysis":           GoldPitStopAnalysis,
	"gold.qualifying_analysis":         GoldQualifyingAnalysis,
	"gold.championship_standings":      GoldChampionshipStandings,
	"gold.championship_team_standings": GoldChampionshipTeamStandings,
	"gold.session_summary":             GoldSessionSummary,
}

// BuiltinSuite returns a fresh copy of the built-in suite for a table, e.g.
// BuiltinSuite("silver", "laps"). The error wraps ErrNoBuiltinSuite.
func BuiltinSuite(layer, table string) (*Suite, error) {
	f, ok := builtins[layer+"."+table]
	if !ok {
		return nil, fmt.Errorf("quality: %w for %s.%s (have %v)", ErrNoBuiltinSuite, layer, table, BuiltinSuites())
	}
	return f(), nil
}

// BuiltinSuites lists the built-in suites as "layer.table", sorted.
func BuiltinSuites() []string { return slices.Sorted(maps.Keys(builtins)) }

// KnownCompounds are the tyre compounds OpenF1 reports (upper case), plus
// UNKNOWN, which silver uses for a null compound.
func KnownCompounds() []string {
	return []string{"SOFT", "MEDIUM", "HARD", "INTERMEDIATE", "WET", "UNKNOWN", "TEST_UNKNOWN"}
}

// inf is "no upper bound" in the built-in suites, noMin "no lower bound".
var (
	inf   = math.Inf(1)
	noMin = math.Inf(-1)
)

// maxLapNumber is the lap number above which the built-in suites
// warn. Races end by lap 78 (Monaco), but pre-season test days and some
// practice sessions run past 100 laps (the recordings reach lap 140: the
// 2024 Bahrain test, sessions 9462–9464 and 2025's 9684–9685 all pass
// 120); 200 is above any real session and still catches lap numbers gone
// wrong (counted across sessions, a unit or parsing error).
const maxLapNumber = 200

// lapNumber: laps are numbered from 1 (error: lap 0 or a negative lap has
// no meaning) and stay plausible (warn above maxLapNumber).
func lapNumber(sev Severity) []Expectation {
	return []Expectation{
		ExpectColumnValuesToBeBetween("lap_number", 1, inf).WithSeverity(sev),
		ExpectColumnValuesToBeBetween("lap_number", noMin, maxLapNumber).Warn(),
	}
}

// naturalKey: every key column is present and not null, and the combination
// is unique (one row per grain), all at severity sev.
func naturalKey(sev Severity, cols ...string) []Expectation {
	var out []Expectation
	for _, c := range cols {
		out = append(out, ExpectColumnValuesToNotBeNull(c).WithSeverity(sev))
	}
	return append(out, ExpectCompoundColumnsToBeUnique(cols...).WithSeverity(sev))
}

// exist: the columns exist (error: a missing column means a broken build).
func exist(cols ...string) []Expectation {
	out := make([]Expectation, len(cols))
	for i, c := range cols {
		out[i] = ExpectColumnToExist(c)
	}
	return out
}

func driverNumber(sev Severity) Expectation {
	return ExpectColumnValuesToBeBetween("driver_number", 1, 99).WithSeverity(sev)
}

func position(column string, sev Severity) Expectation {
	return ExpectColumnValuesToBeBetween(column, 1, 22).WithSeverity(sev)
}

func suite(name string, parts ...[]Expectation) *Suite {
	s := NewSuite(name)
	for _, p := range parts {
		s.Add(p...)
	}
	return s
}

func one(e ...Expectation) []Expectation { return e }
