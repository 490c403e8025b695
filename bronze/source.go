package bronze

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"gocloud.dev/blob"
)

// wholeFileBytes is the size up to which a data file is read into memory
// with one request instead of by ranges (a variable so tests can force the
// ranged path). Bronze files are small, except telemetry parts: one GET of
// a few megabytes costs less than a request per column chunk, and on a
// local lake one read beats reopening the file for every chunk.
var wholeFileBytes int64 = 8 << 20

// fileSource is what the Parquet reader reads a data file through: an
// io.ReaderAt and io.Seeker over the file, closed by the Parquet reader.
type fileSource interface {
	io.ReaderAt
	io.Seeker
	io.Closer
}

// openSource opens a data file of a manifest, checking its size against
// the manifest: a file of wholeFileBytes or less is read whole with one
// request; a larger one is read through one open blob reader.
func openSource(ctx context.Context, s *Store, f FileRef) (fileSource, error) {
	if f.Bytes <= wholeFileBytes {
		data, err := s.bucket.ReadAll(ctx, f.Path)
		if err != nil {
			return nil, sourceError(f, err)
		}
		if int64(len(data)) != f.Bytes {
			return nil, fmt.Errorf("%w: %s has %d bytes, manifest says %d", ErrCorruptPartition, f.Path, len(data), f.Bytes)
		}
		return memSource{bytes.NewReader(data)}, nil
	}
	rd, err := s.bucket.NewReader(ctx, f.Path, nil)
	if err != nil {
		return nil, sourceError(f, err)
	}
	if rd.Size() != f.Bytes {
		_ = rd.Close()
		return nil, fmt.Errorf("%w: %s has %d bytes, manifest says %d", ErrCorruptPartition, f.Path, rd.Size(), f.Bytes)
	}
	return &blobSource{rd: rd, size: f.Bytes}, nil
}

func sourceError(f FileRef, err error) error {
	if isNotFound(err) {
		return fmt.Errorf("%w: %s is missing", ErrCorruptPartition, f.Path)
	}
	return fmt.Errorf("bronze: read %s: %w", f.Path, err)
}

// memSource is a data file held in memory.
type memSource struct{ *bytes.Reader }

func (memSource) Close() error { return nil }

// blobSource reads a large blob through one blob.Reader: a read that starts
// where the previous one ended (the Parquet reader takes column chunks in
// file order) continues the same stream; a short gap forward is skipped by
// reading; only other jumps make the blob reader open a new range.
type blobSource struct {
	mu   sync.Mutex
	rd   *blob.Reader
	size int64
	pos  int64 // offset of rd's next byte
	seek int64 // the io.Seeker position (unused by ReadAt)
}

// maxSkip is the longest forward gap blobSource reads and discards rather
// than reopening the range.
const maxSkip = 256 << 10

func (b *blobSource) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("bronze: negative read offset")
	}
	if off >= b.size {
		return 0, io.EOF
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if gap := off - b.pos; gap > 0 && gap <= maxSkip {
		n, err := io.CopyN(io.Discard, b.rd, gap)
		b.pos += n
		if err != nil {
			return 0, err
		}
	}
	if off != b.pos {
		if _, err := b.rd.Seek(off, io.SeekStart); err != nil {
			return 0, err
		}
		b.pos = off
	}
	n := min(int64(len(p)), b.size-off)
	m, err := io.ReadFull(b.rd, p[:n])
	b.pos += int64(m)
	if err == nil && m < len(p) {
		err = io.EOF
	}
	return m, err
}

func (b *blobSource) Seek(offset int64, whence int) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch whence {
	case io.SeekStart:
		b.seek = offset
	case io.SeekCurrent:
		b.seek += offset
	case io.SeekEnd:
		b.seek = b.size + offset
	}
	if b.seek < 0 {
		return 0, errors.New("bronze: seek before start")
	}
	return b.seek, nil
}

func (b *blobSource) Close() error { return b.rd.Close() }
