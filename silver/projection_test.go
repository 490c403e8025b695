package silver

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// projectingSource is a memSource that projects like the bronze store
// does (bronze.OpenPartitionWithOptions): the named columns in bronze
// schema order. It counts full reads, the ones rejects' raw JSON needs.
type projectingSource struct {
	*memSource
	fullReads map[openf1.Endpoint]int
}

func (s *projectingSource) open(ctx context.Context, m *bronze.Manifest) (array.RecordReader, error) {
	s.fullReads[m.Endpoint]++
	return s.memSource.open(ctx, m)
}

func (s *projectingSource) openColumns(ctx context.Context, m *bronze.Manifest, columns []string) (array.RecordReader, error) {
	sc, err := bronze.ProjectSchema(m.Endpoint, columns)
	if err != nil {
		return nil, err
	}
	full, err := s.memSource.open(ctx, m)
	if err != nil {
		return nil, err
	}
	defer full.Release()
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for full.Next() {
		rec := full.RecordBatch()
		cols := make([]arrow.Array, sc.NumFields())
		for i, f := range sc.Fields() {
			cols[i] = rec.Column(rec.Schema().FieldIndices(f.Name)[0])
		}
		recs = append(recs, array.NewRecordBatch(sc, cols, rec.NumRows()))
	}
	return array.NewRecordReader(sc, recs)
}

// projectionWeekend is the hand-made race with rows of every reject kind
// in laps and car_data: duplicates, an orphan driver, another session's
// row, a missing key and a value out of int32 range.
func projectionWeekend(t *testing.T) *memSource {
	mem := checkedAllocator(t)
	src := weekend(t, mem)
	later := ingested.Add(time.Minute)
	dup := lap(1, 3, 180.0, 91.0, false)
	dup["_ingested_at"] = later
	other := lap(16, 2, 92.0, 90.0, false)
	other["session_key"] = tQuali
	noDriver := lap(16, 3, 182.0, 90.0, false)
	noDriver["driver_number"] = nil
	src.rows(t, key(openf1.EndpointLaps, tRace),
		lap(1, 1, nil, nil, false), lap(1, 2, 90.0, 90.0, false), lap(1, 3, 180.0, 90.0, false), dup,
		lap(99, 2, 95.0, 91.0, false), other, noDriver, lap(16, 4, 272.0, 90.0, false))
	wrongMeeting := carSample(16, 120, 280, ingested)
	wrongMeeting["meeting_key"] = tMeeting + 1
	noDate := carSample(16, 121, 280, ingested)
	noDate["date"] = nil
	src.put(key(openf1.EndpointCarData, tRace),
		bronzeBatch(t, mem, openf1.EndpointCarData,
			carSample(1, 100, 300, ingested), carSample(1, 179.999, 310, ingested),
			carSample(99, 100, 300, ingested), wrongMeeting),
		bronzeBatch(t, mem, openf1.EndpointCarData,
			carSample(1, 100, 301, later), noDate, carSample(1, 200, 1<<40, ingested),
			carSample(16, 100, 250, ingested)))
	return src
}

// TestProjectedReadsBuildTheSame builds the same session and telemetry
// from whole bronze batches and from projected ones: every table, reject
// (natural key, reason, raw JSON with the run columns), stat and warning
// is identical, and the full partition is read only for tables that have
// rejects.
func TestProjectedReadsBuildTheSame(t *testing.T) {
	src := projectionWeekend(t)
	mem := src.mem
	proj := &projectingSource{memSource: src, fullReads: map[openf1.Endpoint]int{}}

	whole := build(t, src, mem, tRace)
	defer whole.Release()
	projected := build(t, proj, mem, tRace)
	defer projected.Release()
	require.Equal(t, whole.Tables(), projected.Tables())
	for _, table := range whole.Tables() {
		assert.True(t, array.RecordEqual(whole.Record(table), projected.Record(table)), table)
	}
	assert.Equal(t, whole.Stats, projected.Stats)
	assert.Equal(t, whole.Warnings, projected.Warnings)
	require.Equal(t, whole.Rejects.All(), projected.Rejects.All())
	laps := rejectsOf(projected, TableLaps)
	require.Len(t, laps, 4, "duplicate, orphan, other session, null driver")
	assert.Contains(t, laps[0].Raw, `"_request":`)
	assert.Contains(t, laps[0].Raw, `"_run_id":`)
	assert.Equal(t, map[openf1.Endpoint]int{openf1.EndpointLaps: 1}, proj.fullReads,
		"only laps has rejects, so only laps is read whole (once)")

	telemetry := func(s partitionSource) (*TelemetryBuild, []arrow.RecordBatch) {
		opts := BuildOptions{Allocator: mem, RunID: "tel", Now: func() time.Time { return ingested }}.withDefaults()
		tb, err := buildTelemetry(context.Background(), s, tRace, openf1.EndpointCarData, nil, opts)
		require.NoError(t, err)
		var recs []arrow.RecordBatch
		rdr := tb.Reader()
		for rdr.Next() {
			rec := rdr.RecordBatch()
			rec.Retain()
			recs = append(recs, rec)
		}
		require.NoError(t, rdr.Err())
		return tb, recs
	}
	clear(proj.fullReads)
	wt, wrecs := telemetry(src)
	defer wt.Release()
	pt, precs := telemetry(proj)
	defer pt.Release()
	defer func() {
		for _, r := range append(wrecs, precs...) {
			r.Release()
		}
	}()
	require.Equal(t, len(wrecs), len(precs))
	for i := range wrecs {
		assert.True(t, array.RecordEqual(wrecs[i], precs[i]), "batch %d", i)
	}
	assert.Equal(t, wt.Stats, pt.Stats)
	assert.Equal(t, TableStats{Table: TableCarData, Endpoint: openf1.EndpointCarData, BronzeRows: 8, Published: 3, Rejected: 5}, pt.Stats)
	require.Equal(t, wt.Rejects.All(), pt.Rejects.All())
	var codes []string
	for _, r := range pt.Rejects.All() {
		codes = append(codes, r.Code)
		assert.Contains(t, r.Raw, `"_request":`)
	}
	// in the order found: row checks in bronze order, then duplicates
	assert.Equal(t, []string{ReasonOrphanDriver, ReasonOutOfPartition, ReasonMissingValue, ReasonInvalidValue, ReasonDuplicate}, codes)
	assert.Equal(t, map[openf1.Endpoint]int{openf1.EndpointCarData: 1}, proj.fullReads,
		"car_data is read whole once, for the rejects' raw JSON")
}
