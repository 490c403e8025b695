package openf1

import "encoding/json"

// RaceControl is a race-director message: flags, safety car, incidents, session status. Enumerations are open strings.
// Endpoint: /v1/race_control.
type RaceControl struct {
	MeetingKey      int              `json:"meeting_key"`
	SessionKey      int              `json:"session_key"`
	Date            Nullable[Time]   `json:"date,omitzero"`
	Category        Nullable[string] `json:"category,omitzero"`
	Flag            Nullable[string] `json:"flag,omitzero"`
	Scope           Nullable[string] `json:"scope,omitzero"`
	Sector          Nullable[int]    `json:"sector,omitzero"`
	DriverNumber    Nullable[int]    `json:"driver_number,omitzero"`
	LapNumber       Nullable[int]    `json:"lap_number,omitzero"`
	QualifyingPhase Nullable[int]    `json:"qualifying_phase,omitzero"`
	Message         Nullable[string] `json:"message,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
