package bronze

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
)

// recordingsNow is after every recorded session (the latest is October 2026).
var recordingsNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// recordingServer serves every real recording in ../shared/fixtures/openf1
// through the fake OpenF1 server and returns a client for it.
func recordingServer(t testing.TB, opts ...openf1test.Option) (*openf1test.MemorySource, *openf1test.Server, *openf1.Client) {
	t.Helper()
	src, _, err := openf1test.LoadDir(fixturesDir(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := openf1test.NewServer(src, append([]openf1test.Option{openf1test.WithNow(func() time.Time { return recordingsNow })}, opts...)...)
	t.Cleanup(srv.Close)
	client, err := openf1.NewClient(openf1.WithBaseURL(srv.URL()), openf1.WithoutRateLimit())
	if err != nil {
		t.Fatal(err)
	}
	return src, srv, client
}

// verifyAgainstAPI reads every non-empty partition of res back and compares
// it, record by record and field by field, with what the API answers for
// that partition alone (?session_key=S, or ?year=Y for the calendar).
func verifyAgainstAPI(t *testing.T, client *openf1.Client, s *Store, res *RunResult) (partitions, rows int) {
	t.Helper()
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, pr := range res.Partitions {
		if pr.Outcome != OutcomeCreated && pr.Outcome != OutcomeUnchanged && pr.Outcome != OutcomeChanged {
			t.Fatalf("%s: %s %s", pr.Key, pr.Outcome, pr.Error)
		}
		q := openf1.Query{}.Eq("session_key", pr.Key.SessionKey)
		if pr.Key.YearScoped() {
			q = openf1.Query{}.Eq("year", pr.Key.Year)
		}
		raw, err := client.Raw(ctx, pr.Key.Endpoint, q)
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.Manifest(ctx, pr.Key)
		if err != nil {
			t.Fatal(err)
		}
		if raw.NoResults {
			if !m.Empty || m.Rows != 0 {
				t.Fatalf("%s: API has no rows, manifest %+v", pr.Key, m)
			}
			continue
		}
		want := jsonRecords(t, raw.Body)
		recs := readPartition(t, s, m, mem)
		assertRowsMatch(t, pr.Key.Endpoint, want, recs, "")
		releaseAll(recs)
		partitions++
		rows += len(want)
	}
	return partitions, rows
}

func TestRecordingsRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, srv, client := recordingServer(t)
	s, err := OpenStore(ctx, "file://"+filepath.ToSlash(t.TempDir())+"/lake")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x := NewExtractor(client, s)
	req := PlanRequest{Years: []int{2023, 2024, 2025, 2026}, Endpoints: src.Endpoints(), Now: recordingsNow}
	if testing.Short() {
		req = PlanRequest{SessionKeys: []int{9488, 11731, 11303, 9975}, Endpoints: src.Endpoints(), Now: recordingsNow}
	}
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, RunOptions{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Strays) > 0 || res.Count(OutcomeCreated) != len(res.Partitions) {
		t.Fatalf("%s; strays %+v", res.Summary(), res.Strays)
	}
	if res.Requests != plan.Requests() || srv.Stats().Requests < res.Requests {
		t.Fatalf("%d requests made, %d planned, server saw %+v", res.Requests, plan.Requests(), srv.Stats())
	}
	parts, rows := verifyAgainstAPI(t, client, s, res)
	// every endpoint the recordings hold made it into bronze
	seen := map[openf1.Endpoint]bool{}
	for _, pr := range res.Partitions {
		if pr.Rows > 0 {
			seen[pr.Key.Endpoint] = true
		}
	}
	for _, ep := range src.Endpoints() {
		if !seen[ep] {
			t.Errorf("no bronze rows for %s", ep)
		}
	}
	t.Logf("%d sessions, %d requests (planning %d), %d partitions (%d with rows, %d rows) verified field by field",
		len(plan.Sessions), res.Requests, plan.PlanningRequests, len(res.Partitions), parts, rows)
}

// naiveRequests is one request per session and endpoint, plus one per year
// for meetings and sessions.
func naiveRequests(p *Plan) int {
	years := map[int]bool{}
	for _, s := range p.Sessions {
		years[s.Year] = true
	}
	n := 0
	for _, ep := range p.Request.Endpoints {
		info, _ := openf1.LookupEndpoint(ep)
		if info.Scope == openf1.ScopeYear {
			n += len(years)
		} else {
			n += len(p.Sessions)
		}
	}
	return n
}

// freeTierDuration is how long n requests take at the free tier's 3/s and
// 30/min: the per-minute budget dominates (one request every 2 s).
func freeTierDuration(n int) time.Duration {
	return max(time.Duration(n)*time.Second/3, time.Duration(n)*2*time.Second)
}

func TestPlanSeasonFromRecordings(t *testing.T) {
	ctx := context.Background()
	_, _, client := recordingServer(t)
	x := NewExtractor(client, memStore(t))
	plan, err := x.Plan(ctx, PlanRequest{Years: []int{2024}, Now: recordingsNow})
	if err != nil {
		t.Fatal(err)
	}
	// 2024 in the POSTED26 calendar: 24 meetings plus pre-season testing
	if len(plan.Sessions) < 120 {
		t.Fatalf("%d sessions", len(plan.Sessions))
	}
	naive := naiveRequests(plan)
	var tele, other int
	for _, tk := range plan.Tasks {
		if tk.Kind == TaskTelemetry {
			tele += tk.Requests()
		} else {
			other += tk.Requests()
		}
	}
	if other*3 > naive {
		t.Fatalf("non-telemetry plan %d requests vs naive %d: meeting-level grouping is not working", other, naive)
	}
	t.Logf("2024 from recordings: %d sessions; naive %d requests; plan %d (non-telemetry %d, telemetry %d), planning %d; free tier %s",
		len(plan.Sessions), naive, plan.Requests(), other, tele, plan.PlanningRequests, freeTierDuration(plan.Requests()+plan.PlanningRequests))
}

// sortedOutcomes renders partition outcomes for failure messages.
func sortedOutcomes(res *RunResult) []string {
	var out []string
	for _, p := range res.Partitions {
		out = append(out, fmt.Sprintf("%s=%s", p.Key, p.Outcome))
	}
	slices.Sort(out)
	return out
}
