package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// ChampionshipDriver is a driver's championship standing before and after a race (beta endpoint).
// Endpoint: /v1/championship_drivers.
type ChampionshipDriver struct {
	MeetingKey      int               `json:"meeting_key"`
	SessionKey      int               `json:"session_key"`
	DriverNumber    int               `json:"driver_number"`
	PositionStart   Nullable[int]     `json:"position_start,omitzero"`
	PositionCurrent Nullable[int]     `json:"position_current,omitzero"`
	PointsStart     Nullable[float64] `json:"points_start,omitzero"`
	PointsCurrent   Nullable[float64] `json:"points_current,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var championshipDriverCodec = newRecordCodec(EndpointChampionshipDrivers,
	func(m *ChampionshipDriver) *map[string]json.RawMessage { return &m.Extra },
	func(m *ChampionshipDriver) *intForms { return &m.forms },
	intField("meeting_key", func(m *ChampionshipDriver) *int { return &m.MeetingKey }),
	intField("session_key", func(m *ChampionshipDriver) *int { return &m.SessionKey }),
	intField("driver_number", func(m *ChampionshipDriver) *int { return &m.DriverNumber }),
	nullIntField("position_start", func(m *ChampionshipDriver) *Nullable[int] { return &m.PositionStart }),
	nullIntField("position_current", func(m *ChampionshipDriver) *Nullable[int] { return &m.PositionCurrent }),
	nullFloatField("points_start", func(m *ChampionshipDriver) *Nullable[float64] { return &m.PointsStart }),
	nullFloatField("points_current", func(m *ChampionshipDriver) *Nullable[float64] { return &m.PointsCurrent }),
)

func (*ChampionshipDriver) codec() *recordCodec[ChampionshipDriver] { return championshipDriverCodec }

// UnmarshalJSON decodes one championship_drivers record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *ChampionshipDriver) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return championshipDriverCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m ChampionshipDriver) MarshalJSON() ([]byte, error) { return championshipDriverCodec.marshal(&m) }

// ChampionshipDriversFilter selects drivers' championship standings (/v1/championship_drivers). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type ChampionshipDriversFilter struct {
	MeetingKey      KeyFilter   // meeting_key
	SessionKey      KeyFilter   // session_key
	DriverNumber    IntFilter   // driver_number
	PositionStart   IntFilter   // position_start
	PositionCurrent IntFilter   // position_current
	PointsStart     FloatFilter // points_start
	PointsCurrent   FloatFilter // points_current
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointChampionshipDrivers.
func (ChampionshipDriversFilter) Endpoint() Endpoint { return EndpointChampionshipDrivers }

// Query builds and validates the filter's query.
func (f ChampionshipDriversFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "driver_number", f.DriverNumber)
	addFilter(&b, "position_start", f.PositionStart)
	addFilter(&b, "position_current", f.PositionCurrent)
	addFilter(&b, "points_start", f.PointsStart)
	addFilter(&b, "points_current", f.PointsCurrent)
	return b.done(f.Extra)
}

// ChampionshipDrivers returns the drivers' championship standings matching f. An empty result is an empty slice.
func (c *Client) ChampionshipDrivers(ctx context.Context, f ChampionshipDriversFilter) ([]ChampionshipDriver, error) {
	return list[ChampionshipDriver](ctx, c, f)
}

// ChampionshipDriversSeq streams the drivers' championship standings matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) ChampionshipDriversSeq(ctx context.Context, f ChampionshipDriversFilter) iter.Seq2[ChampionshipDriver, error] {
	return stream[ChampionshipDriver](ctx, c, f)
}
