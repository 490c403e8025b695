package bronze

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"gocloud.dev/blob"
)

// Defaults for data file sizing.
const (
	defaultRowGroupRows = 128 * 1024 // rows per Parquet row group: the unit readers stream
	defaultFileRows     = 1 << 20    // rows per data file before starting the next part
)

// zstdCodec is shared by every writer: the codec pools its encoders, and
// each new encoder allocates megabytes of window buffers.
var zstdCodec = &zstd.Codec{}

// partWriter writes the rows of one partition into one or more zstd Parquet
// files under names the live manifest does not reference. Nothing it writes
// is visible until a manifest lists it; abort deletes what it wrote.
type partWriter struct {
	store   *Store
	key     PartitionKey
	schema  *parquet.Schema
	avoid   map[string]bool // keys referenced by the live manifest
	suffix  string          // alternative-name suffix (the run id)
	maxRows int64
	rgRows  int64
	meta    []parquet.WriterOption

	cur     *openPart
	files   []FileRef
	started []string // keys of every file begun, for abort
}

type openPart struct {
	key    string
	cancel context.CancelFunc
	bw     *blob.Writer
	pw     *parquet.Writer
	sha    hash.Hash
	size   int64
	rows   int64
}

func (o *openPart) Write(p []byte) (int, error) {
	n, err := o.bw.Write(p)
	o.sha.Write(p[:n])
	o.size += int64(n)
	return n, err
}

func newPartWriter(s *Store, key PartitionKey, schema *parquet.Schema, live *Manifest, runID string, opts writerOptions) *partWriter {
	w := &partWriter{
		store:   s,
		key:     key,
		schema:  schema,
		avoid:   map[string]bool{},
		suffix:  runID,
		maxRows: opts.fileRows,
		rgRows:  opts.rowGroupRows,
		meta: []parquet.WriterOption{
			parquet.KeyValueMetadata("pitwall.bronze.endpoint", string(key.Endpoint)),
			parquet.KeyValueMetadata("pitwall.bronze.run_id", runID),
			parquet.KeyValueMetadata("pitwall.bronze.schema_version", fmt.Sprint(SchemaVersion)),
		},
	}
	if live != nil {
		for _, f := range live.Files {
			w.avoid[f.Path] = true
		}
	}
	if w.maxRows <= 0 {
		w.maxRows = defaultFileRows
	}
	if w.rgRows <= 0 {
		w.rgRows = defaultRowGroupRows
	}
	return w
}

// writerOptions size data files.
type writerOptions struct {
	fileRows     int64
	rowGroupRows int64
}

// fileKey picks the key of data file part: the plain layout name unless the
// live manifest references it, then a run-specific alternative.
func (w *partWriter) fileKey(part int) string {
	for _, suffix := range []string{"", w.suffix, w.suffix + "-" + fmt.Sprint(time.Now().UnixNano())} {
		k := w.key.dataFileName(part, suffix)
		if !w.avoid[k] {
			return k
		}
	}
	return w.key.dataFileName(part, fmt.Sprintf("%s-%d", w.suffix, time.Now().UnixNano()))
}

func (w *partWriter) open(ctx context.Context) error {
	key := w.fileKey(len(w.files))
	cctx, cancel := context.WithCancel(ctx)
	bw, err := w.store.bucket.NewWriter(cctx, key, &blob.WriterOptions{ContentType: "application/vnd.apache.parquet"})
	if err != nil {
		cancel()
		return fmt.Errorf("bronze: create %s: %w", key, err)
	}
	w.started = append(w.started, key)
	o := &openPart{key: key, cancel: cancel, bw: bw, sha: sha256.New()}
	opts := append([]parquet.WriterOption{
		w.schema,
		parquet.Compression(zstdCodec),
		parquet.MaxRowsPerRowGroup(w.rgRows),
		parquet.CreatedBy("pitwall bronze", "", ""),
	}, w.meta...)
	cfg, err := parquet.NewWriterConfig(opts...)
	if err != nil {
		cancel()
		_ = bw.Close()
		return fmt.Errorf("bronze: parquet writer: %w", err)
	}
	o.pw = parquet.NewWriter(o, cfg)
	w.cur = o
	return nil
}

// write appends rows, rolling over to a new file every maxRows rows.
func (w *partWriter) write(ctx context.Context, rows []parquet.Row) error {
	for len(rows) > 0 {
		if w.cur == nil {
			if err := w.open(ctx); err != nil {
				return err
			}
		}
		n := min(int64(len(rows)), w.maxRows-w.cur.rows)
		if _, err := w.cur.pw.WriteRows(rows[:n]); err != nil {
			return fmt.Errorf("bronze: write %s: %w", w.cur.key, err)
		}
		w.cur.rows += n
		rows = rows[n:]
		if w.cur.rows >= w.maxRows {
			if err := w.closePart(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *partWriter) closePart() error {
	o := w.cur
	w.cur = nil
	defer o.cancel()
	if err := o.pw.Close(); err != nil {
		o.cancel()
		_ = o.bw.Close()
		return fmt.Errorf("bronze: finish %s: %w", o.key, err)
	}
	if err := o.bw.Close(); err != nil {
		return fmt.Errorf("bronze: upload %s: %w", o.key, err)
	}
	w.files = append(w.files, FileRef{Path: o.key, Rows: o.rows, Bytes: o.size, SHA256: hex.EncodeToString(o.sha.Sum(nil))})
	return nil
}

// finish closes the last file and returns every file written.
func (w *partWriter) finish() ([]FileRef, error) {
	if w.cur != nil {
		if err := w.closePart(); err != nil {
			return nil, err
		}
	}
	return w.files, nil
}

// abort cancels an open upload and deletes the files already written. It
// runs even when ctx is cancelled (cleanup must not be skipped on the very
// cancellation that caused it).
func (w *partWriter) abort(ctx context.Context) {
	if w.cur != nil {
		w.cur.cancel()
		_ = w.cur.bw.Close()
		w.cur = nil
	}
	deleteKeys(ctx, w.store, w.started)
	w.started = nil
	w.files = nil
}

// deleteKeys removes blobs, ignoring "not found", detached from ctx's
// cancellation but bounded in time.
func deleteKeys(ctx context.Context, s *Store, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	var first error
	for _, k := range keys {
		if err := s.bucket.Delete(dctx, k); err != nil && !isNotFound(err) && first == nil {
			first = fmt.Errorf("bronze: delete %s: %w", k, err)
		}
	}
	return first
}
