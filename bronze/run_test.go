package bronze

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// australia2024 loads the fake API with real recordings around the 2024
// Australian GP (meeting 1231, race 9488): the 2023–2025 calendar, drivers
// and session results of every session, and the race's laps, pit stops and
// stints.
func australia2024(t testing.TB) *fakeAPI {
	f := newFakeAPI()
	f.load(t, openf1.EndpointSessions, readFixture(t, fxSessions))
	f.load(t, openf1.EndpointMeetings, readFixture(t, fxMeetings))
	f.load(t, openf1.EndpointDrivers, readFixture(t, fxDrivers))
	f.load(t, openf1.EndpointSessionResult, readFixture(t, "POSTED26__F1-Data/Data_Files/positions.json"))
	f.load(t, openf1.EndpointLaps, readFixture(t, fxLaps9488))
	f.load(t, openf1.EndpointPit, readFixture(t, fxPit9488))
	f.load(t, openf1.EndpointStints, readFixture(t, fxStints9488))
	return f
}

var australiaEndpoints = []openf1.Endpoint{
	openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers,
	openf1.EndpointSessionResult, openf1.EndpointLaps, openf1.EndpointPit, openf1.EndpointStints,
	openf1.EndpointIntervals, openf1.EndpointStartingGrid,
}

var planNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestRunMeetingFewestRequests(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	s := memStore(t)
	x := NewExtractor(api, s)
	plan, err := x.Plan(ctx, PlanRequest{MeetingKeys: []int{1231}, Endpoints: australiaEndpoints, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	if plan.PlanningRequests != 1 || len(plan.Sessions) != 5 {
		t.Fatalf("planning requests %d, sessions %d", plan.PlanningRequests, len(plan.Sessions))
	}
	// meetings+sessions for 2024, one meeting-level request for each of the 5
	// all-session endpoints, intervals for the race only, starting_grid for
	// the qualifying only: 9 requests instead of 9 endpoints × 5 sessions.
	if got := plan.Requests(); got != 9 {
		for _, tk := range plan.Tasks {
			t.Log(tk.ID, tk.Query)
		}
		t.Fatalf("plan has %d requests, want 9", got)
	}
	res, err := x.Run(ctx, plan, RunOptions{RunID: "run1"})
	if err != nil {
		t.Fatal(err)
	}
	// 2 calendar + 5×5 session endpoints + intervals + starting_grid
	if len(res.Partitions) != 29 || res.Count(OutcomeCreated) != 29 || res.Requests != 9 {
		t.Fatalf("result: %s, %d partitions, %d requests", res.Summary(), len(res.Partitions), res.Requests)
	}
	if len(res.Strays) != 0 {
		t.Fatalf("strays: %+v", res.Strays)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	// laps of the race equal the recording, row for row
	m, err := s.Manifest(ctx, PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1231, SessionKey: 9488})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 998 || m.Empty || len(m.Files) != 1 || m.Files[0].Path != "bronze/laps/year=2024/meeting_key=1231/session_key=9488/part-00000.parquet" {
		t.Fatalf("manifest %+v", m)
	}
	if !slices.Equal(m.Requests, []string{"/v1/laps?meeting_key%3D1231"}) {
		t.Fatalf("requests %v", m.Requests)
	}
	recs := readPartition(t, s, m, mem)
	assertRowsMatch(t, openf1.EndpointLaps, jsonRecords(t, readFixture(t, fxLaps9488)), recs, "/v1/laps?meeting_key%3D1231")
	releaseAll(recs)

	// a practice session has no laps in this recording: fetched-but-empty
	m, err = s.Manifest(ctx, PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1231, SessionKey: 9481})
	if err != nil || !m.Empty || m.Rows != 0 || len(m.Files) != 0 {
		t.Fatalf("empty manifest %+v %v", m, err)
	}

	// drivers were split by session from one meeting-level response
	var all []map[string]json.RawMessage
	for _, r := range jsonRecords(t, readFixture(t, fxDrivers)) {
		if string(r["session_key"]) == "9484" {
			all = append(all, r)
		}
	}
	m, err = s.Manifest(ctx, PartitionKey{Endpoint: openf1.EndpointDrivers, Year: 2024, MeetingKey: 1231, SessionKey: 9484})
	if err != nil {
		t.Fatal(err)
	}
	recs = readPartition(t, s, m, mem)
	assertRowsMatch(t, openf1.EndpointDrivers, all, recs, "/v1/drivers?meeting_key%3D1231")
	releaseAll(recs)

	// a second run changes nothing, and leaves manifests byte-identical
	before := manifestSnapshot(t, s)
	plan2, err := x.Plan(ctx, PlanRequest{MeetingKeys: []int{1231}, Endpoints: australiaEndpoints, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	res2, err := x.Run(ctx, plan2, RunOptions{RunID: "run2"})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Count(OutcomeUnchanged) != 29 {
		t.Fatalf("second run: %s", res2.Summary())
	}
	assertSameManifests(t, before, manifestSnapshot(t, s), nil)
}

// manifestSnapshot returns every manifest's bytes by key.
func manifestSnapshot(t testing.TB, s *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := s.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k := range st.Partitions {
		b, err := s.Bucket().ReadAll(ctx, k.ManifestPath())
		if err != nil {
			t.Fatal(err)
		}
		out[k.ManifestPath()] = string(b)
	}
	return out
}

// assertSameManifests checks that manifests are byte-identical except the
// listed keys, which must differ.
func assertSameManifests(t testing.TB, before, after map[string]string, changed []PartitionKey) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("%d manifests before, %d after", len(before), len(after))
	}
	for k, b := range before {
		isChanged := slices.ContainsFunc(changed, func(c PartitionKey) bool { return c.ManifestPath() == k })
		if (after[k] != b) != isChanged {
			t.Fatalf("manifest %s: changed=%v, want %v", k, after[k] != b, isChanged)
		}
	}
}

func TestRunErrorsAreReported(t *testing.T) {
	api := newFakeAPI()
	api.load(t, openf1.EndpointSessions, readFixture(t, fxSessions))
	s := memStore(t)
	x := NewExtractor(api, s)
	plan, err := x.Plan(context.Background(), PlanRequest{SessionKeys: []int{9488}, Endpoints: []openf1.Endpoint{openf1.EndpointLaps}, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	api.tooMuch = func(openf1.Endpoint, openf1.Query, int) bool { return true }
	res, err := x.Run(context.Background(), plan, RunOptions{})
	var re *RunError
	if !errors.As(err, &re) || re.Failed != 1 || !errors.Is(err, openf1.ErrTooMuchData) {
		t.Fatalf("err = %v", err)
	}
	if res.Count(OutcomeFailed) != 1 {
		t.Fatalf("result %s", res.Summary())
	}
	if _, err := s.Manifest(context.Background(), plan.Partitions()[0]); !errors.Is(err, ErrNoManifest) {
		t.Fatalf("a failed partition must stay invisible: %v", err)
	}
}

func TestMeetingTaskSiblingsAndStrays(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	s := memStore(t)
	x := NewExtractor(api, s)
	// two sessions of one meeting: one meeting-level request; the response's
	// rows for the meeting's other sessions are not strays
	plan, err := x.Plan(ctx, PlanRequest{SessionKeys: []int{9488, 9484}, Endpoints: []openf1.Endpoint{openf1.EndpointDrivers}, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Tasks) != 1 || plan.Tasks[0].Kind != TaskMeeting {
		t.Fatalf("tasks %+v", plan.Tasks)
	}
	// the API also sends a row of another meeting (a server bug)
	api.extra = func(ep openf1.Endpoint) []map[string]json.RawMessage {
		return []map[string]json.RawMessage{{"meeting_key": json.RawMessage("1"), "session_key": json.RawMessage("2"), "driver_number": json.RawMessage("3")}}
	}
	res, err := x.Run(ctx, plan, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Strays) != 1 || res.Strays[0].SessionKey != 2 || res.Strays[0].Rows != 1 || res.Strays[0].Request != "/v1/drivers?meeting_key%3D1231" {
		t.Fatalf("strays %+v", res.Strays)
	}
	if res.Count(OutcomeCreated) != 2 || res.Rows() != 19+19 {
		t.Fatalf("%s, %d rows", res.Summary(), res.Rows())
	}
}
