package openf1

import "encoding/json"

// Pit is a car passing through the pit lane. Durations are seconds; StopDuration exists from the 2024 US GP on, PitDuration is the deprecated copy of LaneDuration.
// Endpoint: /v1/pit.
type Pit struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	Date         Nullable[Time]    `json:"date,omitzero"`
	DriverNumber int               `json:"driver_number"`
	LapNumber    int               `json:"lap_number"`
	LaneDuration Nullable[float64] `json:"lane_duration,omitzero"`
	StopDuration Nullable[float64] `json:"stop_duration,omitzero"`
	PitDuration  Nullable[float64] `json:"pit_duration,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
