package silver

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/openf1"
)

func carSample(dn int, sec float64, speed any, at time.Time) row {
	return row{"meeting_key": tMeeting, "session_key": tRace, "driver_number": dn,
		"date": raceStart.Add(time.Duration(sec * float64(time.Second))), "rpm": 11000, "speed": speed,
		"n_gear": 7, "throttle": 99, "brake": 0, "drs": nil, "_ingested_at": at}
}

func TestBuildTelemetryChecksDedupsAndAssignsLaps(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	// driver 1: lap 2 at 90–180 s, lap 3 at 180–270 s
	src.rows(t, key(openf1.EndpointLaps, tRace),
		lap(1, 1, nil, nil, false), lap(1, 2, 90.0, 90.0, false), lap(1, 3, 180.0, 90.0, false))
	later := ingested.Add(time.Minute)
	// two bronze batches (two requests): the second re-sends a sample at
	// 100 s with a later ingestion time, which wins
	src.put(key(openf1.EndpointCarData, tRace),
		bronzeBatch(t, mem, openf1.EndpointCarData,
			carSample(1, 50, 250, ingested),  // before lap 2, lap 1 has no times: no lap
			carSample(1, 100, 300, ingested), // superseded
			carSample(1, 179.999, 310, ingested),
			carSample(99, 100, 300, ingested), // not in the session
		),
		bronzeBatch(t, mem, openf1.EndpointCarData,
			carSample(1, 100, 301, later),
			carSample(1, 180, 200, ingested),
			carSample(1, 300, 100, ingested),   // after the last lap
			carSample(1, 200, 1<<40, ingested), // speed out of int32 range
		))
	opts := BuildOptions{Allocator: mem, RunID: "tel", Now: func() time.Time { return ingested }}.withDefaults()
	tb, err := buildTelemetry(context.Background(), src, tRace, openf1.EndpointCarData, nil, opts)
	require.NoError(t, err)
	defer tb.Release()

	// rejects and stats are known before reading
	assert.Equal(t, TableStats{Table: TableCarData, Endpoint: openf1.EndpointCarData, BronzeRows: 8, Published: 5, Rejected: 3}, tb.Stats)
	rej := tb.Rejects.All()
	require.Len(t, rej, 3)
	byRow := map[int64]Reject{}
	for _, r := range rej {
		byRow[r.BronzeRow] = r
	}
	assert.Equal(t, ReasonOrphanDriver, byRow[3].Code)
	assert.Equal(t, ReasonInvalidValue, byRow[7].Code)
	assert.Equal(t, "speed = 1099511627776 is out of the int32 range", byRow[7].Reason)
	assert.Equal(t, ReasonDuplicate, byRow[1].Code)
	assert.Equal(t, "superseded by bronze row 4 with the same natural key (ingested_at 2024-03-25T06:01:00+00:00)", byRow[1].Reason)
	assert.Contains(t, byRow[1].Raw, `"speed":300`)

	rdr := tb.Reader()
	var recs []arrow.RecordBatch
	for rdr.Next() {
		rec := rdr.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	require.NoError(t, rdr.Err())
	require.Len(t, recs, 2)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	var speeds, laps []any
	for _, r := range recs {
		speeds = append(speeds, column(t, r, "speed")...)
		laps = append(laps, column(t, r, "lap_number")...)
	}
	assert.Equal(t, []any{250, 310, 301, 200, 100}, speeds)
	assert.Equal(t, []any{nil, 2, 2, 3, nil}, laps)
	assert.Equal(t, []any{tYear, tYear}, column(t, recs[0], "year"))
}

func TestBuildTelemetryErrors(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	opts := BuildOptions{Allocator: mem}.withDefaults()
	_, err := buildTelemetry(context.Background(), src, tRace, openf1.EndpointLaps, nil, opts)
	assert.ErrorIs(t, err, ErrNotTelemetry)
	_, err = buildTelemetry(context.Background(), src, tRace, openf1.EndpointLocation, nil, opts)
	assert.ErrorIs(t, err, ErrNoPartition)
	_, err = buildTelemetry(context.Background(), src, 1, openf1.EndpointLocation, nil, opts)
	assert.True(t, errors.Is(err, ErrSessionNotFound), err)
}

func TestLapIndexFromBuild(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointLaps, tRace),
		lap(16, 1, nil, 88.0, false), lap(16, 2, 90.0, nil, false), lap(16, 3, 185.0, 90.0, false))
	b := build(t, src, mem, tRace)
	defer b.Release()
	idx, err := b.LapIndex()
	require.NoError(t, err)
	at := func(sec float64) any {
		l, ok := idx.Lap(16, raceStart.Add(time.Duration(sec*float64(time.Second))))
		if !ok {
			return nil
		}
		return l
	}
	// lap 1: no start, 88 s, ends when lap 2 starts (90 s) → 2..90
	assert.Equal(t, []any{nil, 1, 1, 2, 2, 3, 3, nil}, []any{at(1), at(2), at(89.9), at(90), at(184.9), at(185), at(274.9), at(275)})
	assert.Equal(t, 3, idx.Laps())
	_, ok := idx.Lap(1, raceStart)
	assert.False(t, ok)
}
