package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Session is one session of a meeting (Practice 1–3, Qualifying, Sprint Qualifying, Sprint, Race).
// Endpoint: /v1/sessions.
type Session struct {
	MeetingKey       int              `json:"meeting_key"`
	SessionKey       int              `json:"session_key"`
	Location         string           `json:"location"`
	DateStart        Time             `json:"date_start"`
	DateEnd          Time             `json:"date_end"`
	SessionType      string           `json:"session_type"`
	SessionName      string           `json:"session_name"`
	CountryKey       int              `json:"country_key"`
	CountryCode      Nullable[string] `json:"country_code,omitzero"`
	CountryName      string           `json:"country_name"`
	CircuitKey       int              `json:"circuit_key"`
	CircuitShortName string           `json:"circuit_short_name"`
	GMTOffset        string           `json:"gmt_offset"`
	Year             int              `json:"year"`
	IsCancelled      Nullable[bool]   `json:"is_cancelled,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var sessionCodec = newRecordCodec(EndpointSessions,
	func(m *Session) *map[string]json.RawMessage { return &m.Extra },
	func(m *Session) *intForms { return &m.forms },
	intField("meeting_key", func(m *Session) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Session) *int { return &m.SessionKey }),
	stringField("location", func(m *Session) *string { return &m.Location }),
	timeField("date_start", func(m *Session) *Time { return &m.DateStart }),
	timeField("date_end", func(m *Session) *Time { return &m.DateEnd }),
	stringField("session_type", func(m *Session) *string { return &m.SessionType }),
	stringField("session_name", func(m *Session) *string { return &m.SessionName }),
	intField("country_key", func(m *Session) *int { return &m.CountryKey }),
	nullStringField("country_code", func(m *Session) *Nullable[string] { return &m.CountryCode }),
	stringField("country_name", func(m *Session) *string { return &m.CountryName }),
	intField("circuit_key", func(m *Session) *int { return &m.CircuitKey }),
	stringField("circuit_short_name", func(m *Session) *string { return &m.CircuitShortName }),
	stringField("gmt_offset", func(m *Session) *string { return &m.GMTOffset }),
	intField("year", func(m *Session) *int { return &m.Year }),
	nullBoolField("is_cancelled", func(m *Session) *Nullable[bool] { return &m.IsCancelled }),
)

func (*Session) codec() *recordCodec[Session] { return sessionCodec }

// UnmarshalJSON decodes one sessions record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Session) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return sessionCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Session) MarshalJSON() ([]byte, error) { return sessionCodec.marshal(&m) }

// SessionsFilter selects sessions (/v1/sessions). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type SessionsFilter struct {
	MeetingKey       KeyFilter    // meeting_key
	SessionKey       KeyFilter    // session_key
	Location         StringFilter // location
	DateStart        TimeFilter   // date_start
	DateEnd          TimeFilter   // date_end
	SessionType      StringFilter // session_type
	SessionName      StringFilter // session_name
	CountryKey       IntFilter    // country_key
	CountryCode      StringFilter // country_code
	CountryName      StringFilter // country_name
	CircuitKey       IntFilter    // circuit_key
	CircuitShortName StringFilter // circuit_short_name
	GMTOffset        StringFilter // gmt_offset
	Year             IntFilter    // year
	IsCancelled      BoolFilter   // is_cancelled
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointSessions.
func (SessionsFilter) Endpoint() Endpoint { return EndpointSessions }

// Query builds and validates the filter's query.
func (f SessionsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "location", f.Location)
	addFilter(&b, "date_start", f.DateStart)
	addFilter(&b, "date_end", f.DateEnd)
	addFilter(&b, "session_type", f.SessionType)
	addFilter(&b, "session_name", f.SessionName)
	addFilter(&b, "country_key", f.CountryKey)
	addFilter(&b, "country_code", f.CountryCode)
	addFilter(&b, "country_name", f.CountryName)
	addFilter(&b, "circuit_key", f.CircuitKey)
	addFilter(&b, "circuit_short_name", f.CircuitShortName)
	addFilter(&b, "gmt_offset", f.GMTOffset)
	addFilter(&b, "year", f.Year)
	addFilter(&b, "is_cancelled", f.IsCancelled)
	return b.done(f.Extra)
}

// Sessions returns the sessions matching f. An empty result is an empty slice.
func (c *Client) Sessions(ctx context.Context, f SessionsFilter) ([]Session, error) {
	return list[Session](ctx, c, f)
}

// SessionsSeq streams the sessions matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) SessionsSeq(ctx context.Context, f SessionsFilter) iter.Seq2[Session, error] {
	return stream[Session](ctx, c, f)
}
