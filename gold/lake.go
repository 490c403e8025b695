package gold

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/silver"
)

// inputColumns are the columns gold reads of each silver table (what the
// decode functions of inputs.go look up), so a scan decodes nothing else:
// not the laps' mini-sector segments, the drivers' head shots, the race
// control scopes. A table missing here is read whole.
var inputColumns = map[string][]string{
	silver.TableMeetings: {"year", "meeting_key", "meeting_name", "date_start", "is_cancelled"},
	silver.TableSessions: {"year", "meeting_key", "session_key", "session_name", "session_type", "is_sprint",
		"date_start", "circuit_short_name", "is_cancelled"},
	silver.TableDrivers: {"session_key", "driver_number", "name_acronym", "full_name", "team_name"},
	silver.TableLaps: {"session_key", "driver_number", "lap_number", "date_start",
		"lap_duration_ms", "sector_1_ms", "sector_2_ms", "sector_3_ms", "i1_speed", "i2_speed", "st_speed",
		"is_pit_out_lap", "is_pit_in_lap", "stint_number", "compound", "tyre_age",
		"under_sc", "under_vsc", "is_deleted", "is_accurate"},
	silver.TableStints: {"session_key", "driver_number", "stint_number", "lap_start", "lap_end", "compound",
		"tyre_age_at_start"},
	silver.TablePitStops: {"session_key", "driver_number", "lap_number", "date", "lane_duration_ms", "stop_duration_ms"},
	silver.TableResults: {"session_key", "driver_number", "position", "grid_position", "status", "number_of_laps",
		"points", "q1_ms", "q2_ms", "q3_ms", "dnf", "dns", "dsq"},
	silver.TableRaceControl:         {"session_key", "date", "category", "flag", "driver_number", "lap_number", "message"},
	silver.TablePositions:           {"session_key", "driver_number", "date", "position"},
	silver.TableWeather:             {"session_key", "air_temperature", "track_temperature", "humidity", "rainfall"},
	silver.TableOvertakes:           {"session_key"},
	silver.TableChampionshipDrivers: {"session_key", "driver_number", "position_current", "points_current"},
	silver.TableChampionshipTeams:   {"session_key", "team_name", "position_current", "points_current"},
}

// scan reads the rows of a silver table matching filter into batches the
// caller releases. A table that does not exist yet reads as no rows.
// columns, when given, are intersected with the table's schema.
func scan(ctx context.Context, lake *lakehouse.Lake, mem memory.Allocator, table string, filter iceberg.BooleanExpression, columns []string) ([]arrow.RecordBatch, error) {
	ident := silver.Ident(table)
	rdr, err := lake.Scan(ctx, mem, ident, lakehouse.ScanOptions{Filter: filter, Columns: columns, IgnoreMissingColumns: true})
	if errors.Is(err, catalog.ErrNoSuchTable) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gold: read %s: %w", ident, err)
	}
	defer rdr.Release()
	var out []arrow.RecordBatch
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	if err := rdr.Err(); err != nil {
		releaseAll(out)
		return nil, fmt.Errorf("gold: read %s: %w", ident, err)
	}
	return out, nil
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

func (in *Inputs) release() {
	for _, t := range []string{silver.TableMeetings, silver.TableSessions, silver.TableDrivers, silver.TableLaps,
		silver.TableStints, silver.TablePitStops, silver.TableResults, silver.TableRaceControl,
		silver.TablePositions, silver.TableWeather, silver.TableOvertakes,
		silver.TableChampionshipDrivers, silver.TableChampionshipTeams} {
		s := in.slot(t)
		releaseAll(*s)
		*s = nil
	}
}

// readInputs scans the given silver tables with one filter.
func readInputs(ctx context.Context, lake *lakehouse.Lake, mem memory.Allocator, filter iceberg.BooleanExpression, tables ...string) (Inputs, error) {
	var in Inputs
	for _, t := range tables {
		recs, err := scan(ctx, lake, mem, t, filter, inputColumns[t])
		if err != nil {
			in.release()
			return Inputs{}, err
		}
		*in.slot(t) = recs
	}
	return in, nil
}

func int32s(keys []int) []int32 {
	out := make([]int32, len(keys))
	for i, k := range keys {
		out[i] = int32(k)
	}
	return out
}

// BuildSession reads one session's silver tables from the lake and
// computes its session-grain gold tables (SessionTables). See
// BuildSessions.
func BuildSession(ctx context.Context, lake *lakehouse.Lake, sessionKey int, opts BuildOptions) (*Build, error) {
	return BuildSessions(ctx, lake, []int{sessionKey}, opts)
}

// BuildSessions reads the silver tables of the given sessions from the lake
// (one scan per table, pruned to the sessions' partitions) and computes
// their session-grain gold tables, one batch per table covering all of
// them. Every session must be in silver.sessions (else the error matches
// ErrSessionNotFound). It is idempotent and stateless: everything comes
// from the lake. Release the returned Build.
func BuildSessions(ctx context.Context, lake *lakehouse.Lake, sessionKeys []int, opts BuildOptions) (*Build, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	keys := slices.Clone(sessionKeys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: no session keys", ErrInvalidOptions)
	}
	filter := iceberg.IsIn(iceberg.Reference("session_key"), int32s(keys)...)
	in, err := readInputs(ctx, lake, o.Allocator, filter,
		silver.TableSessions, silver.TableDrivers, silver.TableLaps, silver.TableStints, silver.TablePitStops,
		silver.TableResults, silver.TableRaceControl, silver.TablePositions, silver.TableWeather, silver.TableOvertakes)
	if err != nil {
		return nil, err
	}
	defer in.release()
	return ComputeSessions(in, keys, o)
}

// BuildStandings reads a season's silver tables from the lake (pruned to
// the year) and computes the championship tables (StandingsTables): the
// standings after every round that has a classification, and the
// cross-checks against OpenF1's published points and championship
// endpoints. The error matches ErrNoSeason when silver has no race or
// sprint session for the year. Release the returned Build.
func BuildStandings(ctx context.Context, lake *lakehouse.Lake, year int, opts BuildOptions) (*Build, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	yearFilter := iceberg.EqualTo(iceberg.Reference("year"), int32(year))
	in, err := readInputs(ctx, lake, o.Allocator, yearFilter, silver.TableMeetings, silver.TableSessions)
	if err != nil {
		return nil, err
	}
	defer in.release()
	var raceKeys []int
	for _, s := range decodeSessions(in.Sessions) {
		if s.year == year && s.isRace() {
			raceKeys = append(raceKeys, s.sessionKey)
		}
	}
	if len(raceKeys) == 0 {
		return nil, fmt.Errorf("%w: %d", ErrNoSeason, year)
	}
	filter := iceberg.NewAnd(yearFilter, iceberg.IsIn(iceberg.Reference("session_key"), int32s(raceKeys)...))
	more, err := readInputs(ctx, lake, o.Allocator, filter, silver.TableDrivers, silver.TableResults,
		silver.TableLaps, silver.TableRaceControl, silver.TableChampionshipDrivers, silver.TableChampionshipTeams)
	if err != nil {
		return nil, err
	}
	defer more.release()
	all := more // the calendar batches stay owned by in
	all.Meetings, all.Sessions = in.Meetings, in.Sessions
	return ComputeStandings(all, year, o)
}
