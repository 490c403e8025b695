package openf1

import "encoding/json"

// CarData is one car telemetry sample (~3.7 Hz per car).
// Endpoint: /v1/car_data.
type CarData struct {
	MeetingKey   int           `json:"meeting_key"`
	SessionKey   int           `json:"session_key"`
	Date         Time          `json:"date"`
	DriverNumber int           `json:"driver_number"`
	RPM          Nullable[int] `json:"rpm,omitzero"`
	Speed        Nullable[int] `json:"speed,omitzero"`
	NGear        Nullable[int] `json:"n_gear,omitzero"`
	Throttle     Nullable[int] `json:"throttle,omitzero"`
	Brake        Nullable[int] `json:"brake,omitzero"`
	DRS          Nullable[int] `json:"drs,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
