package gold

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// pointsTolerance absorbs float noise in published points ("2.0").
const pointsTolerance = 1e-6

// round is one meeting of the championship with its scoring sessions.
type round struct {
	number     int
	meetingKey int
	name       string
	start      int64
	sessions   []sessionRow // races and sprints, in time order
}

// seasonRounds applies DefRound: meetings with a race or sprint session,
// in calendar order.
func seasonRounds(year int, sessions []sessionRow, meetings []meetingRow) []round {
	byMeeting := map[int]*round{}
	var out []*round
	mt := map[int]meetingRow{}
	for _, m := range meetings {
		if m.year == year {
			mt[m.meetingKey] = m
		}
	}
	for _, s := range sessions {
		if s.year != year || !s.isRace() || s.cancelled {
			continue
		}
		if m, ok := mt[s.meetingKey]; ok && m.cancelled {
			continue
		}
		r := byMeeting[s.meetingKey]
		if r == nil {
			r = &round{meetingKey: s.meetingKey, start: math.MaxInt64}
			if m, ok := mt[s.meetingKey]; ok {
				r.name = m.name
				if m.dateStart.OK {
					r.start = m.dateStart.V
				}
			}
			byMeeting[s.meetingKey] = r
			out = append(out, r)
		}
		r.sessions = append(r.sessions, s)
		if _, ok := mt[s.meetingKey]; !ok && s.dateStart.OK {
			r.start = min(r.start, s.dateStart.V)
		}
	}
	for _, r := range out {
		slices.SortFunc(r.sessions, func(a, b sessionRow) int {
			if c := cmp.Compare(a.dateStart.V, b.dateStart.V); c != 0 {
				return c
			}
			return cmp.Compare(a.sessionKey, b.sessionKey)
		})
		if r.start == math.MaxInt64 && len(r.sessions) > 0 {
			r.start = r.sessions[0].dateStart.V
		}
	}
	slices.SortFunc(out, func(a, b *round) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.meetingKey, b.meetingKey)
	})
	rounds := make([]round, len(out))
	for i, r := range out {
		r.number = i + 1
		rounds[i] = *r
	}
	return rounds
}

// tally is one competitor's running championship record.
type tally struct {
	points     float64
	finishes   []int // finishes[p-1]: Grand Prix finishes in position p
	wins       int
	podiums    int
	sprintWins int
}

func (t *tally) finish(pos int) {
	for len(t.finishes) < pos {
		t.finishes = append(t.finishes, 0)
	}
	t.finishes[pos-1]++
}

// countback compares two records by DefTieBreak's countback (negative when
// a ranks higher).
func countback(a, b *tally) int {
	n := max(len(a.finishes), len(b.finishes))
	for p := range n {
		var x, y int
		if p < len(a.finishes) {
			x = a.finishes[p]
		}
		if p < len(b.finishes) {
			y = b.finishes[p]
		}
		if x != y {
			return cmp.Compare(y, x)
		}
	}
	return 0
}

// rankTallies orders competitors by DefTieBreak and returns their 1-based
// positions.
func rankTallies[K cmp.Ordered](ts map[K]*tally) map[K]int {
	keys := make([]K, 0, len(ts))
	for k := range ts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		ta, tb := ts[a], ts[b]
		if ta.points != tb.points {
			return cmp.Compare(tb.points, ta.points)
		}
		if c := countback(ta, tb); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make(map[K]int, len(keys))
	for i, k := range keys {
		out[k] = i + 1
	}
	return out
}

// ComputeStandings computes the championship tables (StandingsTables) of a
// year from silver batches, without a catalog: the pure core of
// BuildStandings. It needs in.Sessions and in.Results, and uses
// in.Meetings (round order and names), in.Drivers (teams and names),
// in.Laps and in.RaceControl (fastest laps) and in.ChampionshipDrivers /
// in.ChampionshipTeams (cross-checks) when given. Rows of other years are
// ignored. The Build's CrossChecks compare the computed points with
// session_result points and with the championship endpoints.
func ComputeStandings(in Inputs, year int, opts BuildOptions) (*Build, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	sessions := decodeSessions(in.Sessions)
	rounds := seasonRounds(year, sessions, decodeMeetings(in.Meetings))
	if len(rounds) == 0 {
		return nil, fmt.Errorf("%w: %d", ErrNoSeason, year)
	}
	keep := map[int]bool{}
	for _, s := range sessions {
		if s.year == year && s.isRace() {
			keep[s.sessionKey] = true
		}
	}
	g := groupInputs(Inputs{Drivers: in.Drivers, Laps: in.Laps, Results: in.Results, RaceControl: in.RaceControl}, keep)
	champD := groupBy(decodeChampDrivers(in.ChampionshipDrivers), func(r champDriverRow) int { return r.sessionKey })
	champT := groupBy(decodeChampTeams(in.ChampionshipTeams), func(r champTeamRow) int { return r.sessionKey })

	// names and teams: the latest race or sprint of the year that knows the driver
	yearSessions := slices.Clone(sessions)
	slices.SortFunc(yearSessions, func(a, b sessionRow) int { return cmp.Compare(a.dateStart.V, b.dateStart.V) })
	names := map[int]driverRow{}
	for _, s := range yearSessions {
		if s.year != year {
			continue
		}
		for _, d := range g.drivers[s.sessionKey] {
			prev := names[d.number]
			if d.acronym == "" {
				d.acronym = prev.acronym
			}
			if d.fullName == "" {
				d.fullName = prev.fullName
			}
			if d.team == "" {
				d.team = prev.team
			}
			names[d.number] = d
		}
	}

	b := &Build{mem: o.Allocator, Year: year, FuelCorrection: o.FuelCorrection}
	drivers := map[int]*tally{}
	teams := map[string]*tally{}
	teamOf := map[int]string{} // team the driver last scored for
	dw := newBatchWriter(b, championshipStandingsSchema)
	tw := newBatchWriter(b, championshipTeamStandingsSchema)
	for _, r := range rounds {
		roundPts := map[int]float64{}
		racePts := map[int]float64{}
		sprintPts := map[int]float64{}
		teamRound := map[string]float64{}
		var lastPublished []champDriverRow
		var lastPublishedT []champTeamRow
		have := false
		for _, s := range r.sessions {
			results := g.results[s.sessionKey]
			if len(results) == 0 {
				continue
			}
			have = true
			a := analyzeSession(sessionData{s: s, drivers: g.drivers[s.sessionKey], laps: g.laps[s.sessionKey],
				results: results, rc: g.rc[s.sessionKey]}, o)
			for _, wmsg := range a.warnings {
				b.warn("round %d: %s", r.number, wmsg)
			}
			sessionTeam := map[int]string{}
			for _, d := range g.drivers[s.sessionKey] {
				if d.team != "" {
					sessionTeam[d.number] = d.team
				}
			}
			for _, res := range results {
				sc := a.scores[res.driver]
				team := sessionTeam[res.driver]
				if team == "" {
					team = teamOf[res.driver]
				}
				if team == "" {
					team = names[res.driver].team
				}
				if team == "" {
					team = "UNKNOWN"
				}
				teamOf[res.driver] = team
				dt := drivers[res.driver]
				if dt == nil {
					dt = &tally{}
					drivers[res.driver] = dt
				}
				tt := teams[team]
				if tt == nil {
					tt = &tally{}
					teams[team] = tt
				}
				dt.points += sc.points
				tt.points += sc.points
				roundPts[res.driver] += sc.points
				teamRound[team] += sc.points
				if s.sprint {
					sprintPts[res.driver] += sc.points
				} else {
					racePts[res.driver] += sc.points
				}
				if pos := res.position; pos.OK && pos.V > 0 && !res.dsq && !res.dns {
					if s.sprint {
						if pos.V == 1 {
							dt.sprintWins++
						}
					} else {
						dt.finish(pos.V)
						tt.finish(pos.V)
						if pos.V == 1 {
							dt.wins++
							tt.wins++
						}
						if pos.V <= 3 {
							dt.podiums++
							tt.podiums++
						}
					}
				}
				if sc.published.OK {
					b.CrossChecks = append(b.CrossChecks, CrossCheck{Check: "session_result.points", Year: year,
						Round: r.number, SessionKey: s.sessionKey, DriverNumber: res.driver,
						Computed: sc.points, Published: sc.published.V,
						OK: math.Abs(sc.points-sc.published.V) < pointsTolerance})
				}
			}
			if cd, ct := champD[s.sessionKey], champT[s.sessionKey]; len(cd) > 0 || len(ct) > 0 {
				b.crossCheckChampionship(year, r.number, s.sessionKey, drivers, teams, cd, ct)
				if len(cd) > 0 {
					lastPublished = cd
				}
				if len(ct) > 0 {
					lastPublishedT = ct
				}
			}
		}
		if !have {
			b.warn("round %d (meeting %d): no classification in silver; no standings for it", r.number, r.meetingKey)
			continue
		}
		b.Rounds++
		writeDriverStandings(dw, year, r, drivers, names, teamOf, roundPts, racePts, sprintPts, lastPublished)
		writeTeamStandings(tw, year, r, teams, teamRound, lastPublishedT)
	}
	for _, t := range []struct {
		name string
		bw   *batchWriter
	}{{TableChampionshipStandings, dw}, {TableChampionshipTeamStandings, tw}} {
		rec, err := t.bw.finish()
		if err != nil {
			b.Release()
			return nil, err
		}
		b.add(t.name, rec)
	}
	return b, nil
}

// crossCheckChampionship compares the standings after a session with the
// championship endpoints' points_current and position_current.
func (b *Build) crossCheckChampionship(year, rnd, sk int, drivers map[int]*tally, teams map[string]*tally, cd []champDriverRow, ct []champTeamRow) {
	dpos := rankTallies(drivers)
	for _, p := range cd {
		t := drivers[p.driver]
		computed := 0.0
		if t != nil {
			computed = t.points
		}
		if p.points.OK {
			b.CrossChecks = append(b.CrossChecks, CrossCheck{Check: "championship_drivers.points_current", Year: year,
				Round: rnd, SessionKey: sk, DriverNumber: p.driver, Computed: computed, Published: p.points.V,
				OK: t != nil && math.Abs(computed-p.points.V) < pointsTolerance})
		}
		if p.position.OK {
			b.CrossChecks = append(b.CrossChecks, CrossCheck{Check: "championship_drivers.position_current", Year: year,
				Round: rnd, SessionKey: sk, DriverNumber: p.driver, Computed: float64(dpos[p.driver]),
				Published: float64(p.position.V), OK: t != nil && dpos[p.driver] == p.position.V})
		}
	}
	tpos := rankTallies(teams)
	for _, p := range ct {
		t := teams[p.team]
		computed := 0.0
		if t != nil {
			computed = t.points
		}
		if p.points.OK {
			b.CrossChecks = append(b.CrossChecks, CrossCheck{Check: "championship_teams.points_current", Year: year,
				Round: rnd, SessionKey: sk, TeamName: p.team, Computed: computed, Published: p.points.V,
				OK: t != nil && math.Abs(computed-p.points.V) < pointsTolerance})
		}
		if p.position.OK {
			b.CrossChecks = append(b.CrossChecks, CrossCheck{Check: "championship_teams.position_current", Year: year,
				Round: rnd, SessionKey: sk, TeamName: p.team, Computed: float64(tpos[p.team]),
				Published: float64(p.position.V), OK: t != nil && tpos[p.team] == p.position.V})
		}
	}
}

func writeDriverStandings(bw *batchWriter, year int, r round, drivers map[int]*tally, names map[int]driverRow,
	teamOf map[int]string, roundPts, racePts, sprintPts map[int]float64, published []champDriverRow) {
	pos := rankTallies(drivers)
	order := make([]int, 0, len(drivers))
	for n := range drivers {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(pos[a], pos[b]) })
	leader := 0.0
	if len(order) > 0 {
		leader = drivers[order[0]].points
	}
	pub := map[int]champDriverRow{}
	for _, p := range published {
		pub[p.driver] = p
	}
	for _, n := range order {
		t := drivers[n]
		w := bw.row()
		w.int(some(year))
		w.int(some(r.number))
		w.int(some(r.meetingKey))
		w.str(strOrNull(r.name))
		w.int(some(n))
		w.str(strOrNull(names[n].acronym))
		w.str(strOrNull(names[n].fullName))
		w.str(strOrNull(teamOf[n]))
		w.f64(some(roundPts[n]))
		w.f64(some(racePts[n]))
		w.f64(some(sprintPts[n]))
		w.f64(some(t.points))
		w.int(some(pos[n]))
		w.int(some(t.wins))
		w.int(some(t.podiums))
		w.int(some(t.sprintWins))
		w.f64(some(leader - t.points))
		p, ok := pub[n]
		w.f64(opt[float64]{p.points.V, ok && p.points.OK})
		w.int(opt[int]{p.position.V, ok && p.position.OK})
		w.end()
	}
}

func writeTeamStandings(bw *batchWriter, year int, r round, teams map[string]*tally, roundPts map[string]float64, published []champTeamRow) {
	pos := rankTallies(teams)
	order := make([]string, 0, len(teams))
	for n := range teams {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Compare(pos[a], pos[b]) })
	leader := 0.0
	if len(order) > 0 {
		leader = teams[order[0]].points
	}
	pub := map[string]champTeamRow{}
	for _, p := range published {
		pub[p.team] = p
	}
	for _, n := range order {
		t := teams[n]
		w := bw.row()
		w.int(some(year))
		w.int(some(r.number))
		w.int(some(r.meetingKey))
		w.str(strOrNull(r.name))
		w.str(some(n))
		w.f64(some(roundPts[n]))
		w.f64(some(t.points))
		w.int(some(pos[n]))
		w.int(some(t.wins))
		w.int(some(t.podiums))
		w.f64(some(leader - t.points))
		p, ok := pub[n]
		w.f64(opt[float64]{p.points.V, ok && p.points.OK})
		w.int(opt[int]{p.position.V, ok && p.position.OK})
		w.end()
	}
}
