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

// decode reads every batch of one table, row by row: rowsOf(c) looks up
// the columns of one batch once and returns the function that reads its
// row i.
func decode[T any](recs []arrow.RecordBatch, rowsOf func(c columns) func(i int) T) []T {
	return decodeSessionsOf(recs, nil, rowsOf)
}

// decodeSessionsOf is decode restricted to the rows of some sessions (all
// rows when keep is nil).
func decodeSessionsOf[T any](recs []arrow.RecordBatch, keep map[int]bool, rowsOf func(c columns) func(i int) T) []T {
	n := 0
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		if keep == nil {
			n += int(rec.NumRows())
			continue
		}
		sk := newColumns(rec).col("session_key")
		for i := range int(rec.NumRows()) {
			if keep[sk.int(i).V] {
				n++
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
		row := rowsOf(c)
		for i := range c.rows() {
			if keep != nil && !keep[sk.int(i).V] {
				continue
			}
			out = append(out, row(i))
		}
	}
	return out
}

func decodeMeetings(recs []arrow.RecordBatch) []meetingRow {
	return decode(recs, func(c columns) func(int) meetingRow {
		year, key, name := c.col("year"), c.col("meeting_key"), c.col("meeting_name")
		start, cancelled := c.col("date_start"), c.col("is_cancelled")
		return func(i int) meetingRow {
			return meetingRow{
				year: year.int(i).V, meetingKey: key.int(i).V,
				name: name.str(i).V, dateStart: start.ts(i),
				cancelled: cancelled.flag(i),
			}
		}
	})
}

func decodeSessions(recs []arrow.RecordBatch) []sessionRow {
	return decode(recs, func(c columns) func(int) sessionRow {
		year, meeting, session := c.col("year"), c.col("meeting_key"), c.col("session_key")
		name, typ, sprint := c.col("session_name"), c.col("session_type"), c.col("is_sprint")
		start, circuit, cancelled := c.col("date_start"), c.col("circuit_short_name"), c.col("is_cancelled")
		return func(i int) sessionRow {
			return sessionRow{
				year: year.int(i).V, meetingKey: meeting.int(i).V,
				sessionKey: session.int(i).V,
				name:       name.str(i).V, typ: typ.str(i).V,
				sprint: sprint.flag(i), dateStart: start.ts(i),
				circuit: circuit.str(i).V, cancelled: cancelled.flag(i),
			}
		}
	})
}

func decodeDrivers(recs []arrow.RecordBatch, keep map[int]bool) []driverRow {
	return decodeSessionsOf(recs, keep, func(c columns) func(int) driverRow {
		session, number := c.col("session_key"), c.col("driver_number")
		acronym, fullName, team := c.col("name_acronym"), c.col("full_name"), c.col("team_name")
		return func(i int) driverRow {
			return driverRow{
				sessionKey: session.int(i).V, number: number.int(i).V,
				acronym: acronym.str(i).V, fullName: fullName.str(i).V,
				team: team.str(i).V,
			}
		}
	})
}

func decodeLaps(recs []arrow.RecordBatch, keep map[int]bool) []lapRow {
	return decodeSessionsOf(recs, keep, func(c columns) func(int) lapRow {
		session, driver, lap, start := c.col("session_key"), c.col("driver_number"), c.col("lap_number"), c.col("date_start")
		dur, s1, s2, s3 := c.col("lap_duration_ms"), c.col("sector_1_ms"), c.col("sector_2_ms"), c.col("sector_3_ms")
		i1, i2, st := c.col("i1_speed"), c.col("i2_speed"), c.col("st_speed")
		pitOut, pitIn := c.col("is_pit_out_lap"), c.col("is_pit_in_lap")
		stint, compound, tyreAge := c.col("stint_number"), c.col("compound"), c.col("tyre_age")
		sc, vsc, deleted, accurate := c.col("under_sc"), c.col("under_vsc"), c.col("is_deleted"), c.col("is_accurate")
		return func(i int) lapRow {
			return lapRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				lap: lap.int(i).V, dateStart: start.ts(i),
				dur: dur.i64(i), s1: s1.i64(i),
				s2: s2.i64(i), s3: s3.i64(i),
				i1: i1.int(i), i2: i2.int(i), st: st.int(i),
				pitOut: pitOut.flag(i), pitIn: pitIn.flag(i),
				stint: stint.int(i), compound: compound.str(i),
				tyreAge:  tyreAge.int(i),
				silverSC: sc.flag(i), silverVSC: vsc.flag(i),
				silverDeleted: deleted.flag(i), silverAccurate: accurate.flag(i),
			}
		}
	})
}

func decodeStints(recs []arrow.RecordBatch) []stintRow {
	return decode(recs, func(c columns) func(int) stintRow {
		session, driver, stint := c.col("session_key"), c.col("driver_number"), c.col("stint_number")
		lapStart, lapEnd, compound, age := c.col("lap_start"), c.col("lap_end"), c.col("compound"), c.col("tyre_age_at_start")
		return func(i int) stintRow {
			comp := compound.str(i)
			if !comp.OK || comp.V == "" {
				comp = some("UNKNOWN")
			}
			return stintRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				stint: stint.int(i).V, lapStart: lapStart.int(i).V,
				lapEnd: lapEnd.int(i).V, compound: comp.V,
				ageAtStart: age.int(i),
			}
		}
	})
}

func decodePits(recs []arrow.RecordBatch) []pitRow {
	return decode(recs, func(c columns) func(int) pitRow {
		session, driver, lap, date := c.col("session_key"), c.col("driver_number"), c.col("lap_number"), c.col("date")
		lane, stop := c.col("lane_duration_ms"), c.col("stop_duration_ms")
		return func(i int) pitRow {
			return pitRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				lap: lap.int(i).V, date: date.ts(i),
				lane: lane.i64(i), stop: stop.i64(i),
			}
		}
	})
}

func decodeResults(recs []arrow.RecordBatch, keep map[int]bool) []resultRow {
	return decodeSessionsOf(recs, keep, func(c columns) func(int) resultRow {
		session, driver, position, grid := c.col("session_key"), c.col("driver_number"), c.col("position"), c.col("grid_position")
		status, laps, points := c.col("status"), c.col("number_of_laps"), c.col("points")
		q1, q2, q3 := c.col("q1_ms"), c.col("q2_ms"), c.col("q3_ms")
		dnf, dns, dsq := c.col("dnf"), c.col("dns"), c.col("dsq")
		return func(i int) resultRow {
			return resultRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				position: position.int(i), grid: grid.int(i),
				status: status.str(i).V, laps: laps.int(i),
				points: points.f64(i),
				q1:     q1.i64(i), q2: q2.i64(i), q3: q3.i64(i),
				dnf: dnf.flag(i), dns: dns.flag(i), dsq: dsq.flag(i),
			}
		}
	})
}

func decodeRaceControl(recs []arrow.RecordBatch, keep map[int]bool) []rcRow {
	rows := decodeSessionsOf(recs, keep, func(c columns) func(int) rcRow {
		session, date, category, flag := c.col("session_key"), c.col("date"), c.col("category"), c.col("flag")
		driver, lap, message := c.col("driver_number"), c.col("lap_number"), c.col("message")
		return func(i int) rcRow {
			return rcRow{
				sessionKey: session.int(i).V, date: date.ts(i),
				category: category.str(i).V, flag: flag.str(i).V,
				driver: driver.int(i), lap: lap.int(i),
				message: message.str(i).V,
			}
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
	return decode(recs, func(c columns) func(int) positionRow {
		session, driver, date, position := c.col("session_key"), c.col("driver_number"), c.col("date"), c.col("position")
		return func(i int) positionRow {
			return positionRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				date: date.ts(i).V, position: position.int(i).V,
			}
		}
	})
}

func decodeWeather(recs []arrow.RecordBatch) []weatherRow {
	return decode(recs, func(c columns) func(int) weatherRow {
		session, air, track := c.col("session_key"), c.col("air_temperature"), c.col("track_temperature")
		humidity, rainfall := c.col("humidity"), c.col("rainfall")
		return func(i int) weatherRow {
			return weatherRow{
				sessionKey: session.int(i).V,
				air:        air.f64(i), track: track.f64(i),
				humidity: humidity.f64(i), rainfall: rainfall.boolean(i),
			}
		}
	})
}

func decodeOvertakes(recs []arrow.RecordBatch) []overtakeRow {
	return decode(recs, func(c columns) func(int) overtakeRow {
		session := c.col("session_key")
		return func(i int) overtakeRow { return overtakeRow{sessionKey: session.int(i).V} }
	})
}

func decodeChampDrivers(recs []arrow.RecordBatch) []champDriverRow {
	return decode(recs, func(c columns) func(int) champDriverRow {
		session, driver, position, points := c.col("session_key"), c.col("driver_number"), c.col("position_current"), c.col("points_current")
		return func(i int) champDriverRow {
			return champDriverRow{
				sessionKey: session.int(i).V, driver: driver.int(i).V,
				position: position.int(i), points: points.f64(i),
			}
		}
	})
}

func decodeChampTeams(recs []arrow.RecordBatch) []champTeamRow {
	return decode(recs, func(c columns) func(int) champTeamRow {
		session, team, position, points := c.col("session_key"), c.col("team_name"), c.col("position_current"), c.col("points_current")
		return func(i int) champTeamRow {
			return champTeamRow{
				sessionKey: session.int(i).V, team: team.str(i).V,
				position: position.int(i), points: points.f64(i),
			}
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
