package sim

import (
	"sort"

	"github.com/pitwall-f1/pitwall/openf1"
)

// ChampionshipDrivers returns the championship_drivers rows of a race or
// sprint session (the API's session_type "Race"): each driver's points and
// position before the session and after it, by position after. Before the
// season's first race or sprint position_start is null.
func (s *Season) ChampionshipDrivers(sessionKey int) []openf1.ChampionshipDriver {
	st := s.standingsFor(sessionKey)
	if st == nil {
		return nil
	}
	ss := s.session(sessionKey)
	idx := byPosition(st.driverPosNow)
	out := make([]openf1.ChampionshipDriver, 0, len(idx))
	for _, i := range idx {
		out = append(out, openf1.ChampionshipDriver{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			DriverNumber: s.drivers[i].number, PositionStart: posAt(st.driverPosStart, i),
			PositionCurrent: posAt(st.driverPosNow, i), PointsStart: openf1.Of(st.driverStart[i]),
			PointsCurrent: openf1.Of(st.driverNow[i])})
	}
	return out
}

// ChampionshipTeams returns the championship_teams rows of a race or sprint
// session, by position after it.
func (s *Season) ChampionshipTeams(sessionKey int) []openf1.ChampionshipTeam {
	st := s.standingsFor(sessionKey)
	if st == nil {
		return nil
	}
	ss := s.session(sessionKey)
	idx := byPosition(st.teamPosNow)
	out := make([]openf1.ChampionshipTeam, 0, len(idx))
	for _, i := range idx {
		out = append(out, openf1.ChampionshipTeam{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			TeamName: openf1.Of(s.teams[i].name), PositionStart: posAt(st.teamPosStart, i),
			PositionCurrent: posAt(st.teamPosNow, i), PointsStart: openf1.Of(st.teamStart[i]),
			PointsCurrent: openf1.Of(st.teamNow[i])})
	}
	return out
}

func (s *Season) standingsFor(key int) *standingsAfter { return s.standings[key] }

func posAt(pos []int, i int) openf1.Nullable[int] {
	if pos == nil {
		return openf1.NullOf[int]()
	}
	return openf1.Of(pos[i])
}

func byPosition(pos []int) []int {
	idx := make([]int, len(pos))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return pos[idx[a]] < pos[idx[b]] })
	return idx
}
