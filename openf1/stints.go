package openf1

import "encoding/json"

// Stint is a run on one set of tyres. LapStart and LapEnd are inclusive lap numbers.
// Endpoint: /v1/stints.
type Stint struct {
	MeetingKey     int              `json:"meeting_key"`
	SessionKey     int              `json:"session_key"`
	StintNumber    int              `json:"stint_number"`
	DriverNumber   int              `json:"driver_number"`
	LapStart       int              `json:"lap_start"`
	LapEnd         int              `json:"lap_end"`
	Compound       Nullable[string] `json:"compound,omitzero"`
	TyreAgeAtStart Nullable[int]    `json:"tyre_age_at_start,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
