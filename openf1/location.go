package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Location is one car position sample on track (~3.7 Hz per car; (0,0,0) means no fix).
// Endpoint: /v1/location.
type Location struct {
	MeetingKey   int           `json:"meeting_key"`
	SessionKey   int           `json:"session_key"`
	Date         Time          `json:"date"`
	DriverNumber int           `json:"driver_number"`
	X            Nullable[int] `json:"x,omitzero"`
	Y            Nullable[int] `json:"y,omitzero"`
	Z            Nullable[int] `json:"z,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var locationCodec = newRecordCodec(EndpointLocation,
	func(m *Location) *map[string]json.RawMessage { return &m.Extra },
	func(m *Location) *intForms { return &m.forms },
	intField("meeting_key", func(m *Location) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Location) *int { return &m.SessionKey }),
	timeField("date", func(m *Location) *Time { return &m.Date }),
	intField("driver_number", func(m *Location) *int { return &m.DriverNumber }),
	nullIntField("x", func(m *Location) *Nullable[int] { return &m.X }),
	nullIntField("y", func(m *Location) *Nullable[int] { return &m.Y }),
	nullIntField("z", func(m *Location) *Nullable[int] { return &m.Z }),
)

func (*Location) codec() *recordCodec[Location] { return locationCodec }

// UnmarshalJSON decodes one location record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Location) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return locationCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Location) MarshalJSON() ([]byte, error) { return locationCodec.marshal(&m) }

// LocationFilter selects car location samples (/v1/location). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type LocationFilter struct {
	MeetingKey   KeyFilter  // meeting_key
	SessionKey   KeyFilter  // session_key
	Date         TimeFilter // date
	DriverNumber IntFilter  // driver_number
	X            IntFilter  // x
	Y            IntFilter  // y
	Z            IntFilter  // z
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointLocation.
func (LocationFilter) Endpoint() Endpoint { return EndpointLocation }

// Query builds and validates the filter's query.
func (f LocationFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "x", f.X)
	addFilter(&b, "y", f.Y)
	addFilter(&b, "z", f.Z)
	return b.done(f.Extra)
}

// Location returns the car location samples matching f. An empty result is an empty slice.
func (c *Client) Location(ctx context.Context, f LocationFilter) ([]Location, error) {
	return list[Location](ctx, c, f)
}

// LocationSeq streams the car location samples matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) LocationSeq(ctx context.Context, f LocationFilter) iter.Seq2[Location, error] {
	return stream[Location](ctx, c, f)
}
