package silver

import (
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
)

// Namespace is the Iceberg namespace of every silver table.
const Namespace = "silver"

// Silver table names (lakehouse.Ident{Namespace: "silver", Name: ...}).
const (
	TableMeetings            = "meetings"
	TableSessions            = "sessions"
	TableDrivers             = "drivers"
	TableLaps                = "laps"
	TableStints              = "stints"
	TablePitStops            = "pit_stops"
	TableResults             = "results"
	TableStartingGrid        = "starting_grid"
	TablePositions           = "positions"
	TableIntervals           = "intervals"
	TableRaceControl         = "race_control"
	TableWeather             = "weather"
	TableOvertakes           = "overtakes"
	TableTeamRadio           = "team_radio"
	TableChampionshipDrivers = "championship_drivers"
	TableChampionshipTeams   = "championship_teams"
	TableCarData             = "car_data"
	TableLocation            = "location"
	TableRejects             = "rejects"
)

// Column types shared by the schemas.
var (
	tInt32   = arrow.PrimitiveTypes.Int32
	tInt64   = arrow.PrimitiveTypes.Int64
	tFloat64 = arrow.PrimitiveTypes.Float64
	tString  = arrow.BinaryTypes.String
	tBool    = arrow.FixedWidthTypes.Boolean
	// tTime is timestamptz: microseconds, UTC (Iceberg v2 has no nanoseconds).
	tTime      = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	tInt32List = arrow.ListOf(arrow.PrimitiveTypes.Int32)
)

func req(name string, t arrow.DataType) arrow.Field { return arrow.Field{Name: name, Type: t} }
func opt(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

// sessionKeys are the leading columns of every session-level table.
func sessionKeys(fs ...arrow.Field) *arrow.Schema {
	return arrow.NewSchema(append([]arrow.Field{
		req("year", tInt32), req("meeting_key", tInt32), req("session_key", tInt32),
	}, fs...), nil)
}

// Arrow schemas of the silver tables, in column order. Non-nullable fields
// become required Iceberg columns.
var (
	meetingsSchema = arrow.NewSchema([]arrow.Field{
		req("year", tInt32), req("meeting_key", tInt32),
		opt("meeting_name", tString), opt("meeting_official_name", tString), opt("meeting_code", tString),
		opt("location", tString), opt("country_key", tInt32), opt("country_code", tString),
		opt("country_name", tString), opt("country_flag", tString), opt("circuit_key", tInt32),
		opt("circuit_short_name", tString), opt("circuit_type", tString), opt("circuit_image", tString),
		opt("circuit_info_url", tString), opt("gmt_offset", tString), opt("gmt_offset_s", tInt32),
		opt("date_start", tTime), opt("date_end", tTime), req("is_cancelled", tBool),
	}, nil)

	sessionsSchema = sessionKeys(
		opt("session_name", tString), opt("session_type", tString),
		opt("session_name_raw", tString), opt("session_type_raw", tString), req("is_sprint", tBool),
		opt("date_start", tTime), opt("date_end", tTime), opt("gmt_offset", tString), opt("gmt_offset_s", tInt32),
		opt("location", tString), opt("country_key", tInt32), opt("country_code", tString),
		opt("country_name", tString), opt("circuit_key", tInt32), opt("circuit_short_name", tString),
		req("is_cancelled", tBool),
	)

	driversSchema = sessionKeys(
		req("driver_number", tInt32), opt("broadcast_name", tString), opt("full_name", tString),
		opt("first_name", tString), opt("last_name", tString), opt("name_acronym", tString),
		opt("team_name", tString), opt("team_colour", tString), opt("headshot_url", tString),
		opt("country_code", tString),
	)

	lapsSchema = sessionKeys(
		req("driver_number", tInt32), req("lap_number", tInt32), opt("date_start", tTime),
		opt("lap_duration_ms", tInt64), opt("sector_1_ms", tInt64), opt("sector_2_ms", tInt64),
		opt("sector_3_ms", tInt64), opt("i1_speed", tInt32), opt("i2_speed", tInt32), opt("st_speed", tInt32),
		req("is_pit_out_lap", tBool), req("is_pit_in_lap", tBool),
		opt("stint_number", tInt32), opt("compound", tString), opt("tyre_age", tInt32),
		req("under_sc", tBool), req("under_vsc", tBool), req("is_deleted", tBool), req("is_accurate", tBool),
		opt("segments_sector_1", tInt32List), opt("segments_sector_2", tInt32List), opt("segments_sector_3", tInt32List),
	)

	stintsSchema = sessionKeys(
		req("driver_number", tInt32), req("stint_number", tInt32), req("lap_start", tInt32),
		req("lap_end", tInt32), req("compound", tString), opt("tyre_age_at_start", tInt32),
		req("laps", tInt32), req("repaired", tBool), opt("repair_note", tString),
	)

	pitStopsSchema = sessionKeys(
		req("driver_number", tInt32), req("lap_number", tInt32), opt("date", tTime),
		opt("lane_duration_ms", tInt64), opt("stop_duration_ms", tInt64),
	)

	resultsSchema = sessionKeys(
		req("driver_number", tInt32), opt("position", tInt32), opt("grid_position", tInt32),
		req("status", tString), opt("number_of_laps", tInt32), opt("points", tFloat64),
		opt("duration_ms", tInt64), opt("gap_to_leader_ms", tInt64), opt("laps_behind", tInt32),
		opt("q1_ms", tInt64), opt("q2_ms", tInt64), opt("q3_ms", tInt64),
		opt("q1_gap_ms", tInt64), opt("q2_gap_ms", tInt64), opt("q3_gap_ms", tInt64),
		req("dnf", tBool), req("dns", tBool), req("dsq", tBool),
	)

	startingGridSchema = sessionKeys(
		req("driver_number", tInt32), opt("position", tInt32), opt("lap_duration_ms", tInt64),
	)

	positionsSchema = sessionKeys(
		req("driver_number", tInt32), req("date", tTime), req("position", tInt32),
	)

	intervalsSchema = sessionKeys(
		req("driver_number", tInt32), req("date", tTime),
		opt("gap_to_leader_s", tFloat64), opt("gap_laps_behind", tInt32),
		opt("interval_s", tFloat64), opt("interval_laps_behind", tInt32),
	)

	raceControlSchema = sessionKeys(
		opt("date", tTime), opt("category", tString), opt("flag", tString), opt("scope", tString),
		opt("sector", tInt32), opt("driver_number", tInt32), opt("lap_number", tInt32),
		opt("qualifying_phase", tInt32), opt("message", tString),
	)

	weatherSchema = sessionKeys(
		req("date", tTime), opt("air_temperature", tFloat64), opt("track_temperature", tFloat64),
		opt("humidity", tFloat64), opt("pressure", tFloat64), opt("rainfall", tBool),
		opt("wind_direction", tInt32), opt("wind_speed", tFloat64),
	)

	overtakesSchema = sessionKeys(
		req("date", tTime), req("overtaking_driver_number", tInt32), req("overtaken_driver_number", tInt32),
		opt("position", tInt32),
	)

	teamRadioSchema = sessionKeys(
		opt("date", tTime), req("driver_number", tInt32), req("recording_url", tString),
	)

	championshipDriversSchema = sessionKeys(
		req("driver_number", tInt32), opt("position_start", tInt32), opt("position_current", tInt32),
		opt("points_start", tFloat64), opt("points_current", tFloat64),
	)

	championshipTeamsSchema = sessionKeys(
		req("team_name", tString), opt("position_start", tInt32), opt("position_current", tInt32),
		opt("points_start", tFloat64), opt("points_current", tFloat64),
	)

	carDataSchema = sessionKeys(
		req("driver_number", tInt32), req("date", tTime), opt("lap_number", tInt32),
		opt("rpm", tInt32), opt("speed", tInt32), opt("n_gear", tInt32), opt("throttle", tInt32),
		opt("brake", tInt32), opt("drs", tInt32),
	)

	locationSchema = sessionKeys(
		req("driver_number", tInt32), req("date", tTime), opt("lap_number", tInt32),
		opt("x", tInt32), opt("y", tInt32), opt("z", tInt32),
	)

	rejectsSchema = arrow.NewSchema([]arrow.Field{
		req("run_id", tString), req("rejected_at", tTime),
		req("year", tInt32), opt("meeting_key", tInt32), req("session_key", tInt32),
		req("table_name", tString), req("endpoint", tString), opt("bronze_row", tInt64),
		opt("natural_key", tString), req("reason_code", tString), req("reason", tString), req("raw", tString),
	}, nil)
)

// tableSpec is everything silver knows about one table.
type tableSpec struct {
	name     string
	schema   *arrow.Schema
	grain    []string        // natural key columns
	endpoint openf1.Endpoint // bronze source ("" for rejects)
	calendar bool            // partitioned by year only (meetings, sessions)
	comment  string
}

var specs = []tableSpec{
	{TableMeetings, meetingsSchema, []string{"meeting_key"}, openf1.EndpointMeetings, true,
		"One row per meeting (Grand Prix or testing weekend)."},
	{TableSessions, sessionsSchema, []string{"session_key"}, openf1.EndpointSessions, true,
		"One row per session; session_name/session_type normalized, sprint naming history unified."},
	{TableDrivers, driversSchema, []string{"session_key", "driver_number"}, openf1.EndpointDrivers, false,
		"One row per driver per session, de-duplicated (complete rows preferred)."},
	{TableLaps, lapsSchema, []string{"session_key", "driver_number", "lap_number"}, openf1.EndpointLaps, false,
		"One row per driver lap; durations in ms; stint, compound and tyre age joined from stints; pit-in from pit; SC/VSC and deleted laps from race_control; is_accurate marks laps usable for pace."},
	{TableStints, stintsSchema, []string{"session_key", "driver_number", "stint_number"}, openf1.EndpointStints, false,
		"One row per stint; compound upper-cased (null as UNKNOWN); one-lap overlaps repaired and flagged."},
	{TablePitStops, pitStopsSchema, []string{"session_key", "driver_number", "lap_number"}, openf1.EndpointPit, false,
		"One row per pit-lane passage; durations in ms."},
	{TableResults, resultsSchema, []string{"session_key", "driver_number"}, openf1.EndpointSessionResult, false,
		"One row per classified or entered driver: status, race time or Q1/Q2/Q3 times, gaps in ms or laps, grid position from the grid-setting session."},
	{TableStartingGrid, startingGridSchema, []string{"session_key", "driver_number"}, openf1.EndpointStartingGrid, false,
		"One row per grid slot, keyed by the qualifying (grid-setting) session like the API."},
	{TablePositions, positionsSchema, []string{"session_key", "driver_number", "date"}, openf1.EndpointPosition, false,
		"One row per position change."},
	{TableIntervals, intervalsSchema, []string{"session_key", "driver_number", "date"}, openf1.EndpointIntervals, false,
		"One row per gap update; gaps split into seconds and laps behind."},
	{TableRaceControl, raceControlSchema, []string{"session_key", "date", "driver_number", "lap_number", "category", "flag", "scope", "sector"}, openf1.EndpointRaceControl, false,
		"One row per race-control message."},
	{TableWeather, weatherSchema, []string{"session_key", "date"}, openf1.EndpointWeather, false,
		"One row per weather reading (about one a minute)."},
	{TableOvertakes, overtakesSchema, []string{"session_key", "date", "overtaking_driver_number", "overtaken_driver_number"}, openf1.EndpointOvertakes, false,
		"One row per recorded overtake (races and sprints)."},
	{TableTeamRadio, teamRadioSchema, []string{"session_key", "driver_number", "date"}, openf1.EndpointTeamRadio, false,
		"One row per published radio clip."},
	{TableChampionshipDrivers, championshipDriversSchema, []string{"session_key", "driver_number"}, openf1.EndpointChampionshipDrivers, false,
		"Drivers' championship before and after a race session."},
	{TableChampionshipTeams, championshipTeamsSchema, []string{"session_key", "team_name"}, openf1.EndpointChampionshipTeams, false,
		"Teams' championship before and after a race session."},
	{TableCarData, carDataSchema, []string{"session_key", "driver_number", "date"}, openf1.EndpointCarData, false,
		"Car telemetry samples (~3.7 Hz per car) with the lap they fall in."},
	{TableLocation, locationSchema, []string{"session_key", "driver_number", "date"}, openf1.EndpointLocation, false,
		"Car position samples (~3.7 Hz per car) with the lap they fall in."},
	{TableRejects, rejectsSchema, []string{"run_id", "session_key", "table_name", "bronze_row"}, "", false,
		"Every bronze row that is not published in a silver table, with the reason and the raw row."},
}

func specOf(name string) (tableSpec, bool) {
	i := slices.IndexFunc(specs, func(s tableSpec) bool { return s.name == name })
	if i < 0 {
		return tableSpec{}, false
	}
	return specs[i], true
}

// tableOfEndpoint maps a bronze endpoint to the silver table built from it.
func tableOfEndpoint(ep openf1.Endpoint) string {
	for _, s := range specs {
		if s.endpoint == ep {
			return s.name
		}
	}
	return ""
}

func (s tableSpec) def() lakehouse.TableDef {
	part := lakehouse.Identity("year", "session_key")
	switch {
	case s.calendar:
		part = lakehouse.Identity("year")
	case s.name == TableRejects:
		part = lakehouse.Identity("year", "session_key", "table_name")
	}
	props := map[string]string{
		"comment":       s.comment,
		"pitwall.layer": "silver",
		"pitwall.grain": strings.Join(s.grain, ","),
	}
	if s.endpoint != "" {
		props["pitwall.source"] = "bronze." + string(s.endpoint)
	}
	return lakehouse.TableDef{
		Namespace:   Namespace,
		Name:        s.name,
		Schema:      s.schema,
		PartitionBy: part,
		Properties:  props,
	}
}

// Tables returns the definitions of every silver table (namespace
// "silver"): Arrow schemas, partition specs and table properties
// (comment, pitwall.grain, pitwall.source). Session-level tables are
// partitioned by identity(year), identity(session_key) so one session is
// replaced atomically and a year pruned; meetings and sessions by
// identity(year); rejects by identity(year), identity(session_key),
// identity(table_name). The slice is new on every call.
func Tables() []lakehouse.TableDef {
	out := make([]lakehouse.TableDef, len(specs))
	for i, s := range specs {
		out[i] = s.def()
	}
	return out
}

// Table returns the definition of one silver table by name.
func Table(name string) (lakehouse.TableDef, bool) {
	s, ok := specOf(name)
	if !ok {
		return lakehouse.TableDef{}, false
	}
	return s.def(), true
}

// Ident returns the lakehouse identifier of a silver table ("silver.<name>").
func Ident(name string) lakehouse.Ident {
	return lakehouse.Ident{Namespace: Namespace, Name: name}
}

// Schema returns the Arrow schema of a silver table, or nil for an unknown name.
func Schema(name string) *arrow.Schema {
	s, ok := specOf(name)
	if !ok {
		return nil
	}
	return s.schema
}

// Grain returns the natural-key columns of a silver table (one row per
// distinct combination), or nil for an unknown name.
func Grain(name string) []string {
	s, ok := specOf(name)
	if !ok {
		return nil
	}
	return slices.Clone(s.grain)
}

// sessionTables are the tables BuildSession builds, in build order.
var sessionTables = []string{
	TableDrivers, TableStints, TablePitStops, TableRaceControl, TableLaps, TableResults,
	TableStartingGrid, TablePositions, TableIntervals, TableWeather, TableOvertakes,
	TableTeamRadio, TableChampionshipDrivers, TableChampionshipTeams,
}

// SessionTables lists the tables BuildSession builds (telemetry excluded).
func SessionTables() []string { return slices.Clone(sessionTables) }

// CalendarTables lists the tables BuildCalendar builds.
func CalendarTables() []string { return []string{TableMeetings, TableSessions} }

// TelemetryTables lists the tables BuildTelemetry builds.
func TelemetryTables() []string { return []string{TableCarData, TableLocation} }
