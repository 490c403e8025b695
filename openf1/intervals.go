package openf1

import "encoding/json"

// Interval is a gap update in a race (about every 4 s per car). A null gap often means "unchanged": forward-fill per driver.
// Endpoint: /v1/intervals.
type Interval struct {
	MeetingKey   int  `json:"meeting_key"`
	SessionKey   int  `json:"session_key"`
	Date         Time `json:"date"`
	DriverNumber int  `json:"driver_number"`
	GapToLeader  Gap  `json:"gap_to_leader,omitzero"`
	Interval     Gap  `json:"interval,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
