package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

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

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var carDataCodec = newRecordCodec(EndpointCarData,
	func(m *CarData) *map[string]json.RawMessage { return &m.Extra },
	func(m *CarData) *intForms { return &m.forms },
	intField("meeting_key", func(m *CarData) *int { return &m.MeetingKey }),
	intField("session_key", func(m *CarData) *int { return &m.SessionKey }),
	timeField("date", func(m *CarData) *Time { return &m.Date }),
	intField("driver_number", func(m *CarData) *int { return &m.DriverNumber }),
	nullIntField("rpm", func(m *CarData) *Nullable[int] { return &m.RPM }),
	nullIntField("speed", func(m *CarData) *Nullable[int] { return &m.Speed }),
	nullIntField("n_gear", func(m *CarData) *Nullable[int] { return &m.NGear }),
	nullIntField("throttle", func(m *CarData) *Nullable[int] { return &m.Throttle }),
	nullIntField("brake", func(m *CarData) *Nullable[int] { return &m.Brake }),
	nullIntField("drs", func(m *CarData) *Nullable[int] { return &m.DRS }),
)

func (*CarData) codec() *recordCodec[CarData] { return carDataCodec }

// UnmarshalJSON decodes one car_data record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *CarData) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return carDataCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m CarData) MarshalJSON() ([]byte, error) { return carDataCodec.marshal(&m) }

// CarDataFilter selects car telemetry samples (/v1/car_data). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type CarDataFilter struct {
	MeetingKey   KeyFilter  // meeting_key
	SessionKey   KeyFilter  // session_key
	Date         TimeFilter // date
	DriverNumber IntFilter  // driver_number
	RPM          IntFilter  // rpm
	Speed        IntFilter  // speed
	NGear        IntFilter  // n_gear
	Throttle     IntFilter  // throttle
	Brake        IntFilter  // brake
	DRS          IntFilter  // drs
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointCarData.
func (CarDataFilter) Endpoint() Endpoint { return EndpointCarData }

// Query builds and validates the filter's query.
func (f CarDataFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "rpm", f.RPM)
	addFilter(&b, "speed", f.Speed)
	addFilter(&b, "n_gear", f.NGear)
	addFilter(&b, "throttle", f.Throttle)
	addFilter(&b, "brake", f.Brake)
	addFilter(&b, "drs", f.DRS)
	return b.done(f.Extra)
}

// CarData returns the car telemetry samples matching f. An empty result is an empty slice.
func (c *Client) CarData(ctx context.Context, f CarDataFilter) ([]CarData, error) {
	return list[CarData](ctx, c, f)
}

// CarDataSeq streams the car telemetry samples matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) CarDataSeq(ctx context.Context, f CarDataFilter) iter.Seq2[CarData, error] {
	return stream[CarData](ctx, c, f)
}
