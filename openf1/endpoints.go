package openf1

// Endpoint names one OpenF1 data endpoint: the path segment after /v1/.
type Endpoint string

// The 18 OpenF1 endpoints.
const (
	EndpointCarData             Endpoint = "car_data"
	EndpointChampionshipDrivers Endpoint = "championship_drivers"
	EndpointChampionshipTeams   Endpoint = "championship_teams"
	EndpointDrivers             Endpoint = "drivers"
	EndpointIntervals           Endpoint = "intervals"
	EndpointLaps                Endpoint = "laps"
	EndpointLocation            Endpoint = "location"
	EndpointMeetings            Endpoint = "meetings"
	EndpointOvertakes           Endpoint = "overtakes"
	EndpointPit                 Endpoint = "pit"
	EndpointPosition            Endpoint = "position"
	EndpointRaceControl         Endpoint = "race_control"
	EndpointSessionResult       Endpoint = "session_result"
	EndpointSessions            Endpoint = "sessions"
	EndpointStartingGrid        Endpoint = "starting_grid"
	EndpointStints              Endpoint = "stints"
	EndpointTeamRadio           Endpoint = "team_radio"
	EndpointWeather             Endpoint = "weather"
)

// FieldKind is the JSON type of an endpoint field, as bronze stores it.
type FieldKind uint8

// Field kinds. KindUnion marks fields whose JSON type varies between rows
// (number, string, array or null); they are kept as raw JSON text downstream.
const (
	KindInt     FieldKind = iota + 1 // JSON integer → INT64
	KindFloat                        // JSON number → DOUBLE
	KindString                       // JSON string → STRING
	KindBool                         // JSON boolean → BOOLEAN
	KindTime                         // datetime string → TIMESTAMP(µs, UTC)
	KindIntList                      // array of integers (elements may be null) → LIST<INT32>
	KindUnion                        // varying JSON type → raw JSON text
)

// String names the kind.
func (k FieldKind) String() string {
	switch k {
	case KindInt:
		return "int"
	case KindFloat:
		return "float"
	case KindString:
		return "string"
	case KindBool:
		return "bool"
	case KindTime:
		return "datetime"
	case KindIntList:
		return "int list"
	case KindUnion:
		return "union"
	}
	return "unknown"
}

// FieldInfo describes one field of an endpoint's records.
type FieldInfo struct {
	Name     string    // JSON name, as the API sends it
	Kind     FieldKind // JSON type
	Nullable bool      // the API may send null
	Optional bool      // the API may leave the field out (added or deprecated over time)
}

// Scope says how an endpoint's data is partitioned and fetched.
type Scope uint8

// Scopes.
const (
	// ScopeYear: calendar endpoints (meetings, sessions), fetched and stored per year.
	ScopeYear Scope = iota + 1
	// ScopeSession: one set of rows per session.
	ScopeSession
)

// EndpointInfo describes an endpoint: its fields in API order, natural key and scope.
type EndpointInfo struct {
	Name       Endpoint
	Scope      Scope
	Fields     []FieldInfo
	NaturalKey []string // fields that identify a row (session_key included where relevant)
	// Telemetry marks the high-volume endpoints (car_data, location) that must
	// be fetched per driver and time window.
	Telemetry bool
	// SessionTypes lists the session types (as in sessions.session_type) that
	// carry data; empty means all. Informative: the API answers 404 elsewhere.
	SessionTypes []string
}

// Field returns the named field's description.
func (e EndpointInfo) Field(name string) (FieldInfo, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldInfo{}, false
}

func req(name string, k FieldKind) FieldInfo { return FieldInfo{Name: name, Kind: k} }
func null(name string, k FieldKind) FieldInfo {
	return FieldInfo{Name: name, Kind: k, Nullable: true}
}
func opt(name string, k FieldKind) FieldInfo {
	return FieldInfo{Name: name, Kind: k, Nullable: true, Optional: true}
}

var sessionKeys = []FieldInfo{req("meeting_key", KindInt), req("session_key", KindInt)}

func withKeys(fs ...FieldInfo) []FieldInfo {
	return append(append([]FieldInfo{}, sessionKeys...), fs...)
}

var endpoints = []EndpointInfo{
	{Name: EndpointCarData, Scope: ScopeSession, Telemetry: true,
		Fields: withKeys(req("date", KindTime), req("driver_number", KindInt),
			null("rpm", KindInt), null("speed", KindInt), null("n_gear", KindInt),
			null("throttle", KindInt), null("brake", KindInt), null("drs", KindInt)),
		NaturalKey: []string{"session_key", "driver_number", "date"}},
	{Name: EndpointChampionshipDrivers, Scope: ScopeSession, SessionTypes: []string{"Race"},
		Fields: withKeys(req("driver_number", KindInt), null("position_start", KindInt),
			null("position_current", KindInt), null("points_start", KindFloat),
			null("points_current", KindFloat)),
		NaturalKey: []string{"session_key", "driver_number"}},
	{Name: EndpointChampionshipTeams, Scope: ScopeSession, SessionTypes: []string{"Race"},
		Fields: withKeys(null("team_name", KindString), null("position_start", KindInt),
			null("position_current", KindInt), null("points_start", KindFloat),
			null("points_current", KindFloat)),
		NaturalKey: []string{"session_key", "team_name"}},
	{Name: EndpointDrivers, Scope: ScopeSession,
		Fields: withKeys(req("driver_number", KindInt), null("broadcast_name", KindString),
			null("full_name", KindString), null("first_name", KindString),
			null("last_name", KindString), null("name_acronym", KindString),
			null("team_name", KindString), null("team_colour", KindString),
			null("headshot_url", KindString), opt("country_code", KindString)),
		NaturalKey: []string{"session_key", "driver_number"}},
	{Name: EndpointIntervals, Scope: ScopeSession, SessionTypes: []string{"Race"},
		Fields: withKeys(req("date", KindTime), req("driver_number", KindInt),
			null("gap_to_leader", KindUnion), null("interval", KindUnion)),
		NaturalKey: []string{"session_key", "driver_number", "date"}},
	{Name: EndpointLaps, Scope: ScopeSession,
		Fields: withKeys(req("driver_number", KindInt), req("lap_number", KindInt),
			null("date_start", KindTime), null("lap_duration", KindFloat),
			null("duration_sector_1", KindFloat), null("duration_sector_2", KindFloat),
			null("duration_sector_3", KindFloat), null("i1_speed", KindInt),
			null("i2_speed", KindInt), null("st_speed", KindInt),
			req("is_pit_out_lap", KindBool), null("segments_sector_1", KindIntList),
			null("segments_sector_2", KindIntList), null("segments_sector_3", KindIntList)),
		NaturalKey: []string{"session_key", "driver_number", "lap_number"}},
	{Name: EndpointLocation, Scope: ScopeSession, Telemetry: true,
		Fields: withKeys(req("date", KindTime), req("driver_number", KindInt),
			null("x", KindInt), null("y", KindInt), null("z", KindInt)),
		NaturalKey: []string{"session_key", "driver_number", "date"}},
	{Name: EndpointMeetings, Scope: ScopeYear,
		Fields: []FieldInfo{req("meeting_key", KindInt), req("meeting_name", KindString),
			req("meeting_official_name", KindString), opt("meeting_code", KindString),
			req("year", KindInt), req("date_start", KindTime), opt("date_end", KindTime),
			req("gmt_offset", KindString), req("location", KindString),
			req("country_key", KindInt), opt("country_code", KindString),
			req("country_name", KindString), opt("country_flag", KindString),
			req("circuit_key", KindInt), req("circuit_short_name", KindString),
			opt("circuit_type", KindString), opt("circuit_image", KindString),
			opt("circuit_info_url", KindString), opt("is_cancelled", KindBool)},
		NaturalKey: []string{"meeting_key"}},
	{Name: EndpointOvertakes, Scope: ScopeSession, SessionTypes: []string{"Race"},
		Fields: withKeys(req("date", KindTime), req("overtaking_driver_number", KindInt),
			req("overtaken_driver_number", KindInt), req("position", KindInt)),
		NaturalKey: []string{"session_key", "date", "overtaking_driver_number", "overtaken_driver_number"}},
	{Name: EndpointPit, Scope: ScopeSession,
		Fields: withKeys(req("driver_number", KindInt), req("lap_number", KindInt),
			null("date", KindTime), opt("lane_duration", KindFloat),
			opt("stop_duration", KindFloat), opt("pit_duration", KindFloat)),
		NaturalKey: []string{"session_key", "driver_number", "lap_number"}},
	{Name: EndpointPosition, Scope: ScopeSession,
		Fields: withKeys(req("date", KindTime), req("driver_number", KindInt),
			req("position", KindInt)),
		NaturalKey: []string{"session_key", "driver_number", "date"}},
	{Name: EndpointRaceControl, Scope: ScopeSession,
		Fields: withKeys(null("date", KindTime), null("category", KindString),
			null("flag", KindString), null("scope", KindString), null("sector", KindInt),
			null("driver_number", KindInt), null("lap_number", KindInt),
			opt("qualifying_phase", KindInt), null("message", KindString)),
		NaturalKey: []string{"session_key", "date", "driver_number", "lap_number", "category", "flag", "scope", "sector"}},
	{Name: EndpointSessionResult, Scope: ScopeSession,
		Fields: withKeys(req("driver_number", KindInt), null("position", KindInt),
			opt("number_of_laps", KindInt), req("dnf", KindBool), req("dns", KindBool),
			req("dsq", KindBool), null("duration", KindUnion), null("gap_to_leader", KindUnion),
			opt("points", KindFloat)),
		NaturalKey: []string{"session_key", "driver_number"}},
	{Name: EndpointSessions, Scope: ScopeYear,
		Fields: []FieldInfo{req("meeting_key", KindInt), req("session_key", KindInt),
			req("session_name", KindString), req("session_type", KindString),
			req("date_start", KindTime), req("date_end", KindTime), req("year", KindInt),
			req("gmt_offset", KindString), req("location", KindString),
			req("country_key", KindInt), opt("country_code", KindString),
			req("country_name", KindString), req("circuit_key", KindInt),
			req("circuit_short_name", KindString), opt("is_cancelled", KindBool)},
		NaturalKey: []string{"session_key"}},
	{Name: EndpointStartingGrid, Scope: ScopeSession, SessionTypes: []string{"Qualifying"},
		Fields: withKeys(null("position", KindInt), req("driver_number", KindInt),
			null("lap_duration", KindFloat)),
		NaturalKey: []string{"session_key", "driver_number"}},
	{Name: EndpointStints, Scope: ScopeSession,
		Fields: withKeys(req("driver_number", KindInt), req("stint_number", KindInt),
			req("lap_start", KindInt), req("lap_end", KindInt), null("compound", KindString),
			null("tyre_age_at_start", KindInt)),
		NaturalKey: []string{"session_key", "driver_number", "stint_number"}},
	{Name: EndpointTeamRadio, Scope: ScopeSession,
		Fields: withKeys(null("date", KindTime), req("driver_number", KindInt),
			req("recording_url", KindString)),
		NaturalKey: []string{"session_key", "driver_number", "date"}},
	{Name: EndpointWeather, Scope: ScopeSession,
		Fields: withKeys(req("date", KindTime), req("air_temperature", KindFloat),
			req("track_temperature", KindFloat), req("humidity", KindFloat),
			req("pressure", KindFloat), req("rainfall", KindInt),
			req("wind_direction", KindInt), req("wind_speed", KindFloat)),
		NaturalKey: []string{"session_key", "date"}},
}

// Endpoints returns the descriptions of all 18 endpoints, sorted by name.
// The slice is a copy; callers may keep it.
func Endpoints() []EndpointInfo {
	out := make([]EndpointInfo, len(endpoints))
	copy(out, endpoints)
	return out
}

// LookupEndpoint returns the description of the named endpoint.
func LookupEndpoint(name Endpoint) (EndpointInfo, bool) {
	for _, e := range endpoints {
		if e.Name == name {
			return e, true
		}
	}
	return EndpointInfo{}, false
}
