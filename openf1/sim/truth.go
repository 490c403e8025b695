package sim

import "sort"

// Truth is the ground truth behind a season: the model's parameters and
// what actually happened, for tests that check an analysis recovers them.
type Truth struct {
	Seed    uint64
	Year    int
	Version int
	// Degradation is the tyre wear cost per lap of tyre age (s/lap) by
	// compound ("SOFT", "MEDIUM", "HARD"); linear in age.
	Degradation map[string]float64
	// CompoundOffset is each compound's new-tyre pace against MEDIUM (s).
	CompoundOffset map[string]float64
	// FuelEffect is the cost per lap of fuel on board (s/lap): lap n of an
	// N-lap race pays FuelEffect × (N − n).
	FuelEffect float64
	// LapNoiseSD is the standard deviation of a race lap's noise (s).
	LapNoiseSD float64
	// QualifyingGain is how much faster a qualifying push lap is than race
	// pace at equal fuel and tyres (s); TrackEvolution is the grip gained
	// over a qualifying session (s).
	QualifyingGain float64
	TrackEvolution float64
	// OutLapPenalty is the warm-up cost of a race out-lap (s).
	OutLapPenalty float64
	// TeamPace is each team's pace offset (s/lap, 0 = fastest car overall
	// once driver offsets are added); DriverPace is each driver's own offset
	// on top of his team's; DriverTeam maps car numbers to team names.
	TeamPace   map[string]float64
	DriverPace map[int]float64
	DriverTeam map[int]string
	// Sessions lists every session in chronological order.
	Sessions []SessionTruth
	// DriverStandings and TeamStandings are the final championships.
	DriverStandings []DriverStanding
	TeamStandings   []TeamStanding
	// Correction is the late correction of version 2 (nil when the season
	// has no race). In version 1 it describes what version 2 will change.
	Correction *Correction
}

// SessionTruth is what happened in one session.
type SessionTruth struct {
	SessionKey  int
	MeetingKey  int
	Name        string  // "Practice 1", ..., "Race"
	BaseLapTime float64 // the circuit's race base lap time (s)
	// PitLaneTime is the pit lane transit time at the limiter, the stop
	// excluded (s). A race stop costs lane_duration minus the time the car
	// would have needed for the same stretch at racing speed.
	PitLaneTime float64
	// Distance is the scheduled race distance and Laps the laps the winner
	// completed (races and sprints).
	Distance int
	Laps     int
	// SafetyCars are the SC/VSC periods of a race or sprint.
	SafetyCars []Period
	// Classification lists classified drivers by position (in the season's
	// version); Disqualified and NonStarters the others.
	Classification []int
	Disqualified   []int
	NonStarters    []int
	// FastestLap is the race's fastest lap: the quickest lap time race
	// control did not delete (nil outside races and sprints).
	FastestLap *FastestLap
}

// FastestLap identifies a race's fastest lap.
type FastestLap struct {
	DriverNumber int
	Lap          int
	Duration     float64
}

// DriverStanding is a driver's final championship position.
type DriverStanding struct {
	Position     int
	DriverNumber int
	Points       float64
}

// TeamStanding is a team's final championship position.
type TeamStanding struct {
	Position int
	TeamName string
	Points   float64
}

// Truth returns the season's ground truth. The maps and slices are copies.
func (s *Season) Truth() Truth {
	t := s.truth
	t.Degradation = copyMap(t.Degradation)
	t.CompoundOffset = copyMap(t.CompoundOffset)
	t.TeamPace = copyMap(t.TeamPace)
	t.DriverPace = copyMap(t.DriverPace)
	t.DriverTeam = copyMap(t.DriverTeam)
	t.Sessions = append([]SessionTruth(nil), t.Sessions...)
	t.DriverStandings = append([]DriverStanding(nil), t.DriverStandings...)
	t.TeamStandings = append([]TeamStanding(nil), t.TeamStandings...)
	if t.Correction != nil {
		c := *t.Correction
		t.Correction = &c
	}
	return t
}

// Pace returns a driver's total pace offset (team + own, s/lap).
func (t Truth) Pace(driverNumber int) float64 {
	return t.TeamPace[t.DriverTeam[driverNumber]] + t.DriverPace[driverNumber]
}

func copyMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Season) buildTruth() {
	t := Truth{Seed: s.cfg.Seed, Year: s.cfg.Year, Version: s.cfg.Version,
		Degradation: map[string]float64{}, CompoundOffset: map[string]float64{},
		FuelEffect: fuelEffect, LapNoiseSD: lapNoiseSD, QualifyingGain: qualiGain,
		TrackEvolution: trackEvolution, OutLapPenalty: outLapPenalty,
		TeamPace: map[string]float64{}, DriverPace: map[int]float64{}, DriverTeam: map[int]string{}}
	for c := 0; c < nCompounds; c++ {
		t.Degradation[compoundNames[c]] = degradation[c]
		t.CompoundOffset[compoundNames[c]] = compoundOffset[c]
	}
	for _, tm := range s.teams {
		t.TeamPace[tm.name] = tm.pace
	}
	for _, d := range s.drivers {
		t.DriverPace[d.number] = d.pace
		t.DriverTeam[d.number] = s.teams[d.team].name
	}
	for _, ss := range s.sessions {
		c := ss.meeting.circuit
		st := SessionTruth{SessionKey: ss.key, MeetingKey: ss.meeting.key, Name: ss.slot.name,
			BaseLapTime: c.base, PitLaneTime: c.laneTime}
		for _, e := range s.resultOf(ss) {
			n := s.drivers[e.car].number
			switch {
			case e.dsq:
				st.Disqualified = append(st.Disqualified, n)
			case e.dns:
				st.NonStarters = append(st.NonStarters, n)
			default:
				st.Classification = append(st.Classification, n)
			}
		}
		if ss.kind.isRace() {
			st.Distance, st.Laps = ss.distance, ss.lapsRun
			st.SafetyCars = append([]Period(nil), ss.periods...)
			sort.Slice(st.SafetyCars, func(a, b int) bool { return st.SafetyCars[a].StartLap < st.SafetyCars[b].StartLap })
			if ss.fastest.car >= 0 {
				st.FastestLap = &FastestLap{DriverNumber: s.drivers[ss.fastest.car].number, Lap: ss.fastest.lap,
					Duration: seconds(ss.fastest.ms)}
			}
		}
		if ss.correction != nil {
			c := ss.correction.pub
			t.Correction = &c
		}
		t.Sessions = append(t.Sessions, st)
	}
	if f := s.final; f != nil {
		for _, i := range byPosition(f.driverPosNow) {
			t.DriverStandings = append(t.DriverStandings, DriverStanding{f.driverPosNow[i], s.drivers[i].number, f.driverNow[i]})
		}
		for _, i := range byPosition(f.teamPosNow) {
			t.TeamStandings = append(t.TeamStandings, TeamStanding{f.teamPosNow[i], s.teams[i].name, f.teamNow[i]})
		}
	}
	s.truth = t
}
