package bronze

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ErrCorruptPartition is matched by errors about data files that do not
// match their manifest (missing, or of another size).
var ErrCorruptPartition = errors.New("bronze: data file does not match its manifest")

// readBatchRows is the largest record batch OpenPartition yields (a
// variable so tests can shrink it).
var readBatchRows int64 = 64 * 1024

// OpenPartition opens a partition through its manifest as an Arrow record
// reader whose schema is Schema(m.Endpoint). Files are read in manifest
// order, one row group at a time, in batches of at most 64Ki rows, so a
// telemetry partition is never materialised whole. Columns a file lacks
// (written before the registry gained a field) read as nulls.
//
// The caller releases the reader; each record batch is valid until the next
// call to Next unless the caller retains it. Arrays are allocated from mem.
// An empty partition yields no batches.
//
// It is OpenPartitionWithOptions with the zero ReadOptions (every column).
func OpenPartition(ctx context.Context, store *Store, m *Manifest, mem memory.Allocator) (array.RecordReader, error) {
	return OpenPartitionWithOptions(ctx, store, m, mem, ReadOptions{})
}

// OpenPartitionWithOptions is OpenPartition with a column projection:
// with opts.Columns set, only those columns are read and decoded (Parquet
// column chunks of other columns are never decompressed), and the reader's
// schema is ProjectSchema(m.Endpoint, opts.Columns): the named fields, in
// Schema order, with their metadata. A name the endpoint's schema does not
// have is an error matching ErrUnknownColumn. Rows, batches and ordinals
// are the same as OpenPartition's, so a projected read and a full read of
// the same partition line up row for row.
func OpenPartitionWithOptions(ctx context.Context, store *Store, m *Manifest, mem memory.Allocator, opts ReadOptions) (array.RecordReader, error) {
	schema := Schema(m.Endpoint)
	if schema == nil {
		return nil, fmt.Errorf("bronze: unknown endpoint %q in manifest", m.Endpoint)
	}
	if len(opts.Columns) > 0 {
		var err error
		if schema, err = ProjectSchema(m.Endpoint, opts.Columns); err != nil {
			return nil, err
		}
	}
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	r := &partitionReader{ctx: ctx, store: store, m: m, mem: mem, schema: schema, project: len(opts.Columns) > 0}
	r.refs.Store(1)
	return r, nil
}

type partitionReader struct {
	refs   atomic.Int64
	ctx    context.Context
	store  *Store
	m      *Manifest
	mem    memory.Allocator
	schema *arrow.Schema
	// project: read only schema's columns from each file (a projection).
	project bool

	next int // next file index
	// nulls counts the rows left in a file none of whose columns the
	// projection reads (a file older than every projected field).
	nulls int64
	pf    *file.Reader
	rr    pqarrow.RecordReader
	index []int // schema field → column of the current file's records, -1 = absent
	rec   arrow.RecordBatch
	err   error
}

func (r *partitionReader) Retain() { r.refs.Add(1) }

func (r *partitionReader) Release() {
	if r.refs.Add(-1) == 0 {
		r.closeFile()
		if r.rec != nil {
			r.rec.Release()
			r.rec = nil
		}
	}
}

func (r *partitionReader) Schema() *arrow.Schema { return r.schema }

func (r *partitionReader) Err() error { return r.err }

func (r *partitionReader) RecordBatch() arrow.RecordBatch { return r.rec }

// Record returns the current batch.
//
// Deprecated: use RecordBatch.
func (r *partitionReader) Record() arrow.RecordBatch { return r.rec }

func (r *partitionReader) Next() bool {
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
	if r.err != nil {
		return false
	}
	for {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			return false
		}
		if r.nulls > 0 {
			n := min(r.nulls, readBatchRows)
			r.nulls -= n
			rec, err := r.conform(nil, n)
			if err != nil {
				r.err = err
				return false
			}
			r.rec = rec
			return true
		}
		if r.rr == nil {
			if r.next >= len(r.m.Files) {
				return false
			}
			if err := r.openFile(r.m.Files[r.next]); err != nil {
				r.err = err
				return false
			}
			r.next++
			if r.rr == nil {
				continue // a file without row groups, or read as nulls only
			}
		}
		if r.rr.Next() {
			in := r.rr.RecordBatch()
			rec, err := r.conform(in, in.NumRows())
			if err != nil {
				r.err = err
				return false
			}
			r.rec = rec
			return true
		}
		if err := r.rr.Err(); err != nil && !errors.Is(err, io.EOF) {
			r.err = fmt.Errorf("bronze: read %s: %w", r.m.Files[r.next-1].Path, err)
			return false
		}
		r.closeFile()
	}
}

func (r *partitionReader) openFile(f FileRef) error {
	src, err := openSource(r.ctx, r.store, f)
	if err != nil {
		return err
	}
	// Page and decompression buffers come from a private allocator: the
	// Parquet reader pools them past the reader's lifetime, which must not
	// show up as a leak in the caller's allocator.
	props := parquet.NewReaderProperties(memory.DefaultAllocator)
	pf, err := file.NewParquetReader(src, file.WithReadProps(props))
	if err != nil {
		_ = src.Close()
		return fmt.Errorf("bronze: open %s: %w", f.Path, err)
	}
	// pf.Close closes src.
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, r.mem)
	if err != nil {
		_ = pf.Close()
		return fmt.Errorf("bronze: open %s: %w", f.Path, err)
	}
	if pf.NumRowGroups() == 0 {
		return pf.Close()
	}
	var leaves []int // nil: every column
	if r.project {
		leaves = projectLeaves(fr.Manifest, r.schema)
		if len(leaves) == 0 {
			// The file has none of the projected columns: its rows read
			// as nulls.
			r.nulls = pf.NumRows()
			return pf.Close()
		}
	}
	rr, err := fr.GetRecordReader(r.ctx, leaves, nil)
	if err != nil {
		_ = pf.Close()
		return fmt.Errorf("bronze: read %s: %w", f.Path, err)
	}
	fileSchema := rr.Schema()
	r.index = make([]int, r.schema.NumFields())
	for i, fld := range r.schema.Fields() {
		r.index[i] = -1
		if idx := fileSchema.FieldIndices(fld.Name); len(idx) == 1 {
			if !arrow.TypeEqual(fileSchema.Field(idx[0]).Type, fld.Type) {
				rr.Release()
				_ = pf.Close()
				return fmt.Errorf("%w: %s column %q is %s, schema says %s",
					ErrCorruptPartition, f.Path, fld.Name, fileSchema.Field(idx[0]).Type, fld.Type)
			}
			r.index[i] = idx[0]
		}
	}
	r.pf, r.rr = pf, rr
	return nil
}

// projectLeaves returns the Parquet leaf columns of the file's top-level
// fields named in schema (every leaf of a list field), ascending.
func projectLeaves(sm *pqarrow.SchemaManifest, schema *arrow.Schema) []int {
	var out []int
	var walk func(f *pqarrow.SchemaField)
	walk = func(f *pqarrow.SchemaField) {
		if f.IsLeaf() {
			out = append(out, f.ColIndex)
		}
		for i := range f.Children {
			walk(&f.Children[i])
		}
	}
	for i := range sm.Fields {
		if f := &sm.Fields[i]; f.Field != nil && schema.HasField(f.Field.Name) {
			walk(f)
		}
	}
	slices.Sort(out)
	return out
}

// conform re-labels a file batch of n rows with the reader's schema,
// filling absent columns with nulls (in is nil when every column is
// absent).
func (r *partitionReader) conform(in arrow.RecordBatch, n int64) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, r.schema.NumFields())
	for i := range cols {
		if in != nil && r.index[i] >= 0 {
			cols[i] = in.Column(r.index[i])
			cols[i].Retain()
		} else {
			cols[i] = array.MakeArrayOfNull(r.mem, r.schema.Field(i).Type, int(n))
		}
	}
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	return array.NewRecordBatch(r.schema, cols, n), nil
}

func (r *partitionReader) closeFile() {
	if r.rr != nil {
		r.rr.Release()
		r.rr = nil
	}
	if r.pf != nil {
		_ = r.pf.Close()
		r.pf = nil
	}
}
