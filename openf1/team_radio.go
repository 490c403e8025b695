package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// TeamRadio is a published team radio clip.
// Endpoint: /v1/team_radio.
type TeamRadio struct {
	MeetingKey   int            `json:"meeting_key"`
	SessionKey   int            `json:"session_key"`
	Date         Nullable[Time] `json:"date,omitzero"`
	DriverNumber int            `json:"driver_number"`
	RecordingURL string         `json:"recording_url"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var teamRadioCodec = newRecordCodec(EndpointTeamRadio,
	func(m *TeamRadio) *map[string]json.RawMessage { return &m.Extra },
	func(m *TeamRadio) *intForms { return &m.forms },
	intField("meeting_key", func(m *TeamRadio) *int { return &m.MeetingKey }),
	intField("session_key", func(m *TeamRadio) *int { return &m.SessionKey }),
	nullTimeField("date", func(m *TeamRadio) *Nullable[Time] { return &m.Date }),
	intField("driver_number", func(m *TeamRadio) *int { return &m.DriverNumber }),
	stringField("recording_url", func(m *TeamRadio) *string { return &m.RecordingURL }),
)

func (*TeamRadio) codec() *recordCodec[TeamRadio] { return teamRadioCodec }

// UnmarshalJSON decodes one team_radio record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *TeamRadio) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return teamRadioCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m TeamRadio) MarshalJSON() ([]byte, error) { return teamRadioCodec.marshal(&m) }

// TeamRadioFilter selects team radio clips (/v1/team_radio). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type TeamRadioFilter struct {
	MeetingKey   KeyFilter    // meeting_key
	SessionKey   KeyFilter    // session_key
	Date         TimeFilter   // date
	DriverNumber IntFilter    // driver_number
	RecordingURL StringFilter // recording_url
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointTeamRadio.
func (TeamRadioFilter) Endpoint() Endpoint { return EndpointTeamRadio }

// Query builds and validates the filter's query.
func (f TeamRadioFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "recording_url", f.RecordingURL)
	return b.done(f.Extra)
}

// TeamRadio returns the team radio clips matching f. An empty result is an empty slice.
func (c *Client) TeamRadio(ctx context.Context, f TeamRadioFilter) ([]TeamRadio, error) {
	return list[TeamRadio](ctx, c, f)
}

// TeamRadioSeq streams the team radio clips matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) TeamRadioSeq(ctx context.Context, f TeamRadioFilter) iter.Seq2[TeamRadio, error] {
	return stream[TeamRadio](ctx, c, f)
}
