package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Driver is a driver taking part in a session.
// Endpoint: /v1/drivers.
type Driver struct {
	MeetingKey    int              `json:"meeting_key"`
	SessionKey    int              `json:"session_key"`
	DriverNumber  int              `json:"driver_number"`
	BroadcastName Nullable[string] `json:"broadcast_name,omitzero"`
	FullName      Nullable[string] `json:"full_name,omitzero"`
	FirstName     Nullable[string] `json:"first_name,omitzero"`
	LastName      Nullable[string] `json:"last_name,omitzero"`
	NameAcronym   Nullable[string] `json:"name_acronym,omitzero"`
	TeamName      Nullable[string] `json:"team_name,omitzero"`
	TeamColour    Nullable[string] `json:"team_colour,omitzero"`
	HeadshotURL   Nullable[string] `json:"headshot_url,omitzero"`
	CountryCode   Nullable[string] `json:"country_code,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var driverCodec = newRecordCodec(EndpointDrivers,
	func(m *Driver) *map[string]json.RawMessage { return &m.Extra },
	func(m *Driver) *intForms { return &m.forms },
	intField("meeting_key", func(m *Driver) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Driver) *int { return &m.SessionKey }),
	intField("driver_number", func(m *Driver) *int { return &m.DriverNumber }),
	nullStringField("broadcast_name", func(m *Driver) *Nullable[string] { return &m.BroadcastName }),
	nullStringField("full_name", func(m *Driver) *Nullable[string] { return &m.FullName }),
	nullStringField("first_name", func(m *Driver) *Nullable[string] { return &m.FirstName }),
	nullStringField("last_name", func(m *Driver) *Nullable[string] { return &m.LastName }),
	nullStringField("name_acronym", func(m *Driver) *Nullable[string] { return &m.NameAcronym }),
	nullStringField("team_name", func(m *Driver) *Nullable[string] { return &m.TeamName }),
	nullStringField("team_colour", func(m *Driver) *Nullable[string] { return &m.TeamColour }),
	nullStringField("headshot_url", func(m *Driver) *Nullable[string] { return &m.HeadshotURL }),
	nullStringField("country_code", func(m *Driver) *Nullable[string] { return &m.CountryCode }),
)

func (*Driver) codec() *recordCodec[Driver] { return driverCodec }

// UnmarshalJSON decodes one drivers record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Driver) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return driverCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Driver) MarshalJSON() ([]byte, error) { return driverCodec.marshal(&m) }

// DriversFilter selects drivers of sessions (/v1/drivers). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type DriversFilter struct {
	MeetingKey    KeyFilter    // meeting_key
	SessionKey    KeyFilter    // session_key
	DriverNumber  IntFilter    // driver_number
	BroadcastName StringFilter // broadcast_name
	FullName      StringFilter // full_name
	FirstName     StringFilter // first_name
	LastName      StringFilter // last_name
	NameAcronym   StringFilter // name_acronym
	TeamName      StringFilter // team_name
	TeamColour    StringFilter // team_colour
	HeadshotURL   StringFilter // headshot_url
	CountryCode   StringFilter // country_code
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointDrivers.
func (DriversFilter) Endpoint() Endpoint { return EndpointDrivers }

// Query builds and validates the filter's query.
func (f DriversFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "broadcast_name", f.BroadcastName)
	addFilter(&b, "full_name", f.FullName)
	addFilter(&b, "first_name", f.FirstName)
	addFilter(&b, "last_name", f.LastName)
	addFilter(&b, "name_acronym", f.NameAcronym)
	addFilter(&b, "team_name", f.TeamName)
	addFilter(&b, "team_colour", f.TeamColour)
	addFilter(&b, "headshot_url", f.HeadshotURL)
	addFilter(&b, "country_code", f.CountryCode)
	return b.done(f.Extra)
}

// Drivers returns the drivers of sessions matching f. An empty result is an empty slice.
func (c *Client) Drivers(ctx context.Context, f DriversFilter) ([]Driver, error) {
	return list[Driver](ctx, c, f)
}

// DriversSeq streams the drivers of sessions matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) DriversSeq(ctx context.Context, f DriversFilter) iter.Seq2[Driver, error] {
	return stream[Driver](ctx, c, f)
}
