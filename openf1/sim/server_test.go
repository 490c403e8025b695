package sim_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// The fake server serves a simulated season and the client reads all 18
// endpoints back: every row the simulator has arrives, decoded.
func TestServerServesTheSeasonToTheClient(t *testing.T) {
	t.Parallel()
	season, err := sim.New(sim.Config{Seed: 3, Year: 2024, Meetings: 2, Telemetry: true, Quirks: sim.AllQuirks()})
	if err != nil {
		t.Fatal(err)
	}
	srv := openf1test.NewServer(season)
	defer srv.Close()
	c, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	race := season.RaceSessionKeys()[0]
	var quali int
	for _, s := range season.Sessions() {
		if s.SessionName == "Qualifying" && quali == 0 {
			quali = s.SessionKey
		}
	}
	meeting := season.Meetings()[0].MeetingKey
	sk, qk, mk := openf1.Key(race), openf1.Key(quali), openf1.Key(meeting)
	drv := openf1.Eq(44)
	count := func(seq func(func(openf1.CarData) bool)) int {
		n := 0
		for range seq {
			n++
		}
		return n
	}
	locs := 0
	for range season.Location(race, 44) {
		locs++
	}
	type check struct {
		ep   openf1.Endpoint
		want int
		got  func() (int, error)
	}
	n := func(l int, err error) (int, error) { return l, err }
	checks := []check{
		{openf1.EndpointCarData, count(season.CarData(race, 44)), func() (int, error) {
			r, err := c.CarData(ctx, openf1.CarDataFilter{SessionKey: sk, DriverNumber: drv})
			return n(len(r), err)
		}},
		{openf1.EndpointChampionshipDrivers, len(season.ChampionshipDrivers(race)), func() (int, error) {
			r, err := c.ChampionshipDrivers(ctx, openf1.ChampionshipDriversFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointChampionshipTeams, len(season.ChampionshipTeams(race)), func() (int, error) {
			r, err := c.ChampionshipTeams(ctx, openf1.ChampionshipTeamsFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointDrivers, len(season.Drivers(race)), func() (int, error) {
			r, err := c.Drivers(ctx, openf1.DriversFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointIntervals, len(season.Intervals(race)), func() (int, error) {
			r, err := c.Intervals(ctx, openf1.IntervalsFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointLaps, len(season.Laps(race)), func() (int, error) {
			r, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointLocation, locs, func() (int, error) {
			r, err := c.Location(ctx, openf1.LocationFilter{SessionKey: sk, DriverNumber: drv})
			return n(len(r), err)
		}},
		{openf1.EndpointMeetings, 1, func() (int, error) {
			r, err := c.Meetings(ctx, openf1.MeetingsFilter{MeetingKey: mk})
			return n(len(r), err)
		}},
		{openf1.EndpointOvertakes, len(season.Overtakes(race)), func() (int, error) {
			r, err := c.Overtakes(ctx, openf1.OvertakesFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointPit, len(season.Pits(race)), func() (int, error) {
			r, err := c.Pit(ctx, openf1.PitFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointPosition, len(season.Positions(race)), func() (int, error) {
			r, err := c.Position(ctx, openf1.PositionFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointRaceControl, len(season.RaceControl(race)), func() (int, error) {
			r, err := c.RaceControl(ctx, openf1.RaceControlFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointSessionResult, len(season.SessionResults(race)), func() (int, error) {
			r, err := c.SessionResult(ctx, openf1.SessionResultFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointSessions, 5, func() (int, error) {
			r, err := c.Sessions(ctx, openf1.SessionsFilter{MeetingKey: mk})
			return n(len(r), err)
		}},
		{openf1.EndpointStartingGrid, len(season.StartingGrid(quali)), func() (int, error) {
			r, err := c.StartingGrid(ctx, openf1.StartingGridFilter{SessionKey: qk})
			return n(len(r), err)
		}},
		{openf1.EndpointStints, len(season.Stints(race)), func() (int, error) {
			r, err := c.Stints(ctx, openf1.StintsFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointTeamRadio, len(season.TeamRadio(race)), func() (int, error) {
			r, err := c.TeamRadio(ctx, openf1.TeamRadioFilter{SessionKey: sk})
			return n(len(r), err)
		}},
		{openf1.EndpointWeather, len(season.Weather(race)), func() (int, error) {
			r, err := c.Weather(ctx, openf1.WeatherFilter{SessionKey: sk})
			return n(len(r), err)
		}},
	}
	if len(checks) != len(openf1.Endpoints()) {
		t.Fatalf("%d checks for %d endpoints", len(checks), len(openf1.Endpoints()))
	}
	for _, ch := range checks {
		got, err := ch.got()
		if err != nil {
			t.Errorf("%s: %v", ch.ep, err)
			continue
		}
		if ch.want == 0 || got != ch.want {
			t.Errorf("%s: client read %d rows, simulator has %d", ch.ep, got, ch.want)
		}
	}
	// the records arrive as the simulator encoded them
	laps, err := c.Laps(ctx, openf1.LapsFilter{SessionKey: sk, DriverNumber: drv})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range season.Laps(race) {
		if l.DriverNumber == 44 {
			b, _ := json.Marshal(l)
			want[string(b)] = true
		}
	}
	for _, l := range laps {
		if b, _ := json.Marshal(l); !want[string(b)] {
			t.Errorf("lap %d re-encodes to %s, not a simulator record", l.LapNumber, b)
		}
	}
	if len(laps) != len(want) {
		t.Errorf("%d laps for car 44, want %d", len(laps), len(want))
	}
}
