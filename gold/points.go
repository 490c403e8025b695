package gold

// PointsRules are the championship points of one season.
type PointsRules struct {
	Year int
	// Race and Sprint are the points for positions 1, 2, ... of a Grand
	// Prix and of a sprint; positions past the end score nothing.
	Race   []float64
	Sprint []float64
	// FastestLapPoint is the point for the fastest lap of a Grand Prix,
	// given only when its driver is classified in the top ten
	// (FastestLapMaxPosition). Sprints never award it.
	FastestLapPoint       float64
	FastestLapMaxPosition int
}

// RulesFor returns the points rules of a season (FIA Sporting Regulations):
//
//   - Grand Prix: 25-18-15-12-10-8-6-4-2-1 for the top ten (since 2010);
//   - fastest lap: one point, to a driver classified in the top ten,
//     from 2019 to 2024; abolished from 2025;
//   - sprint: 3-2-1 in 2021 (then called sprint qualifying),
//     8-7-6-5-4-3-2-1 from 2022; no sprints before 2021.
//
// Reduced points for races stopped short of 75 % distance are not applied
// (no race of 2022–2025 needed them); the cross-check against published
// points reports such a race if one appears.
func RulesFor(year int) PointsRules {
	r := PointsRules{Year: year, Race: []float64{25, 18, 15, 12, 10, 8, 6, 4, 2, 1}}
	switch {
	case year >= 2022:
		r.Sprint = []float64{8, 7, 6, 5, 4, 3, 2, 1}
	case year == 2021:
		r.Sprint = []float64{3, 2, 1}
	}
	if year >= 2019 && year <= 2024 {
		r.FastestLapPoint, r.FastestLapMaxPosition = 1, 10
	}
	return r
}

// PositionPoints returns the points for a classified position in a Grand
// Prix (sprint false) or a sprint.
func (r PointsRules) PositionPoints(sprint bool, position int) float64 {
	table := r.Race
	if sprint {
		table = r.Sprint
	}
	if position < 1 || position > len(table) {
		return 0
	}
	return table[position-1]
}

// FastestLapEligible reports whether the fastest lap scores for a driver
// classified in position (0 when not classified) in this kind of session.
func (r PointsRules) FastestLapEligible(sprint bool, position int) bool {
	return !sprint && r.FastestLapPoint > 0 && position >= 1 && position <= r.FastestLapMaxPosition
}
