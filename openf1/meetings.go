package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Meeting is a Grand Prix or testing weekend. Fields added in 2026 are absent from older rows.
// Endpoint: /v1/meetings.
type Meeting struct {
	MeetingKey          int              `json:"meeting_key"`
	MeetingName         string           `json:"meeting_name"`
	MeetingOfficialName string           `json:"meeting_official_name"`
	MeetingCode         Nullable[string] `json:"meeting_code,omitzero"`
	Location            string           `json:"location"`
	CountryKey          int              `json:"country_key"`
	CountryCode         Nullable[string] `json:"country_code,omitzero"`
	CountryName         string           `json:"country_name"`
	CountryFlag         Nullable[string] `json:"country_flag,omitzero"`
	CircuitKey          int              `json:"circuit_key"`
	CircuitShortName    string           `json:"circuit_short_name"`
	CircuitType         Nullable[string] `json:"circuit_type,omitzero"`
	CircuitImage        Nullable[string] `json:"circuit_image,omitzero"`
	CircuitInfoURL      Nullable[string] `json:"circuit_info_url,omitzero"`
	GMTOffset           string           `json:"gmt_offset"`
	DateStart           Time             `json:"date_start"`
	DateEnd             Nullable[Time]   `json:"date_end,omitzero"`
	Year                int              `json:"year"`
	IsCancelled         Nullable[bool]   `json:"is_cancelled,omitzero"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var meetingCodec = newRecordCodec(EndpointMeetings,
	func(m *Meeting) *map[string]json.RawMessage { return &m.Extra },
	func(m *Meeting) *intForms { return &m.forms },
	intField("meeting_key", func(m *Meeting) *int { return &m.MeetingKey }),
	stringField("meeting_name", func(m *Meeting) *string { return &m.MeetingName }),
	stringField("meeting_official_name", func(m *Meeting) *string { return &m.MeetingOfficialName }),
	nullStringField("meeting_code", func(m *Meeting) *Nullable[string] { return &m.MeetingCode }),
	stringField("location", func(m *Meeting) *string { return &m.Location }),
	intField("country_key", func(m *Meeting) *int { return &m.CountryKey }),
	nullStringField("country_code", func(m *Meeting) *Nullable[string] { return &m.CountryCode }),
	stringField("country_name", func(m *Meeting) *string { return &m.CountryName }),
	nullStringField("country_flag", func(m *Meeting) *Nullable[string] { return &m.CountryFlag }),
	intField("circuit_key", func(m *Meeting) *int { return &m.CircuitKey }),
	stringField("circuit_short_name", func(m *Meeting) *string { return &m.CircuitShortName }),
	nullStringField("circuit_type", func(m *Meeting) *Nullable[string] { return &m.CircuitType }),
	nullStringField("circuit_image", func(m *Meeting) *Nullable[string] { return &m.CircuitImage }),
	nullStringField("circuit_info_url", func(m *Meeting) *Nullable[string] { return &m.CircuitInfoURL }),
	stringField("gmt_offset", func(m *Meeting) *string { return &m.GMTOffset }),
	timeField("date_start", func(m *Meeting) *Time { return &m.DateStart }),
	nullTimeField("date_end", func(m *Meeting) *Nullable[Time] { return &m.DateEnd }),
	intField("year", func(m *Meeting) *int { return &m.Year }),
	nullBoolField("is_cancelled", func(m *Meeting) *Nullable[bool] { return &m.IsCancelled }),
)

func (*Meeting) codec() *recordCodec[Meeting] { return meetingCodec }

// UnmarshalJSON decodes one meetings record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Meeting) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return meetingCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Meeting) MarshalJSON() ([]byte, error) { return meetingCodec.marshal(&m) }

// MeetingsFilter selects meetings (/v1/meetings). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type MeetingsFilter struct {
	MeetingKey          KeyFilter    // meeting_key
	MeetingName         StringFilter // meeting_name
	MeetingOfficialName StringFilter // meeting_official_name
	MeetingCode         StringFilter // meeting_code
	Location            StringFilter // location
	CountryKey          IntFilter    // country_key
	CountryCode         StringFilter // country_code
	CountryName         StringFilter // country_name
	CountryFlag         StringFilter // country_flag
	CircuitKey          IntFilter    // circuit_key
	CircuitShortName    StringFilter // circuit_short_name
	CircuitType         StringFilter // circuit_type
	CircuitImage        StringFilter // circuit_image
	CircuitInfoURL      StringFilter // circuit_info_url
	GMTOffset           StringFilter // gmt_offset
	DateStart           TimeFilter   // date_start
	DateEnd             TimeFilter   // date_end
	Year                IntFilter    // year
	IsCancelled         BoolFilter   // is_cancelled
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointMeetings.
func (MeetingsFilter) Endpoint() Endpoint { return EndpointMeetings }

// Query builds and validates the filter's query.
func (f MeetingsFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	addFilter(&b, "meeting_name", f.MeetingName)
	addFilter(&b, "meeting_official_name", f.MeetingOfficialName)
	addFilter(&b, "meeting_code", f.MeetingCode)
	addFilter(&b, "location", f.Location)
	addFilter(&b, "country_key", f.CountryKey)
	addFilter(&b, "country_code", f.CountryCode)
	addFilter(&b, "country_name", f.CountryName)
	addFilter(&b, "country_flag", f.CountryFlag)
	addFilter(&b, "circuit_key", f.CircuitKey)
	addFilter(&b, "circuit_short_name", f.CircuitShortName)
	addFilter(&b, "circuit_type", f.CircuitType)
	addFilter(&b, "circuit_image", f.CircuitImage)
	addFilter(&b, "circuit_info_url", f.CircuitInfoURL)
	addFilter(&b, "gmt_offset", f.GMTOffset)
	addFilter(&b, "date_start", f.DateStart)
	addFilter(&b, "date_end", f.DateEnd)
	addFilter(&b, "year", f.Year)
	addFilter(&b, "is_cancelled", f.IsCancelled)
	return b.done(f.Extra)
}

// Meetings returns the meetings matching f. An empty result is an empty slice.
func (c *Client) Meetings(ctx context.Context, f MeetingsFilter) ([]Meeting, error) {
	return list[Meeting](ctx, c, f)
}

// MeetingsSeq streams the meetings matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) MeetingsSeq(ctx context.Context, f MeetingsFilter) iter.Seq2[Meeting, error] {
	return stream[Meeting](ctx, c, f)
}
