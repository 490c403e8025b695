package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// ChampionshipTeam is a team's championship standing before and after a race (beta endpoint).
// Endpoint: /v1/championship_teams.
type ChampionshipTeam struct {
	MeetingKey      int               `json:"meeting_key"`
	SessionKey      int               `json:"session_key"`
	TeamName        Nullable[string]  `json:"team_name,omitzero"`
	PositionStart   Nullable[int]     `json:"position_start,omitzero"`
	PositionCurrent Nullable[int]     `json:"position_current,omitzero"`
	PointsStart     Nullable[float64] `json:"points_start,omitzero"`
	PointsCurrent   Nullable[float64] `json:"points_current,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var championshipTeamCodec = newRecordCodec(EndpointChampionshipTeams,
	func(m *ChampionshipTeam) *map[string]json.RawMessage { return &m.Extra },
	func(m *ChampionshipTeam) *intForms { return &m.forms },
	intField("meeting_key", func(m *ChampionshipTeam) *int { return &m.MeetingKey }),
	intField("session_key", func(m *ChampionshipTeam) *int { return &m.SessionKey }),
	nullStringField("team_name", func(m *ChampionshipTeam) *Nullable[string] { return &m.TeamName }),
	nullIntField("position_start", func(m *ChampionshipTeam) *Nullable[int] { return &m.PositionStart }),
	nullIntField("position_current", func(m *ChampionshipTeam) *Nullable[int] { return &m.PositionCurrent }),
	nullFloatField("points_start", func(m *ChampionshipTeam) *Nullable[float64] { return &m.PointsStart }),
	nullFloatField("points_current", func(m *ChampionshipTeam) *Nullable[float64] { return &m.PointsCurrent }),
)

func (*ChampionshipTeam) codec() *recordCodec[ChampionshipTeam] { return championshipTeamCodec }

// UnmarshalJSON decodes one championship_teams record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *ChampionshipTeam) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return championshipTeamCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m ChampionshipTeam) MarshalJSON() ([]byte, error) { return championshipTeamCodec.marshal(&m) }

// ChampionshipTeamsFilter selects teams' championship standings (/v1/championship_teams). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type ChampionshipTeamsFilter struct {
	MeetingKey      KeyFilter    // meeting_key
	SessionKey      KeyFilter    // session_key
	TeamName        StringFilter // team_name
	PositionStart   IntFilter    // position_start
	PositionCurrent IntFilter    // position_current
	PointsStart     FloatFilter  // points_start
	PointsCurrent   FloatFilter  // points_current
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointChampionshipTeams.
func (ChampionshipTeamsFilter) Endpoint() Endpoint { return EndpointChampionshipTeams }

// Query builds and validates the filter's query.
func (f ChampionshipTeamsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "team_name", f.TeamName)
	addFilter(&b, "position_start", f.PositionStart)
	addFilter(&b, "position_current", f.PositionCurrent)
	addFilter(&b, "points_start", f.PointsStart)
	addFilter(&b, "points_current", f.PointsCurrent)
	return b.done(f.Extra)
}

// ChampionshipTeams returns the teams' championship standings matching f. An empty result is an empty slice.
func (c *Client) ChampionshipTeams(ctx context.Context, f ChampionshipTeamsFilter) ([]ChampionshipTeam, error) {
	return list[ChampionshipTeam](ctx, c, f)
}

// ChampionshipTeamsSeq streams the teams' championship standings matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) ChampionshipTeamsSeq(ctx context.Context, f ChampionshipTeamsFilter) iter.Seq2[ChampionshipTeam, error] {
	return stream[ChampionshipTeam](ctx, c, f)
}
