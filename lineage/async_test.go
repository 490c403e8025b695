package lineage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

// stuckTransport blocks in Send: until its context ends, or, with
// ignoreCtx, until the test releases it (a transport that does not honour
// cancellation at all).
type stuckTransport struct {
	ignoreCtx bool
	entered   chan struct{} // receives once per Send call
	release   chan struct{}
	closed    atomic.Bool
}

func newStuck(t *testing.T, ignoreCtx bool) *stuckTransport {
	s := &stuckTransport{ignoreCtx: ignoreCtx, entered: make(chan struct{}, 100), release: make(chan struct{})}
	t.Cleanup(func() { close(s.release) })
	return s
}

func (s *stuckTransport) Send(ctx context.Context, p lineage.Payload) error {
	s.entered <- struct{}{}
	if s.ignoreCtx {
		<-s.release
		return errors.New("released")
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.release:
		return errors.New("released")
	}
}

func (s *stuckTransport) Close(context.Context) error { s.closed.Store(true); return nil }

func payloadN(i int) lineage.Payload {
	return lineage.Payload{Kind: lineage.KindRunEvent, RunID: fmt.Sprintf("run-%03d", i), Body: []byte(fmt.Sprintf(`{"n":%d}`, i))}
}

func TestAsyncBoundedQueueUnderStuckTransport(t *testing.T) {
	for _, ignoreCtx := range []bool{false, true} {
		t.Run(fmt.Sprintf("ignoresContext=%v", ignoreCtx), func(t *testing.T) {
			t.Parallel()
			stuck := newStuck(t, ignoreCtx)
			var failures atomic.Int32
			a, err := lineage.NewAsyncTransport(stuck, lineage.AsyncConfig{
				QueueSize: 4,
				OnError:   func(lineage.Payload, error) { failures.Add(1) },
			})
			require.NoError(t, err)
			ctx := context.Background()
			require.NoError(t, a.Send(ctx, payloadN(0)))
			<-stuck.entered // event 0 is in flight and the transport hangs

			var full int
			for i := 1; i < 10; i++ {
				if err := a.Send(ctx, payloadN(i)); err != nil {
					require.ErrorIs(t, err, lineage.ErrQueueFull)
					full++
				}
			}
			assert.Equal(t, 5, full, "4 fit in the queue, 5 are dropped")
			s := a.Stats()
			assert.Equal(t, lineage.AsyncStats{Enqueued: 5, Dropped: 5, Pending: 5}, s)

			closeCtx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err = a.Close(closeCtx)
			elapsed := time.Since(start)
			var fe *lineage.FlushError
			require.ErrorAs(t, err, &fe)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, uint64(5), fe.Undelivered, "1 in flight + 4 queued")
			assert.Less(t, elapsed, time.Second, "Close must return by its deadline")
			assert.GreaterOrEqual(t, elapsed, 90*time.Millisecond, "Close waited for the flush first")

			assert.ErrorIs(t, a.Send(ctx, payloadN(99)), lineage.ErrClosed)
			assert.Equal(t, uint64(6), a.Stats().Dropped)
		})
	}
}

func TestAsyncBlockPolicyWaitsThenDrops(t *testing.T) {
	t.Parallel()
	stuck := newStuck(t, false)
	a, err := lineage.NewAsyncTransport(stuck, lineage.AsyncConfig{
		QueueSize: 1, Overflow: lineage.Block, BlockTimeout: 40 * time.Millisecond,
		OnError: func(lineage.Payload, error) {},
	})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, a.Send(ctx, payloadN(0)))
	<-stuck.entered
	require.NoError(t, a.Send(ctx, payloadN(1)), "fills the queue")
	start := time.Now()
	err = a.Send(ctx, payloadN(2))
	waited := time.Since(start)
	assert.ErrorIs(t, err, lineage.ErrQueueFull)
	assert.GreaterOrEqual(t, waited, 35*time.Millisecond, "Block waits for room")
	assert.Less(t, waited, time.Second)

	// A blocked Send also gives up with its own context.
	sctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, a.Send(sctx, payloadN(3)), context.DeadlineExceeded)
	assert.Equal(t, uint64(2), a.Stats().Dropped)

	cctx, ccancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer ccancel()
	var fe *lineage.FlushError
	require.ErrorAs(t, a.Close(cctx), &fe)
	assert.Equal(t, uint64(2), fe.Undelivered)
}

// slowRecorder records after a short delay, like a remote backend.
type slowRecorder struct {
	lineagetest.Recorder
	delay time.Duration
}

func (s *slowRecorder) Send(ctx context.Context, p lineage.Payload) error {
	time.Sleep(s.delay)
	return s.Recorder.Send(ctx, p)
}

func TestAsyncFlushesInOrderOnClose(t *testing.T) {
	t.Parallel()
	inner := &slowRecorder{delay: 200 * time.Microsecond}
	a, err := lineage.NewAsyncTransport(inner, lineage.AsyncConfig{QueueSize: 100})
	require.NoError(t, err)
	ctx := context.Background()
	for i := range 60 {
		require.NoError(t, a.Send(ctx, payloadN(i)))
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, a.Close(cctx))
	got := inner.Payloads()
	require.Len(t, got, 60)
	for i, p := range got {
		assert.Equal(t, fmt.Sprintf("run-%03d", i), p.RunID, "delivery keeps send order")
	}
	assert.Equal(t, lineage.AsyncStats{Enqueued: 60, Delivered: 60}, a.Stats())
	assert.ErrorIs(t, inner.Send(ctx, payloadN(0)), lineage.ErrClosed, "Close closed the wrapped transport")
}

type failing struct{ err error }

func (f failing) Send(context.Context, lineage.Payload) error { return f.err }
func (f failing) Close(context.Context) error                 { return nil }

func TestAsyncRejectsBadConfig(t *testing.T) {
	t.Parallel()
	var ce *lineage.ConfigError
	_, err := lineage.NewAsyncTransport(nil, lineage.AsyncConfig{})
	assert.ErrorAs(t, err, &ce)
	_, err = lineage.NewAsyncTransport(lineage.NoopTransport{}, lineage.AsyncConfig{QueueSize: -1})
	assert.ErrorAs(t, err, &ce)
	_, err = lineage.NewAsyncTransport(lineage.NoopTransport{}, lineage.AsyncConfig{Overflow: 7})
	assert.ErrorAs(t, err, &ce)
}

func TestAsyncReportsDeliveryFailures(t *testing.T) {
	t.Parallel()
	boom := errors.New("backend down")
	var mu sync.Mutex
	var seen []string
	a, err := lineage.NewAsyncTransport(failing{boom}, lineage.AsyncConfig{OnError: func(p lineage.Payload, err error) {
		mu.Lock()
		defer mu.Unlock()
		if errors.Is(err, boom) {
			seen = append(seen, p.RunID)
		}
	}})
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, a.Send(context.Background(), payloadN(i)))
	}
	require.NoError(t, a.Close(context.Background()))
	assert.Equal(t, []string{"run-000", "run-001", "run-002"}, seen)
	assert.Equal(t, lineage.AsyncStats{Enqueued: 3, Failed: 3}, a.Stats())
}

// TestAsyncConcurrentSendAndClose races senders against Close; run with
// -race. Every event is accounted for exactly once.
func TestAsyncConcurrentSendAndClose(t *testing.T) {
	t.Parallel()
	inner := new(lineagetest.Recorder)
	a, err := lineage.NewAsyncTransport(inner, lineage.AsyncConfig{QueueSize: 8})
	require.NoError(t, err)
	var wg sync.WaitGroup
	var accepted, refused atomic.Uint64
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				if err := a.Send(context.Background(), payloadN(g*1000+i)); err != nil {
					refused.Add(1)
				} else {
					accepted.Add(1)
				}
			}
		})
	}
	time.Sleep(time.Millisecond)
	require.NoError(t, a.Close(context.Background()))
	wg.Wait()
	s := a.Stats()
	assert.Equal(t, accepted.Load(), s.Enqueued)
	assert.Equal(t, refused.Load(), s.Dropped)
	assert.Equal(t, s.Enqueued, s.Delivered, "everything accepted before Close was delivered")
	assert.Equal(t, int(s.Delivered), len(inner.Payloads()))
	assert.Zero(t, s.Pending)
}
