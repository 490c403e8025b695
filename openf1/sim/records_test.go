package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// models maps each endpoint to its openf1 record type.
var models = map[openf1.Endpoint]any{
	openf1.EndpointCarData:             openf1.CarData{},
	openf1.EndpointChampionshipDrivers: openf1.ChampionshipDriver{},
	openf1.EndpointChampionshipTeams:   openf1.ChampionshipTeam{},
	openf1.EndpointDrivers:             openf1.Driver{},
	openf1.EndpointIntervals:           openf1.Interval{},
	openf1.EndpointLaps:                openf1.Lap{},
	openf1.EndpointLocation:            openf1.Location{},
	openf1.EndpointMeetings:            openf1.Meeting{},
	openf1.EndpointOvertakes:           openf1.Overtake{},
	openf1.EndpointPit:                 openf1.Pit{},
	openf1.EndpointPosition:            openf1.Position{},
	openf1.EndpointRaceControl:         openf1.RaceControl{},
	openf1.EndpointSessionResult:       openf1.SessionResult{},
	openf1.EndpointSessions:            openf1.Session{},
	openf1.EndpointStartingGrid:        openf1.StartingGrid{},
	openf1.EndpointStints:              openf1.Stint{},
	openf1.EndpointTeamRadio:           openf1.TeamRadio{},
	openf1.EndpointWeather:             openf1.Weather{},
}

func collect(t testing.TB, s *Season, ep openf1.Endpoint, q openf1.Query) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for b, err := range s.Records(context.Background(), ep, q) {
		if err != nil {
			t.Fatalf("%s %s: %v", ep, q, err)
		}
		out = append(out, b)
	}
	return out
}

// queryFor picks a session where the endpoint has data.
func queryFor(s *Season, ep openf1.Endpoint) openf1.Query {
	race := sessionsOf(s, "Race")[0]
	switch ep {
	case openf1.EndpointMeetings, openf1.EndpointSessions:
		return openf1.Query{}.Eq("meeting_key", s.Meetings()[0].MeetingKey)
	case openf1.EndpointStartingGrid:
		return openf1.Query{}.Eq("session_key", sessionsOf(s, "Qualifying")[0])
	case openf1.EndpointCarData, openf1.EndpointLocation:
		return openf1.Query{}.Eq("session_key", race).Eq("driver_number", 44)
	}
	return openf1.Query{}.Eq("session_key", race)
}

func TestEveryEndpointYieldsDecodableRows(t *testing.T) {
	t.Parallel()
	s := season(t, Config{Seed: 42, Year: 2024, Meetings: 2, Telemetry: true, Quirks: AllQuirks()})
	eps := openf1.Endpoints()
	if len(eps) != 18 {
		t.Fatalf("%d endpoints in the registry", len(eps))
	}
	for _, info := range eps {
		model, ok := models[info.Name]
		if !ok {
			t.Fatalf("no model for %s", info.Name)
		}
		rows := collect(t, s, info.Name, queryFor(s, info.Name))
		if len(rows) == 0 {
			t.Errorf("%s: no rows", info.Name)
			continue
		}
		for i, b := range rows {
			if info.Telemetry && i%10 != 0 { // tens of thousands of alike rows
				continue
			}
			v := reflect.New(reflect.TypeOf(model))
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v.Interface()); err != nil {
				t.Fatalf("%s: %s: %v", info.Name, b, err)
			}
			// the record is exactly the model's encoding
			if again, err := json.Marshal(v.Interface()); err != nil || !bytes.Equal(again, b) {
				t.Fatalf("%s: record\n%s\nre-encodes as\n%s (%v)", info.Name, b, again, err)
			}
			// every field the record carries is in the registry
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(b, &fields); err != nil {
				t.Fatal(err)
			}
			for name := range fields {
				if _, ok := info.Field(name); !ok {
					t.Fatalf("%s: field %q not in the endpoint registry", info.Name, name)
				}
			}
			for _, f := range info.Fields {
				if raw, present := fields[f.Name]; (!present && !f.Optional) || (string(raw) == "null" && !f.Nullable) {
					t.Fatalf("%s: field %s is %s in %s", info.Name, f.Name, raw, b)
				}
			}
		}
	}
}

func TestRecordsNarrowing(t *testing.T) {
	t.Parallel()
	s := small(t)
	race := sessionsOf(s, "Race")[0]
	all := collect(t, s, openf1.EndpointLaps, openf1.Query{}.Eq("session_key", race))
	two := collect(t, s, openf1.EndpointLaps, openf1.Query{}.Eq("session_key", race).Eq("driver_number", 1, 44))
	var want []json.RawMessage
	for _, b := range all {
		var l openf1.Lap
		json.Unmarshal(b, &l)
		if l.DriverNumber == 1 || l.DriverNumber == 44 {
			want = append(want, b)
		}
	}
	if len(two) == 0 || !reflect.DeepEqual(two, want) {
		t.Errorf("driver_number=1|44: %d rows, want the %d matching rows of the session", len(two), len(want))
	}
	meeting := s.Meetings()[1].MeetingKey
	for _, b := range collect(t, s, openf1.EndpointSessions, openf1.Query{}.Eq("meeting_key", meeting)) {
		var ss openf1.Session
		json.Unmarshal(b, &ss)
		if ss.MeetingKey != meeting {
			t.Errorf("meeting_key=%d gave session of meeting %d", meeting, ss.MeetingKey)
		}
	}
	last := s.Sessions()[len(s.Sessions())-1]
	latest := collect(t, s, openf1.EndpointSessions, openf1.Query{}.Eq("session_key", openf1.Latest))
	if len(latest) != 1 || !bytes.Contains(latest[0], []byte(`"session_key":`+itoa(last.SessionKey))) {
		t.Errorf("session_key=latest: %s, want session %d", latest, last.SessionKey)
	}
	empty := []struct {
		ep openf1.Endpoint
		q  openf1.Query
	}{
		{openf1.EndpointMeetings, openf1.Query{}.Eq("session_key", race)},     // no such field
		{openf1.EndpointWeather, openf1.Query{}.Eq("driver_number", 1)},       // no such field
		{openf1.EndpointLaps, openf1.Query{}.Eq("session_key", "abc")},        // not a number
		{openf1.EndpointLaps, openf1.Query{}.Eq("session_key", 1)},            // unknown session
		{openf1.Endpoint("tyres"), openf1.Query{}},                            // unknown endpoint
		{openf1.EndpointIntervals, openf1.Query{}.Eq("session_key", race-1)},  // qualifying
		{openf1.EndpointStartingGrid, openf1.Query{}.Eq("session_key", race)}, // keyed by qualifying
		{openf1.EndpointCarData, openf1.Query{}.Eq("session_key", race)},      // telemetry off
	}
	for _, c := range empty {
		if rows := collect(t, s, c.ep, c.q); len(rows) != 0 {
			t.Errorf("%s?%s: %d rows, want none", c.ep, c.q, len(rows))
		}
	}
	// a range next to an equality widens the match: no narrowing
	if n := len(collect(t, s, openf1.EndpointLaps, openf1.Query{}.Eq("driver_number", 1).Where("driver_number", openf1.OpGt, 50).Eq("session_key", race))); n != len(all) {
		t.Errorf("driver_number=1 OR >50 narrowed Records to %d rows, want all %d", n, len(all))
	}
	// other predicates are left to the server
	if n := len(collect(t, s, openf1.EndpointLaps, openf1.Query{}.Eq("session_key", race).Where("lap_number", openf1.OpGt, 50))); n != len(all) {
		t.Errorf("lap_number>50 narrowed Records to %d rows", n)
	}
}

func TestRecordsStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	s := telemetrySeason(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var gotErr error
	for b, err := range s.Records(ctx, openf1.EndpointCarData, nil) {
		if err != nil {
			gotErr = err
			break
		}
		if b == nil {
			t.Fatal("nil record without error")
		}
		if n++; n == 1000 {
			cancel()
		}
	}
	if !errors.Is(gotErr, context.Canceled) || n > 1300 {
		t.Errorf("after cancel: %d rows, error %v", n, gotErr)
	}
}
