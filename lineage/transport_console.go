package lineage

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
)

// ConsoleTransport prints events: as JSON lines to a writer
// ([NewConsoleTransport]) or as Info records of a log/slog logger
// ([NewLogTransport]), the way the openlineage-python console transport
// logs them. Useful while developing and as the last-resort default.
type ConsoleTransport struct {
	mu     sync.Mutex
	w      io.Writer
	logger *slog.Logger
}

// NewConsoleTransport writes each event as one JSON line to w (os.Stdout
// when nil).
func NewConsoleTransport(w io.Writer) *ConsoleTransport {
	if w == nil {
		w = os.Stdout
	}
	return &ConsoleTransport{w: w}
}

// NewLogTransport logs each event at Info level on logger (slog.Default()
// when nil), with the event JSON under the "event" key.
func NewLogTransport(logger *slog.Logger) *ConsoleTransport {
	if logger == nil {
		logger = slog.Default()
	}
	return &ConsoleTransport{logger: logger}
}

// String names the transport.
func (t *ConsoleTransport) String() string {
	if t.logger != nil {
		return "console(slog)"
	}
	return "console"
}

// Send prints the event.
func (t *ConsoleTransport) Send(ctx context.Context, p Payload) error {
	if t.logger != nil {
		t.logger.LogAttrs(ctx, slog.LevelInfo, "openlineage event",
			slog.String("kind", string(p.Kind)),
			slog.String("eventType", string(p.EventType)),
			slog.String("job", p.JobNamespace+"/"+p.JobName),
			slog.String("runId", p.RunID),
			slog.Any("event", json.RawMessage(p.Body)))
		return nil
	}
	line := make([]byte, 0, len(p.Body)+1)
	line = append(append(line, p.Body...), '\n')
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := t.w.Write(line); err != nil {
		return fmt.Errorf("lineage: console transport: %w", err)
	}
	return nil
}

// Close does nothing; the writer or logger belongs to the caller.
func (t *ConsoleTransport) Close(ctx context.Context) error { return nil }
