package openf1

import "encoding/json"

// StartingGrid is a grid slot. Its SessionKey is that of the qualifying (or sprint qualifying) session, not the race.
// Endpoint: /v1/starting_grid.
type StartingGrid struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	Position     Nullable[int]     `json:"position,omitzero"`
	DriverNumber int               `json:"driver_number"`
	LapDuration  Nullable[float64] `json:"lap_duration,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
