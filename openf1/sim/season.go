package sim

import (
	"sort"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Season is a generated championship season. It is immutable after New and
// safe for concurrent use. Non-telemetry data of the whole season is
// simulated by New (tens of thousands of laps, a few megabytes); endpoint
// rows and telemetry are built on demand from that state.
type Season struct {
	cfg      Config
	teams    []team
	drivers  []driver
	meetings []*meetingSim
	sessions []*sessionSim // chronological
	byKey    map[int]*sessionSim
	// standings after each race/sprint session (both versions are derived
	// from the same simulation; only the correction differs)
	standings map[int]*standingsAfter
	final     *standingsAfter
	truth     Truth
}

// New validates cfg and simulates the season. The error wraps
// ErrInvalidConfig (as a *ConfigError) when cfg is not usable.
func New(cfg Config) (*Season, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	s := &Season{cfg: cfg, byKey: map[int]*sessionSim{}}
	s.teams, s.drivers = buildRoster(cfg.Seed, cfg.Drivers)
	s.buildCalendar()
	for _, ss := range s.sessions {
		s.simulate(ss)
	}
	s.planCorrection()
	s.computeStandings()
	s.buildTruth()
	return s, nil
}

// Config returns the normalized configuration (defaults filled in).
func (s *Season) Config() Config { return s.cfg }

// Version returns the data version (1 as published, 2 corrected).
func (s *Season) Version() int { return s.cfg.Version }

// Corrected returns the same season at data version 2: identical except
// for the late correction described by Truth().Correction. It returns s
// itself when s is already version 2.
func (s *Season) Corrected() *Season {
	if s.cfg.Version == 2 {
		return s
	}
	out := *s
	out.cfg.Version = 2
	out.computeStandings()
	out.buildTruth()
	return &out
}

func (s *Season) buildCalendar() {
	year := s.cfg.Year
	first := firstRaceSunday(year)
	sprints := sprintSlots(s.cfg.Meetings, s.cfg.Sprints)
	for i := 0; i < s.cfg.Meetings; i++ {
		c := &circuits[i]
		m := &meetingSim{index: i, key: meetingKey(year, i), circuit: c, sprint: sprints[i]}
		m.track = trackFor(i)
		raceDay := first.AddDate(0, 0, c.sundayOffset+c.raceDayShift)
		m.raceDay = raceDay.UnixMilli()
		tmpl := normalWeekend
		if m.sprint {
			tmpl = sprintWeekend
		}
		shift := c.raceHour - 15
		for k, sl := range tmpl {
			local := raceDay.AddDate(0, 0, sl.day).Add(time.Duration(sl.hour+shift)*time.Hour + time.Duration(sl.min)*time.Minute)
			start := local.Add(-time.Duration(c.gmtHours) * time.Hour)
			ss := &sessionSim{key: sessionKeyOf(m.key, k), meeting: m, slot: sl, kind: sl.kind,
				start: start.UnixMilli(), end: start.Add(time.Duration(sl.minutes) * time.Minute).UnixMilli()}
			m.sessions = append(m.sessions, ss)
			s.sessions = append(s.sessions, ss)
			s.byKey[ss.key] = ss
		}
		m.dateStart = m.sessions[0].start
		m.dateEnd = m.sessions[len(m.sessions)-1].end
		s.meetings = append(s.meetings, m)
	}
	sort.SliceStable(s.sessions, func(a, b int) bool { return s.sessions[a].start < s.sessions[b].start })
}

func (s *Season) simulate(ss *sessionSim) {
	ss.cars = make([]*carSim, len(s.drivers))
	for i := range s.drivers {
		ss.cars[i] = &carSim{idx: i, drv: &s.drivers[i]}
	}
	switch ss.kind {
	case kindPractice:
		s.simPractice(ss)
	case kindQualifying, kindSprintQualifying:
		s.simQualifying(ss)
	case kindSprint, kindRace:
		// the grid comes from the weekend's matching qualifying session
		want := kindQualifying
		if ss.kind == kindSprint {
			want = kindSprintQualifying
		}
		for _, o := range ss.meeting.sessions {
			if o.kind == want {
				ss.gridFrom = o
			}
		}
		s.simRace(ss)
	}
}

// session returns the simulated session for key.
func (s *Season) session(key int) *sessionSim { return s.byKey[key] }

// Session returns the sessions row for a session key.
func (s *Season) Session(key int) (openf1.Session, bool) {
	ss := s.byKey[key]
	if ss == nil {
		return openf1.Session{}, false
	}
	return s.sessionRow(ss), true
}

// SessionKeys returns all session keys in chronological order.
func (s *Season) SessionKeys() []int {
	out := make([]int, len(s.sessions))
	for i, ss := range s.sessions {
		out[i] = ss.key
	}
	return out
}

// RaceSessionKeys returns the keys of the sessions named "Race", in order.
func (s *Season) RaceSessionKeys() []int {
	var out []int
	for _, ss := range s.sessions {
		if ss.kind == kindRace {
			out = append(out, ss.key)
		}
	}
	return out
}

// noDRS reports whether the year's cars have no DRS (drs is null from 2026).
func (s *Season) noDRS() bool { return s.cfg.Year >= 2026 }
