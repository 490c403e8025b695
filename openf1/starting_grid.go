package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// StartingGrid is a grid slot. Its SessionKey is that of the qualifying (or sprint qualifying) session, not the race.
// Endpoint: /v1/starting_grid.
type StartingGrid struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	Position     Nullable[int]     `json:"position,omitzero"`
	DriverNumber int               `json:"driver_number"`
	LapDuration  Nullable[float64] `json:"lap_duration,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var startingGridCodec = newRecordCodec(EndpointStartingGrid,
	func(m *StartingGrid) *map[string]json.RawMessage { return &m.Extra },
	func(m *StartingGrid) *intForms { return &m.forms },
	intField("meeting_key", func(m *StartingGrid) *int { return &m.MeetingKey }),
	intField("session_key", func(m *StartingGrid) *int { return &m.SessionKey }),
	nullIntField("position", func(m *StartingGrid) *Nullable[int] { return &m.Position }),
	intField("driver_number", func(m *StartingGrid) *int { return &m.DriverNumber }),
	nullFloatField("lap_duration", func(m *StartingGrid) *Nullable[float64] { return &m.LapDuration }),
)

func (*StartingGrid) codec() *recordCodec[StartingGrid] { return startingGridCodec }

// UnmarshalJSON decodes one starting_grid record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *StartingGrid) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return startingGridCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m StartingGrid) MarshalJSON() ([]byte, error) { return startingGridCodec.marshal(&m) }

// StartingGridFilter selects starting grid slots (/v1/starting_grid). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type StartingGridFilter struct {
	MeetingKey   KeyFilter   // meeting_key
	SessionKey   KeyFilter   // session_key
	Position     IntFilter   // position
	DriverNumber IntFilter   // driver_number
	LapDuration  FloatFilter // lap_duration
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointStartingGrid.
func (StartingGridFilter) Endpoint() Endpoint { return EndpointStartingGrid }

// Query builds and validates the filter's query.
func (f StartingGridFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "position", f.Position)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "lap_duration", f.LapDuration)
	return b.done(f.Extra)
}

// StartingGrid returns the starting grid slots matching f. An empty result is an empty slice.
func (c *Client) StartingGrid(ctx context.Context, f StartingGridFilter) ([]StartingGrid, error) {
	return list[StartingGrid](ctx, c, f)
}

// StartingGridSeq streams the starting grid slots matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) StartingGridSeq(ctx context.Context, f StartingGridFilter) iter.Seq2[StartingGrid, error] {
	return stream[StartingGrid](ctx, c, f)
}
