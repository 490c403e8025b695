package openf1

import "encoding/json"

// Position is a change of a driver's running position (a row only when it changes).
// Endpoint: /v1/position.
type Position struct {
	MeetingKey   int  `json:"meeting_key"`
	SessionKey   int  `json:"session_key"`
	Date         Time `json:"date"`
	DriverNumber int  `json:"driver_number"`
	Position     int  `json:"position"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
