package bronze

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// race9488 is the 2024 Australian GP race, as the calendar recording has it.
var race9488 = SessionRef{SessionKey: 9488, MeetingKey: 1231, Year: 2024, Type: "Race", Name: "Race",
	DateStart: time.Date(2024, 3, 24, 4, 0, 0, 0, time.UTC), DateEnd: time.Date(2024, 3, 24, 6, 0, 0, 0, time.UTC)}

// withCarData adds synthetic car_data for two drivers of race 9488, from 40
// minutes before the start to 40 minutes after the end, one sample a second.
func withCarData(t testing.TB, api *fakeAPI) []byte {
	body := syntheticCarData(1231, 9488, []int{1, 16}, race9488.DateStart.Add(-40*time.Minute), race9488.DateEnd.Add(40*time.Minute), time.Second)
	api.load(t, openf1.EndpointCarData, body)
	return body
}

// assertConsistent checks that every visible partition reads back completely
// (row count as its manifest says) and that no data file is unreferenced.
func assertConsistent(t *testing.T, s *Store) map[PartitionKey]int64 {
	t.Helper()
	ctx := context.Background()
	st, err := s.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[PartitionKey]int64{}
	for k, ps := range st.Partitions {
		m, err := s.Manifest(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := OpenPartition(ctx, s, m, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for rr.Next() {
			n += rr.RecordBatch().NumRows()
		}
		if err := rr.Err(); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		rr.Release()
		if n != ps.Rows {
			t.Fatalf("%s: read %d rows, manifest says %d", k, n, ps.Rows)
		}
		rows[k] = n
	}
	orphans, err := s.Orphans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orphans) != 0 {
		t.Fatalf("unreferenced data files left behind: %+v", orphans)
	}
	return rows
}

func TestCancelledRunResumes(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	withCarData(t, api)
	eps := append(append([]openf1.Endpoint{}, australiaEndpoints...), openf1.EndpointCarData)
	s := memStore(t)
	x := NewExtractor(api, s)
	req := PlanRequest{MeetingKeys: []int{1231}, Endpoints: eps, Now: planNow}

	// reference: an uninterrupted run into another store
	ref := memStore(t)
	refPlan, err := NewExtractor(api, ref).Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewExtractor(api, ref).Run(ctx, refPlan, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	want := assertConsistent(t, ref)

	for _, cancelAt := range []int{3, 12, 17} { // a calendar task, meeting tasks, mid-telemetry
		s = memStore(t)
		x = NewExtractor(api, s)
		plan, err := x.Plan(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		res, err := x.Run(rctx, plan, RunOptions{RunID: "interrupted", Concurrency: 2, Progress: func(p Progress) {
			if p.Event == ProgressRequest && p.Requests == cancelAt {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel at %d: err = %v", cancelAt, err)
		}
		if res.Count(OutcomeCreated) == len(res.Partitions) {
			t.Fatalf("cancel at %d: run completed anyway", cancelAt)
		}
		got := assertConsistent(t, s) // nothing partial, nothing orphaned
		for k, n := range got {
			if want[k] != n {
				t.Fatalf("cancel at %d: visible partition %s has %d rows, want %d", cancelAt, k, n, want[k])
			}
		}

		// resume: only what is missing is fetched
		req2 := req
		req2.SkipExisting = true
		plan2, err := x.Plan(ctx, req2)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan2.Partitions())+len(got) != len(refPlan.Partitions()) {
			t.Fatalf("cancel at %d: resume plans %d partitions, %d exist, want %d in all",
				cancelAt, len(plan2.Partitions()), len(got), len(refPlan.Partitions()))
		}
		if _, err := x.Run(ctx, plan2, RunOptions{RunID: "resumed"}); err != nil {
			t.Fatal(err)
		}
		final := assertConsistent(t, s)
		if len(final) != len(want) {
			t.Fatalf("cancel at %d: %d partitions after resume, want %d", cancelAt, len(final), len(want))
		}
		for k, n := range want {
			if final[k] != n {
				t.Fatalf("cancel at %d: %s has %d rows after resume, want %d", cancelAt, k, final[k], n)
			}
		}
	}
}

func TestLateCorrectionRewritesOnlyThatSession(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	s := memStore(t)
	x := NewExtractor(api, s)
	req := PlanRequest{MeetingKeys: []int{1231}, Endpoints: australiaEndpoints, Now: planNow}
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Run(ctx, plan, RunOptions{RunID: "first"}); err != nil {
		t.Fatal(err)
	}
	before := manifestSnapshot(t, s)
	lapsKey := race9488.Partition(openf1.EndpointLaps)
	old, err := s.Manifest(ctx, lapsKey)
	if err != nil {
		t.Fatal(err)
	}

	// OpenF1 corrects one lap time of the race weeks later
	var corrected int
	for i, r := range api.recs[openf1.EndpointLaps] {
		if string(r["driver_number"]) == "55" && string(r["lap_number"]) == "20" {
			api.recs[openf1.EndpointLaps][i]["lap_duration"] = json.RawMessage("81.234")
			corrected++
		}
	}
	if corrected != 1 {
		t.Fatalf("corrected %d laps", corrected)
	}
	api.reindex()
	plan, err = x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, RunOptions{RunID: "second"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(OutcomeChanged) != 1 || res.Count(OutcomeUnchanged) != len(res.Partitions)-1 {
		t.Fatalf("result %s", res.Summary())
	}
	for _, p := range res.Partitions {
		if p.Outcome == OutcomeChanged && p.Key != lapsKey {
			t.Fatalf("changed partition %s", p.Key)
		}
	}
	assertSameManifests(t, before, manifestSnapshot(t, s), []PartitionKey{lapsKey})

	m, err := s.Manifest(ctx, lapsKey)
	if err != nil {
		t.Fatal(err)
	}
	if m.ContentSHA256 == old.ContentSHA256 || m.RunID != "second" || m.Files[0].Path == old.Files[0].Path {
		t.Fatalf("new manifest %+v", m)
	}
	if ok, _ := s.Bucket().Exists(ctx, old.Files[0].Path); ok {
		t.Fatalf("old data file %s not deleted", old.Files[0].Path)
	}
	assertConsistent(t, s)
	// the corrected value is what bronze now holds
	rr, err := OpenPartition(ctx, s, m, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	found := false
	for rr.Next() {
		rec := rr.RecordBatch()
		dn := rec.Column(2).(*array.Int64)
		ln := rec.Column(3).(*array.Int64)
		ld := rec.Column(5).(*array.Float64)
		for i := 0; i < int(rec.NumRows()); i++ {
			if dn.Value(i) == 55 && ln.Value(i) == 20 {
				found = ld.Value(i) == 81.234
			}
		}
	}
	if !found {
		t.Fatal("corrected lap not found in bronze")
	}

	// a third run with the corrected data changes nothing again
	res, err = x.Run(ctx, plan, RunOptions{RunID: "third"})
	if err != nil || res.Count(OutcomeUnchanged) != len(res.Partitions) {
		t.Fatalf("third run: %v %s", err, res.Summary())
	}
}
