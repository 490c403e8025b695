package openf1

import "encoding/json"

// Meeting is a Grand Prix or testing weekend. Fields added in 2026 are absent from older rows.
// Endpoint: /v1/meetings.
type Meeting struct {
	MeetingKey          int              `json:"meeting_key"`
	MeetingName         string           `json:"meeting_name"`
	MeetingOfficialName string           `json:"meeting_official_name"`
	MeetingCode         Nullable[string] `json:"meeting_code,omitzero"`
	Location            string           `json:"location"`
	CountryKey          int              `json:"country_key"`
	CountryCode         Nullable[string] `json:"country_code,omitzero"`
	CountryName         string           `json:"country_name"`
	CountryFlag         Nullable[string] `json:"country_flag,omitzero"`
	CircuitKey          int              `json:"circuit_key"`
	CircuitShortName    string           `json:"circuit_short_name"`
	CircuitType         Nullable[string] `json:"circuit_type,omitzero"`
	CircuitImage        Nullable[string] `json:"circuit_image,omitzero"`
	CircuitInfoURL      Nullable[string] `json:"circuit_info_url,omitzero"`
	GMTOffset           string           `json:"gmt_offset"`
	DateStart           Time             `json:"date_start"`
	DateEnd             Nullable[Time]   `json:"date_end,omitzero"`
	Year                int              `json:"year"`
	IsCancelled         Nullable[bool]   `json:"is_cancelled,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
