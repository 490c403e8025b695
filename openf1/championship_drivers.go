package openf1

import "encoding/json"

// ChampionshipDriver is a driver's championship standing before and after a race (beta endpoint).
// Endpoint: /v1/championship_drivers.
type ChampionshipDriver struct {
	MeetingKey      int               `json:"meeting_key"`
	SessionKey      int               `json:"session_key"`
	DriverNumber    int               `json:"driver_number"`
	PositionStart   Nullable[int]     `json:"position_start,omitzero"`
	PositionCurrent Nullable[int]     `json:"position_current,omitzero"`
	PointsStart     Nullable[float64] `json:"points_start,omitzero"`
	PointsCurrent   Nullable[float64] `json:"points_current,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
