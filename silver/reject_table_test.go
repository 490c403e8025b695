package silver

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
)

// TestRejectTableKeepsPreviousSnapshot: when the pipeline's quality check
// fails a table, RejectTable moves its rows to rejects; publishing then
// leaves the table's previous rows for the session in place and records
// the rejected rows.
func TestRejectTableKeepsPreviousSnapshot(t *testing.T) {
	ctx := context.Background()
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	src.rows(t, key(openf1.EndpointLaps, tRace), lap(1, 2, 90.0, 90.0, false), lap(16, 2, 92.0, 91.0, false))
	lake, err := lakehouse.OpenLocal(ctx, t.TempDir())
	require.NoError(t, err)
	defer lake.Close()

	b := build(t, src, mem, tRace)
	_, err = Publish(ctx, lake, b, "run-1")
	b.Release()
	require.NoError(t, err)

	// a bad correction arrives; the pipeline's check fails it
	src.rows(t, key(openf1.EndpointLaps, tRace), lap(1, 2, 90.0, 9.0, false), lap(16, 2, 92.0, 91.0, false))
	b = build(t, src, mem, tRace)
	defer b.Release()
	require.NoError(t, b.RejectTable(TableLaps, "lap_duration_ms between 60000 and 300000 failed"))
	assert.NotContains(t, b.Tables(), TableLaps)
	assert.ErrorIs(t, b.RejectTable(TableLaps, "again"), ErrNoTable)
	st, _ := b.Stat(TableLaps)
	assert.Equal(t, TableStats{Table: TableLaps, Endpoint: openf1.EndpointLaps, BronzeRows: 2, Published: 0, Rejected: 2}, st)
	res, err := Publish(ctx, lake, b, "run-2")
	require.NoError(t, err)
	for _, r := range res {
		assert.NotEqual(t, "silver.laps", r.Table)
	}

	rdr, err := lake.Scan(ctx, memory.DefaultAllocator, Ident(TableLaps), lakehouse.ScanOptions{Columns: []string{"driver_number", "lap_duration_ms"}})
	require.NoError(t, err)
	defer rdr.Release()
	durations := map[int32]int64{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := range int(rec.NumRows()) {
			durations[rec.Column(0).(*array.Int32).Value(i)] = rec.Column(1).(*array.Int64).Value(i)
		}
	}
	require.NoError(t, rdr.Err())
	assert.Equal(t, map[int32]int64{1: 90_000, 16: 91_000}, durations, "the previous good rows stay")

	rr, err := lake.Scan(ctx, memory.DefaultAllocator, Ident(TableRejects), lakehouse.ScanOptions{})
	require.NoError(t, err)
	defer rr.Release()
	var raws []string
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := range int(rec.NumRows()) {
			assert.Equal(t, ReasonQuality, rec.Column(rec.Schema().FieldIndices("reason_code")[0]).ValueStr(i))
			assert.True(t, rec.Column(rec.Schema().FieldIndices("bronze_row")[0]).IsNull(i))
			raws = append(raws, rec.Column(rec.Schema().FieldIndices("raw")[0]).(*array.String).Value(i))
		}
	}
	require.NoError(t, rr.Err())
	require.Len(t, raws, 2)
	var row map[string]any
	require.NoError(t, json.Unmarshal([]byte(raws[0]), &row))
	assert.Equal(t, float64(9000), row["lap_duration_ms"], "raw holds the silver row")
}

func TestPublishAllRefusesDuplicateBuilds(t *testing.T) {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	a := build(t, src, mem, tRace)
	defer a.Release()
	b := build(t, src, mem, tRace)
	defer b.Release()
	_, err := PublishAll(context.Background(), nil, []*Build{a, b}, "dup")
	assert.ErrorIs(t, err, ErrDuplicateBuild)
}
