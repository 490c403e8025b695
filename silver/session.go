package silver

import (
	"cmp"
	"context"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// BuildSession builds every session-level silver table of one session
// (SessionTables: drivers, laps, stints, pit_stops, results, starting_grid,
// positions, intervals, race_control, weather, overtakes, team_radio,
// championship_drivers, championship_teams) from the session's bronze
// partitions. Telemetry is built separately by BuildTelemetry.
//
// The session is located through the bronze sessions calendar (its year,
// meeting, normalized name and grid-setting session). Tables whose bronze
// partition does not exist are left out of the build; an empty partition
// gives an empty table. results reads starting_grid of the grid-setting
// session too.
//
// BuildSession only reads bronze: running it again on the same bronze gives
// the same batches. The caller releases the Build.
func BuildSession(ctx context.Context, store *bronze.Store, sessionKey int, opts BuildOptions) (*Build, error) {
	opts = opts.withDefaults()
	return buildSession(ctx, storeSource{store: store, opts: &opts}, sessionKey, opts)
}

// sessionEndpoints are the bronze endpoints a session build reads, in the
// order their tables are built (later tables join earlier ones).
var sessionEndpoints = []openf1.Endpoint{
	openf1.EndpointDrivers, openf1.EndpointStints, openf1.EndpointPit, openf1.EndpointRaceControl,
	openf1.EndpointLaps, openf1.EndpointSessionResult, openf1.EndpointStartingGrid, openf1.EndpointPosition,
	openf1.EndpointIntervals, openf1.EndpointWeather, openf1.EndpointOvertakes, openf1.EndpointTeamRadio,
	openf1.EndpointChampionshipDrivers, openf1.EndpointChampionshipTeams,
}

// sessionBuild is the state shared by the table builders of one session:
// what earlier tables established for the joins of later ones.
type sessionBuild struct {
	*scope
	info *SessionInfo
	// drivers is the set of published driver numbers; nil when the session
	// has no drivers rows, in which case referential checks are skipped.
	drivers map[int32]bool
	stints  map[int32][]stintRow // by driver, by lap_start
	pitIn   map[[2]int32]bool    // (driver, lap)
	rc      []rcMessage          // published race_control rows
	grid    map[int32]int32      // driver → grid slot (races)
}

func buildSession(ctx context.Context, src partitionSource, sessionKey int, opts BuildOptions) (*Build, error) {
	info, warnings, err := locateSession(ctx, src, sessionKey, opts)
	if err != nil {
		return nil, err
	}
	parts := map[openf1.Endpoint]*bronzeRows{}
	defer func() {
		for _, p := range parts {
			p.release()
		}
	}()
	for _, ep := range sessionEndpoints {
		rows, err := load(ctx, src, bronze.PartitionKey{Endpoint: ep, Year: info.Year, MeetingKey: info.MeetingKey, SessionKey: sessionKey})
		if err != nil {
			return nil, err
		}
		if rows != nil {
			parts[ep] = rows
		}
	}

	s := &scope{year: info.Year, meetingKey: info.MeetingKey, sessionKey: sessionKey, opts: opts,
		rejects: NewRejects(opts.RunID, opts.Now()), warnings: warnings}
	sb := &sessionBuild{scope: s, info: info}
	if info.GridSessionKey != 0 && info.GridSessionKey != sessionKey {
		if err := sb.loadGrid(ctx, src); err != nil {
			return nil, err
		}
	}
	b := &Build{Year: info.Year, MeetingKey: info.MeetingKey, SessionKey: sessionKey, Session: info,
		RunID: opts.RunID, Rejects: s.rejects}
	ok := false
	defer func() {
		if !ok {
			b.Release()
		}
	}()

	if t := parts[openf1.EndpointDrivers]; t != nil {
		b.add(TableDrivers, t, sb.buildDrivers(t), 0)
	}
	if len(sb.drivers) == 0 {
		sb.drivers = nil
		s.warn("session %d has no drivers rows in bronze: referential checks on driver_number were skipped", sessionKey)
	}
	if t := parts[openf1.EndpointStints]; t != nil {
		rec, repaired := sb.buildStints(t)
		b.add(TableStints, t, rec, repaired)
	}
	if t := parts[openf1.EndpointPit]; t != nil {
		b.add(TablePitStops, t, sb.buildPitStops(t), 0)
	}
	if t := parts[openf1.EndpointRaceControl]; t != nil {
		b.add(TableRaceControl, t, sb.buildRaceControl(t), 0)
	}
	if t := parts[openf1.EndpointLaps]; t != nil {
		b.add(TableLaps, t, sb.buildLaps(t), 0)
	}
	if t := parts[openf1.EndpointSessionResult]; t != nil {
		b.add(TableResults, t, sb.buildResults(t), 0)
	}
	simple := []struct {
		ep    openf1.Endpoint
		table string
		build func(*bronzeRows) arrow.RecordBatch
	}{
		{openf1.EndpointStartingGrid, TableStartingGrid, sb.buildStartingGrid},
		{openf1.EndpointPosition, TablePositions, sb.buildPositions},
		{openf1.EndpointIntervals, TableIntervals, sb.buildIntervals},
		{openf1.EndpointWeather, TableWeather, sb.buildWeather},
		{openf1.EndpointOvertakes, TableOvertakes, sb.buildOvertakes},
		{openf1.EndpointTeamRadio, TableTeamRadio, sb.buildTeamRadio},
		{openf1.EndpointChampionshipDrivers, TableChampionshipDrivers, sb.buildChampionshipDrivers},
		{openf1.EndpointChampionshipTeams, TableChampionshipTeams, sb.buildChampionshipTeams},
	}
	for _, x := range simple {
		if t := parts[x.ep]; t != nil {
			b.add(x.table, t, x.build(t), 0)
		}
	}
	for _, ep := range sessionEndpoints {
		if t := parts[ep]; t != nil && t.err != nil {
			return nil, t.err
		}
	}
	s.finish(b)
	ok = true
	return b, nil
}

// accept checks a row's keys against the partition it was read from and
// rejects the row when it, or any value read so far, does not fit. It
// returns the row's meeting key.
func (sb *sessionBuild) accept(t *bronzeRows, table string, ord int, r *rowReader) (int32, bool) {
	meeting := r.reqI32("meeting_key")
	session := r.reqI32("session_key")
	if !r.ok() {
		sb.reject(t, table, ord, r.code, "%s", r.why)
		return 0, false
	}
	if int(session) != sb.sessionKey {
		sb.reject(t, table, ord, ReasonOutOfPartition, "session_key %d in the bronze partition of session %d", session, sb.sessionKey)
		return 0, false
	}
	if int(meeting) != sb.meetingKey {
		sb.reject(t, table, ord, ReasonOutOfPartition, "meeting_key %d, but session %d belongs to meeting %d", meeting, sb.sessionKey, sb.meetingKey)
		return 0, false
	}
	return meeting, true
}

// knownDriver rejects the row when its driver is not in the session's
// drivers (unless the session has no drivers at all).
func (sb *sessionBuild) knownDriver(t *bronzeRows, table string, ord int, column string, dn int32) bool {
	if sb.drivers == nil || sb.drivers[dn] {
		return true
	}
	sb.reject(t, table, ord, ReasonOrphanDriver, "%s %d is not in the drivers of session %d", column, dn, sb.sessionKey)
	return false
}

// sortRows sorts rows stably by the given comparison (deterministic
// output). Rows are often wide structs, so it sorts their indices (ties
// broken by index, which makes the order stable) and moves each row once.
func sortRows[T any](rows []T, compare func(a, b T) int) {
	if slices.IsSortedFunc(rows, compare) {
		return
	}
	idx := make([]int32, len(rows))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(i, j int32) int {
		if c := compare(rows[i], rows[j]); c != 0 {
			return c
		}
		return int(i - j)
	})
	sorted := make([]T, len(rows))
	for k, i := range idx {
		sorted[k] = rows[i]
	}
	copy(rows, sorted)
}

// sortRowsByKey sorts rows stably by a pair of integer keys computed once
// per row (cheaper than sortRows' comparisons of wide structs): by k1,
// then k2, then input order.
func sortRowsByKey[T any](rows []T, key func(*T) (k1, k2 int64)) {
	type keyed struct {
		k1, k2 int64
		i      int32
	}
	ks := make([]keyed, len(rows))
	sorted := true
	for i := range rows {
		k1, k2 := key(&rows[i])
		ks[i] = keyed{k1, k2, int32(i)}
		if i > 0 && (k1 < ks[i-1].k1 || k1 == ks[i-1].k1 && k2 < ks[i-1].k2) {
			sorted = false
		}
	}
	if sorted {
		return
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.k1 != b.k1 {
			return cmp.Compare(a.k1, b.k1)
		}
		if a.k2 != b.k2 {
			return cmp.Compare(a.k2, b.k2)
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]T, len(rows))
	for k, x := range ks {
		out[k] = rows[x.i]
	}
	copy(rows, out)
}
