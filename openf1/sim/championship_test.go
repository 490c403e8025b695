package sim

import (
	"testing"
)

func TestStandingsAgreeWithResults(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 11, Year: 2024, Meetings: 5})
	points := map[int]float64{}
	teamOf := map[int]string{}
	for _, d := range s.Drivers(s.SessionKeys()[0]) {
		teamOf[d.DriverNumber] = d.TeamName.V
	}
	first := true
	for _, key := range sessionsOf(s, "Race", "Sprint") {
		got := map[int]float64{}
		for _, r := range s.SessionResults(key) {
			got[r.DriverNumber] = r.Points.V
		}
		rows := s.ChampionshipDrivers(key)
		if len(rows) != len(teamOf) {
			t.Fatalf("session %d: %d championship rows", key, len(rows))
		}
		team := map[string]float64{}
		prevPts := 1e9
		for i, r := range rows {
			if r.PointsStart.V != points[r.DriverNumber] {
				t.Errorf("session %d car %d: points_start %v, previous points_current %v", key, r.DriverNumber, r.PointsStart.V, points[r.DriverNumber])
			}
			if r.PointsCurrent.V-r.PointsStart.V != got[r.DriverNumber] {
				t.Errorf("session %d car %d: %v → %v, scored %v", key, r.DriverNumber, r.PointsStart.V, r.PointsCurrent.V, got[r.DriverNumber])
			}
			if r.PositionCurrent.V != i+1 || r.PointsCurrent.V > prevPts {
				t.Errorf("session %d: row %d is P%v with %v points after %v", key, i, r.PositionCurrent, r.PointsCurrent.V, prevPts)
			}
			if _, ok := r.PositionStart.Get(); ok == first {
				t.Errorf("session %d car %d: position_start %v (first scoring session: %v)", key, r.DriverNumber, r.PositionStart, first)
			}
			prevPts = r.PointsCurrent.V
			points[r.DriverNumber] = r.PointsCurrent.V
			team[teamOf[r.DriverNumber]] += r.PointsCurrent.V
		}
		for _, r := range s.ChampionshipTeams(key) {
			if r.PointsCurrent.V != team[r.TeamName.V] {
				t.Errorf("session %d %s: %v points, drivers have %v", key, r.TeamName.V, r.PointsCurrent.V, team[r.TeamName.V])
			}
		}
		first = false
	}
	tr := s.Truth()
	for _, st := range tr.DriverStandings {
		if points[st.DriverNumber] != st.Points {
			t.Errorf("truth: car %d has %v points, endpoint %v", st.DriverNumber, st.Points, points[st.DriverNumber])
		}
	}
	if len(s.ChampionshipDrivers(sessionsOf(s, "Qualifying")[0])) != 0 {
		t.Error("qualifying has championship rows")
	}
}
