package bronze

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestPlanJSONAndSplit(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	withCarData(t, api)
	x := NewExtractor(api, memStore(t))
	plan, err := x.Plan(ctx, PlanRequest{MeetingKeys: []int{1229, 1231}, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	var back Plan
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Tasks, plan.Tasks) || back.Requests() != plan.Requests() || len(back.Sessions) != 10 {
		t.Fatal("plan does not survive a JSON round trip")
	}

	parts := plan.Split(3)
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	seen := map[PartitionKey]int{}
	total, most, least := 0, 0, plan.Requests()
	for _, p := range parts {
		for _, k := range p.Partitions() {
			seen[k]++
		}
		total += p.Requests()
		most, least = max(most, p.Requests()), min(least, p.Requests())
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("partition %s in %d parts", k, n)
		}
	}
	if len(seen) != len(plan.Partitions()) || total != plan.Requests() {
		t.Fatalf("split lost work: %d partitions, %d requests", len(seen), total)
	}
	// greedy balancing: no part exceeds another by more than the largest task
	largest := 0
	for _, tk := range plan.Tasks {
		largest = max(largest, tk.Requests())
	}
	if most-least > largest {
		t.Fatalf("unbalanced split: %d vs %d requests", most, least)
	}

	// the parts run independently, as separate workers would, into one store
	s := memStore(t)
	for _, p := range parts {
		if _, err := NewExtractor(api, s).Run(ctx, p, RunOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := assertConsistent(t, s); len(got) != len(plan.Partitions()) {
		t.Fatalf("%d partitions written, plan has %d", len(got), len(plan.Partitions()))
	}
}

func TestSessionClasses(t *testing.T) {
	grid, _ := openf1.LookupEndpoint(openf1.EndpointStartingGrid)
	intervals, _ := openf1.LookupEndpoint(openf1.EndpointIntervals)
	laps, _ := openf1.LookupEndpoint(openf1.EndpointLaps)
	cases := []struct {
		typ, name       string
		race, qualifier bool
	}{
		{"Race", "Race", true, false},
		{"Race", "Sprint", true, false},                    // 2023+ sprint race
		{"Qualifying", "Sprint Shootout", false, true},     // 2023 sprint shootout
		{"Qualifying", "Sprint Qualifying", false, true},   // 2024+ sprint qualifying
		{"Sprint Qualifying", "Sprint", true, true},        // older labels: ambiguous → both
		{"Sprint Shootout", "Sprint Shootout", true, true}, // "
		{"Practice", "Day 1", false, false},                // testing
		{"Practice", "Practice 3", false, false},
		{"", "Mystery", true, true}, // unknown: never skip
	}
	for _, c := range cases {
		s := SessionRef{Type: c.typ, Name: c.name}
		if applies(intervals, s) != c.race || applies(grid, s) != c.qualifier || !applies(laps, s) {
			t.Errorf("%s/%s: race %v qualifying %v", c.typ, c.name, applies(intervals, s), applies(grid, s))
		}
	}
}

func TestTelemetryWindowsCoverSession(t *testing.T) {
	ws := telemetryWindows(race9488, 30*time.Minute, 30*time.Minute)
	if len(ws) != 6 || ws[0].From != race9488.DateStart.Add(-30*time.Minute) || ws[5].To != race9488.DateEnd.Add(30*time.Minute) {
		t.Fatalf("%+v", ws)
	}
	for i := 1; i < len(ws); i++ {
		if ws[i].From != ws[i-1].To || ws[i].OpenFrom || ws[i-1].OpenTo {
			t.Fatalf("gap or overlap at %d: %+v", i, ws)
		}
	}
	// a span that is not a multiple of the window: the last one is shorter
	ws = telemetryWindows(race9488, 50*time.Minute, 0)
	if len(ws) != 3 || ws[2].To != race9488.DateEnd || !ws[2].OpenTo {
		t.Fatalf("%+v", ws)
	}
}
