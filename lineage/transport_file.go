package lineage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// FileConfig configures a [FileTransport].
type FileConfig struct {
	// Path is the NDJSON file events are appended to (created, with its
	// directory, if missing). With PerEventFiles it is the prefix of the
	// per-event file names.
	Path string
	// PerEventFiles writes each event to its own file
	// "{Path}-{yyyymmdd-hhmmss.ffffff}.json" instead of appending to Path:
	// the openlineage-python default (append: false). pitwall's default is
	// the single NDJSON file.
	PerEventFiles bool
}

// FileTransport writes events as newline-delimited JSON, one event per
// line. Lines from concurrent Sends never interleave: each line is written
// with a single write(2) under a mutex, to a file opened with O_APPEND, so
// several processes appending to the same local file also keep whole lines.
type FileTransport struct {
	cfg    FileConfig
	mu     sync.Mutex
	f      *os.File // nil with PerEventFiles
	closed bool
}

// NewFileTransport opens (or creates) the file and returns the transport.
func NewFileTransport(cfg FileConfig) (*FileTransport, error) {
	if cfg.Path == "" {
		return nil, &ConfigError{Field: "log_file_path", Reason: "required"}
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o755); err != nil {
		return nil, fmt.Errorf("lineage: file transport: %w", err)
	}
	t := &FileTransport{cfg: cfg}
	if !cfg.PerEventFiles {
		f, err := os.OpenFile(cfg.Path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lineage: file transport: %w", err)
		}
		t.f = f
	}
	return t, nil
}

// String names the transport and its file.
func (t *FileTransport) String() string { return "file(" + t.cfg.Path + ")" }

// Send appends the event and a newline.
func (t *FileTransport) Send(ctx context.Context, p Payload) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	line := make([]byte, 0, len(p.Body)+1)
	line = append(append(line, p.Body...), '\n')
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}
	if t.cfg.PerEventFiles {
		return t.writeEventFile(line)
	}
	if _, err := t.f.Write(line); err != nil {
		return fmt.Errorf("lineage: file transport %s: %w", t.cfg.Path, err)
	}
	return nil
}

// writeEventFile creates a new file for one event; O_EXCL plus a counter
// keeps two events of the same microsecond apart.
func (t *FileTransport) writeEventFile(line []byte) error {
	base := t.cfg.Path + "-" + time.Now().UTC().Format("20060102-150405.000000")
	for i := 0; i < 1000; i++ {
		name := base + ".json"
		if i > 0 {
			name = base + "-" + strconv.Itoa(i) + ".json"
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("lineage: file transport: %w", err)
		}
		_, werr := f.Write(line)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return fmt.Errorf("lineage: file transport %s: %w", name, err)
		}
		return nil
	}
	return fmt.Errorf("lineage: file transport: no free file name for %s", base)
}

// Close closes the file.
func (t *FileTransport) Close(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	if t.f != nil {
		if err := t.f.Close(); err != nil {
			return fmt.Errorf("lineage: file transport %s: %w", t.cfg.Path, err)
		}
	}
	return nil
}
