package bronze

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// seasonSource serves a simulated season that a test can swap for its
// corrected version (the API re-publishing data weeks later).
type seasonSource struct{ cur atomic.Pointer[sim.Season] }

func (s *seasonSource) Records(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
	return s.cur.Load().Records(ctx, ep, q)
}

// simNow is after the whole simulated 2025 season.
var simNow = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

func simServer(t testing.TB, cfg sim.Config) (*seasonSource, *sim.Season, *openf1.Client) {
	t.Helper()
	season, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src := &seasonSource{}
	src.cur.Store(season)
	srv := openf1test.NewServer(src, openf1test.WithNow(func() time.Time { return simNow }))
	t.Cleanup(srv.Close)
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		t.Fatal(err)
	}
	return src, season, client
}

// TestPlanSimulatedSeason plans a full simulated season, telemetry included,
// and checks the request count against one computed from the definition:
// per meeting, one request per endpoint that applies to two or more of its
// sessions (else one per session); per session and driver, one request per
// telemetry window.
func TestPlanSimulatedSeason(t *testing.T) {
	ctx := context.Background()
	_, season, client := simServer(t, sim.Config{Seed: 7, Year: 2025, Telemetry: true})
	x := NewExtractor(client, memStore(t))
	plan, err := x.Plan(ctx, PlanRequest{Years: []int{2025}, Now: simNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Sessions) != len(season.Sessions()) {
		t.Fatalf("planned %d sessions, season has %d", len(plan.Sessions), len(season.Sessions()))
	}
	want := 2 // meetings and sessions for 2025
	wantTele := 0
	byMeeting := map[int][]SessionRef{}
	for _, s := range plan.Sessions {
		byMeeting[s.MeetingKey] = append(byMeeting[s.MeetingKey], s)
	}
	for _, info := range openf1.Endpoints() {
		if info.Scope != openf1.ScopeSession {
			continue
		}
		for _, ss := range byMeeting {
			n := 0
			for _, s := range ss {
				if !applies(info, s) {
					continue
				}
				n++
				if info.Telemetry {
					span := s.DateEnd.Sub(s.DateStart) + 2*DefaultTelemetryMargin
					windows := int((span + DefaultTelemetryWindow - 1) / DefaultTelemetryWindow)
					wantTele += windows * len(season.Drivers(s.SessionKey))
				}
			}
			switch {
			case info.Telemetry:
			case n >= 2:
				want++
			default:
				want += n
			}
		}
	}
	tele := 0
	for _, tk := range plan.Tasks {
		if tk.Kind == TaskTelemetry {
			tele += tk.Requests()
		}
	}
	if plan.Requests()-tele != want || tele != wantTele {
		t.Fatalf("plan: %d non-telemetry requests (want %d), %d telemetry (want %d)", plan.Requests()-tele, want, tele, wantTele)
	}
	naive := naiveRequests(plan)
	if want*3 > naive-len(plan.Sessions)*2 {
		t.Fatalf("non-telemetry plan %d vs naive %d", want, naive)
	}
	whole, err := x.Plan(ctx, PlanRequest{Years: []int{2025}, Now: simNow, TelemetryWindow: 6 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("simulated 2025 season: %d meetings, %d sessions; naive %d requests (%d without telemetry); "+
		"plan %d = %d non-telemetry + %d telemetry (30-min windows), planning %d; free tier %s (non-telemetry alone %s); "+
		"with one window per driver and session: %d requests, %s",
		len(byMeeting), len(plan.Sessions), naive, naive-2*len(plan.Sessions), plan.Requests(), want, tele, plan.PlanningRequests,
		freeTierDuration(plan.Requests()+plan.PlanningRequests), freeTierDuration(want+plan.PlanningRequests),
		whole.Requests(), freeTierDuration(whole.Requests()+whole.PlanningRequests))
}

// TestSimulatedLateCorrection extracts a short simulated season, then lets
// the API publish its late correction (a post-race penalty) and extracts
// again: exactly the partitions whose API answer changed are rewritten.
func TestSimulatedLateCorrection(t *testing.T) {
	ctx := context.Background()
	src, season, client := simServer(t, sim.Config{Seed: 3, Year: 2025, Meetings: 2})
	s := memStore(t)
	x := NewExtractor(client, s)
	req := PlanRequest{Years: []int{2025}, Now: simNow}
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, RunOptions{RunID: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(OutcomeCreated) != len(res.Partitions) {
		t.Fatalf("first run %s", res.Summary())
	}
	before := manifestSnapshot(t, s)

	// which partitions does the correction change? Ask the API itself.
	answers := func() map[PartitionKey][]byte {
		out := map[PartitionKey][]byte{}
		for _, k := range plan.Partitions() {
			q := openf1.Query{}.Eq("session_key", k.SessionKey)
			if k.YearScoped() {
				q = openf1.Query{}.Eq("year", k.Year)
			}
			raw, err := client.Raw(ctx, k.Endpoint, q)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = raw.Body
		}
		return out
	}
	v1 := answers()
	src.cur.Store(season.Corrected())
	v2 := answers()
	var changed []PartitionKey
	for k := range v1 {
		if !bytes.Equal(v1[k], v2[k]) {
			changed = append(changed, k)
		}
	}
	corr := season.Truth().Correction
	if len(changed) == 0 || !containsKey(changed, PartitionKey{Endpoint: openf1.EndpointSessionResult}, corr.SessionKey) {
		t.Fatalf("the correction of session %d changes %v", corr.SessionKey, changed)
	}

	plan, err = x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	res, err = x.Run(ctx, plan, RunOptions{RunID: "v2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Partitions {
		wantChanged := containsKey(changed, p.Key, p.Key.SessionKey)
		if (p.Outcome == OutcomeChanged) != wantChanged || (!wantChanged && p.Outcome != OutcomeUnchanged) {
			t.Fatalf("%s: %s, want changed=%v", p.Key, p.Outcome, wantChanged)
		}
	}
	assertSameManifests(t, before, manifestSnapshot(t, s), changed)
	verifyAgainstAPI(t, client, s, res)
	assertConsistent(t, s)
	t.Logf("correction (%s) rewrote %d of %d partitions: %v", corr.Reason, len(changed), len(res.Partitions), changed)
}

func containsKey(keys []PartitionKey, k PartitionKey, session int) bool {
	for _, c := range keys {
		if c.Endpoint == k.Endpoint && c.SessionKey == session && (k.Year == 0 || c.Year == k.Year) {
			return true
		}
	}
	return false
}
