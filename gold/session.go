package gold

import (
	"cmp"
	"fmt"
	"slices"
)

// ComputeSessions computes the session-grain gold tables (SessionTables)
// of the given sessions from silver batches, without a catalog: the pure
// core of BuildSessions. Every session must have its row in in.Sessions
// (else the error matches ErrSessionNotFound); nil sessionKeys means every
// session in in.Sessions. Rows of other sessions in the inputs are
// ignored. The returned Build's batches come from opts.Allocator and are
// owned by the Build (Release it); the inputs stay owned by the caller.
func ComputeSessions(in Inputs, sessionKeys []int, opts BuildOptions) (*Build, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	sessions := decodeSessions(in.Sessions)
	if sessionKeys != nil {
		want := map[int]bool{}
		for _, k := range sessionKeys {
			want[k] = true
		}
		sessions = slices.DeleteFunc(sessions, func(s sessionRow) bool { return !want[s.sessionKey] })
	}
	slices.SortFunc(sessions, func(a, b sessionRow) int { return cmp.Compare(a.sessionKey, b.sessionKey) })
	sessions = slices.CompactFunc(sessions, func(a, b sessionRow) bool { return a.sessionKey == b.sessionKey })
	if sessionKeys != nil {
		found := map[int]bool{}
		for _, s := range sessions {
			found[s.sessionKey] = true
		}
		for _, k := range sessionKeys {
			if !found[k] {
				return nil, fmt.Errorf("%w: %d", ErrSessionNotFound, k)
			}
		}
	}

	keep := map[int]bool{}
	for _, s := range sessions {
		keep[s.sessionKey] = true
	}
	data := groupInputs(in, keep)
	b := &Build{mem: o.Allocator, FuelCorrection: o.FuelCorrection}
	w := newSessionWriters(b)
	for _, s := range sessions {
		b.SessionKeys = append(b.SessionKeys, s.sessionKey)
		d := data.session(s)
		a := analyzeSession(d, o)
		writeLapAnalytics(w.laps, a, o)
		writeDriverSummaries(w.drivers, a)
		writeStints(w.stints, a, o)
		writePitStops(w.pits, a, o)
		if s.isQualifying() {
			writeQualifying(w.quali, a)
		}
		writeSessionSummary(w.summary, a)
		b.Warnings = append(b.Warnings, a.warnings...)
	}
	if err := w.finish(b); err != nil {
		b.Release()
		return nil, err
	}
	return b, nil
}

// groupedInputs are the decoded silver rows, by session.
type groupedInputs struct {
	drivers   map[int][]driverRow
	laps      map[int][]lapRow
	stints    map[int][]stintRow
	pits      map[int][]pitRow
	results   map[int][]resultRow
	rc        map[int][]rcRow
	positions map[int][]positionRow
	weather   map[int][]weatherRow
	overtakes map[int][]overtakeRow
}

// groupInputs decodes the inputs of the sessions in keep (all when nil).
func groupInputs(in Inputs, keep map[int]bool) groupedInputs {
	return groupedInputs{
		drivers:   groupBy(decodeDrivers(in.Drivers, keep), func(r driverRow) int { return r.sessionKey }),
		laps:      groupBy(decodeLaps(in.Laps, keep), func(r lapRow) int { return r.sessionKey }),
		stints:    groupBy(decodeStints(in.Stints), func(r stintRow) int { return r.sessionKey }),
		pits:      groupBy(decodePits(in.PitStops), func(r pitRow) int { return r.sessionKey }),
		results:   groupBy(decodeResults(in.Results, keep), func(r resultRow) int { return r.sessionKey }),
		rc:        groupBy(decodeRaceControl(in.RaceControl, keep), func(r rcRow) int { return r.sessionKey }),
		positions: groupBy(decodePositions(in.Positions), func(r positionRow) int { return r.sessionKey }),
		weather:   groupBy(decodeWeather(in.Weather), func(r weatherRow) int { return r.sessionKey }),
		overtakes: groupBy(decodeOvertakes(in.Overtakes), func(r overtakeRow) int { return r.sessionKey }),
	}
}

// sessionData is everything silver holds about one session.
type sessionData struct {
	s         sessionRow
	drivers   []driverRow
	laps      []lapRow
	stints    []stintRow
	pits      []pitRow
	results   []resultRow
	rc        []rcRow
	positions []positionRow
	weather   []weatherRow
	overtakes []overtakeRow
}

func (g groupedInputs) session(s sessionRow) sessionData {
	k := s.sessionKey
	return sessionData{s: s, drivers: g.drivers[k], laps: g.laps[k], stints: g.stints[k], pits: g.pits[k],
		results: g.results[k], rc: g.rc[k], positions: g.positions[k], weather: g.weather[k],
		overtakes: g.overtakes[k]}
}

// lapInfo is a silver lap with what gold derives for it.
type lapInfo struct {
	lapRow
	deleted, underSC, underVSC, accurate bool
	end                                  opt[int64] // µs
	position                             opt[int]
	gap                                  opt[int64] // ms
	interval                             opt[int64] // ms to the car ahead at the line
	traffic                              bool       // DefTraffic
	fuelCorrected                        opt[float64]
	age                                  opt[int] // tyre age used for degradation
}

// valid reports a lap time that counts (timed and not deleted).
func (l *lapInfo) valid() bool { return l.dur.OK && !l.deleted }

// driverInfo gathers a driver's rows of one session.
type driverInfo struct {
	number                  int
	acronym, fullName, team string
	laps                    []*lapInfo // by lap number
	byLap                   map[int]*lapInfo
	result                  *resultRow
	pits                    []pitRow // by lap
	stints                  []stintRow
	best                    *lapInfo
	median                  opt[float64]
}

func (d *driverInfo) accurate() []float64 {
	var out []float64
	for _, l := range d.laps {
		if l.accurate {
			out = append(out, float64(l.dur.V))
		}
	}
	return out
}

// sessionAnalysis is one session with every derived value the tables need.
type sessionAnalysis struct {
	d        sessionData
	drivers  []*driverInfo // by car number
	byNumber map[int]*driverInfo
	periods  []TrackPeriod
	lastLap  int // highest lap number (the winner's laps in a race)
	fastest  *lapInfo
	scores   map[int]score
	flSource string
	warnings []string
}

// analyzeSession derives lap ends, positions, fuel correction and the
// drivers' bests; deletions, SC/VSC and accuracy are silver's lap flags,
// the SC/VSC periods silver.TrackPeriodsOf's.
func analyzeSession(d sessionData, o BuildOptions) *sessionAnalysis {
	a := &sessionAnalysis{d: d, byNumber: map[int]*driverInfo{}}
	driver := func(n int) *driverInfo {
		if di, ok := a.byNumber[n]; ok {
			return di
		}
		di := &driverInfo{number: n, byLap: map[int]*lapInfo{}}
		a.byNumber[n] = di
		a.drivers = append(a.drivers, di)
		return di
	}
	for _, r := range d.drivers {
		di := driver(r.number)
		di.acronym, di.fullName, di.team = r.acronym, r.fullName, r.team
	}
	for i := range d.results {
		driver(d.results[i].driver).result = &d.results[i]
	}
	a.periods = periodsOf(d.rc, d.laps)
	for _, l := range d.laps {
		a.lastLap = max(a.lastLap, l.lap)
	}
	infos := make([]lapInfo, len(d.laps))
	for i, r := range d.laps {
		di := driver(r.driver)
		if _, dup := di.byLap[r.lap]; dup {
			a.warnings = append(a.warnings, fmt.Sprintf("session %d: duplicate lap %d of driver %d ignored", d.s.sessionKey, r.lap, r.driver))
			continue
		}
		l := &infos[i]
		l.lapRow = r
		// the lap flags are silver's (one definition, in package silver)
		l.deleted, l.accurate = r.silverDeleted, r.silverAccurate
		l.underSC, l.underVSC = r.silverSC, r.silverVSC
		if d.s.isRace() && r.dur.OK {
			l.fuelCorrected = some(float64(r.dur.V) - o.FuelCorrection*1000*float64(a.lastLap-r.lap))
		}
		di.laps = append(di.laps, l)
		di.byLap[r.lap] = l
	}
	for _, p := range d.pits {
		di := driver(p.driver)
		di.pits = append(di.pits, p)
	}
	for _, s := range d.stints {
		di := driver(s.driver)
		di.stints = append(di.stints, s)
	}
	slices.SortFunc(a.drivers, func(x, y *driverInfo) int { return cmp.Compare(x.number, y.number) })
	for _, di := range a.drivers {
		slices.SortFunc(di.laps, func(x, y *lapInfo) int { return cmp.Compare(x.lap, y.lap) })
		slices.SortFunc(di.pits, func(x, y pitRow) int { return cmp.Compare(x.lap, y.lap) })
		slices.SortFunc(di.stints, func(x, y stintRow) int { return cmp.Compare(x.stint, y.stint) })
		for i, l := range di.laps {
			switch {
			case i+1 < len(di.laps) && di.laps[i+1].lap == l.lap+1 && di.laps[i+1].dateStart.OK:
				l.end = di.laps[i+1].dateStart
			case l.dateStart.OK && l.dur.OK:
				l.end = some(l.dateStart.V + l.dur.V*1000)
			}
			if l.valid() && (di.best == nil || l.dur.V < di.best.dur.V) {
				di.best = l
			}
		}
		if s, ok := summarize(di.accurate()); ok {
			di.median = some(s.median)
		}
		assignTyreAges(di)
	}
	a.fastest = fastestLap(a.drivers)
	if d.s.isRace() {
		a.racePositions()
		a.markTraffic()
	} else {
		a.feedPositions()
	}
	a.score()
	return a
}

// assignTyreAges gives each lap the tyre age DefDegradation uses.
func assignTyreAges(di *driverInfo) {
	for _, l := range di.laps {
		if l.tyreAge.OK {
			l.age = l.tyreAge
			continue
		}
		for _, s := range di.stints {
			if l.lap >= s.lapStart && l.lap <= s.lapEnd {
				l.age = some(s.ageAtStart.V + l.lap - s.lapStart)
			}
		}
	}
}

// fastestLap applies DefFastestLap.
func fastestLap(drivers []*driverInfo) *lapInfo {
	var best *lapInfo
	for _, di := range drivers {
		l := di.best
		if l == nil {
			continue
		}
		switch {
		case best == nil || l.dur.V < best.dur.V:
			best = l
		case l.dur.V == best.dur.V && l.end.OK && (!best.end.OK || l.end.V < best.end.V):
			best = l
		}
	}
	return best
}

// racePositions applies DefLapPosition for races: the order in which the
// cars completed each lap, and the time behind the first of them.
func (a *sessionAnalysis) racePositions() {
	byLap := map[int][]*lapInfo{}
	for _, di := range a.drivers {
		for _, l := range di.laps {
			if l.end.OK {
				byLap[l.lap] = append(byLap[l.lap], l)
			}
		}
	}
	for _, ls := range byLap {
		slices.SortStableFunc(ls, func(x, y *lapInfo) int {
			if c := cmp.Compare(x.end.V, y.end.V); c != 0 {
				return c
			}
			return cmp.Compare(x.driver, y.driver)
		})
		for i, l := range ls {
			l.position = some(i + 1)
			l.gap = some((l.end.V - ls[0].end.V) / 1000)
			if i > 0 {
				l.interval = some((l.end.V - ls[i-1].end.V) / 1000)
			}
		}
	}
}

// Traffic thresholds of DefTraffic.
const (
	trafficStartGapMS = 1000
	trafficHeldGapMS  = 500
)

// markTraffic applies DefTraffic.
func (a *sessionAnalysis) markTraffic() {
	for _, di := range a.drivers {
		for i, l := range di.laps {
			if l.interval.OK && l.interval.V < trafficHeldGapMS {
				l.traffic = true
			}
			if i > 0 {
				prev := di.laps[i-1]
				if prev.lap == l.lap-1 && prev.interval.OK && prev.interval.V < trafficStartGapMS {
					l.traffic = true
				}
			}
		}
	}
}

// feedPositions applies DefLapPosition outside races: the timing feed's
// position at the lap end.
func (a *sessionAnalysis) feedPositions() {
	feed := map[int][]positionRow{}
	for _, p := range a.d.positions {
		feed[p.driver] = append(feed[p.driver], p)
	}
	for n, ps := range feed {
		slices.SortStableFunc(ps, func(x, y positionRow) int { return cmp.Compare(x.date, y.date) })
		di := a.byNumber[n]
		if di == nil {
			continue
		}
		for _, l := range di.laps {
			if !l.end.OK {
				continue
			}
			i, _ := slices.BinarySearchFunc(ps, l.end.V, func(p positionRow, t int64) int {
				if p.date <= t {
					return -1
				}
				return 1
			})
			if i > 0 {
				l.position = some(ps[i-1].position)
			}
		}
	}
}

// positionAt returns a driver's race position at the end of a lap; lap 0
// is the grid.
func (a *sessionAnalysis) positionAt(driver, lap int) opt[int] {
	di := a.byNumber[driver]
	if di == nil {
		return opt[int]{}
	}
	if lap == 0 {
		if di.result != nil && di.result.grid.OK && di.result.grid.V > 0 {
			return di.result.grid
		}
		return opt[int]{}
	}
	if l := di.byLap[lap]; l != nil {
		return l.position
	}
	return opt[int]{}
}

// driverAt returns the driver in a race position at the end of a lap.
func (a *sessionAnalysis) driverAt(position, lap int) (int, bool) {
	for _, di := range a.drivers {
		if p := a.positionAt(di.number, lap); p.OK && p.V == position {
			return di.number, true
		}
	}
	return 0, false
}
