package silver_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/apache/iceberg-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// simWeekends extracts a two-meeting simulated 2024 season (all API quirks
// on) into a fresh bronze store.
func simWeekends(t *testing.T) (*sim.Season, *bronze.Store) {
	t.Helper()
	season := simSeason(t, 2)
	store := memStore(t)
	extract(t, client(t, season), store, bronze.PlanRequest{Years: []int{2024}, Endpoints: batchEndpoints()}, "bronze-1")
	return season, store
}

// TestRepublishUnchangedAndCorrectionReplacesOnlyThatSession publishes a
// season, publishes a rebuild of the same bronze (a new run id: nothing may
// change), then serves the season's late correction (sim version 2),
// re-extracts, rebuilds and republishes: only the sessions whose bronze
// content changed are replaced.
func TestRepublishUnchangedAndCorrectionReplacesOnlyThatSession(t *testing.T) {
	ctx := context.Background()
	season, store := simWeekends(t)
	sessions := season.SessionKeys()
	lake, warehouse := localLake(t)
	mem := checkedAllocator(t)

	publish := func(runID string) []*lakehouse.PublishResult {
		builds := buildAll(t, store, []int{2024}, sessions, silver.BuildOptions{Allocator: mem, RunID: runID})
		defer releaseAll(builds)
		res, err := silver.PublishAll(ctx, lake, builds, runID)
		require.NoError(t, err)
		return res
	}
	first := publish("silver-1")
	for _, r := range first {
		if r.Table != "silver.rejects" {
			assert.True(t, r.Changed, r.String())
		}
	}
	files := dataFiles(t, warehouse)
	counts := map[string]map[int]int64{}
	for _, table := range silver.SessionTables() {
		counts[table] = tableCounts(t, lake, table, "session_key")
	}
	rejects := rejectCounts(t, lake, nil)
	assert.NotEmpty(t, rejects, "the quirks produce rejects (duplicate drivers)")

	// Same bronze, new run: no table changes, no file is added.
	for _, r := range publish("silver-2") {
		assert.False(t, r.Changed, r.String())
		assert.Empty(t, r.Sessions, r.Table)
	}
	assert.Equal(t, files, dataFiles(t, warehouse))
	for _, table := range silver.SessionTables() {
		assert.Equal(t, counts[table], tableCounts(t, lake, table, "session_key"), table)
	}
	assert.Equal(t, rejects, rejectCounts(t, lake, nil))

	// The late correction: re-extract; bronze rewrites only changed partitions.
	corrected := season.Corrected()
	fix := corrected.Truth().Correction
	require.NotNil(t, fix)
	res := extract(t, client(t, corrected), store, bronze.PlanRequest{Years: []int{2024}, Endpoints: batchEndpoints()}, "bronze-2")
	changed := map[int]bool{}
	for _, p := range res.Partitions {
		if p.Outcome == bronze.OutcomeChanged {
			changed[p.Key.SessionKey] = true
		}
	}
	require.True(t, changed[fix.SessionKey], "bronze saw the correction")

	t.Logf("correction: %+v; sessions with changed bronze partitions: %v", *fix, changed)
	var replaced []int64
	for _, r := range publish("silver-3") {
		if r.Changed {
			t.Logf("%s replaced %v", r.Table, r.Sessions)
		}
		for _, s := range r.Sessions {
			assert.True(t, changed[int(s)], "%s replaced session %d whose bronze did not change", r.Table, s)
			replaced = append(replaced, s)
		}
		if r.Table == "silver.results" {
			assert.Equal(t, []int64{int64(fix.SessionKey)}, r.Sessions)
			assert.Len(t, r.Unchanged, len(sessions)-1)
		}
	}
	assert.Contains(t, replaced, int64(fix.SessionKey))
	newFiles := dataFiles(t, warehouse)
	assert.Greater(t, len(newFiles), len(files))

	// The corrected classification is what silver.results now holds.
	b, err := silver.BuildSession(ctx, store, fix.SessionKey, silver.BuildOptions{Allocator: mem})
	require.NoError(t, err)
	defer b.Release()
	rows := rowsByDriver(t, b.Record(silver.TableResults))
	if fix.Disqualified {
		assert.Equal(t, silver.StatusDSQ, rows[fix.DriverNumber]["status"])
	} else {
		assert.Equal(t, fix.NewPosition, rows[fix.DriverNumber]["position"])
	}
	assert.Equal(t, int64(len(rows)), tableCounts(t, lake, silver.TableResults, "session_key")[fix.SessionKey])
}

// TestConcurrentPublishDifferentSessions publishes two sessions to the same
// tables from two goroutines at once: both land (commit conflicts are
// retried by the lake), and neither overwrites the other.
func TestConcurrentPublishDifferentSessions(t *testing.T) {
	ctx := context.Background()
	season, store := simWeekends(t)
	lake, _ := localLake(t)
	require.NoError(t, silver.EnsureTables(ctx, lake))
	mem := checkedAllocator(t)
	races := season.RaceSessionKeys()
	require.Len(t, races, 2)

	builds := buildAll(t, store, nil, races, silver.BuildOptions{Allocator: mem, RunID: "concurrent"})
	defer releaseAll(builds)
	var wg sync.WaitGroup
	errs := make([]error, len(builds))
	start := make(chan struct{})
	for i, b := range builds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = silver.Publish(ctx, lake, b, "concurrent")
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	for _, table := range silver.SessionTables() {
		got := tableCounts(t, lake, table, "session_key")
		for _, b := range builds {
			rec := b.Record(table)
			if rec == nil {
				continue
			}
			assert.Equal(t, rec.NumRows(), got[b.SessionKey], "%s session %d", table, b.SessionKey)
		}
	}
	rej := rejectCounts(t, lake, iceberg.IsIn(iceberg.Reference("session_key"), int32(races[0]), int32(races[1])))
	for _, b := range builds {
		for _, st := range b.Stats {
			assert.Equal(t, st.Rejected, rej[rejectKey(b.SessionKey, st.Table)], "rejects %s %d", st.Table, b.SessionKey)
		}
	}
	info, err := lake.Describe(ctx, silver.Ident(silver.TableLaps))
	require.NoError(t, err)
	var keys []string
	for _, s := range info.Snapshots {
		keys = append(keys, s.Summary[lakehouse.SummarySessionKeys])
	}
	slices.Sort(keys)
	assert.Len(t, keys, 2, "one snapshot per publish")
}
