package lineage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// OverflowPolicy says what Send does when the async queue is full.
type OverflowPolicy int

const (
	// DropNewest rejects the new event at once with ErrQueueFull; the
	// pipeline never waits for lineage.
	DropNewest OverflowPolicy = iota
	// Block waits for room up to AsyncConfig.BlockTimeout (or the Send
	// context), then drops the event with ErrQueueFull.
	Block
)

// ErrQueueFull is returned (wrapped) by AsyncTransport.Send when an event
// is dropped because the queue is full. Dropped events are counted in
// AsyncStats.Dropped.
var ErrQueueFull = errors.New("lineage: async queue full, event dropped")

// DefaultQueueSize is the async queue capacity used when none is given.
const DefaultQueueSize = 1000

// AsyncConfig configures an [AsyncTransport].
type AsyncConfig struct {
	// QueueSize bounds the events waiting for delivery; default DefaultQueueSize.
	QueueSize int
	// Overflow is the full-queue policy; default DropNewest.
	Overflow OverflowPolicy
	// BlockTimeout bounds the wait of the Block policy; 0 waits as long as
	// the Send context allows.
	BlockTimeout time.Duration
	// OnError receives each delivery failure of the wrapped transport
	// (already redacted). Default: a Warn record on Logger.
	OnError func(Payload, error)
	// Logger is used by the default OnError; default slog.Default().
	Logger *slog.Logger
}

// AsyncStats counts what an AsyncTransport did with the events it was given.
// Enqueued = Delivered + Failed + Pending at any time.
type AsyncStats struct {
	Enqueued  uint64 // accepted by Send
	Delivered uint64 // sent by the wrapped transport
	Failed    uint64 // rejected by the wrapped transport (reported to OnError)
	Dropped   uint64 // refused by Send: queue full or transport closed
	Pending   uint64 // accepted but neither delivered nor failed (yet)
}

// FlushError is returned by AsyncTransport.Close when its context ends
// before every accepted event was delivered or failed.
type FlushError struct {
	Undelivered uint64 // events still queued or in flight
	Err         error  // the context's error
}

// Error reports the undelivered count.
func (e *FlushError) Error() string {
	return fmt.Sprintf("lineage: async close: %d event(s) undelivered: %v", e.Undelivered, e.Err)
}

// Unwrap returns the context error.
func (e *FlushError) Unwrap() error { return e.Err }

// AsyncTransport decouples a pipeline from a slow or unreachable lineage
// backend: Send only enqueues a copy-free, immutable payload into a bounded
// queue, and one background goroutine delivers the events in order (so a
// run's START always precedes its COMPLETE). Close drains the queue but
// returns by its context's deadline however stuck the wrapped transport is,
// reporting how many events were left undelivered.
type AsyncTransport struct {
	inner   Transport
	cfg     AsyncConfig
	queue   chan Payload
	mu      sync.Mutex // guards closed and senders.Add
	closed  bool
	closing chan struct{} // closed by Close: wakes blocked Sends
	senders sync.WaitGroup
	runCtx  context.Context // cancelled when Close gives up
	cancel  context.CancelFunc
	done    chan struct{} // closed when the worker exits

	enqueued, delivered, failed, dropped atomic.Uint64
}

// NewAsyncTransport starts the delivery goroutine and returns the transport.
// Close must be called to stop it.
func NewAsyncTransport(inner Transport, cfg AsyncConfig) (*AsyncTransport, error) {
	if inner == nil {
		return nil, &ConfigError{Field: "async", Reason: "nil transport to wrap"}
	}
	if cfg.QueueSize < 0 || cfg.BlockTimeout < 0 {
		return nil, &ConfigError{Field: "async", Reason: "negative queue size or block timeout"}
	}
	if cfg.Overflow != DropNewest && cfg.Overflow != Block {
		return nil, &ConfigError{Field: "async", Reason: "unknown overflow policy"}
	}
	if cfg.QueueSize == 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnError == nil {
		logger := cfg.Logger
		cfg.OnError = func(p Payload, err error) {
			logger.Warn("lineage: async delivery failed", slog.Any("event", p), slog.String("error", err.Error()))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &AsyncTransport{
		inner:   inner,
		cfg:     cfg,
		queue:   make(chan Payload, cfg.QueueSize),
		closing: make(chan struct{}),
		runCtx:  ctx,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	go a.run()
	return a, nil
}

// String names the transport and the one it wraps.
func (a *AsyncTransport) String() string { return "async(" + describeTransport(a.inner) + ")" }

// Send enqueues the event. It fails with ErrQueueFull when the event is
// dropped by the overflow policy and with ErrClosed after Close.
func (a *AsyncTransport) Send(ctx context.Context, p Payload) error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		a.dropped.Add(1)
		return ErrClosed
	}
	a.senders.Add(1)
	a.mu.Unlock()
	defer a.senders.Done()

	select {
	case a.queue <- p:
		a.enqueued.Add(1)
		return nil
	default:
	}
	if a.cfg.Overflow != Block {
		a.dropped.Add(1)
		return fmt.Errorf("%w (queue size %d)", ErrQueueFull, a.cfg.QueueSize)
	}
	var timeout <-chan time.Time
	if a.cfg.BlockTimeout > 0 {
		timer := time.NewTimer(a.cfg.BlockTimeout)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case a.queue <- p:
		a.enqueued.Add(1)
		return nil
	case <-timeout:
		a.dropped.Add(1)
		return fmt.Errorf("%w (waited %v)", ErrQueueFull, a.cfg.BlockTimeout)
	case <-ctx.Done():
		a.dropped.Add(1)
		return fmt.Errorf("%w: %w", ErrQueueFull, context.Cause(ctx))
	case <-a.closing:
		a.dropped.Add(1)
		return ErrClosed
	}
}

// run delivers queued events until Close has been called, no Send is in
// progress and the queue is empty, or until Close gives up.
func (a *AsyncTransport) run() {
	defer close(a.done)
	sendersDone := make(chan struct{})
	go func() {
		<-a.closing
		a.senders.Wait()
		close(sendersDone)
	}()
	for {
		select {
		case p := <-a.queue:
			a.deliver(p)
		case <-sendersDone:
			for {
				select {
				case p := <-a.queue:
					a.deliver(p)
				default:
					return
				}
			}
		case <-a.runCtx.Done():
			return
		}
		if a.runCtx.Err() != nil {
			return
		}
	}
}

func (a *AsyncTransport) deliver(p Payload) {
	if a.runCtx.Err() != nil {
		return // Close gave up; the event stays counted as pending
	}
	if err := a.inner.Send(a.runCtx, p); err != nil {
		if a.runCtx.Err() != nil {
			return // cut short by Close giving up: undelivered, not failed
		}
		a.failed.Add(1)
		a.cfg.OnError(p, err)
		return
	}
	a.delivered.Add(1)
}

// Stats returns the current counters.
func (a *AsyncTransport) Stats() AsyncStats {
	// Read the outcomes before the input so Pending never underflows.
	d, f := a.delivered.Load(), a.failed.Load()
	e := a.enqueued.Load()
	s := AsyncStats{Enqueued: e, Delivered: d, Failed: f, Dropped: a.dropped.Load()}
	if e > d+f {
		s.Pending = e - d - f
	}
	return s
}

// Close stops accepting events, waits until every accepted event is
// delivered or failed, then closes the wrapped transport. If ctx ends
// first, Close cancels the delivery in progress, abandons the rest, closes
// the wrapped transport in the background and returns a *FlushError with
// the number of undelivered events, without waiting any longer.
func (a *AsyncTransport) Close(ctx context.Context) error {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.closing)
	}
	a.mu.Unlock()

	select {
	case <-a.done:
		return a.inner.Close(ctx)
	case <-ctx.Done():
	}
	a.cancel()
	undelivered := a.Stats().Pending
	go func() {
		// The worker may be stuck inside the wrapped transport; close it
		// without holding the caller.
		<-a.done
		_ = a.inner.Close(context.Background())
	}()
	return &FlushError{Undelivered: undelivered, Err: context.Cause(ctx)}
}
