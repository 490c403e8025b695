package gold

import (
	"cmp"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/silver"
)

// Inputs are the silver batches gold computes from, one slice of batches per
// silver table (a scan may yield several). A nil or empty slice means the
// table has no rows for the sessions at hand. Batches may hold several
// sessions; they are grouped by session_key. Inputs does not take ownership:
// the caller releases the batches after the compute call returns.
//
// Columns are looked up by the names of silver's schemas (silver.Schema);
// a column a batch lacks reads as null, so batches written before silver
// gained a column still compute.
type Inputs struct {
	Meetings            []arrow.RecordBatch
	Sessions            []arrow.RecordBatch
	Drivers             []arrow.RecordBatch
	Laps                []arrow.RecordBatch
	Stints              []arrow.RecordBatch
	PitStops            []arrow.RecordBatch
	Results             []arrow.RecordBatch
	RaceControl         []arrow.RecordBatch
	Positions           []arrow.RecordBatch
	Weather             []arrow.RecordBatch
	Overtakes           []arrow.RecordBatch
	ChampionshipDrivers []arrow.RecordBatch
	ChampionshipTeams   []arrow.RecordBatch
}

// slot returns the field of in that holds a silver table's batches.
func (in *Inputs) slot(table string) *[]arrow.RecordBatch {
	switch table {
	case silver.TableMeetings:
		return &in.Meetings
	case silver.TableSessions:
		return &in.Sessions
	case silver.TableDrivers:
		return &in.Drivers
	case silver.TableLaps:
		return &in.Laps
	case silver.TableStints:
		return &in.Stints
	case silver.TablePitStops:
		return &in.PitStops
	case silver.TableResults:
		return &in.Results
	case silver.TableRaceControl:
		return &in.RaceControl
	case silver.TablePositions:
		return &in.Positions
	case silver.TableWeather:
		return &in.Weather
	case silver.TableOvertakes:
		return &in.Overtakes
	case silver.TableChampionshipDrivers:
		return &in.ChampionshipDrivers
	case silver.TableChampionshipTeams:
		return &in.ChampionshipTeams
	}
	return nil
}

// InputsFromSilver collects the batches of silver builds (silver.Build
// values from BuildSession and BuildCalendar) as Inputs, so gold can be
// computed straight from a silver build without a catalog. The builds keep
// ownership of the batches.
func InputsFromSilver(builds ...*silver.Build) Inputs {
	var in Inputs
	for _, b := range builds {
		if b == nil {
			continue
		}
		for _, t := range b.Tables() {
			if s := in.slot(t); s != nil {
				if rec := b.Record(t); rec != nil {
					*s = append(*s, rec)
				}
			}
		}
	}
	return in
}

// The row types below are silver rows as gold uses them.

type meetingRow struct {
	year, meetingKey int
	name             string
	dateStart        opt[int64]
	cancelled        bool
}

type sessionRow struct {
	year, meetingKey, sessionKey int
	name, typ                    string
	sprint                       bool
	dateStart                    opt[int64]
	circuit                      string
	cancelled                    bool
}

// isRace reports a race or a sprint (session_type Race).
func (s sessionRow) isRace() bool { return s.typ == silver.TypeRace }

// isQualifying reports a qualifying or sprint qualifying session.
func (s sessionRow) isQualifying() bool { return s.typ == silver.TypeQualifying }

type driverRow struct {
	sessionKey, number      int
	acronym, fullName, team string
}

type lapRow struct {
	sessionKey, driver, lap int
	dateStart               opt[int64]
	dur, s1, s2, s3         opt[int64]
	i1, i2, st              opt[int]
	pitOut, pitIn           bool
	stint                   opt[int]
	compound                opt[string]
	tyreAge                 opt[int]
	// silver's lap flags (silver.DefSafetyCar, DefDeletedLap,
	// DefAccurateLap): gold reads them and never recomputes them
	silverSC, silverVSC           bool
	silverDeleted, silverAccurate bool
}

type stintRow struct {
	sessionKey, driver, stint int
	lapStart, lapEnd          int
	compound                  string
	ageAtStart                opt[int]
}

type pitRow struct {
	sessionKey, driver, lap int
	date                    opt[int64]
	lane, stop              opt[int64]
}

type resultRow struct {
	sessionKey, driver int
	position, grid     opt[int]
	status             string
	laps               opt[int]
	points             opt[float64]
	q1, q2, q3         opt[int64]
	dnf, dns, dsq      bool
}

type rcRow struct {
	sessionKey int
	date       opt[int64]
	category   string
	flag       string
	driver     opt[int]
	lap        opt[int]
	message    string
}

type positionRow struct {
	sessionKey, driver int
	date               int64
	position           int
}

type weatherRow struct {
	sessionKey           int
	air, track, humidity opt[float64]
	rainfall             opt[bool]
}

type overtakeRow struct{ sessionKey int }

type champDriverRow struct {
	sessionKey, driver int
	position           opt[int]
	points             opt[float64]
}

type champTeamRow struct {
	sessionKey int
	team       string
	position   opt[int]
	points     opt[float64]
}

// decode reads every batch of one table with fn, row by row.
func decode[T any](recs []arrow.RecordBatch, fn func(c columns, i int) T) []T {
	return decodeSessionsOf(recs, nil, fn)
}

// decodeSessionsOf is decode restricted to the rows of some sessions (all
// rows when keep is nil).
func decodeSessionsOf[T any](recs []arrow.RecordBatch, keep map[int]bool, fn func(c columns, i int) T) []T {
	n := 0
	for _, rec := range recs {
		if rec != nil {
			n += int(rec.NumRows())
		}
	}
	if keep != nil {
		n = 0
		for _, rec := range recs {
			if rec == nil {
				continue
			}
			sk := newColumns(rec).col("session_key")
			for i := range int(rec.NumRows()) {
				if keep[sk.int(i).V] {
					n++
				}
			}
		}
	}
	out := make([]T, 0, n)
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		c := newColumns(rec)
		sk := c.col("session_key")
		for i := range c.rows() {
			if keep != nil && !keep[sk.int(i).V] {
				continue
			}
			out = append(out, fn(c, i))
		}
	}
	return out
}

func decodeMeetings(recs []arrow.RecordBatch) []meetingRow {
	return decode(recs, func(c columns, i int) meetingRow {
		return meetingRow{
			year: c.col("year").int(i).V, meetingKey: c.col("meeting_key").int(i).V,
			name: c.col("meeting_name").str(i).V, dateStart: c.col("date_start").ts(i),
			cancelled: c.col("is_cancelled").flag(i),
		}
	})
}

func decodeSessions(recs []arrow.RecordBatch) []sessionRow {
	return decode(recs, func(c columns, i int) sessionRow {
		return sessionRow{
			year: c.col("year").int(i).V, meetingKey: c.col("meeting_key").int(i).V,
			sessionKey: c.col("session_key").int(i).V,
			name:       c.col("session_name").str(i).V, typ: c.col("session_type").str(i).V,
			sprint: c.col("is_sprint").flag(i), dateStart: c.col("date_start").ts(i),
			circuit: c.col("circuit_short_name").str(i).V, cancelled: c.col("is_cancelled").flag(i),
		}
	})
}

func decodeDrivers(recs []arrow.RecordBatch, keep map[int]bool) []driverRow {
	return decodeSessionsOf(recs, keep, func(c columns, i int) driverRow {
		return driverRow{
			sessionKey: c.col("session_key").int(i).V, number: c.col("driver_number").int(i).V,
			acronym: c.col("name_acronym").str(i).V, fullName: c.col("full_name").str(i).V,
			team: c.col("team_name").str(i).V,
		}
	})
}

func decodeLaps(recs []arrow.RecordBatch, keep map[int]bool) []lapRow {
	return decodeSessionsOf(recs, keep, func(c columns, i int) lapRow {
		return lapRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			lap: c.col("lap_number").int(i).V, dateStart: c.col("date_start").ts(i),
			dur: c.col("lap_duration_ms").i64(i), s1: c.col("sector_1_ms").i64(i),
			s2: c.col("sector_2_ms").i64(i), s3: c.col("sector_3_ms").i64(i),
			i1: c.col("i1_speed").int(i), i2: c.col("i2_speed").int(i), st: c.col("st_speed").int(i),
			pitOut: c.col("is_pit_out_lap").flag(i), pitIn: c.col("is_pit_in_lap").flag(i),
			stint: c.col("stint_number").int(i), compound: c.col("compound").str(i),
			tyreAge:  c.col("tyre_age").int(i),
			silverSC: c.col("under_sc").flag(i), silverVSC: c.col("under_vsc").flag(i),
			silverDeleted: c.col("is_deleted").flag(i), silverAccurate: c.col("is_accurate").flag(i),
		}
	})
}

func decodeStints(recs []arrow.RecordBatch) []stintRow {
	return decode(recs, func(c columns, i int) stintRow {
		comp := c.col("compound").str(i)
		if !comp.OK || comp.V == "" {
			comp = some("UNKNOWN")
		}
		return stintRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			stint: c.col("stint_number").int(i).V, lapStart: c.col("lap_start").int(i).V,
			lapEnd: c.col("lap_end").int(i).V, compound: comp.V,
			ageAtStart: c.col("tyre_age_at_start").int(i),
		}
	})
}

func decodePits(recs []arrow.RecordBatch) []pitRow {
	return decode(recs, func(c columns, i int) pitRow {
		return pitRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			lap: c.col("lap_number").int(i).V, date: c.col("date").ts(i),
			lane: c.col("lane_duration_ms").i64(i), stop: c.col("stop_duration_ms").i64(i),
		}
	})
}

func decodeResults(recs []arrow.RecordBatch, keep map[int]bool) []resultRow {
	return decodeSessionsOf(recs, keep, func(c columns, i int) resultRow {
		return resultRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			position: c.col("position").int(i), grid: c.col("grid_position").int(i),
			status: c.col("status").str(i).V, laps: c.col("number_of_laps").int(i),
			points: c.col("points").f64(i),
			q1:     c.col("q1_ms").i64(i), q2: c.col("q2_ms").i64(i), q3: c.col("q3_ms").i64(i),
			dnf: c.col("dnf").flag(i), dns: c.col("dns").flag(i), dsq: c.col("dsq").flag(i),
		}
	})
}

func decodeRaceControl(recs []arrow.RecordBatch, keep map[int]bool) []rcRow {
	rows := decodeSessionsOf(recs, keep, func(c columns, i int) rcRow {
		return rcRow{
			sessionKey: c.col("session_key").int(i).V, date: c.col("date").ts(i),
			category: c.col("category").str(i).V, flag: c.col("flag").str(i).V,
			driver: c.col("driver_number").int(i), lap: c.col("lap_number").int(i),
			message: c.col("message").str(i).V,
		}
	})
	// messages are read in time order; undated ones keep their place
	slices.SortStableFunc(rows, func(a, b rcRow) int {
		if a.date.OK && b.date.OK {
			return cmp.Compare(a.date.V, b.date.V)
		}
		return 0
	})
	return rows
}

func decodePositions(recs []arrow.RecordBatch) []positionRow {
	return decode(recs, func(c columns, i int) positionRow {
		return positionRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			date: c.col("date").ts(i).V, position: c.col("position").int(i).V,
		}
	})
}

func decodeWeather(recs []arrow.RecordBatch) []weatherRow {
	return decode(recs, func(c columns, i int) weatherRow {
		return weatherRow{
			sessionKey: c.col("session_key").int(i).V,
			air:        c.col("air_temperature").f64(i), track: c.col("track_temperature").f64(i),
			humidity: c.col("humidity").f64(i), rainfall: c.col("rainfall").boolean(i),
		}
	})
}

func decodeOvertakes(recs []arrow.RecordBatch) []overtakeRow {
	return decode(recs, func(c columns, i int) overtakeRow {
		return overtakeRow{sessionKey: c.col("session_key").int(i).V}
	})
}

func decodeChampDrivers(recs []arrow.RecordBatch) []champDriverRow {
	return decode(recs, func(c columns, i int) champDriverRow {
		return champDriverRow{
			sessionKey: c.col("session_key").int(i).V, driver: c.col("driver_number").int(i).V,
			position: c.col("position_current").int(i), points: c.col("points_current").f64(i),
		}
	})
}

func decodeChampTeams(recs []arrow.RecordBatch) []champTeamRow {
	return decode(recs, func(c columns, i int) champTeamRow {
		return champTeamRow{
			sessionKey: c.col("session_key").int(i).V, team: c.col("team_name").str(i).V,
			position: c.col("position_current").int(i), points: c.col("points_current").f64(i),
		}
	})
}

// groupBy splits rows by session key, keeping their order.
func groupBy[T any](rows []T, key func(T) int) map[int][]T {
	counts := map[int]int{}
	for _, r := range rows {
		counts[key(r)]++
	}
	out := make(map[int][]T, len(counts))
	for k, n := range counts {
		out[k] = make([]T, 0, n)
	}
	for _, r := range rows {
		k := key(r)
		out[k] = append(out[k], r)
	}
	return out
}
