package lineage

import (
	"context"
	"fmt"
	"log/slog"
)

// Transport delivers encoded events somewhere: an HTTP endpoint, a file,
// a log, several of those, or nowhere. Implementations must be safe for
// concurrent use.
type Transport interface {
	// Send delivers one event. It honours ctx for cancellation and never
	// blocks past it.
	Send(ctx context.Context, p Payload) error
	// Close flushes and releases the transport; Send fails with ErrClosed
	// afterwards. It returns by ctx's deadline.
	Close(ctx context.Context) error
}

// Payload is one encoded event handed to a transport. Body is immutable
// once built, so asynchronous transports may keep it.
type Payload struct {
	// Body is the event as compact JSON, without a trailing newline.
	Body []byte
	// Kind, EventType, RunID and the job name describe the event for logs
	// and routing; EventType and RunID are empty except for run events.
	Kind         EventKind
	EventType    EventType
	RunID        string
	JobNamespace string
	JobName      string
}

// LogValue describes the payload for log/slog without its body.
func (p Payload) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("kind", string(p.Kind))}
	if p.EventType != "" {
		attrs = append(attrs, slog.String("eventType", string(p.EventType)))
	}
	if p.JobName != "" {
		attrs = append(attrs, slog.String("job", p.JobNamespace+"/"+p.JobName))
	}
	if p.RunID != "" {
		attrs = append(attrs, slog.String("runId", p.RunID))
	}
	return slog.GroupValue(attrs...)
}

// NoopTransport discards every event; OPENLINEAGE_DISABLED=true selects it.
type NoopTransport struct{}

// Send does nothing.
func (NoopTransport) Send(ctx context.Context, p Payload) error { return nil }

// Close does nothing.
func (NoopTransport) Close(ctx context.Context) error { return nil }

// String names the transport.
func (NoopTransport) String() string { return "noop" }

// describeTransport names a transport in errors and logs; the built-in
// transports' String methods never show credentials.
func describeTransport(t Transport) string {
	if s, ok := t.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", t)
}
