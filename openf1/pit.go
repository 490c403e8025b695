package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Pit is a car passing through the pit lane. Durations are seconds; StopDuration exists from the 2024 US GP on, PitDuration is the deprecated copy of LaneDuration.
// Endpoint: /v1/pit.
type Pit struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	Date         Nullable[Time]    `json:"date,omitzero"`
	DriverNumber int               `json:"driver_number"`
	LapNumber    int               `json:"lap_number"`
	LaneDuration Nullable[float64] `json:"lane_duration,omitzero"`
	StopDuration Nullable[float64] `json:"stop_duration,omitzero"`
	PitDuration  Nullable[float64] `json:"pit_duration,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var pitCodec = newRecordCodec(EndpointPit,
	func(m *Pit) *map[string]json.RawMessage { return &m.Extra },
	func(m *Pit) *intForms { return &m.forms },
	intField("meeting_key", func(m *Pit) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Pit) *int { return &m.SessionKey }),
	nullTimeField("date", func(m *Pit) *Nullable[Time] { return &m.Date }),
	intField("driver_number", func(m *Pit) *int { return &m.DriverNumber }),
	intField("lap_number", func(m *Pit) *int { return &m.LapNumber }),
	nullFloatField("lane_duration", func(m *Pit) *Nullable[float64] { return &m.LaneDuration }),
	nullFloatField("stop_duration", func(m *Pit) *Nullable[float64] { return &m.StopDuration }),
	nullFloatField("pit_duration", func(m *Pit) *Nullable[float64] { return &m.PitDuration }),
)

func (*Pit) codec() *recordCodec[Pit] { return pitCodec }

// UnmarshalJSON decodes one pit record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Pit) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return pitCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Pit) MarshalJSON() ([]byte, error) { return pitCodec.marshal(&m) }

// PitFilter selects pit lane passages (/v1/pit). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type PitFilter struct {
	MeetingKey   KeyFilter   // meeting_key
	SessionKey   KeyFilter   // session_key
	Date         TimeFilter  // date
	DriverNumber IntFilter   // driver_number
	LapNumber    IntFilter   // lap_number
	LaneDuration FloatFilter // lane_duration
	StopDuration FloatFilter // stop_duration
	PitDuration  FloatFilter // pit_duration
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointPit.
func (PitFilter) Endpoint() Endpoint { return EndpointPit }

// Query builds and validates the filter's query.
func (f PitFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "lap_number", f.LapNumber)
	addFilter(&b, "lane_duration", f.LaneDuration)
	addFilter(&b, "stop_duration", f.StopDuration)
	addFilter(&b, "pit_duration", f.PitDuration)
	return b.done(f.Extra)
}

// Pit returns the pit lane passages matching f. An empty result is an empty slice.
func (c *Client) Pit(ctx context.Context, f PitFilter) ([]Pit, error) {
	return list[Pit](ctx, c, f)
}

// PitSeq streams the pit lane passages matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) PitSeq(ctx context.Context, f PitFilter) iter.Seq2[Pit, error] {
	return stream[Pit](ctx, c, f)
}
