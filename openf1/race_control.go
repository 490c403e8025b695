package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// RaceControl is a race-director message: flags, safety car, incidents, session status. Enumerations are open strings.
// Endpoint: /v1/race_control.
type RaceControl struct {
	MeetingKey      int              `json:"meeting_key"`
	SessionKey      int              `json:"session_key"`
	Date            Nullable[Time]   `json:"date,omitzero"`
	Category        Nullable[string] `json:"category,omitzero"`
	Flag            Nullable[string] `json:"flag,omitzero"`
	Scope           Nullable[string] `json:"scope,omitzero"`
	Sector          Nullable[int]    `json:"sector,omitzero"`
	DriverNumber    Nullable[int]    `json:"driver_number,omitzero"`
	LapNumber       Nullable[int]    `json:"lap_number,omitzero"`
	QualifyingPhase Nullable[int]    `json:"qualifying_phase,omitzero"`
	Message         Nullable[string] `json:"message,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var raceControlCodec = newRecordCodec(EndpointRaceControl,
	func(m *RaceControl) *map[string]json.RawMessage { return &m.Extra },
	func(m *RaceControl) *intForms { return &m.forms },
	intField("meeting_key", func(m *RaceControl) *int { return &m.MeetingKey }),
	intField("session_key", func(m *RaceControl) *int { return &m.SessionKey }),
	nullTimeField("date", func(m *RaceControl) *Nullable[Time] { return &m.Date }),
	nullStringField("category", func(m *RaceControl) *Nullable[string] { return &m.Category }),
	nullStringField("flag", func(m *RaceControl) *Nullable[string] { return &m.Flag }),
	nullStringField("scope", func(m *RaceControl) *Nullable[string] { return &m.Scope }),
	nullIntField("sector", func(m *RaceControl) *Nullable[int] { return &m.Sector }),
	nullIntField("driver_number", func(m *RaceControl) *Nullable[int] { return &m.DriverNumber }),
	nullIntField("lap_number", func(m *RaceControl) *Nullable[int] { return &m.LapNumber }),
	nullIntField("qualifying_phase", func(m *RaceControl) *Nullable[int] { return &m.QualifyingPhase }),
	nullStringField("message", func(m *RaceControl) *Nullable[string] { return &m.Message }),
)

func (*RaceControl) codec() *recordCodec[RaceControl] { return raceControlCodec }

// UnmarshalJSON decodes one race_control record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *RaceControl) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return raceControlCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m RaceControl) MarshalJSON() ([]byte, error) { return raceControlCodec.marshal(&m) }

// RaceControlFilter selects race control messages (/v1/race_control). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type RaceControlFilter struct {
	MeetingKey      KeyFilter    // meeting_key
	SessionKey      KeyFilter    // session_key
	Date            TimeFilter   // date
	Category        StringFilter // category
	Flag            StringFilter // flag
	Scope           StringFilter // scope
	Sector          IntFilter    // sector
	DriverNumber    IntFilter    // driver_number
	LapNumber       IntFilter    // lap_number
	QualifyingPhase IntFilter    // qualifying_phase
	Message         StringFilter // message
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointRaceControl.
func (RaceControlFilter) Endpoint() Endpoint { return EndpointRaceControl }

// Query builds and validates the filter's query.
func (f RaceControlFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "category", f.Category)
	addFilter(&b, "flag", f.Flag)
	addFilter(&b, "scope", f.Scope)
	addFilter(&b, "sector", f.Sector)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "lap_number", f.LapNumber)
	addFilter(&b, "qualifying_phase", f.QualifyingPhase)
	addFilter(&b, "message", f.Message)
	return b.done(f.Extra)
}

// RaceControl returns the race control messages matching f. An empty result is an empty slice.
func (c *Client) RaceControl(ctx context.Context, f RaceControlFilter) ([]RaceControl, error) {
	return list[RaceControl](ctx, c, f)
}

// RaceControlSeq streams the race control messages matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) RaceControlSeq(ctx context.Context, f RaceControlFilter) iter.Seq2[RaceControl, error] {
	return stream[RaceControl](ctx, c, f)
}
