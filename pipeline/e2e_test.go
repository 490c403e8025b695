package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/openf1test"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// TestRunTwicePublishesNothingNew: the demo run twice. The second run
// finds every session's bronze input unchanged and skips it; calendar and
// standings are rebuilt but identical, so no table gets a new snapshot or
// data file. A forced third run rebuilds every session and still commits
// nothing: publishing is idempotent.
func TestRunTwicePublishesNothingNew(t *testing.T) {
	season, srv := simServer(t, smallSeason)
	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)

	// Every Arrow buffer the run allocates (bronze reads, silver and gold
	// builds, checks, scans) is released by the time it returns.
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	first := mustRun(t, cfg, WithAllocator(mem))
	mem.AssertSize(t, 0)
	if first.Status != StatusOK || first.Totals.SessionsOK != len(season.SessionKeys()) {
		logReport(t, first)
		t.Fatalf("first run: %s, %d of %d sessions ok", first.Status, first.Totals.SessionsOK, len(season.SessionKeys()))
	}
	var laps int64
	for _, k := range season.SessionKeys() {
		laps += int64(len(season.Laps(k)))
	}
	if got := first.Totals.RowsBuilt["bronze.laps"]; got != laps {
		t.Errorf("first run extracted %d laps, the season has %d", got, laps)
	}
	if pub := first.Totals.RowsPublished["silver.laps"]; pub == 0 || pub != first.Totals.RowsBuilt["silver.laps"] || first.Totals.Snapshots == 0 {
		t.Fatalf("first run published %d of %d silver.laps rows in %d snapshots", pub, first.Totals.RowsBuilt["silver.laps"], first.Totals.Snapshots)
	}
	// One gold summary per session, one lap_analytics row per silver lap.
	if n := len(tableRows(t, dir, gold.Ident(gold.TableSessionSummary))); n != len(season.SessionKeys()) {
		t.Errorf("gold.session_summary has %d rows for %d sessions", n, len(season.SessionKeys()))
	}
	if n, want := len(tableRows(t, dir, gold.Ident(gold.TableLapAnalytics))), len(tableRows(t, dir, silver.Ident(silver.TableLaps))); n != want {
		t.Errorf("gold.lap_analytics has %d rows, silver.laps %d", n, want)
	}
	before := lakeState(t, dir)

	second := mustRun(t, cfg)
	if got := second.SessionsWith(StatusSkipped); len(got) != len(season.SessionKeys()) {
		t.Fatalf("second run skipped %v, want all %d sessions", got, len(season.SessionKeys()))
	}
	if second.Extract.Partitions["created"]+second.Extract.Partitions["changed"] != 0 {
		t.Errorf("second run wrote bronze partitions: %v", second.Extract.Partitions)
	}
	assertNothingPublished(t, second)
	if after := lakeState(t, dir); !maps.Equal(before, after) {
		t.Fatalf("second run changed the lake:\nbefore %v\nafter  %v", before, after)
	}

	pol := *cfg.Policy
	pol.Force = true
	cfg.Policy = &pol
	forced := mustRun(t, cfg)
	if got := forced.Processed(); len(got) != len(season.SessionKeys()) {
		t.Fatalf("forced run processed %v", got)
	}
	published := assertNothingPublished(t, forced)
	if published < 10*len(season.SessionKeys()) {
		t.Fatalf("forced run handed only %d tables to the lake", published)
	}
	if after := lakeState(t, dir); !maps.Equal(before, after) {
		t.Fatalf("forced run changed the lake:\nbefore %v\nafter  %v", before, after)
	}
}

// assertNothingPublished checks that every table a run handed to the lake
// came back unchanged, and returns how many it handed over.
func assertNothingPublished(t *testing.T, rep *Report) int {
	t.Helper()
	n := 0
	check := func(where string, st *StageReport) {
		for _, tr := range st.Tables {
			if tr.Changed {
				t.Errorf("%s: %s changed (snapshot %d)", where, tr.Table, tr.SnapshotID)
			}
			if tr.Published {
				n++
			}
		}
	}
	for _, s := range rep.Sessions {
		for _, st := range s.Stages {
			check(st.Stage, st)
		}
	}
	for _, st := range slices.Concat(rep.Calendar, rep.Standings) {
		if st.Status != StatusOK {
			t.Errorf("%s %d: %s %s", st.Stage, st.Year, st.Status, st.Error)
		}
		check(st.Stage, st)
	}
	if rep.Totals.Snapshots != 0 {
		t.Errorf("run committed %d snapshots", rep.Totals.Snapshots)
	}
	return n
}

// TestBackfillResumesAfterCancel: a backfill cancelled midway — the
// first meeting done, the second stuck in the middle of its extraction —
// then run again, ends with exactly the tables of an uninterrupted
// backfill.
func TestBackfillResumesAfterCancel(t *testing.T) {
	ref := referenceLake(t)
	season, err := sim.New(smallSeason)
	if err != nil {
		t.Fatal(err)
	}
	second := season.Meetings()[1].MeetingKey
	// The second meeting's laps request hangs until the run is cancelled.
	stuck := make(chan struct{}, 1)
	gated := openf1test.SourceFunc(func(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
		if keys, ok := openf1test.EqualityKeys(q, "meeting_key"); ep == openf1.EndpointLaps && ok && slices.Contains(keys, int64(second)) {
			return func(yield func(json.RawMessage, error) bool) {
				select {
				case stuck <- struct{}{}:
				default:
				}
				<-ctx.Done()
				yield(nil, ctx.Err())
			}
		}
		return season.Records(ctx, ep, q)
	})
	srv := serve(t, gated, seasonNow)
	dir := filepath.Join(t.TempDir(), "lake")
	cfg := testConfig(dir, srv, 2025)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	rep, err := Run(ctx, cfg, WithSessionDone(func(s *SessionReport) {
		if s.MeetingKey != second {
			once.Do(func() {
				<-stuck // the second meeting is mid-extraction
				cancel()
			})
		}
	}))
	if !errors.Is(err, context.Canceled) {
		logReport(t, rep)
		t.Fatalf("interrupted run: err %v, want context.Canceled", err)
	}
	finished := rep.SessionsWith(StatusOK)
	if rep.Status != StatusCancelled || len(finished) == 0 || rep.Totals.Cancelled == 0 {
		logReport(t, rep)
		t.Fatalf("interrupted run: %s, %d ok, %d cancelled", rep.Status, len(finished), rep.Totals.Cancelled)
	}
	for _, k := range finished {
		if rep.Session(k).MeetingKey == second {
			t.Fatalf("session %d of the stuck meeting finished", k)
		}
	}
	if rep.Extract.Partitions["created"] == 0 {
		t.Fatal("nothing was extracted before the cancel")
	}

	srv2 := serve(t, season, seasonNow)
	resumed := mustRun(t, testConfig(dir, srv2, 2025))
	if resumed.Status != StatusOK {
		t.Fatalf("resumed run: %s", resumed.Status)
	}
	// What the first run finished is skipped (its bronze is not fetched
	// again), the rest processed.
	if got := resumed.SessionsWith(StatusSkipped); !slices.Equal(got, finished) {
		t.Errorf("resumed run skipped %v, want the sessions the first run finished %v", got, finished)
	}
	if got, want := len(resumed.Processed())+len(finished), len(season.SessionKeys()); got != want {
		t.Errorf("resumed run processed %v: with the %d finished that is %d sessions, want %d", resumed.Processed(), len(finished), got, want)
	}
	if n := resumed.Extract.Partitions["unchanged"] + resumed.Extract.Partitions["changed"]; n != 0 {
		t.Errorf("resumed run fetched %d partitions it already had", n)
	}
	assertSameTables(t, ref, dir)
}

// TestWeeklyAfterBackfill: after a backfill of two meetings, the weekly
// run against a season with a third meeting and a late correction (a
// post-race penalty in the first race, which also changes the
// championship rows of the later races) processes exactly the new
// sessions and the corrected ones.
func TestWeeklyAfterBackfill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lake")
	season, srv := simServer(t, smallSeason)
	backfill := mustRun(t, testConfig(dir, srv, 2025))
	if backfill.Totals.SessionsOK != len(season.SessionKeys()) {
		t.Fatalf("backfill: %d sessions ok", backfill.Totals.SessionsOK)
	}

	bigger := smallSeason
	bigger.Meetings = 3
	bigger.Version = 2
	next, err := sim.New(bigger)
	if err != nil {
		t.Fatal(err)
	}
	var lastEnd time.Time
	for _, s := range next.Sessions() {
		if s.DateEnd.After(lastEnd) {
			lastEnd = s.DateEnd.Time
		}
	}
	now := lastEnd.Add(24 * time.Hour)
	srv2 := serve(t, next, now)
	cfg := Config{Lake: dir, Mode: Weekly, Now: now, API: APIConfig{BaseURL: srv2.URL(), NoRateLimit: true, Anonymous: true},
		Lineage: LineageConfig{URL: "none"}}
	pol := WeeklyPolicy()
	pol.RetryDelay = Duration(time.Millisecond)
	cfg.Policy = &pol
	weekly := mustRun(t, cfg)

	// Expected: every session of the new meeting, plus every session whose
	// served rows differ between the two versions of the data.
	old := map[int]bool{}
	for _, k := range season.SessionKeys() {
		old[k] = true
	}
	var want []int
	for _, k := range next.SessionKeys() {
		if !old[k] || simDiffers(t, season, next, k) {
			want = append(want, k)
		}
	}
	corrected := next.Truth().Correction.SessionKey
	if !slices.Contains(want, corrected) {
		t.Fatalf("test setup: corrected race %d not among the changed sessions %v", corrected, want)
	}
	if got := weekly.Processed(); !slices.Equal(got, want) {
		t.Fatalf("weekly run processed %v, want new and corrected sessions %v", got, want)
	}
	for _, k := range weekly.Processed() {
		if s := weekly.Session(k); s.Status != StatusOK {
			t.Errorf("session %d: %s %s", k, s.Status, s.Error)
		}
	}
	var unchanged []int
	for _, k := range season.SessionKeys() {
		if !slices.Contains(want, k) {
			unchanged = append(unchanged, k)
		}
	}
	if got := weekly.SessionsWith(StatusSkipped); !slices.Equal(got, unchanged) {
		t.Errorf("weekly run skipped %v, want the unchanged sessions %v", got, unchanged)
	}
	// The correction reached silver: the penalised driver's position.
	c := next.Truth().Correction
	rows := tableRows(t, dir, silverIdent("results"))
	found := false
	for _, r := range rows {
		if containsAll(r, `"session_key":`+itoa(c.SessionKey), `"driver_number":`+itoa(c.DriverNumber)+`,`) {
			found = true
			if !containsAll(r, `"position":`+itoa(c.NewPosition)+`,`) {
				t.Errorf("corrected result not in silver.results: %s (want position %d)", r, c.NewPosition)
			}
		}
	}
	if !found {
		t.Errorf("no silver.results row for driver %d in session %d", c.DriverNumber, c.SessionKey)
	}
}

// simDiffers reports whether two simulated seasons serve different rows
// for a session on any endpoint.
func simDiffers(t *testing.T, a, b *sim.Season, key int) bool {
	t.Helper()
	ctx := context.Background()
	for _, info := range openf1.Endpoints() {
		if info.Scope == openf1.ScopeYear {
			continue
		}
		q := openf1.Query{}.Eq("session_key", key)
		var ra, rb []string
		for r, err := range a.Records(ctx, info.Name, q) {
			if err != nil {
				t.Fatal(err)
			}
			ra = append(ra, string(r))
		}
		for r, err := range b.Records(ctx, info.Name, q) {
			if err != nil {
				t.Fatal(err)
			}
			rb = append(rb, string(r))
		}
		if !slices.Equal(ra, rb) {
			return true
		}
	}
	return false
}

func silverIdent(name string) lakehouse.Ident { return silver.Ident(name) }

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func itoa(i int) string { return strconv.Itoa(i) }
