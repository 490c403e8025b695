package gold

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var (
	// ErrNoTable is returned for a table name a Build does not hold.
	ErrNoTable = errors.New("gold: table not in build")
	// ErrInvalidOptions wraps every BuildOptions validation error.
	ErrInvalidOptions = errors.New("gold: invalid build options")
	// ErrSessionNotFound is returned when silver.sessions has no row for a
	// requested session.
	ErrSessionNotFound = errors.New("gold: session not found in silver.sessions")
	// ErrNoSeason is returned by BuildStandings when silver has no race or
	// sprint session for the year.
	ErrNoSeason = errors.New("gold: no race or sprint session in silver for the year")
)

// BuildOptions tune a build. The zero value is usable.
type BuildOptions struct {
	// Allocator allocates every batch the build returns (default
	// memory.DefaultAllocator).
	Allocator memory.Allocator
	// FuelCorrection is the fuel correction in seconds per lap of fuel
	// (default DefaultFuelCorrection; see DefFuelCorrection). Set
	// NoFuelCorrection to fit raw lap times.
	FuelCorrection float64
	// NoFuelCorrection disables the fuel correction (FuelCorrection is then
	// ignored).
	NoFuelCorrection bool
	// MinDegradationLaps is the number of accurate laps a stint needs for a
	// degradation slope (default DefaultMinDegradationLaps, at least 3).
	MinDegradationLaps int
	// UndercutWindow is N in DefUndercut (default DefaultUndercutWindow).
	UndercutWindow int
	// RollingWindow is N in DefRollingPace (default DefaultRollingWindow).
	RollingWindow int
}

// withDefaults validates the options and fills in defaults.
func (o BuildOptions) withDefaults() (BuildOptions, error) {
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	switch {
	case o.NoFuelCorrection:
		o.FuelCorrection = 0
	case math.IsNaN(o.FuelCorrection) || math.IsInf(o.FuelCorrection, 0) || o.FuelCorrection < 0 || o.FuelCorrection > 1:
		return o, fmt.Errorf("%w: FuelCorrection %v s/lap is outside [0, 1]", ErrInvalidOptions, o.FuelCorrection)
	case o.FuelCorrection == 0:
		o.FuelCorrection = DefaultFuelCorrection
	}
	if o.MinDegradationLaps == 0 {
		o.MinDegradationLaps = DefaultMinDegradationLaps
	}
	if o.MinDegradationLaps < 3 {
		return o, fmt.Errorf("%w: MinDegradationLaps %d is below 3", ErrInvalidOptions, o.MinDegradationLaps)
	}
	if o.UndercutWindow == 0 {
		o.UndercutWindow = DefaultUndercutWindow
	}
	if o.UndercutWindow < 1 {
		return o, fmt.Errorf("%w: UndercutWindow %d is below 1", ErrInvalidOptions, o.UndercutWindow)
	}
	if o.RollingWindow == 0 {
		o.RollingWindow = DefaultRollingWindow
	}
	if o.RollingWindow < 1 {
		return o, fmt.Errorf("%w: RollingWindow %d is below 1", ErrInvalidOptions, o.RollingWindow)
	}
	return o, nil
}

// Build is the output of a gold computation: one Arrow batch per gold
// table, plus the cross-checks and warnings. It holds data only:
// publishing is Publish's job, after the pipeline's quality checks.
//
// The batches are allocated from BuildOptions.Allocator and owned by the
// Build: call Release when done (batches obtained from Record are valid
// until then unless retained).
type Build struct {
	// SessionKeys are the sessions a session build covers (ascending);
	// Year is the season of a standings build (0 for session builds).
	SessionKeys []int
	Year        int
	// Rounds is the number of rounds a standings build has results for.
	Rounds int
	// FuelCorrection is the fuel correction the build used (s per lap).
	FuelCorrection float64
	// CrossChecks compare what gold computed with what OpenF1 published
	// (session_result points, championship_drivers, championship_teams).
	// A disagreement is a check with OK false: it is reported, never
	// silently overwritten. See Failures.
	CrossChecks []CrossCheck
	// Warnings report what the build could not do as defined: a session
	// without laps whose fastest lap was inferred from published points,
	// a round without results.
	Warnings []string

	mem    memory.Allocator
	tables []builtTable
}

type builtTable struct {
	name string
	rec  arrow.RecordBatch
}

// Tables lists the tables the build holds, in build order.
func (b *Build) Tables() []string {
	out := make([]string, len(b.tables))
	for i, t := range b.tables {
		out[i] = t.name
	}
	return out
}

// Record returns a table's batch, or nil when the build does not hold the
// table. The Build owns it.
func (b *Build) Record(table string) arrow.RecordBatch {
	for _, t := range b.tables {
		if t.name == table {
			return t.rec
		}
	}
	return nil
}

// Reader returns a record reader over a table's batch. The caller releases
// the reader; the Build keeps its own reference.
func (b *Build) Reader(table string) (array.RecordReader, error) {
	rec := b.Record(table)
	if rec == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoTable, table)
	}
	return array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
}

// DropTable removes a table from the build, so Publish leaves the table's
// previous snapshot in place for these sessions. The pipeline calls it when
// an error-severity check fails on the table.
func (b *Build) DropTable(table string) error {
	i := slices.IndexFunc(b.tables, func(t builtTable) bool { return t.name == table })
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoTable, table)
	}
	b.tables[i].rec.Release()
	b.tables = slices.Delete(b.tables, i, i+1)
	return nil
}

// Failures returns the cross-checks that disagree.
func (b *Build) Failures() []CrossCheck {
	var out []CrossCheck
	for _, c := range b.CrossChecks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// Release releases every batch. The Build must not be used afterwards.
func (b *Build) Release() {
	if b == nil {
		return
	}
	for _, t := range b.tables {
		t.rec.Release()
	}
	b.tables = nil
}

func (b *Build) add(name string, rec arrow.RecordBatch) {
	b.tables = append(b.tables, builtTable{name, rec})
}

func (b *Build) warn(format string, args ...any) {
	b.Warnings = append(b.Warnings, fmt.Sprintf(format, args...))
}

// CrossCheck is one comparison of a computed value with the value OpenF1
// published for it.
type CrossCheck struct {
	// Check names what was compared: "session_result.points",
	// "championship_drivers.points_current",
	// "championship_drivers.position_current",
	// "championship_teams.points_current",
	// "championship_teams.position_current".
	Check        string
	Year, Round  int
	SessionKey   int
	DriverNumber int    // 0 for team checks
	TeamName     string // team checks
	Computed     float64
	Published    float64
	OK           bool
}

// String renders the check for logs.
func (c CrossCheck) String() string {
	who := fmt.Sprintf("driver %d", c.DriverNumber)
	if c.DriverNumber == 0 {
		who = "team " + c.TeamName
	}
	verdict := "ok"
	if !c.OK {
		verdict = "MISMATCH"
	}
	return fmt.Sprintf("%s %d round %d session %d %s: computed %g, published %g: %s",
		c.Check, c.Year, c.Round, c.SessionKey, who, c.Computed, c.Published, verdict)
}
