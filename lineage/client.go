package lineage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Client completes, validates, encodes and sends events through a
// Transport. It is safe for concurrent use.
type Client struct {
	transport Transport
	producer  string
	logger    *slog.Logger
}

// Option configures a Client.
type Option func(*Client) error

// WithTransport sets the transport events are sent through.
func WithTransport(t Transport) Option {
	return func(c *Client) error {
		if t == nil {
			return &ConfigError{Field: "transport", Reason: "nil transport"}
		}
		c.transport = t
		return nil
	}
}

// WithProducer sets the producer URI written into events and facets that
// have none; default DefaultProducer. It must be an absolute URI.
func WithProducer(uri string) Option {
	return func(c *Client) error {
		if !isAbsoluteURI(uri) {
			return &ConfigError{Field: "producer", Reason: fmt.Sprintf("%q is not an absolute URI", uri)}
		}
		c.producer = uri
		return nil
	}
}

// WithLogger sets the logger for the client's own messages (e.g. which
// configuration NewClientFromEnvironment chose); default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return &ConfigError{Field: "logger", Reason: "nil logger"}
		}
		c.logger = l
		return nil
	}
}

// NewClient returns a client; WithTransport is required (use
// NewClientFromEnvironment to pick the transport from the environment).
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{producer: DefaultProducer, logger: slog.Default()}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.transport == nil {
		return nil, &ConfigError{Field: "transport", Reason: "required: use WithTransport or NewClientFromEnvironment"}
	}
	return c, nil
}

// Transport returns the client's transport.
func (c *Client) Transport() Transport { return c.transport }

// Producer returns the producer URI the client fills in.
func (c *Client) Producer() string { return c.producer }

// Emit fills the event's defaults (in place, see Event.FillDefaults),
// validates it and sends it. An invalid event is not sent: Emit returns a
// *ValidationError. Transport failures are returned as the transport
// reports them (e.g. *HTTPError, ErrQueueFull), never with credentials.
func (c *Client) Emit(ctx context.Context, ev Event) error {
	if ev == nil || isNilEvent(ev) {
		return errors.New("lineage: emit: nil event")
	}
	ev.FillDefaults(c.producer)
	if err := ev.Validate(); err != nil {
		return err
	}
	body, err := encodeJSON(ev)
	if err != nil {
		return fmt.Errorf("lineage: encode %s: %w", ev.Kind(), err)
	}
	p := ev.payload()
	p.Body = body
	return c.transport.Send(ctx, p)
}

func isNilEvent(ev Event) bool {
	switch e := ev.(type) {
	case *RunEvent:
		return e == nil
	case *DatasetEvent:
		return e == nil
	case *JobEvent:
		return e == nil
	}
	return false
}

// Close closes the transport, flushing what it buffers; it returns by
// ctx's deadline.
func (c *Client) Close(ctx context.Context) error { return c.transport.Close(ctx) }
