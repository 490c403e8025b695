package sim

import (
	"errors"
	"math"
	"testing"
)

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"year too early", Config{Year: 2017}, "Year"},
		{"year too late", Config{Year: 2101}, "Year"},
		{"too many meetings", Config{Meetings: 25}, "Meetings"},
		{"negative meetings", Config{Meetings: -1}, "Meetings"},
		{"sprints before 2021", Config{Year: 2019, Sprints: 2}, "Sprints"},
		{"more sprints than meetings", Config{Meetings: 2, Sprints: 3}, "Sprints"},
		{"odd grid", Config{Drivers: 21}, "Drivers"},
		{"negative rate", Config{TelemetryHz: -1}, "TelemetryHz"},
		{"NaN rate", Config{TelemetryHz: math.NaN()}, "TelemetryHz"},
		{"rate too high", Config{TelemetryHz: 51}, "TelemetryHz"},
		{"unknown version", Config{Version: 3}, "Version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := New(c.cfg)
			if s != nil || err == nil {
				t.Fatalf("New(%+v) = %v, %v; want an error", c.cfg, s, err)
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("errors.Is(%v, ErrInvalidConfig) = false", err)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != c.field {
				t.Errorf("error %v: want a *ConfigError for field %s", err, c.field)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 3})
	got := s.Config()
	want := Config{Seed: 3, Year: 2025, Meetings: 24, Sprints: 6, Drivers: 20, TelemetryHz: 3.7, Version: 1}
	if got != want {
		t.Errorf("Config() = %+v, want %+v", got, want)
	}
	if n := len(s.Meetings()); n != 24 {
		t.Errorf("%d meetings, want 24", n)
	}
	sprints := len(sessionsOf(s, "Sprint"))
	if sprints != 6 || len(sessionsOf(s, "Sprint Qualifying")) != 6 {
		t.Errorf("%d sprint weekends, want 6", sprints)
	}
	if n := len(s.Drivers(s.SessionKeys()[0])); n != 20 {
		t.Errorf("%d drivers in 2025, want 20", n)
	}
	if n := len(season(t, Config{Seed: 3, Year: 2026, Meetings: 1}).Drivers(sessionKeyOf(meetingKey(2026, 0), 0))); n != 22 {
		t.Errorf("%d drivers in 2026, want 22", n)
	}
	if n := len(season(t, Config{Seed: 3, Meetings: 4, Sprints: -1}).Sessions()); n != 20 {
		t.Errorf("Sprints: -1 gave %d sessions, want 20 (no sprint weekends)", n)
	}
}
