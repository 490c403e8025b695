package sim

import "github.com/pitwall-f1/pitwall/openf1"

// SessionResults returns the session_result rows of a session, best first.
// Practice: best lap as duration, gap to the fastest. Qualifying: [Q1, Q2,
// Q3] arrays with null for phases not reached (or without a valid time).
// Races and sprints: total time (penalties included) and gap for cars on the
// winner's lap, "+N LAP(S)" for lapped cars, nulls for DNF/DNS/DSQ, and
// points by the year's rules. In version 2 the corrected race is served
// with its post-race penalty applied.
func (s *Season) SessionResults(sessionKey int) []openf1.SessionResult {
	ss := s.session(sessionKey)
	if ss == nil {
		return nil
	}
	res := s.resultOf(ss)
	out := make([]openf1.SessionResult, 0, len(res))
	var lead [3]int64
	if ss.kind.isQuali() {
		for _, e := range res {
			for k, v := range e.phases {
				if v > 0 && (lead[k] == 0 || v < lead[k]) {
					lead[k] = v
				}
			}
		}
	}
	var winner int64
	for i, e := range res {
		row := openf1.SessionResult{MeetingKey: ss.meeting.key, SessionKey: ss.key,
			DriverNumber: s.drivers[e.car].number, Position: optInt(e.position),
			NumberOfLaps: openf1.Of(e.laps), DNF: e.dnf, DNS: e.dns, DSQ: e.dsq}
		switch {
		case ss.kind == kindPractice:
			if i == 0 {
				winner = e.total
			}
			if e.total > 0 {
				row.Duration = openf1.ResultSingle(openf1.GapSeconds(seconds(e.total)))
				row.GapToLeader = openf1.ResultSingle(openf1.GapSeconds(seconds(e.total - winner)))
			} else {
				row.Duration = openf1.ResultSingle(openf1.GapNull())
				row.GapToLeader = openf1.ResultSingle(openf1.GapNull())
			}
		case ss.kind.isQuali():
			var d, g [3]openf1.Gap
			for k, v := range e.phases {
				d[k], g[k] = openf1.GapNull(), openf1.GapNull()
				if v > 0 {
					d[k] = openf1.GapSeconds(seconds(v))
					g[k] = openf1.GapSeconds(seconds(v - lead[k]))
				}
			}
			row.Duration = openf1.ResultPhases(d[:]...)
			row.GapToLeader = openf1.ResultPhases(g[:]...)
		default:
			row.Points = openf1.Of(e.points)
			if e.position == 1 {
				winner = e.total
			}
			switch {
			case e.dnf || e.dns || e.dsq:
				row.Duration = openf1.ResultSingle(openf1.GapNull())
				row.GapToLeader = openf1.ResultSingle(openf1.GapNull())
			case e.behind > 0:
				row.Duration = openf1.ResultSingle(openf1.GapNull())
				row.GapToLeader = openf1.ResultSingle(openf1.GapLaps(e.behind))
			default:
				row.Duration = openf1.ResultSingle(openf1.GapSeconds(seconds(e.total)))
				row.GapToLeader = openf1.ResultSingle(openf1.GapSeconds(seconds(e.total - winner)))
			}
		}
		out = append(out, row)
	}
	return out
}
