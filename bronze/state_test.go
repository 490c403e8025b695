package bronze

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestIncrementalFromManifests(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	// per-driver laps of the 2024 Bahrain race (9472)
	bahrainLaps := 0
	for _, d := range []int{1, 2, 3, 4, 10, 11, 14, 16, 18, 20, 22, 23, 24, 27, 31, 44, 55, 63, 77, 81} {
		body := readFixture(t, fmt.Sprintf(
			"cwgbittencourt__F1.OpenF1.DatasetBuilder/F1.OpenF1.DatasetBuilder/f1_dataset/data/bronze/season=2024/meeting_key=1229/session_key=9472/driver_number=%d/laps.json", d))
		bahrainLaps += len(jsonRecords(t, body))
		api.load(t, openf1.EndpointLaps, body)
	}
	s := memStore(t)
	x := NewExtractor(api, s)
	eps := []openf1.Endpoint{openf1.EndpointLaps}

	if _, err := x.Plan(ctx, PlanRequest{Incremental: true, Endpoints: eps}); !errors.Is(err, ErrNoWatermark) {
		t.Fatalf("empty store: %v", err)
	}
	// backfill 2024 as it stood the day after the Australian GP
	afterAustralia := time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)
	plan, err := x.Plan(ctx, PlanRequest{Years: []int{2024}, Endpoints: eps, Now: afterAustralia})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Run(ctx, plan, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := s.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// the race 9488 ended last: the watermark comes from its manifest
	if !st.Watermark.Equal(race9488.DateEnd) {
		t.Fatalf("watermark %v", st.Watermark)
	}
	if !st.Has(race9488.Partition(openf1.EndpointLaps)) || len(st.Keys(openf1.EndpointLaps)) != len(plan.Sessions) {
		t.Fatalf("state has %d laps partitions, plan %d sessions", len(st.Keys(openf1.EndpointLaps)), len(plan.Sessions))
	}

	// two weeks later: the Japanese GP (meeting 1232) happened
	afterJapan := time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC)
	inc := PlanRequest{Incremental: true, Lookback: time.Hour, Endpoints: eps, Now: afterJapan}
	plan, err = x.Plan(ctx, inc)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[int]bool{}
	for _, s := range plan.Sessions {
		keys[s.SessionKey] = true
		if s.MeetingKey != 1231 && s.MeetingKey != 1232 {
			t.Fatalf("unexpected session %+v", s)
		}
	}
	// the race in the look-back window is fetched again; practice/qualifying
	// of Australia ended before it and are not
	if !keys[9488] || keys[9484] || len(plan.Sessions) != 6 || !plan.Since.Equal(race9488.DateEnd.Add(-time.Hour)) {
		t.Fatalf("incremental sessions %v since %v", keys, plan.Since)
	}

	// a gap (a lost partition) in the same season is filled too
	gap := PartitionKey{Endpoint: openf1.EndpointLaps, Year: 2024, MeetingKey: 1229, SessionKey: 9472}
	if st.Partitions[gap].Rows != int64(bahrainLaps) {
		t.Fatalf("bahrain laps: %+v", st.Partitions[gap])
	}
	if err := s.Bucket().Delete(ctx, gap.ManifestPath()); err != nil {
		t.Fatal(err)
	}
	plan, err = x.Plan(ctx, inc)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range plan.Partitions() {
		found = found || k == gap
	}
	if !found || len(plan.Sessions) != 7 {
		t.Fatalf("gap %s not planned (%d sessions)", gap, len(plan.Sessions))
	}
	// the Bahrain data file is now unreferenced, hence an orphan
	orphans, err := s.Orphans(ctx)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans %+v %v", orphans, err)
	}
	deleted, err := s.DeleteOrphans(ctx, 0)
	if err != nil || len(deleted) != 1 || deleted[0] != orphans[0].Path {
		t.Fatalf("deleted %v %v", deleted, err)
	}

	// SkipExisting: a resumed backfill plans only what is missing
	plan, err = x.Plan(ctx, PlanRequest{Years: []int{2024}, Endpoints: eps, Now: afterAustralia, SkipExisting: true})
	if err != nil {
		t.Fatal(err)
	}
	if p := plan.Partitions(); len(p) != 1 || p[0] != gap {
		t.Fatalf("resume plans %v", p)
	}
}
