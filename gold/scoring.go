package gold

import "fmt"

// Sources of a session's fastest lap for the fastest-lap point.
const (
	flFromLaps      = "laps"
	flFromPublished = "published_points"
	flNone          = "none"
)

// score is what one driver scored in one race or sprint.
type score struct {
	position  int // scoring classified position, 0 when not classified
	points    float64
	flPoint   bool
	published opt[float64]
}

// classifiedPosition is a result's position if it counts for points: a DNF
// is classified only when he covered at least 90% of the winner's laps.
func classifiedPosition(r resultRow, winnerLaps int) int {
	if !r.position.OK || r.position.V < 1 || r.dsq || r.dns {
		return 0
	}
	if r.dnf && r.laps.OK && winnerLaps > 0 && float64(r.laps.V) < 0.9*float64(winnerLaps) {
		return 0
	}
	return r.position.V
}

func winnerLaps(results []resultRow) int {
	w := 0
	for _, r := range results {
		if r.position.OK && r.position.V == 1 && r.laps.OK {
			return r.laps.V
		}
		if r.laps.OK {
			w = max(w, r.laps.V)
		}
	}
	return w
}

// scoreSession applies the points rules to one race or sprint. flDriver is
// the fastest-lap holder (0 when unknown).
func scoreSession(rules PointsRules, sprint bool, results []resultRow, flDriver int) map[int]score {
	wl := winnerLaps(results)
	out := make(map[int]score, len(results))
	for _, r := range results {
		pos := classifiedPosition(r, wl)
		s := score{position: pos, points: rules.PositionPoints(sprint, pos), published: r.points}
		if flDriver != 0 && r.driver == flDriver && rules.FastestLapEligible(sprint, pos) {
			s.flPoint = true
			s.points += rules.FastestLapPoint
		}
		out[r.driver] = s
	}
	return out
}

// inferFastestLap finds the fastest-lap holder from published points when
// the laps are not available: the one top-ten driver whose published points
// exceed his position's by exactly the fastest-lap point.
func inferFastestLap(rules PointsRules, sprint bool, results []resultRow) (int, bool) {
	if sprint || rules.FastestLapPoint == 0 {
		return 0, false
	}
	wl := winnerLaps(results)
	found := 0
	for _, r := range results {
		pos := classifiedPosition(r, wl)
		if !r.points.OK || !rules.FastestLapEligible(sprint, pos) {
			continue
		}
		if r.points.V-rules.PositionPoints(sprint, pos) == rules.FastestLapPoint {
			if found != 0 {
				return 0, false
			}
			found = r.driver
		}
	}
	return found, found != 0
}

// fastestLapHolder decides who holds the fastest lap of a race: the laps
// when there are any, else the published points. It returns the driver
// (0 when unknown), where it came from, and a warning when the laps were
// missing.
func fastestLapHolder(rules PointsRules, s sessionRow, fastest *lapInfo, results []resultRow) (int, string, string) {
	if fastest != nil {
		return fastest.driver, flFromLaps, ""
	}
	if rules.FastestLapPoint == 0 || !s.isRace() || s.sprint {
		return 0, flNone, ""
	}
	if d, ok := inferFastestLap(rules, s.sprint, results); ok {
		return d, flFromPublished, fmt.Sprintf("session %d: no laps; fastest-lap point taken from published points (driver %d)", s.sessionKey, d)
	}
	return 0, flNone, fmt.Sprintf("session %d: no laps and no published fastest-lap point; none awarded", s.sessionKey)
}

// score fills a.scores for races and sprints.
func (a *sessionAnalysis) score() {
	s := a.d.s
	if !s.isRace() {
		return
	}
	rules := RulesFor(s.year)
	fl, src, warn := fastestLapHolder(rules, s, a.fastest, a.d.results)
	if warn != "" {
		a.warnings = append(a.warnings, warn)
	}
	a.flSource = src
	a.scores = scoreSession(rules, s.sprint, a.d.results, fl)
}
