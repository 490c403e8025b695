package openf1

import "encoding/json"

// Overtake is a recorded position swap in a race (pit stops and penalties included).
// Endpoint: /v1/overtakes.
type Overtake struct {
	MeetingKey             int  `json:"meeting_key"`
	SessionKey             int  `json:"session_key"`
	Date                   Time `json:"date"`
	OvertakingDriverNumber int  `json:"overtaking_driver_number"`
	OvertakenDriverNumber  int  `json:"overtaken_driver_number"`
	Position               int  `json:"position"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
