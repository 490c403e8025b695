package sim

import (
	"errors"
	"fmt"
	"math"
)

// Config chooses what season New generates. The zero value is valid: a full
// 2025 calendar (24 meetings, 6 sprint weekends, 20 drivers), no telemetry,
// no quirks, version 1.
type Config struct {
	// Seed selects the season. The same Seed (and the same other fields)
	// always yields byte-identical records.
	Seed uint64
	// Year is the championship year, 2018–2100 (0 means 2025). It selects
	// the points rules (fastest-lap point 2019–2024, sprint points from
	// 2021), the default grid size and year-specific fields such as
	// pit.stop_duration (from the 2024 US GP) and drs (null from 2026).
	Year int
	// Meetings is the number of race weekends, 1–24 (0 means 24). Meetings
	// follow a fixed 24-circuit calendar in order, so a 2-meeting season is
	// Bahrain and Jeddah.
	Meetings int
	// Sprints is the number of sprint weekends. 0 means the default: a
	// quarter of the meetings (6 of 24), at least one when there are two or
	// more meetings, none before 2021. A negative value means no sprints.
	Sprints int
	// Drivers is the grid size, 20 (10 teams) or 22 (11 teams). 0 means 22
	// from 2026 and 20 before.
	Drivers int
	// Telemetry enables car_data and location. When false those endpoints
	// yield nothing, which keeps demos and tests light.
	Telemetry bool
	// TelemetryHz is the car_data/location sample rate per car (0 means 3.7,
	// the live feed's rate). Must be in (0, 50].
	TelemetryHz float64
	// Quirks switches on reproductions of the real API's data defects
	// (API.md §6). The zero value gives clean data; AllQuirks turns all on.
	Quirks Quirks
	// Version is the data version: 1 (0 means 1) is the data as first
	// published, 2 is the late correction (a post-race penalty that changes
	// one race's classification and the standings after it). See
	// Season.Corrected.
	Version int
}

// Quirks lists the real-API data defects the simulator can reproduce. Each
// is independent; all are off in the zero value.
type Quirks struct {
	// NullLapOne nulls date_start, duration_sector_1 and lap_duration on lap
	// 1 of races and sprints, as the API did before 2026.
	NullLapOne bool
	// NullFirstSegment sets the first element of segments_sector_1 to null
	// on every driver's first lap and on about one lap in ten.
	NullFirstSegment bool
	// DuplicateDrivers adds, in about one session in eight, a second
	// drivers row for one driver with everything but the keys null.
	DuplicateDrivers bool
	// NullCompound nulls the compound of about one race stint in twenty.
	NullCompound bool
	// StintOverlap makes a race stint start on the previous stint's last lap
	// (lap_end of one stint equals lap_start of the next), as the API does.
	StintOverlap bool
}

// AllQuirks returns Quirks with every defect switched on: the data then
// looks like real recordings.
func AllQuirks() Quirks {
	return Quirks{NullLapOne: true, NullFirstSegment: true, DuplicateDrivers: true,
		NullCompound: true, StintOverlap: true}
}

// Default values applied by New.
const (
	DefaultYear        = 2025
	DefaultTelemetryHz = 3.7
	maxMeetings        = 24
)

// ErrInvalidConfig is wrapped by every error New returns for a bad Config.
var ErrInvalidConfig = errors.New("sim: invalid config")

// ConfigError reports one invalid Config field. It matches
// errors.Is(err, ErrInvalidConfig).
type ConfigError struct {
	Field  string // Config field name
	Value  any    // the rejected value
	Reason string // what is allowed
}

// Error implements error.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("sim: invalid config: %s = %v: %s", e.Field, e.Value, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidConfig) true.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

// normalize validates c and fills in defaults.
func (c Config) normalize() (Config, error) {
	if c.Year == 0 {
		c.Year = DefaultYear
	}
	if c.Year < 2018 || c.Year > 2100 {
		return c, &ConfigError{"Year", c.Year, "must be between 2018 and 2100"}
	}
	if c.Meetings == 0 {
		c.Meetings = maxMeetings
	}
	if c.Meetings < 1 || c.Meetings > maxMeetings {
		return c, &ConfigError{"Meetings", c.Meetings, fmt.Sprintf("must be between 1 and %d", maxMeetings)}
	}
	switch {
	case c.Sprints < 0:
		c.Sprints = 0
	case c.Sprints == 0:
		if c.Year >= 2021 {
			c.Sprints = int(math.Round(float64(c.Meetings) / 4))
			if c.Sprints == 0 && c.Meetings >= 2 {
				c.Sprints = 1
			}
		}
	default:
		if c.Year < 2021 {
			return c, &ConfigError{"Sprints", c.Sprints, "sprint weekends exist from 2021"}
		}
		if c.Sprints > c.Meetings {
			return c, &ConfigError{"Sprints", c.Sprints, fmt.Sprintf("must not exceed Meetings (%d)", c.Meetings)}
		}
	}
	if c.Drivers == 0 {
		c.Drivers = 20
		if c.Year >= 2026 {
			c.Drivers = 22
		}
	}
	if c.Drivers != 20 && c.Drivers != 22 {
		return c, &ConfigError{"Drivers", c.Drivers, "must be 20 or 22"}
	}
	if c.TelemetryHz == 0 {
		c.TelemetryHz = DefaultTelemetryHz
	}
	if !(c.TelemetryHz > 0 && c.TelemetryHz <= 50) { // also rejects NaN
		return c, &ConfigError{"TelemetryHz", c.TelemetryHz, "must be in (0, 50]"}
	}
	if c.Version == 0 {
		c.Version = 1
	}
	if c.Version != 1 && c.Version != 2 {
		return c, &ConfigError{"Version", c.Version, "must be 1 (as published) or 2 (corrected)"}
	}
	return c, nil
}
