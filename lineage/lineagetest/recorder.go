package lineagetest

import (
	"bytes"
	"context"
	"sync"

	"github.com/pitwall-f1/pitwall/lineage"
)

// Recorder is a lineage.Transport that keeps every payload in memory, for
// tests that assert what a pipeline emitted.
type Recorder struct {
	mu       sync.Mutex
	payloads []lineage.Payload
	closed   bool
}

// Send records a copy of the payload.
func (r *Recorder) Send(ctx context.Context, p lineage.Payload) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.Body = bytes.Clone(p.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return lineage.ErrClosed
	}
	r.payloads = append(r.payloads, p)
	return nil
}

// Close marks the recorder closed; later Sends fail with lineage.ErrClosed.
func (r *Recorder) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return nil
}

// String names the transport.
func (r *Recorder) String() string { return "recorder" }

// Payloads returns the recorded payloads in send order.
func (r *Recorder) Payloads() []lineage.Payload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]lineage.Payload(nil), r.payloads...)
}

// Events parses the recorded payloads back into events.
func (r *Recorder) Events() ([]lineage.Event, error) {
	var out []lineage.Event
	for _, p := range r.Payloads() {
		ev, err := lineage.ParseEvent(p.Body)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}
