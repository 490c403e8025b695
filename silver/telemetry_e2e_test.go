package silver_test

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/openf1/sim"
	"github.com/pitwall-f1/pitwall/silver"
)

// TestTelemetryLapsAgreeWithSimulator streams the car_data of a simulated
// race (at 0.5 Hz to stay light) through bronze and silver, and checks
// every sample's lap_number against the simulator's own laps, the
// accounting against the bronze manifest, and that a re-publish changes
// nothing.
func TestTelemetryLapsAgreeWithSimulator(t *testing.T) {
	ctx := context.Background()
	season, err := sim.New(sim.Config{Seed: 3, Year: 2024, Meetings: 1, Telemetry: true, TelemetryHz: 0.5})
	require.NoError(t, err)
	race := season.RaceSessionKeys()[0]
	store := memStore(t)
	extract(t, client(t, season), store, bronze.PlanRequest{SessionKeys: []int{race}, Endpoints: []openf1.Endpoint{
		openf1.EndpointMeetings, openf1.EndpointSessions, openf1.EndpointDrivers, openf1.EndpointLaps, openf1.EndpointCarData}}, "bronze-1")
	lake, _ := localLake(t)
	mem := checkedAllocator(t)

	// the simulator's laps, independently of silver: driver → [start, end) per lap
	type span struct {
		lap        int
		start, end time.Time
	}
	simLaps := map[int][]span{}
	for _, l := range season.Laps(race) {
		start, ok := l.DateStart.Get()
		dur, ok2 := l.LapDuration.Get()
		if !ok || !ok2 {
			continue
		}
		st := start.Time
		simLaps[l.DriverNumber] = append(simLaps[l.DriverNumber], span{l.LapNumber, st, st.Add(time.Duration(dur * float64(time.Second)))})
	}
	lapAt := func(dn int, at time.Time) (int, bool) {
		for _, s := range simLaps[dn] {
			if !at.Before(s.start) && at.Before(s.end) {
				return s.lap, true
			}
		}
		return 0, false
	}

	publish := func(runID string) (*silver.TelemetryBuild, bool) {
		tb, err := silver.BuildTelemetry(ctx, store, race, openf1.EndpointCarData, nil, silver.BuildOptions{Allocator: mem, RunID: runID})
		require.NoError(t, err)
		defer tb.Release()
		res, err := silver.PublishTelemetry(ctx, lake, tb, runID)
		require.NoError(t, err)
		return tb, res[0].Changed
	}
	tb, changed := publish("t1")
	assert.True(t, changed)
	m, err := store.Manifest(ctx, bronze.PartitionKey{Endpoint: openf1.EndpointCarData, Year: 2024, MeetingKey: tb.MeetingKey, SessionKey: race})
	require.NoError(t, err)
	assert.Equal(t, m.Rows, tb.Stats.BronzeRows)
	assert.Equal(t, tb.Stats.BronzeRows, tb.Stats.Published+tb.Stats.Rejected)
	assert.Zero(t, tb.Stats.Rejected)
	_, changed = publish("t2")
	assert.False(t, changed, "same bronze: nothing to publish")

	rdr, err := lake.Scan(ctx, memory.DefaultAllocator, silver.Ident(silver.TableCarData), lakehouseScanAll())
	require.NoError(t, err)
	defer rdr.Release()
	var n, agree, assigned int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		dn := rec.Column(rec.Schema().FieldIndices("driver_number")[0]).(*array.Int32)
		date := rec.Column(rec.Schema().FieldIndices("date")[0]).(*array.Timestamp)
		lapN := rec.Column(rec.Schema().FieldIndices("lap_number")[0]).(*array.Int32)
		for i := range int(rec.NumRows()) {
			n++
			want, ok := lapAt(int(dn.Value(i)), time.UnixMicro(int64(date.Value(i))))
			if lapN.IsValid(i) {
				assigned++
			}
			if ok == lapN.IsValid(i) && (!ok || int(lapN.Value(i)) == want) {
				agree++
			}
		}
	}
	require.NoError(t, rdr.Err())
	assert.Equal(t, tb.Stats.Published, n)
	assert.Equal(t, n, agree, "lap_number agrees with the simulator's laps for every sample")
	assert.Greater(t, assigned, n*9/10)
}
