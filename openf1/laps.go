package openf1

import "encoding/json"

// Lap is one lap of one driver. LapDuration and sector times are seconds; lap 1 of older races has null durations by design.
// Endpoint: /v1/laps.
type Lap struct {
	MeetingKey      int                `json:"meeting_key"`
	SessionKey      int                `json:"session_key"`
	DriverNumber    int                `json:"driver_number"`
	LapNumber       int                `json:"lap_number"`
	DateStart       Nullable[Time]     `json:"date_start,omitzero"`
	DurationSector1 Nullable[float64]  `json:"duration_sector_1,omitzero"`
	DurationSector2 Nullable[float64]  `json:"duration_sector_2,omitzero"`
	DurationSector3 Nullable[float64]  `json:"duration_sector_3,omitzero"`
	I1Speed         Nullable[int]      `json:"i1_speed,omitzero"`
	I2Speed         Nullable[int]      `json:"i2_speed,omitzero"`
	IsPitOutLap     bool               `json:"is_pit_out_lap"`
	LapDuration     Nullable[float64]  `json:"lap_duration,omitzero"`
	SegmentsSector1 Nullable[Segments] `json:"segments_sector_1,omitzero"`
	SegmentsSector2 Nullable[Segments] `json:"segments_sector_2,omitzero"`
	SegmentsSector3 Nullable[Segments] `json:"segments_sector_3,omitzero"`
	STSpeed         Nullable[int]      `json:"st_speed,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`
}
