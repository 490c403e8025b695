package bronze

import (
	"context"
	"errors"
	"fmt"
	"io"
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
func OpenPartition(ctx context.Context, store *Store, m *Manifest, mem memory.Allocator) (array.RecordReader, error) {
	schema := Schema(m.Endpoint)
	if schema == nil {
		return nil, fmt.Errorf("bronze: unknown endpoint %q in manifest", m.Endpoint)
	}
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	r := &partitionReader{ctx: ctx, store: store, m: m, mem: mem, schema: schema}
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

	next  int // next file index
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
				continue // a file without row groups
			}
		}
		if r.rr.Next() {
			rec, err := r.conform(r.rr.RecordBatch())
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
	attrs, err := r.store.bucket.Attributes(r.ctx, f.Path)
	if err != nil {
		if isNotFound(err) {
			return fmt.Errorf("%w: %s is missing", ErrCorruptPartition, f.Path)
		}
		return fmt.Errorf("bronze: stat %s: %w", f.Path, err)
	}
	if attrs.Size != f.Bytes {
		return fmt.Errorf("%w: %s has %d bytes, manifest says %d", ErrCorruptPartition, f.Path, attrs.Size, f.Bytes)
	}
	// Page and decompression buffers come from a private allocator: the
	// Parquet reader pools them past the reader's lifetime, which must not
	// show up as a leak in the caller's allocator.
	props := parquet.NewReaderProperties(memory.DefaultAllocator)
	pf, err := file.NewParquetReader(&blobReaderAt{ctx: r.ctx, s: r.store, key: f.Path, size: f.Bytes}, file.WithReadProps(props))
	if err != nil {
		return fmt.Errorf("bronze: open %s: %w", f.Path, err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, r.mem)
	if err != nil {
		_ = pf.Close()
		return fmt.Errorf("bronze: open %s: %w", f.Path, err)
	}
	if pf.NumRowGroups() == 0 {
		return pf.Close()
	}
	rr, err := fr.GetRecordReader(r.ctx, nil, nil)
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

// conform re-labels a file batch with the bronze schema, filling absent columns with nulls.
func (r *partitionReader) conform(in arrow.RecordBatch) (arrow.RecordBatch, error) {
	n := int(in.NumRows())
	cols := make([]arrow.Array, len(r.index))
	for i, j := range r.index {
		if j >= 0 {
			cols[i] = in.Column(j)
			cols[i].Retain()
		} else {
			cols[i] = array.MakeArrayOfNull(r.mem, r.schema.Field(i).Type, n)
		}
	}
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	return array.NewRecordBatch(r.schema, cols, int64(n)), nil
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

// blobReaderAt reads a blob by ranges, so the Parquet reader fetches the
// footer and one column chunk at a time instead of the whole file.
type blobReaderAt struct {
	ctx  context.Context
	s    *Store
	key  string
	size int64
	pos  int64
}

func (b *blobReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= b.size {
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.size-off)
	rd, err := b.s.bucket.NewRangeReader(b.ctx, b.key, off, n, nil)
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	m, err := io.ReadFull(rd, p[:n])
	if err == nil && m < len(p) {
		err = io.EOF
	}
	return m, err
}

func (b *blobReaderAt) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		b.pos = offset
	case io.SeekCurrent:
		b.pos += offset
	case io.SeekEnd:
		b.pos = b.size + offset
	}
	if b.pos < 0 {
		return 0, errors.New("bronze: seek before start")
	}
	return b.pos, nil
}
