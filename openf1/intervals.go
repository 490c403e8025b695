package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Interval is a gap update in a race (about every 4 s per car). A null gap often means "unchanged": forward-fill per driver.
// Endpoint: /v1/intervals.
type Interval struct {
	MeetingKey   int  `json:"meeting_key"`
	SessionKey   int  `json:"session_key"`
	Date         Time `json:"date"`
	DriverNumber int  `json:"driver_number"`
	GapToLeader  Gap  `json:"gap_to_leader,omitzero"`
	Interval     Gap  `json:"interval,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var intervalCodec = newRecordCodec(EndpointIntervals,
	func(m *Interval) *map[string]json.RawMessage { return &m.Extra },
	func(m *Interval) *intForms { return &m.forms },
	intField("meeting_key", func(m *Interval) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Interval) *int { return &m.SessionKey }),
	timeField("date", func(m *Interval) *Time { return &m.Date }),
	intField("driver_number", func(m *Interval) *int { return &m.DriverNumber }),
	gapField("gap_to_leader", func(m *Interval) *Gap { return &m.GapToLeader }),
	gapField("interval", func(m *Interval) *Gap { return &m.Interval }),
)

func (*Interval) codec() *recordCodec[Interval] { return intervalCodec }

// UnmarshalJSON decodes one intervals record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Interval) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return intervalCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Interval) MarshalJSON() ([]byte, error) { return intervalCodec.marshal(&m) }

// IntervalsFilter selects race gap updates (/v1/intervals). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type IntervalsFilter struct {
	MeetingKey   KeyFilter   // meeting_key
	SessionKey   KeyFilter   // session_key
	Date         TimeFilter  // date
	DriverNumber IntFilter   // driver_number
	GapToLeader  FloatFilter // gap_to_leader
	Interval     FloatFilter // interval
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointIntervals.
func (IntervalsFilter) Endpoint() Endpoint { return EndpointIntervals }

// Query builds and validates the filter's query.
func (f IntervalsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "gap_to_leader", f.GapToLeader)
	addFilter(&b, "interval", f.Interval)
	return b.done(f.Extra)
}

// Intervals returns the race gap updates matching f. An empty result is an empty slice.
func (c *Client) Intervals(ctx context.Context, f IntervalsFilter) ([]Interval, error) {
	return list[Interval](ctx, c, f)
}

// IntervalsSeq streams the race gap updates matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) IntervalsSeq(ctx context.Context, f IntervalsFilter) iter.Seq2[Interval, error] {
	return stream[Interval](ctx, c, f)
}
