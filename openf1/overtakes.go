package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Overtake is a recorded position swap in a race (pit stops and penalties included).
// Endpoint: /v1/overtakes.
type Overtake struct {
	MeetingKey             int  `json:"meeting_key"`
	SessionKey             int  `json:"session_key"`
	Date                   Time `json:"date"`
	OvertakingDriverNumber int  `json:"overtaking_driver_number"`
	OvertakenDriverNumber  int  `json:"overtaken_driver_number"`
	Position               int  `json:"position"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var overtakeCodec = newRecordCodec(EndpointOvertakes,
	func(m *Overtake) *map[string]json.RawMessage { return &m.Extra },
	func(m *Overtake) *intForms { return &m.forms },
	intField("meeting_key", func(m *Overtake) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Overtake) *int { return &m.SessionKey }),
	timeField("date", func(m *Overtake) *Time { return &m.Date }),
	intField("overtaking_driver_number", func(m *Overtake) *int { return &m.OvertakingDriverNumber }),
	intField("overtaken_driver_number", func(m *Overtake) *int { return &m.OvertakenDriverNumber }),
	intField("position", func(m *Overtake) *int { return &m.Position }),
)

func (*Overtake) codec() *recordCodec[Overtake] { return overtakeCodec }

// UnmarshalJSON decodes one overtakes record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Overtake) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return overtakeCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Overtake) MarshalJSON() ([]byte, error) { return overtakeCodec.marshal(&m) }

// OvertakesFilter selects overtakes (/v1/overtakes). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type OvertakesFilter struct {
	MeetingKey             KeyFilter  // meeting_key
	SessionKey             KeyFilter  // session_key
	Date                   TimeFilter // date
	OvertakingDriverNumber IntFilter  // overtaking_driver_number
	OvertakenDriverNumber  IntFilter  // overtaken_driver_number
	Position               IntFilter  // position
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointOvertakes.
func (OvertakesFilter) Endpoint() Endpoint { return EndpointOvertakes }

// Query builds and validates the filter's query.
func (f OvertakesFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "overtaking_driver_number", f.OvertakingDriverNumber)
	addFilter(&b, "overtaken_driver_number", f.OvertakenDriverNumber)
	addFilter(&b, "position", f.Position)
	return b.done(f.Extra)
}

// Overtakes returns the overtakes matching f. An empty result is an empty slice.
func (c *Client) Overtakes(ctx context.Context, f OvertakesFilter) ([]Overtake, error) {
	return list[Overtake](ctx, c, f)
}

// OvertakesSeq streams the overtakes matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) OvertakesSeq(ctx context.Context, f OvertakesFilter) iter.Seq2[Overtake, error] {
	return stream[Overtake](ctx, c, f)
}
