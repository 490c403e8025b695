package gold

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/lakehouse"
)

// Namespace is the Iceberg namespace of every gold table.
const Namespace = "gold"

// Gold table names (lakehouse.Ident{Namespace: "gold", Name: ...}).
const (
	TableDriverSessionSummary      = "driver_session_summary"
	TableLapAnalytics              = "lap_analytics"
	TableStintAnalysis             = "stint_analysis"
	TablePitStopAnalysis           = "pit_stop_analysis"
	TableQualifyingAnalysis        = "qualifying_analysis"
	TableSessionSummary            = "session_summary"
	TableChampionshipStandings     = "championship_standings"
	TableChampionshipTeamStandings = "championship_team_standings"
)

// Table property keys written on every gold table.
const (
	PropDefinitionPrefix = "pitwall.definition." // + name: a metric definition
	PropReplaceKey       = "pitwall.replace-key" // column ReplaceSessions keys on
	PropGrain            = "pitwall.grain"
	// PropFuelCorrection is the default fuel correction (s per lap of
	// fuel); the value a build used is in each snapshot's summary under
	// the same key.
	PropFuelCorrection = "pitwall.fuel-correction-s-per-lap"
)

var (
	tInt32   = arrow.PrimitiveTypes.Int32
	tInt64   = arrow.PrimitiveTypes.Int64
	tFloat64 = arrow.PrimitiveTypes.Float64
	tString  = arrow.BinaryTypes.String
	tBool    = arrow.FixedWidthTypes.Boolean
	tTime    = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
)

func req(name string, t arrow.DataType) arrow.Field { return arrow.Field{Name: name, Type: t} }
func nul(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

func sessionSchema(fs ...arrow.Field) *arrow.Schema {
	return arrow.NewSchema(append([]arrow.Field{
		req("year", tInt32), req("meeting_key", tInt32), req("session_key", tInt32),
	}, fs...), nil)
}

var (
	driverSessionSummarySchema = sessionSchema(
		nul("session_name", tString), req("driver_number", tInt32),
		nul("name_acronym", tString), nul("full_name", tString), nul("team_name", tString),
		req("laps_completed", tInt32), req("timed_laps", tInt32), req("accurate_laps", tInt32),
		req("deleted_laps", tInt32),
		nul("best_lap_ms", tInt64), nul("best_lap_number", tInt32),
		nul("median_accurate_ms", tFloat64), nul("mean_accurate_ms", tFloat64),
		nul("stddev_accurate_ms", tFloat64), nul("iqr_accurate_ms", tFloat64),
		nul("top_speed_kmh", tInt32),
		req("pit_stops", tInt32), nul("pit_lane_total_ms", tInt64), nul("pit_stop_total_ms", tInt64),
		nul("grid_position", tInt32), req("pit_lane_start", tBool), nul("finish_position", tInt32),
		nul("positions_gained", tInt32), nul("status", tString),
		nul("points", tFloat64), req("fastest_lap_point", tBool), nul("published_points", tFloat64),
	)

	lapAnalyticsSchema = sessionSchema(
		req("driver_number", tInt32), req("lap_number", tInt32),
		nul("date_start", tTime), nul("lap_end", tTime),
		nul("lap_duration_ms", tInt64), nul("sector_1_ms", tInt64), nul("sector_2_ms", tInt64),
		nul("sector_3_ms", tInt64),
		nul("stint_number", tInt32), nul("compound", tString), nul("tyre_age", tInt32),
		req("is_pit_out_lap", tBool), req("is_pit_in_lap", tBool),
		req("under_sc", tBool), req("under_vsc", tBool), req("is_deleted", tBool), req("is_accurate", tBool),
		nul("fuel_corrected_ms", tFloat64),
		nul("delta_to_session_best_ms", tInt64), nul("delta_to_driver_median_ms", tFloat64),
		nul("position", tInt32), nul("gap_to_leader_ms", tInt64), nul("interval_ms", tInt64),
		req("in_traffic", tBool), nul("rolling_pace_ms", tFloat64),
		req("is_personal_best", tBool), req("is_overall_best", tBool),
	)

	stintAnalysisSchema = sessionSchema(
		req("driver_number", tInt32), req("stint_number", tInt32), req("compound", tString),
		req("lap_start", tInt32), req("lap_end", tInt32), req("laps", tInt32),
		nul("tyre_age_start", tInt32), nul("tyre_age_end", tInt32),
		req("accurate_laps", tInt32),
		nul("mean_pace_ms", tFloat64), nul("median_pace_ms", tFloat64), nul("fuel_corrected_mean_ms", tFloat64),
		nul("degradation_s_per_lap", tFloat64), nul("degradation_stderr", tFloat64),
		req("degradation_laps", tInt32),
	)

	pitStopAnalysisSchema = sessionSchema(
		req("driver_number", tInt32), req("stop_number", tInt32), req("lap_number", tInt32),
		nul("date", tTime), nul("lane_duration_ms", tInt64), nul("stop_duration_ms", tInt64),
		nul("lane_duration_rank", tInt32), nul("stop_duration_rank", tInt32),
		req("under_sc", tBool), req("under_vsc", tBool),
		nul("compound_before", tString), nul("compound_after", tString), nul("tyre_age_before", tInt32),
		nul("position_before", tInt32), nul("position_after", tInt32), nul("positions_change", tInt32),
		nul("undercut_rival", tInt32), nul("undercut_rival_lap", tInt32), nul("undercut_success", tBool),
	)

	qualifyingAnalysisSchema = sessionSchema(
		nul("session_name", tString), req("driver_number", tInt32),
		nul("name_acronym", tString), nul("team_name", tString), nul("position", tInt32),
		nul("q1_ms", tInt64), nul("q2_ms", tInt64), nul("q3_ms", tInt64),
		nul("best_ms", tInt64), nul("pole_ms", tInt64), nul("gap_to_pole_ms", tInt64),
		nul("gap_to_pole_pct", tFloat64), nul("reached_phase", tInt32), nul("eliminated_in", tString),
		req("laps", tInt32), nul("best_lap_ms", tInt64),
		nul("sector_1_best_ms", tInt64), nul("sector_2_best_ms", tInt64), nul("sector_3_best_ms", tInt64),
		nul("theoretical_best_ms", tInt64), nul("theoretical_gain_ms", tInt64),
	)

	sessionSummarySchema = sessionSchema(
		nul("session_name", tString), nul("session_type", tString), req("is_sprint", tBool),
		nul("date_start", tTime), nul("circuit_short_name", tString),
		req("drivers", tInt32), req("classified", tInt32), req("dnf", tInt32), req("dns", tInt32), req("dsq", tInt32),
		nul("total_laps", tInt32),
		nul("winner_driver_number", tInt32), nul("pole_driver_number", tInt32),
		nul("fastest_lap_driver_number", tInt32), nul("fastest_lap_ms", tInt64), nul("fastest_lap_number", tInt32),
		req("sc_periods", tInt32), req("vsc_periods", tInt32), req("sc_laps", tInt32), req("vsc_laps", tInt32),
		nul("track_periods", tString), req("red_flags", tInt32),
		nul("air_temperature_min", tFloat64), nul("air_temperature_max", tFloat64),
		nul("track_temperature_min", tFloat64), nul("track_temperature_max", tFloat64),
		nul("humidity_min", tFloat64), nul("humidity_max", tFloat64), nul("rainfall", tBool),
		nul("overtakes", tInt32),
	)

	championshipStandingsSchema = arrow.NewSchema([]arrow.Field{
		req("year", tInt32), req("round", tInt32), req("meeting_key", tInt32), nul("meeting_name", tString),
		req("driver_number", tInt32), nul("name_acronym", tString), nul("full_name", tString),
		nul("team_name", tString),
		req("round_points", tFloat64), req("race_points", tFloat64), req("sprint_points", tFloat64),
		req("points", tFloat64), req("position", tInt32),
		req("wins", tInt32), req("podiums", tInt32), req("sprint_wins", tInt32),
		req("gap_to_leader", tFloat64), nul("published_points", tFloat64), nul("published_position", tInt32),
	}, nil)

	championshipTeamStandingsSchema = arrow.NewSchema([]arrow.Field{
		req("year", tInt32), req("round", tInt32), req("meeting_key", tInt32), nul("meeting_name", tString),
		req("team_name", tString),
		req("round_points", tFloat64), req("points", tFloat64), req("position", tInt32),
		req("wins", tInt32), req("podiums", tInt32),
		req("gap_to_leader", tFloat64), nul("published_points", tFloat64), nul("published_position", tInt32),
	}, nil)
)

type tableSpec struct {
	name    string
	schema  *arrow.Schema
	grain   []string
	year    bool // partitioned and replaced by year (standings)
	comment string
	defs    []string // names of the definitions that apply
}

var specs = []tableSpec{
	{TableDriverSessionSummary, driverSessionSummarySchema, []string{"session_key", "driver_number"}, false,
		"One row per driver per session: best lap, accurate-lap pace and consistency, laps, top speed, pit stops, grid to finish, points.",
		[]string{"accurate_lap", "deleted_lap", "safety_car", "positions_gained", "points", "fastest_lap"}},
	{TableLapAnalytics, lapAnalyticsSchema, []string{"session_key", "driver_number", "lap_number"}, false,
		"One row per driver lap: time, deltas to the session best and the driver's median, position and gap at the lap end, rolling pace, best-lap flags.",
		[]string{"accurate_lap", "deleted_lap", "safety_car", "fuel_correction", "lap_position", "traffic", "rolling_pace", "fastest_lap"}},
	{TableStintAnalysis, stintAnalysisSchema, []string{"session_key", "driver_number", "stint_number"}, false,
		"One row per stint: compound, laps, tyre age range, pace, fuel-corrected degradation slope.",
		[]string{"accurate_lap", "fuel_correction", "traffic", "degradation"}},
	{TablePitStopAnalysis, pitStopAnalysisSchema, []string{"session_key", "driver_number", "stop_number"}, false,
		"One row per pit stop: durations and their rank in the session, SC/VSC, positions before and after, undercut outcome.",
		[]string{"safety_car", "lap_position", "undercut"}},
	{TableQualifyingAnalysis, qualifyingAnalysisSchema, []string{"session_key", "driver_number"}, false,
		"One row per driver of a qualifying or sprint qualifying session: Q1/Q2/Q3, gap to pole, phase of elimination, sector bests, theoretical best.",
		[]string{"qualifying", "deleted_lap"}},
	{TableSessionSummary, sessionSummarySchema, []string{"session_key"}, false,
		"One row per session: winner, pole, fastest lap, SC/VSC periods and red flags, weather ranges, overtakes.",
		[]string{"safety_car", "fastest_lap"}},
	{TableChampionshipStandings, championshipStandingsSchema, []string{"year", "round", "driver_number"}, true,
		"Drivers' championship after each round: points (race + sprint), position, wins, podiums, gap to the leader.",
		[]string{"points", "tie_break", "round", "fastest_lap"}},
	{TableChampionshipTeamStandings, championshipTeamStandingsSchema, []string{"year", "round", "team_name"}, true,
		"Constructors' championship after each round: points of the team's cars, position, wins, podiums, gap to the leader.",
		[]string{"points", "tie_break", "round"}},
}

var definitions = map[string]string{
	"accurate_lap":     DefAccurateLap,
	"safety_car":       DefSafetyCar,
	"deleted_lap":      DefDeletedLap,
	"fuel_correction":  DefFuelCorrection,
	"degradation":      DefDegradation,
	"traffic":          DefTraffic,
	"positions_gained": DefPositionsGained,
	"lap_position":     DefLapPosition,
	"undercut":         DefUndercut,
	"points":           DefPoints,
	"tie_break":        DefTieBreak,
	"round":            DefRound,
	"fastest_lap":      DefFastestLap,
	"rolling_pace":     DefRollingPace,
	"qualifying":       DefQualifying,
}

// Definitions returns every metric definition by name (the suffix of its
// pitwall.definition.* table property).
func Definitions() map[string]string { return maps.Clone(definitions) }

func specOf(name string) (tableSpec, bool) {
	i := slices.IndexFunc(specs, func(s tableSpec) bool { return s.name == name })
	if i < 0 {
		return tableSpec{}, false
	}
	return specs[i], true
}

func (s tableSpec) replaceKey() string {
	if s.year {
		return "year"
	}
	return "session_key"
}

func (s tableSpec) def() lakehouse.TableDef {
	part := lakehouse.Identity("year", "session_key")
	if s.year {
		part = lakehouse.Identity("year")
	}
	props := map[string]string{
		"comment":          s.comment,
		"pitwall.layer":    "gold",
		PropGrain:          strings.Join(s.grain, ","),
		PropReplaceKey:     s.replaceKey(),
		"pitwall.source":   "silver",
		PropFuelCorrection: strconv.FormatFloat(DefaultFuelCorrection, 'f', -1, 64),
	}
	for _, d := range s.defs {
		props[PropDefinitionPrefix+d] = definitions[d]
	}
	if !slices.Contains(s.defs, "fuel_correction") && !slices.Contains(s.defs, "degradation") {
		delete(props, PropFuelCorrection)
	}
	return lakehouse.TableDef{Namespace: Namespace, Name: s.name, Schema: s.schema, PartitionBy: part, Properties: props}
}

// Tables returns the definitions of every gold table (namespace "gold"):
// Arrow schemas, partition specs and properties — comment, pitwall.grain,
// pitwall.replace-key and one pitwall.definition.<name> per metric
// definition the table relies on. Session-grain tables are partitioned by
// identity(year), identity(session_key) and replaced per session; the
// championship tables by identity(year) and replaced per year. The slice is
// new on every call.
func Tables() []lakehouse.TableDef {
	out := make([]lakehouse.TableDef, len(specs))
	for i, s := range specs {
		out[i] = s.def()
	}
	return out
}

// Table returns the definition of one gold table by name.
func Table(name string) (lakehouse.TableDef, bool) {
	s, ok := specOf(name)
	if !ok {
		return lakehouse.TableDef{}, false
	}
	return s.def(), true
}

// Ident returns the lakehouse identifier of a gold table ("gold.<name>").
func Ident(name string) lakehouse.Ident { return lakehouse.Ident{Namespace: Namespace, Name: name} }

// Schema returns the Arrow schema of a gold table, or nil for an unknown name.
func Schema(name string) *arrow.Schema {
	s, ok := specOf(name)
	if !ok {
		return nil
	}
	return s.schema
}

// Grain returns the natural-key columns of a gold table.
func Grain(name string) []string {
	s, ok := specOf(name)
	if !ok {
		return nil
	}
	return slices.Clone(s.grain)
}

// SessionTables lists the tables BuildSession builds.
func SessionTables() []string {
	return []string{TableDriverSessionSummary, TableLapAnalytics, TableStintAnalysis,
		TablePitStopAnalysis, TableQualifyingAnalysis, TableSessionSummary}
}

// StandingsTables lists the tables BuildStandings builds.
func StandingsTables() []string {
	return []string{TableChampionshipStandings, TableChampionshipTeamStandings}
}
