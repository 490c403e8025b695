package openf1

import "encoding/json"

// TeamRadio is a published team radio clip.
// Endpoint: /v1/team_radio.
type TeamRadio struct {
	MeetingKey   int            `json:"meeting_key"`
	SessionKey   int            `json:"session_key"`
	Date         Nullable[Time] `json:"date,omitzero"`
	DriverNumber int            `json:"driver_number"`
	RecordingURL string         `json:"recording_url"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
