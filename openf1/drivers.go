package openf1

import "encoding/json"

// Driver is a driver taking part in a session.
// Endpoint: /v1/drivers.
type Driver struct {
	MeetingKey    int              `json:"meeting_key"`
	SessionKey    int              `json:"session_key"`
	DriverNumber  int              `json:"driver_number"`
	BroadcastName Nullable[string] `json:"broadcast_name,omitzero"`
	FullName      Nullable[string] `json:"full_name,omitzero"`
	FirstName     Nullable[string] `json:"first_name,omitzero"`
	LastName      Nullable[string] `json:"last_name,omitzero"`
	NameAcronym   Nullable[string] `json:"name_acronym,omitzero"`
	TeamName      Nullable[string] `json:"team_name,omitzero"`
	TeamColour    Nullable[string] `json:"team_colour,omitzero"`
	HeadshotURL   Nullable[string] `json:"headshot_url,omitzero"`
	CountryCode   Nullable[string] `json:"country_code,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
