package openf1

import "encoding/json"

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
}
