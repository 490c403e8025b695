package openf1

import "encoding/json"

// Location is one car position sample on track (~3.7 Hz per car; (0,0,0) means no fix).
// Endpoint: /v1/location.
type Location struct {
	MeetingKey   int           `json:"meeting_key"`
	SessionKey   int           `json:"session_key"`
	Date         Time          `json:"date"`
	DriverNumber int           `json:"driver_number"`
	X            Nullable[int] `json:"x,omitzero"`
	Y            Nullable[int] `json:"y,omitzero"`
	Z            Nullable[int] `json:"z,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
