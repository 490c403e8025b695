package sim

import (
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// expectedPoints applies the points rules to a classification computed from
// the laps: 25-18-15-12-10-8-6-4-2-1, sprint 8..1 (3-2-1 in 2021), one
// point for the fastest lap (2019–2024) if its driver is in the top ten.
func expectedPoints(year int, sprint bool, pos int, fastest bool) float64 {
	table := []float64{25, 18, 15, 12, 10, 8, 6, 4, 2, 1}
	if sprint {
		table = []float64{8, 7, 6, 5, 4, 3, 2, 1}
		if year == 2021 {
			table = []float64{3, 2, 1}
		}
	}
	p := 0.0
	if pos >= 1 && pos <= len(table) {
		p = table[pos-1]
	}
	if fastest && !sprint && year >= 2019 && year <= 2024 && pos >= 1 && pos <= 10 {
		p++
	}
	return p
}

func TestRacePointsFollowTheYearsRules(t *testing.T) {
	t.Parallel()
	for _, year := range []int{2021, 2024, 2025} {
		s := season(t, Config{Seed: 9, Year: year, Meetings: 4})
		for _, key := range sessionsOf(s, "Race", "Sprint") {
			sess, _ := s.Session(key)
			sprint := sess.SessionName == "Sprint"
			// the fastest lap, from the laps race control did not delete
			best, bestDrv := 1e9, 0
			deleted := deletedLaps(s, key)
			for _, l := range s.Laps(key) {
				if d, ok := l.LapDuration.Get(); ok && d < best && !deleted[[2]int{l.DriverNumber, l.LapNumber}] {
					best, bestDrv = d, l.DriverNumber
				}
			}
			res := s.SessionResults(key)
			winnerLaps := res[0].NumberOfLaps.V
			total := 0.0
			for _, r := range res {
				pos, classified := r.Position.Get()
				if r.DNF && float64(r.NumberOfLaps.V) < 0.9*float64(winnerLaps) {
					classified = false
				}
				want := 0.0
				if classified && !r.DSQ && !r.DNS {
					want = expectedPoints(year, sprint, pos, r.DriverNumber == bestDrv)
				}
				if got, ok := r.Points.Get(); !ok || got != want {
					t.Errorf("%d %s car %d P%v: points %v, want %v", year, sess.SessionName, r.DriverNumber, pos, r.Points, want)
				}
				total += r.Points.V
			}
			if !sprint && year == 2025 && total != 101 { // 25+18+15+12+10+8+6+4+2+1
				t.Errorf("%d race %d: %v points awarded, want 101", year, key, total)
			}
		}
	}
}

func TestLappedCarsAndGaps(t *testing.T) {
	t.Parallel()
	s := small(t)
	lapped := 0
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		res := s.SessionResults(key)
		winnerLaps := res[0].NumberOfLaps.V
		winnerTime, _ := res[0].Duration.Single().Seconds()
		if g, ok := res[0].GapToLeader.Single().Seconds(); !ok || g != 0 {
			t.Errorf("race %d: winner's gap %v, want 0", key, res[0].GapToLeader)
		}
		prev := 0.0
		for _, r := range res {
			if r.DNF || r.DNS || r.DSQ {
				if !r.Duration.Single().IsNull() || !r.GapToLeader.Single().IsNull() {
					t.Errorf("race %d car %d (dnf %v dns %v dsq %v): duration %v gap %v, want nulls",
						key, r.DriverNumber, r.DNF, r.DNS, r.DSQ, r.Duration, r.GapToLeader)
				}
				continue
			}
			if behind := winnerLaps - r.NumberOfLaps.V; behind > 0 {
				lapped++
				n, ok := r.GapToLeader.Single().LapsBehind()
				if !ok || n != behind || !r.Duration.Single().IsNull() {
					t.Errorf("race %d car %d, %d laps down: gap %v duration %v", key, r.DriverNumber, behind, r.GapToLeader, r.Duration)
				}
				continue
			}
			g, okG := r.GapToLeader.Single().Seconds()
			d, okD := r.Duration.Single().Seconds()
			if !okG || !okD || ms1(d)-ms1(winnerTime) != ms1(g) || g < prev {
				t.Errorf("race %d car %d: duration %v gap %v (winner %v, previous gap %v)", key, r.DriverNumber, d, g, winnerTime, prev)
			}
			prev = g
		}
	}
	if lapped == 0 {
		t.Error("no lapped car in any race: \"+N LAP(S)\" gaps untested")
	}
}

// DNF, DNS and DSQ are rare; look through a few full seasons for each.
func TestNonFinisherRows(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 6 && len(seen) < 3; seed++ {
		s := season(t, Config{Seed: seed})
		for _, key := range sessionsOf(s, "Race", "Sprint") {
			for _, r := range s.SessionResults(key) {
				_, hasPos := r.Position.Get()
				switch {
				case r.DNF:
					seen["dnf"] = true
					if !hasPos {
						t.Errorf("race %d car %d: DNF without a classified position", key, r.DriverNumber)
					}
				case r.DNS:
					seen["dns"] = true
					if hasPos || r.NumberOfLaps.V != 0 || r.Points.V != 0 {
						t.Errorf("race %d car %d: DNS row %+v", key, r.DriverNumber, r)
					}
				case r.DSQ:
					seen["dsq"] = true
					if hasPos || r.Points.V != 0 {
						t.Errorf("race %d car %d: DSQ row with position %v, points %v", key, r.DriverNumber, r.Position, r.Points)
					}
				}
			}
		}
	}
	for _, k := range []string{"dnf", "dns", "dsq"} {
		if !seen[k] {
			t.Errorf("no %s row in six seasons", k)
		}
	}
}

func TestQualifyingEliminations(t *testing.T) {
	t.Parallel()
	for _, drivers := range []int{20, 22} {
		s := season(t, Config{Seed: 5, Year: 2026, Meetings: 3, Drivers: drivers})
		out := (drivers - 10) / 2
		for _, key := range sessionsOf(s, "Qualifying", "Sprint Qualifying") {
			// phase windows from race control, as a user would find them
			var green, flag [4]openf1.Time
			for _, m := range s.RaceControl(key) {
				ph, ok := m.QualifyingPhase.Get()
				if !ok || m.Category.V != "Flag" {
					continue
				}
				switch m.Flag.V {
				case "GREEN":
					green[ph] = m.Date.V
				case "CHEQUERED":
					flag[ph] = m.Date.V
				}
			}
			inPhase := [4]map[int]bool{{}, {}, {}, {}}
			for _, l := range s.Laps(key) {
				st := l.DateStart.V.Time
				for ph := 1; ph <= 3; ph++ {
					if !st.Before(green[ph].Time) && st.Before(flag[ph].Time) {
						inPhase[ph][l.DriverNumber] = true
					}
				}
			}
			res := s.SessionResults(key)
			if len(inPhase[2]) > drivers-out || len(inPhase[3]) > 10 {
				t.Errorf("%d drivers, session %d: %d ran in Q2, %d in Q3", drivers, key, len(inPhase[2]), len(inPhase[3]))
			}
			for i, r := range res {
				ph := r.Duration.Phases()
				if len(ph) != 3 {
					t.Fatalf("session %d: duration %v is not a [Q1,Q2,Q3] array", key, r.Duration)
				}
				pos := i + 1
				reached := 3
				switch {
				case pos > drivers-out:
					reached = 1
				case pos > 10:
					reached = 2
				}
				for k := reached; k < 3; k++ {
					if !ph[k].IsNull() || inPhase[k+1][r.DriverNumber] {
						t.Errorf("%d drivers, P%d car %d: eliminated in Q%d but has Q%d time %v or laps", drivers, pos, r.DriverNumber, reached, k+1, ph[k])
					}
				}
				if _, ok := ph[0].Seconds(); !ok && !r.DNF {
					t.Errorf("P%d car %d: no Q1 time and not DNF", pos, r.DriverNumber)
				}
				for k := 0; k < reached; k++ {
					d, okD := ph[k].Seconds()
					g, okG := r.GapToLeader.Phases()[k].Seconds()
					if okD != okG || (okD && g < 0) {
						t.Errorf("P%d car %d Q%d: duration %v gap %v", pos, r.DriverNumber, k+1, d, g)
					}
				}
			}
		}
	}
}

func TestPracticeResultIsTheBestLap(t *testing.T) {
	t.Parallel()
	s := small(t)
	for _, key := range sessionsOf(s, "Practice 1", "Practice 2", "Practice 3") {
		laps := lapsByDriver(s.Laps(key))
		prev := 0.0
		for i, r := range s.SessionResults(key) {
			best := 1e9
			for _, l := range laps[r.DriverNumber] {
				best = min(best, l.LapDuration.V)
			}
			d, _ := r.Duration.Single().Seconds()
			if d != best || r.NumberOfLaps.V != len(laps[r.DriverNumber]) || d < prev || r.Position.V != i+1 {
				t.Errorf("practice %d P%v car %d: duration %v (best lap %v), %v laps (%d rows)",
					key, r.Position, r.DriverNumber, d, best, r.NumberOfLaps, len(laps[r.DriverNumber]))
			}
			if r.Points.Present() {
				t.Errorf("practice %d car %d: has points", key, r.DriverNumber)
			}
			prev = d
		}
	}
}
