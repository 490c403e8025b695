package openf1

import "encoding/json"

// Session is one session of a meeting (Practice 1–3, Qualifying, Sprint Qualifying, Sprint, Race).
// Endpoint: /v1/sessions.
type Session struct {
	MeetingKey       int              `json:"meeting_key"`
	SessionKey       int              `json:"session_key"`
	Location         string           `json:"location"`
	DateStart        Time             `json:"date_start"`
	DateEnd          Time             `json:"date_end"`
	SessionType      string           `json:"session_type"`
	SessionName      string           `json:"session_name"`
	CountryKey       int              `json:"country_key"`
	CountryCode      Nullable[string] `json:"country_code,omitzero"`
	CountryName      string           `json:"country_name"`
	CircuitKey       int              `json:"circuit_key"`
	CircuitShortName string           `json:"circuit_short_name"`
	GMTOffset        string           `json:"gmt_offset"`
	Year             int              `json:"year"`
	IsCancelled      Nullable[bool]   `json:"is_cancelled,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
