package sim

import "sort"

// Points rules. Races: 25-18-15-12-10-8-6-4-2-1 for the top ten, plus one
// point for the fastest lap when its driver finishes in the top ten
// (2019–2024 only). Sprints: 8-7-6-5-4-3-2-1 from 2022, 3-2-1 in 2021.
var (
	racePoints       = []float64{25, 18, 15, 12, 10, 8, 6, 4, 2, 1}
	sprintPoints     = []float64{8, 7, 6, 5, 4, 3, 2, 1}
	sprintPoints2021 = []float64{3, 2, 1}
)

// pointsFor returns the points for a classified position.
func pointsFor(year int, sprint bool, pos int) float64 {
	table := racePoints
	if sprint {
		table = sprintPoints
		if year == 2021 {
			table = sprintPoints2021
		}
	}
	if pos < 1 || pos > len(table) {
		return 0
	}
	return table[pos-1]
}

// flBonus reports whether the year awards a point for the fastest lap.
func flBonus(year int) bool { return year >= 2019 && year <= 2024 }

// standingsAfter holds both championships before and after one race or
// sprint session. Slices are indexed by roster (drivers) or team index;
// positions are 0 when there is no standing yet.
type standingsAfter struct {
	session        int
	driverStart    []float64
	driverNow      []float64
	driverPosStart []int
	driverPosNow   []int
	teamStart      []float64
	teamNow        []float64
	teamPosStart   []int
	teamPosNow     []int
}

// resultOf returns a session's classification in the season's version.
func (s *Season) resultOf(ss *sessionSim) []resultEntry {
	if s.cfg.Version >= 2 && ss.correction != nil {
		return ss.correction.result
	}
	return ss.result
}

// computeStandings accumulates points session by session. Ties are broken
// by countback on Grand Prix results (most wins, then most seconds, ...),
// then by car number (drivers) or team order.
func (s *Season) computeStandings() {
	nd, nt := len(s.drivers), len(s.teams)
	pts := make([]float64, nd)
	tpts := make([]float64, nt)
	count := make([][]int, nd) // count[i][p-1]: GP finishes in position p
	tcount := make([][]int, nt)
	for i := range count {
		count[i] = make([]int, len(s.drivers)+1)
	}
	for i := range tcount {
		tcount[i] = make([]int, len(s.drivers)+1)
	}
	var posD, posT []int
	s.standings = map[int]*standingsAfter{}
	s.final = nil
	for _, ss := range s.sessions {
		if !ss.kind.isRace() {
			continue
		}
		st := &standingsAfter{session: ss.key,
			driverStart: append([]float64(nil), pts...), teamStart: append([]float64(nil), tpts...),
			driverPosStart: posD, teamPosStart: posT}
		for _, e := range s.resultOf(ss) {
			pts[e.car] += e.points
			tpts[s.drivers[e.car].team] += e.points
			if ss.kind == kindRace && e.position > 0 {
				count[e.car][e.position-1]++
				tcount[s.drivers[e.car].team][e.position-1]++
			}
		}
		posD = rank(pts, count, func(i int) int { return s.drivers[i].number })
		posT = rank(tpts, tcount, func(i int) int { return i })
		st.driverNow = append([]float64(nil), pts...)
		st.teamNow = append([]float64(nil), tpts...)
		st.driverPosNow, st.teamPosNow = posD, posT
		s.standings[ss.key] = st
		s.final = st
	}
}

// rank returns 1-based positions by points, countback, then tie key.
func rank(pts []float64, count [][]int, tie func(int) int) []int {
	idx := make([]int, len(pts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := idx[a], idx[b]
		if pts[x] != pts[y] {
			return pts[x] > pts[y]
		}
		for p := range count[x] {
			if count[x][p] != count[y][p] {
				return count[x][p] > count[y][p]
			}
		}
		return tie(x) < tie(y)
	})
	pos := make([]int, len(pts))
	for r, i := range idx {
		pos[i] = r + 1
	}
	return pos
}
