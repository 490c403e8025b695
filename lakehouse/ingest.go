package lakehouse

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// DefaultBufferBytes is how much input a publish holds in memory before it
// starts writing data files (see PublishOptions.BufferBytes).
const DefaultBufferBytes = 64 << 20

// ingest reads the caller's reader exactly once. Every row is classified to
// its unit (session, or the filter) and fingerprinted as it passes. The
// first batches, up to the buffer limit, are retained: when the whole input
// fits, the publish can decide that nothing changed before writing a single
// file.
type ingest struct {
	job    *replaceJob
	rdr    array.RecordReader
	hasher *rowHasher // nil for appends
	keyIdx int        // key column position, -1 unless replacing sessions

	digests []contentDigest
	rows    int64

	buffered []arrow.RecordBatch // retained by the ingest until handed to the writer
	bufBytes int64
	complete bool // the reader was exhausted while buffering
	err      error
}

func newIngest(job *replaceJob, rdr array.RecordReader) *ingest {
	in := &ingest{job: job, rdr: rdr, keyIdx: -1, digests: make([]contentDigest, len(job.units))}
	sc := rdr.Schema()
	if job.kind != kindAppend {
		in.hasher = newRowHasher(sc, job.opts.FingerprintExclude)
	}
	if job.kind == kindSessions {
		in.keyIdx = sc.FieldIndices(job.keyColumn)[0]
	}

	return in
}

// observe classifies and fingerprints the rows of one batch.
func (in *ingest) observe(rec arrow.RecordBatch) error {
	n := int(rec.NumRows())
	in.rows += int64(n)
	if in.hasher == nil {
		return nil
	}
	in.hasher.bind(rec)
	if in.keyIdx < 0 {
		for i := range n {
			h := in.hasher.hashRow(i)
			in.digests[0].add(&h)
		}

		return nil
	}
	key := intAccessor(rec.Column(in.keyIdx))
	var outside []string
	var outsideRows int64
	for i := range n {
		k, ok := key(i)
		u, found := in.job.unitIndex[k]
		if !ok || !found {
			outsideRows++
			v := "null"
			if ok {
				v = strconv.FormatInt(k, 10)
			}
			if len(outside) < 5 && !slices.Contains(outside, v) {
				outside = append(outside, v)
			}

			continue
		}
		h := in.hasher.hashRow(i)
		in.digests[u].add(&h)
	}
	if outsideRows > 0 {
		return &OutsideRowsError{Table: in.job.ident.String(), Column: in.job.keyColumn, Values: outside, Rows: outsideRows}
	}

	return nil
}

// next reads, observes and returns the next non-empty batch (not retained).
func (in *ingest) next(ctx context.Context) (arrow.RecordBatch, bool, error) {
	for in.rdr.Next() {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		rec := in.rdr.RecordBatch()
		if rec.NumRows() == 0 {
			continue
		}
		if err := in.observe(rec); err != nil {
			return nil, false, err
		}

		return rec, true, nil
	}

	return nil, false, in.rdr.Err()
}

// prefetch buffers batches until the reader ends or limit bytes are held.
func (in *ingest) prefetch(ctx context.Context, limit int64) error {
	for in.bufBytes <= limit {
		rec, ok, err := in.next(ctx)
		if err != nil {
			return err
		}
		if !ok {
			in.complete = true

			return nil
		}
		rec.Retain()
		in.buffered = append(in.buffered, rec)
		in.bufBytes += recordBytes(rec)
	}

	return nil
}

// records yields the buffered batches, then the rest of the reader. Each
// yielded batch carries one reference for the consumer (WriteRecords
// releases every batch it is given). A stream error is also stored in
// in.err, because the writer may wrap it.
func (in *ingest) records(ctx context.Context) iter.Seq2[arrow.RecordBatch, error] {
	return func(yield func(arrow.RecordBatch, error) bool) {
		for len(in.buffered) > 0 {
			rec := in.buffered[0]
			in.buffered = in.buffered[1:] // ownership moves to the consumer
			if !yield(rec, nil) {
				return
			}
		}
		for {
			rec, ok, err := in.next(ctx)
			if err != nil {
				in.err = err
				yield(nil, err)

				return
			}
			if !ok {
				return
			}
			rec.Retain()
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// release drops batches still buffered (after an early return).
func (in *ingest) release() {
	for _, rec := range in.buffered {
		rec.Release()
	}
	in.buffered = nil
}

// contentDigests finishes the per-unit digests; valid once the reader is
// exhausted.
func (in *ingest) contentDigests() []string {
	if in.hasher == nil {
		return nil
	}
	out := make([]string, len(in.digests))
	for u := range in.digests {
		out[u] = in.digests[u].hex(in.hasher.layout)
	}

	return out
}

// written describes the input of a publish: its fingerprints and, once
// written, its data files.
type written struct {
	files     []iceberg.DataFile
	unitFiles [][]iceberg.DataFile // per unit; nil when not attributable
	unitRows  []int64
	content   []string // content digest per unit
	// aligned says every data file holds rows of exactly one unit, known
	// from its partition values.
	aligned bool
}

func (in *ingest) summary(aligned bool) *written {
	w := &written{content: in.contentDigests(), aligned: aligned, unitRows: make([]int64, len(in.digests))}
	for u := range in.digests {
		w.unitRows[u] = in.digests[u].rows
	}

	return w
}

// write streams the input into data files and attributes them to units.
func (l *Lake) write(ctx context.Context, tbl *table.Table, in *ingest) (*written, error) {
	job := in.job
	var files []iceberg.DataFile
	wctx := compute.WithAllocator(ctx, job.opts.Allocator)
	for df, err := range table.WriteRecords(wctx, tbl, in.rdr.Schema(), in.records(ctx)) {
		if err != nil {
			l.removeFiles(ctx, tbl, files)
			if in.err != nil {
				return nil, in.err
			}

			return nil, fmt.Errorf("lakehouse: write data files for %s: %w", job.ident, err)
		}
		files = append(files, df)
	}
	if in.err != nil {
		l.removeFiles(ctx, tbl, files)

		return nil, in.err
	}

	w := in.summary(true)
	w.files = files
	if err := job.attributeWritten(tbl, w); err != nil {
		l.removeFiles(ctx, tbl, files)

		return nil, err
	}

	return w, nil
}

// attributeWritten assigns each written file to its unit.
func (j *replaceJob) attributeWritten(tbl *table.Table, w *written) error {
	w.unitFiles = make([][]iceberg.DataFile, len(j.units))
	var attr attributor
	switch j.kind {
	case kindSessions:
		sa := newSessionAttributor(tbl.Metadata(), j.keyColumn, j.unitIndex)
		if spec := tbl.Spec(); !sa.alignedSpec(spec.ID()) {
			w.aligned, w.unitFiles = false, nil

			return nil
		}
		attr = sa
	case kindWhere:
		attr = newFilterAttributor(tbl.Metadata(), j.filter)
	default:
		w.aligned, w.unitFiles = false, nil

		return nil
	}

	var outside []string
	var outsideRows int64
	for _, df := range w.files {
		u, aligned := attr.unitOf(df)
		if !aligned {
			w.aligned, w.unitFiles = false, nil

			return nil
		}
		if u < 0 {
			outsideRows += df.Count()
			if len(outside) < 5 {
				outside = append(outside, fmt.Sprint(df.Partition()))
			}

			continue
		}
		w.unitFiles[u] = append(w.unitFiles[u], df)
	}
	if outsideRows > 0 {
		return &OutsideRowsError{Table: j.ident.String(), Values: outside, Rows: outsideRows}
	}

	return nil
}

// intAccessor reads an integer column as int64 (ok=false for null).
func intAccessor(arr arrow.Array) func(i int) (int64, bool) {
	valid := func(i int) bool { return !arr.IsNull(i) }
	switch a := arr.(type) {
	case *array.Int64:
		return func(i int) (int64, bool) { return a.Value(i), valid(i) }
	case *array.Int32:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Int16:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Int8:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Uint32:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Uint16:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Uint8:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) }
	case *array.Uint64:
		return func(i int) (int64, bool) { return int64(a.Value(i)), valid(i) && a.Value(i) <= 1<<63-1 }
	default:
		return func(int) (int64, bool) { return 0, false }
	}
}

// recordBytes is the memory held by a batch's buffers (shared buffers are
// counted for each slice; an estimate is all the buffer limit needs).
func recordBytes(rec arrow.RecordBatch) int64 {
	var n int64
	for _, col := range rec.Columns() {
		n += dataBytes(col.Data())
	}

	return n
}

func dataBytes(d arrow.ArrayData) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	if d.DataType().ID() == arrow.DICTIONARY {
		n += dataBytes(d.Dictionary())
	}

	return n
}
