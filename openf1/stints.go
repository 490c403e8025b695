package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Stint is a run on one set of tyres. LapStart and LapEnd are inclusive lap numbers.
// Endpoint: /v1/stints.
type Stint struct {
	MeetingKey     int              `json:"meeting_key"`
	SessionKey     int              `json:"session_key"`
	StintNumber    int              `json:"stint_number"`
	DriverNumber   int              `json:"driver_number"`
	LapStart       int              `json:"lap_start"`
	LapEnd         int              `json:"lap_end"`
	Compound       Nullable[string] `json:"compound,omitzero"`
	TyreAgeAtStart Nullable[int]    `json:"tyre_age_at_start,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var stintCodec = newRecordCodec(EndpointStints,
	func(m *Stint) *map[string]json.RawMessage { return &m.Extra },
	func(m *Stint) *intForms { return &m.forms },
	intField("meeting_key", func(m *Stint) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Stint) *int { return &m.SessionKey }),
	intField("stint_number", func(m *Stint) *int { return &m.StintNumber }),
	intField("driver_number", func(m *Stint) *int { return &m.DriverNumber }),
	intField("lap_start", func(m *Stint) *int { return &m.LapStart }),
	intField("lap_end", func(m *Stint) *int { return &m.LapEnd }),
	nullStringField("compound", func(m *Stint) *Nullable[string] { return &m.Compound }),
	nullIntField("tyre_age_at_start", func(m *Stint) *Nullable[int] { return &m.TyreAgeAtStart }),
)

func (*Stint) codec() *recordCodec[Stint] { return stintCodec }

// UnmarshalJSON decodes one stints record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Stint) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return stintCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Stint) MarshalJSON() ([]byte, error) { return stintCodec.marshal(&m) }

// StintsFilter selects stints (/v1/stints). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type StintsFilter struct {
	MeetingKey     KeyFilter    // meeting_key
	SessionKey     KeyFilter    // session_key
	StintNumber    IntFilter    // stint_number
	DriverNumber   IntFilter    // driver_number
	LapStart       IntFilter    // lap_start
	LapEnd         IntFilter    // lap_end
	Compound       StringFilter // compound
	TyreAgeAtStart IntFilter    // tyre_age_at_start
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointStints.
func (StintsFilter) Endpoint() Endpoint { return EndpointStints }

// Query builds and validates the filter's query.
func (f StintsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "stint_number", f.StintNumber)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "lap_start", f.LapStart)
	addFilter(&b, "lap_end", f.LapEnd)
	addFilter(&b, "compound", f.Compound)
	addFilter(&b, "tyre_age_at_start", f.TyreAgeAtStart)
	return b.done(f.Extra)
}

// Stints returns the stints matching f. An empty result is an empty slice.
func (c *Client) Stints(ctx context.Context, f StintsFilter) ([]Stint, error) {
	return list[Stint](ctx, c, f)
}

// StintsSeq streams the stints matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) StintsSeq(ctx context.Context, f StintsFilter) iter.Seq2[Stint, error] {
	return stream[Stint](ctx, c, f)
}
