package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

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

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var lapCodec = newRecordCodec(EndpointLaps,
	func(m *Lap) *map[string]json.RawMessage { return &m.Extra },
	func(m *Lap) *intForms { return &m.forms },
	intField("meeting_key", func(m *Lap) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Lap) *int { return &m.SessionKey }),
	intField("driver_number", func(m *Lap) *int { return &m.DriverNumber }),
	intField("lap_number", func(m *Lap) *int { return &m.LapNumber }),
	nullTimeField("date_start", func(m *Lap) *Nullable[Time] { return &m.DateStart }),
	nullFloatField("duration_sector_1", func(m *Lap) *Nullable[float64] { return &m.DurationSector1 }),
	nullFloatField("duration_sector_2", func(m *Lap) *Nullable[float64] { return &m.DurationSector2 }),
	nullFloatField("duration_sector_3", func(m *Lap) *Nullable[float64] { return &m.DurationSector3 }),
	nullIntField("i1_speed", func(m *Lap) *Nullable[int] { return &m.I1Speed }),
	nullIntField("i2_speed", func(m *Lap) *Nullable[int] { return &m.I2Speed }),
	boolField("is_pit_out_lap", func(m *Lap) *bool { return &m.IsPitOutLap }),
	nullFloatField("lap_duration", func(m *Lap) *Nullable[float64] { return &m.LapDuration }),
	segmentsField("segments_sector_1", func(m *Lap) *Nullable[Segments] { return &m.SegmentsSector1 }),
	segmentsField("segments_sector_2", func(m *Lap) *Nullable[Segments] { return &m.SegmentsSector2 }),
	segmentsField("segments_sector_3", func(m *Lap) *Nullable[Segments] { return &m.SegmentsSector3 }),
	nullIntField("st_speed", func(m *Lap) *Nullable[int] { return &m.STSpeed }),
)

func (*Lap) codec() *recordCodec[Lap] { return lapCodec }

// UnmarshalJSON decodes one laps record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Lap) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return lapCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Lap) MarshalJSON() ([]byte, error) { return lapCodec.marshal(&m) }

// LapsFilter selects laps (/v1/laps). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type LapsFilter struct {
	MeetingKey      KeyFilter   // meeting_key
	SessionKey      KeyFilter   // session_key
	DriverNumber    IntFilter   // driver_number
	LapNumber       IntFilter   // lap_number
	DateStart       TimeFilter  // date_start
	DurationSector1 FloatFilter // duration_sector_1
	DurationSector2 FloatFilter // duration_sector_2
	DurationSector3 FloatFilter // duration_sector_3
	I1Speed         IntFilter   // i1_speed
	I2Speed         IntFilter   // i2_speed
	IsPitOutLap     BoolFilter  // is_pit_out_lap
	LapDuration     FloatFilter // lap_duration
	STSpeed         IntFilter   // st_speed
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointLaps.
func (LapsFilter) Endpoint() Endpoint { return EndpointLaps }

// Query builds and validates the filter's query.
func (f LapsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "lap_number", f.LapNumber)
	addFilter(&b, "date_start", f.DateStart)
	addFilter(&b, "duration_sector_1", f.DurationSector1)
	addFilter(&b, "duration_sector_2", f.DurationSector2)
	addFilter(&b, "duration_sector_3", f.DurationSector3)
	addFilter(&b, "i1_speed", f.I1Speed)
	addFilter(&b, "i2_speed", f.I2Speed)
	addFilter(&b, "is_pit_out_lap", f.IsPitOutLap)
	addFilter(&b, "lap_duration", f.LapDuration)
	addFilter(&b, "st_speed", f.STSpeed)
	return b.done(f.Extra)
}

// Laps returns the laps matching f. An empty result is an empty slice.
func (c *Client) Laps(ctx context.Context, f LapsFilter) ([]Lap, error) {
	return list[Lap](ctx, c, f)
}

// LapsSeq streams the laps matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) LapsSeq(ctx context.Context, f LapsFilter) iter.Seq2[Lap, error] {
	return stream[Lap](ctx, c, f)
}
