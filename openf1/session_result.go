package openf1

import "encoding/json"

// SessionResult is a driver's final classification in a session. Duration and GapToLeader are single values for practice and races and [Q1,Q2,Q3] arrays for qualifying.
// Endpoint: /v1/session_result.
type SessionResult struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	DriverNumber int               `json:"driver_number"`
	Position     Nullable[int]     `json:"position,omitzero"`
	NumberOfLaps Nullable[int]     `json:"number_of_laps,omitzero"`
	DNF          bool              `json:"dnf"`
	DNS          bool              `json:"dns"`
	DSQ          bool              `json:"dsq"`
	Duration     ResultTime        `json:"duration,omitzero"`
	GapToLeader  ResultTime        `json:"gap_to_leader,omitzero"`
	Points       Nullable[float64] `json:"points,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
