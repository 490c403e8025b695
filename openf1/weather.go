package openf1

import (
	"context"
	"encoding/json"
	"iter"
)

// Weather is a weather reading (about one a minute). Temperatures °C, pressure mbar, wind m/s.
// Endpoint: /v1/weather.
type Weather struct {
	MeetingKey       int     `json:"meeting_key"`
	SessionKey       int     `json:"session_key"`
	Date             Time    `json:"date"`
	AirTemperature   float64 `json:"air_temperature"`
	TrackTemperature float64 `json:"track_temperature"`
	Humidity         float64 `json:"humidity"`
	Pressure         float64 `json:"pressure"`
	Rainfall         int     `json:"rainfall"`
	WindDirection    int     `json:"wind_direction"`
	WindSpeed        float64 `json:"wind_speed"`

	// Extra holds fields this client does not know, as raw JSON, so
	// that no API addition is lost.
	Extra map[string]json.RawMessage `json:"-"`

	forms intForms // int fields the API wrote as integral floats ("2.0"), re-encoded alike
}

var weatherCodec = newRecordCodec(EndpointWeather,
	func(m *Weather) *map[string]json.RawMessage { return &m.Extra },
	func(m *Weather) *intForms { return &m.forms },
	intField("meeting_key", func(m *Weather) *int { return &m.MeetingKey }),
	intField("session_key", func(m *Weather) *int { return &m.SessionKey }),
	timeField("date", func(m *Weather) *Time { return &m.Date }),
	floatField("air_temperature", func(m *Weather) *float64 { return &m.AirTemperature }),
	floatField("track_temperature", func(m *Weather) *float64 { return &m.TrackTemperature }),
	floatField("humidity", func(m *Weather) *float64 { return &m.Humidity }),
	floatField("pressure", func(m *Weather) *float64 { return &m.Pressure }),
	intField("rainfall", func(m *Weather) *int { return &m.Rainfall }),
	intField("wind_direction", func(m *Weather) *int { return &m.WindDirection }),
	floatField("wind_speed", func(m *Weather) *float64 { return &m.WindSpeed }),
)

func (*Weather) codec() *recordCodec[Weather] { return weatherCodec }

// UnmarshalJSON decodes one weather record. Unknown fields go to Extra; a null
// or missing value in a non-nullable field is a *DecodeError.
func (m *Weather) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return weatherCodec.decode(b, m)
}

// MarshalJSON encodes the record as the API would: absent fields left out,
// nulls kept, Extra included.
func (m Weather) MarshalJSON() ([]byte, error) { return weatherCodec.marshal(&m) }

// WeatherFilter selects weather readings (/v1/weather). Zero fields match everything;
// set fields are AND-ed. See Filter for values, ranges and OR.
type WeatherFilter struct {
	MeetingKey       KeyFilter   // meeting_key
	SessionKey       KeyFilter   // session_key
	Date             TimeFilter  // date
	AirTemperature   FloatFilter // air_temperature
	TrackTemperature FloatFilter // track_temperature
	Humidity         FloatFilter // humidity
	Pressure         FloatFilter // pressure
	Rainfall         IntFilter   // rainfall
	WindDirection    IntFilter   // wind_direction
	WindSpeed        FloatFilter // wind_speed
	// Extra holds further predicates, sent as they are (for fields this
	// client does not know yet).
	Extra Query
}

// Endpoint returns EndpointWeather.
func (WeatherFilter) Endpoint() Endpoint { return EndpointWeather }

// Query builds and validates the filter's query.
func (f WeatherFilter) Query() (Query, error) {
	var b queryBuilder
	b.key("meeting_key", f.MeetingKey)
	b.key("session_key", f.SessionKey)
	addFilter(&b, "date", f.Date)
	addFilter(&b, "air_temperature", f.AirTemperature)
	addFilter(&b, "track_temperature", f.TrackTemperature)
	addFilter(&b, "humidity", f.Humidity)
	addFilter(&b, "pressure", f.Pressure)
	addFilter(&b, "rainfall", f.Rainfall)
	addFilter(&b, "wind_direction", f.WindDirection)
	addFilter(&b, "wind_speed", f.WindSpeed)
	return b.done(f.Extra)
}

// Weather returns the weather readings matching f. An empty result is an empty slice.
func (c *Client) Weather(ctx context.Context, f WeatherFilter) ([]Weather, error) {
	return list[Weather](ctx, c, f)
}

// WeatherSeq streams the weather readings matching f, decoding the response as it
// arrives. An error ends the sequence.
func (c *Client) WeatherSeq(ctx context.Context, f WeatherFilter) iter.Seq2[Weather, error] {
	return stream[Weather](ctx, c, f)
}
