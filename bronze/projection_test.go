package bronze

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// readWith reads a partition with options into retained batches.
func readWith(t *testing.T, s *Store, m *Manifest, mem memory.Allocator, opts ReadOptions) (*arrow.Schema, []arrow.RecordBatch) {
	t.Helper()
	rr, err := OpenPartitionWithOptions(context.Background(), s, m, mem, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	var out []arrow.RecordBatch
	for rr.Next() {
		rec := rr.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	if err := rr.Err(); err != nil {
		releaseAll(out)
		t.Fatal(err)
	}
	return rr.Schema(), out
}

// assertProjectionOf checks that proj holds exactly the named columns of
// full, batch by batch and row by row.
func assertProjectionOf(t *testing.T, full, proj []arrow.RecordBatch, sc *arrow.Schema) {
	t.Helper()
	if len(full) != len(proj) {
		t.Fatalf("%d projected batches, %d full batches", len(proj), len(full))
	}
	for b := range full {
		if full[b].NumRows() != proj[b].NumRows() {
			t.Fatalf("batch %d: %d projected rows, %d full rows", b, proj[b].NumRows(), full[b].NumRows())
		}
		if !proj[b].Schema().Equal(sc) {
			t.Fatalf("batch %d schema %v, want %v", b, proj[b].Schema(), sc)
		}
		for i, f := range sc.Fields() {
			want := full[b].Column(full[b].Schema().FieldIndices(f.Name)[0])
			if !array.Equal(want, proj[b].Column(i)) {
				t.Fatalf("batch %d column %s differs from the full read", b, f.Name)
			}
		}
	}
}

// TestOpenPartitionWithOptionsProjects reads the real 2024 Australian GP
// laps partition whole and projected: the projection has the requested
// columns in Schema order, list columns included, with the same values row
// for row; an unknown column is refused.
func TestOpenPartitionWithOptionsProjects(t *testing.T) {
	ctx := context.Background()
	s := memStore(t)
	key := race9488.Partition(openf1.EndpointLaps)
	res := writeBodies(t, s, key, "r1", readFixture(t, fxLaps9488))
	m, err := s.Manifest(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	_, full := readWith(t, s, m, mem, ReadOptions{})
	defer releaseAll(full)
	cols := []string{ColumnIngestedAt, "segments_sector_2", "lap_duration", "driver_number", "lap_duration"}
	sc, proj := readWith(t, s, m, mem, ReadOptions{Columns: cols})
	defer releaseAll(proj)

	var names []string
	for _, f := range sc.Fields() {
		names = append(names, f.Name)
	}
	if want := []string{"driver_number", "lap_duration", "segments_sector_2", ColumnIngestedAt}; !slices.Equal(names, want) {
		t.Fatalf("projected columns %v, want %v", names, want)
	}
	if want, _ := ProjectSchema(openf1.EndpointLaps, cols); !sc.Equal(want) {
		t.Fatalf("reader schema %v, want ProjectSchema's %v", sc, want)
	}
	var rows int64
	for _, b := range proj {
		rows += b.NumRows()
	}
	if rows != res.Rows || rows != 998 {
		t.Fatalf("%d projected rows, wrote %d (the fixture has 998)", rows, res.Rows)
	}
	assertProjectionOf(t, full, proj, sc)

	if _, err := OpenPartitionWithOptions(ctx, s, m, mem, ReadOptions{Columns: []string{"lap_duration", "tyre"}}); !errors.Is(err, ErrUnknownColumn) {
		t.Fatalf("unknown column: err = %v, want ErrUnknownColumn", err)
	}
}

// TestOpenPartitionRangedReads reads a three-row-group car_data partition
// through the ranged blob reader (the path of files above wholeFileBytes)
// and in memory: both give the same batches, whole and projected, and a
// size that differs from the manifest is reported on either path.
func TestOpenPartitionRangedReads(t *testing.T) {
	ctx := context.Background()
	s := memStore(t)
	key := PartitionKey{Endpoint: openf1.EndpointCarData, Year: 2024, MeetingKey: 1229, SessionKey: 9472}
	bodies := carDataBodies()
	res := writeBodies(t, s, key, "r1", bodies...)
	m, err := s.Manifest(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, b := range bodies {
		sent += len(jsonRecords(t, b))
	}
	if res.Rows != int64(sent) {
		t.Fatalf("wrote %d rows, the API sent %d", res.Rows, sent)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cols := []string{"date", "driver_number", "rpm", "n_gear", ColumnIngestedAt}

	_, whole := readWith(t, s, m, mem, ReadOptions{})
	defer releaseAll(whole)
	defer func(n int64) { wholeFileBytes = n }(wholeFileBytes)
	wholeFileBytes = 0
	_, ranged := readWith(t, s, m, mem, ReadOptions{})
	defer releaseAll(ranged)
	assertProjectionOf(t, whole, ranged, Schema(openf1.EndpointCarData))
	sc, proj := readWith(t, s, m, mem, ReadOptions{Columns: cols})
	defer releaseAll(proj)
	assertProjectionOf(t, whole, proj, sc)
	if len(whole) < 3 {
		t.Fatalf("%d batches: the partition should span several row groups", len(whole))
	}

	for _, limit := range []int64{0, 1 << 40} {
		wholeFileBytes = limit
		bad := *m
		bad.Files = slices.Clone(m.Files)
		bad.Files[0].Bytes--
		rr, err := OpenPartition(ctx, s, &bad, mem)
		if err != nil {
			t.Fatal(err)
		}
		if rr.Next() || !errors.Is(rr.Err(), ErrCorruptPartition) {
			t.Fatalf("wholeFileBytes %d: err = %v, want ErrCorruptPartition", limit, rr.Err())
		}
		rr.Release()
	}
}

// TestProjectionOfColumnsAFileLacks reads a file that has none of the
// projected columns (as a file written before the registry gained them):
// every row reads as null, in batches of at most readBatchRows, none lost.
func TestProjectionOfColumnsAFileLacks(t *testing.T) {
	ctx := context.Background()
	s := memStore(t)
	key := race9488.Partition(openf1.EndpointLaps)
	res := writeBodies(t, s, key, "r1", readFixture(t, fxLaps9488))
	m, err := s.Manifest(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	defer func(n int64) { readBatchRows = n }(readBatchRows)
	readBatchRows = 300

	// Today's schema has every column of the file, so the reader's schema
	// is swapped for one whose only column no file has.
	rr, err := OpenPartitionWithOptions(ctx, s, m, mem, ReadOptions{Columns: []string{"st_speed"}})
	if err != nil {
		t.Fatal(err)
	}
	pr := rr.(*partitionReader)
	pr.schema = arrow.NewSchema([]arrow.Field{{Name: "added_later", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	var rows int64
	for rr.Next() {
		rec := rr.RecordBatch()
		if rec.NumRows() > 300 || rec.Column(0).NullN() != int(rec.NumRows()) {
			t.Fatalf("batch of %d rows with %d nulls", rec.NumRows(), rec.Column(0).NullN())
		}
		rows += rec.NumRows()
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	rr.Release()
	if rows != res.Rows {
		t.Fatalf("%d null rows, want %d", rows, res.Rows)
	}
}
