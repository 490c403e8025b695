package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// SessionResult is a driver's final classification in a session. Duration and GapToLeader are single values for practice and races and [Q1,Q2,Q3] arrays for qualifying.
// Endpoint: /v1/session_result.
type SessionResult struct {
	MeetingKey   int               `json:"meeting_key"`
	SessionKey   int               `json:"session_key"`
	DriverNumber int               `json:"driver_number"`
	Position     Nullable[int]     `json:"position,omitzero"`
	NumberOfLaps Nullable[int]     `json:"number_of_laps,omitzero"`
	DNF          bool              `json:"dnf"`
	DNS          bool              `json:"dns"`
	DSQ          bool              `json:"dsq"`
	Duration     ResultTime        `json:"duration,omitzero"`
	GapToLeader  ResultTime        `json:"gap_to_leader,omitzero"`
	Points       Nullable[float64] `json:"points,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var sessionResultCodec = newRecordCodec(EndpointSessionResult,
	func(m *SessionResult) *map[string]json.RawMessage { return &m.Extra },
	func(m *SessionResult) *intForms { return &m.forms },
	intField("meeting_key", func(m *SessionResult) *int { return &m.MeetingKey }),
	intField("session_key", func(m *SessionResult) *int { return &m.SessionKey }),
	intField("driver_number", func(m *SessionResult) *int { return &m.DriverNumber }),
	nullIntField("position", func(m *SessionResult) *Nullable[int] { return &m.Position }),
	nullIntField("number_of_laps", func(m *SessionResult) *Nullable[int] { return &m.NumberOfLaps }),
	boolField("dnf", func(m *SessionResult) *bool { return &m.DNF }),
	boolField("dns", func(m *SessionResult) *bool { return &m.DNS }),
	boolField("dsq", func(m *SessionResult) *bool { return &m.DSQ }),
	resultTimeField("duration", func(m *SessionResult) *ResultTime { return &m.Duration }),
	resultTimeField("gap_to_leader", func(m *SessionResult) *ResultTime { return &m.GapToLeader }),
	nullFloatField("points", func(m *SessionResult) *Nullable[float64] { return &m.Points }),
)

func (*SessionResult) codec() *recordCodec[SessionResult] { return sessionResultCodec }

// UnmarshalJSON decodes one session_result record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *SessionResult) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return sessionResultCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m SessionResult) MarshalJSON() ([]byte, error) { return sessionResultCodec.marshal(&m) }

// SessionResultFilter selects session classifications (/v1/session_result). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type SessionResultFilter struct {
	MeetingKey   KeyFilter   // meeting_key
	SessionKey   KeyFilter   // session_key
	DriverNumber IntFilter   // driver_number
	Position     IntFilter   // position
	NumberOfLaps IntFilter   // number_of_laps
	DNF          BoolFilter  // dnf
	DNS          BoolFilter  // dns
	DSQ          BoolFilter  // dsq
	Duration     FloatFilter // duration
	GapToLeader  FloatFilter // gap_to_leader
	Points       FloatFilter // points
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointSessionResult.
func (SessionResultFilter) Endpoint() Endpoint { return EndpointSessionResult }

// Query builds and validates the filter's query.
func (f SessionResultFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "position", f.Position)
	addFilter(&b, "number_of_laps", f.NumberOfLaps)
	addFilter(&b, "dnf", f.DNF)
	addFilter(&b, "dns", f.DNS)
	addFilter(&b, "dsq", f.DSQ)
	addFilter(&b, "duration", f.Duration)
	addFilter(&b, "gap_to_leader", f.GapToLeader)
	addFilter(&b, "points", f.Points)
	return b.done(f.Extra)
}

// SessionResult returns the session classifications matching f. An empty result is an empty slice.
func (c *Client) SessionResult(ctx context.Context, f SessionResultFilter) ([]SessionResult, error) {
	return list[SessionResult](ctx, c, f)
}

// SessionResultSeq streams the session classifications matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) SessionResultSeq(ctx context.Context, f SessionResultFilter) iter.Seq2[SessionResult, error] {
	return stream[SessionResult](ctx, c, f)
}
