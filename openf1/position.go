package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

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

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var positionCodec = newRecordCodec(EndpointPosition,
	func(m *Position) *map[string]json.RawMessage { return &m.Extra },
	func(m *Position) *intForms { return &m.forms },
	intField("meeting_key", func(m *Position) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Position) *int { return &m.SessionKey }),
	timeField("date", func(m *Position) *Time { return &m.Date }),
	intField("driver_number", func(m *Position) *int { return &m.DriverNumber }),
	intField("position", func(m *Position) *int { return &m.Position }),
)

func (*Position) codec() *recordCodec[Position] { return positionCodec }

// UnmarshalJSON decodes one position record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Position) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return positionCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Position) MarshalJSON() ([]byte, error) { return positionCodec.marshal(&m) }

// PositionFilter selects position changes (/v1/position). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type PositionFilter struct {
	MeetingKey   KeyFilter  // meeting_key
	SessionKey   KeyFilter  // session_key
	Date         TimeFilter // date
	DriverNumber IntFilter  // driver_number
	Position     IntFilter  // position
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointPosition.
func (PositionFilter) Endpoint() Endpoint { return EndpointPosition }

// Query builds and validates the filter's query.
func (f PositionFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "position", f.Position)
	return b.done(f.Extra)
}

// Position returns the position changes matching f. An empty result is an empty slice.
func (c *Client) Position(ctx context.Context, f PositionFilter) ([]Position, error) {
	return list[Position](ctx, c, f)
}

// PositionSeq streams the position changes matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) PositionSeq(ctx context.Context, f PositionFilter) iter.Seq2[Position, error] {
	return stream[Position](ctx, c, f)
}
