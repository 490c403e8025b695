package bronze

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestTelemetryWindowsHalvingAndParts(t *testing.T) {
	ctx := context.Background()
	api := newFakeAPI()
	api.load(t, openf1.EndpointSessions, readFixture(t, fxSessions))
	api.load(t, openf1.EndpointDrivers, readFixture(t, fxDrivers))
	body := withCarData(t, api)
	// the API refuses more than 1000 rows at once: 30-minute windows at 1 Hz
	// (1800 rows) must be halved, and the open first window peeled
	var refused int
	api.tooMuch = func(ep openf1.Endpoint, q openf1.Query, rows int) bool {
		if ep == openf1.EndpointCarData && rows > 1000 {
			refused++
			return true
		}
		return false
	}
	s := memStore(t)
	x := NewExtractor(api, s)
	req := PlanRequest{SessionKeys: []int{9488}, Endpoints: []openf1.Endpoint{openf1.EndpointCarData}, Now: planNow}
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	task := plan.Tasks[0]
	// 2 h race ± 30 min margin in 30-min windows; drivers from the API
	if task.Kind != TaskTelemetry || len(task.Windows) != 6 || len(task.Drivers) != 19 || plan.PlanningRequests != 2 {
		t.Fatalf("task %+v, planning requests %d", task, plan.PlanningRequests)
	}
	if !task.Windows[0].OpenFrom || !task.Windows[5].OpenTo || task.Windows[0].From != race9488.DateStart.Add(-30*time.Minute) {
		t.Fatalf("windows %+v", task.Windows)
	}
	if plan.Requests() != 19*6 {
		t.Fatalf("plan requests %d", plan.Requests())
	}
	res, err := x.Run(ctx, plan, RunOptions{RunID: "tele", FileRows: 10000, RowGroupRows: 4096})
	if err != nil {
		t.Fatal(err)
	}
	pr := res.Partitions[0]
	want := jsonRecords(t, body)
	if pr.Outcome != OutcomeCreated || pr.Rows != int64(len(want)) || refused == 0 {
		t.Fatalf("result %+v, refused %d", pr, refused)
	}
	// each refusal replaced one request by two
	if res.Requests != plan.Requests()+2*refused {
		t.Fatalf("%d requests, planned %d, refused %d", res.Requests, plan.Requests(), refused)
	}
	m, err := s.Manifest(ctx, race9488.Partition(openf1.EndpointCarData))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 3 || m.Files[0].Rows != 10000 || m.Files[2].Path != "bronze/car_data/year=2024/meeting_key=1231/session_key=9488/part-00002.parquet" {
		t.Fatalf("files %+v", m.Files)
	}
	if !strings.Contains(strings.Join(m.Requests, " "), "date%3E%3D2024-03-24T03%3A30%3A00%2B00%3A00") {
		t.Fatalf("requests %v", m.Requests)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	defer func(n int64) { readBatchRows = n }(readBatchRows)
	readBatchRows = 4096
	recs := readPartition(t, s, m, mem)
	if len(recs) < 7 { // streamed in small batches, not one per partition
		t.Fatalf("%d batches", len(recs))
	}
	for _, r := range recs {
		if r.NumRows() > 4096 {
			t.Fatalf("batch of %d rows", r.NumRows())
		}
	}
	// every sample, including the 10 minutes beyond each margin, in order
	assertRowsMatch(t, openf1.EndpointCarData, want, recs, "")
	releaseAll(recs)

	// the content hash does not depend on how the requests were split:
	// whole-session windows and no refusals give an unchanged partition
	api.tooMuch = nil
	req.TelemetryWindow = 4 * time.Hour
	plan, err = x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Requests() != 19 {
		t.Fatalf("whole-session plan has %d requests", plan.Requests())
	}
	res, err = x.Run(ctx, plan, RunOptions{RunID: "whole"})
	if err != nil || res.Partitions[0].Outcome != OutcomeUnchanged {
		t.Fatalf("%v %+v", err, res.Partitions[0])
	}
	assertConsistent(t, s) // the streamed copy was discarded
}

func TestSplitWindow(t *testing.T) {
	t0 := time.Date(2024, 3, 24, 4, 0, 0, 0, time.UTC)
	w := Window{From: t0, To: t0.Add(30 * time.Minute)}
	a, b, ok := splitWindow(w, time.Minute)
	if !ok || a.To != t0.Add(15*time.Minute) || b.From != a.To || b.To != w.To {
		t.Fatalf("%+v %+v", a, b)
	}
	open := Window{From: t0, To: t0.Add(30 * time.Minute), OpenFrom: true}
	a, b, ok = splitWindow(open, time.Minute)
	if !ok || !a.OpenFrom || a.To != t0 || b.OpenFrom || b.From != t0 || b.To != open.To {
		t.Fatalf("%+v %+v", a, b)
	}
	open = Window{From: t0, To: t0.Add(30 * time.Minute), OpenTo: true}
	a, b, ok = splitWindow(open, time.Minute)
	if !ok || a.OpenTo || a.To != open.To || !b.OpenTo || b.From != open.To {
		t.Fatalf("%+v %+v", a, b)
	}
	if _, _, ok := splitWindow(Window{From: t0, To: t0.Add(90 * time.Second)}, time.Minute); ok {
		t.Fatal("split below the minimum width")
	}
	q := telemetryQuery(9488, 1, Window{From: t0, To: t0.Add(time.Minute)})
	if got := q.Encode(); got != "session_key%3D9488&driver_number%3D1&date%3E%3D2024-03-24T04%3A00%3A00%2B00%3A00&date%3C2024-03-24T04%3A01%3A00%2B00%3A00" {
		t.Fatalf("query %s", got)
	}
}
