package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/silver"
)

// permanent reports errors that a retry cannot fix: bad configuration,
// bad input, incompatible tables, missing data. Everything else (network,
// commit conflicts that outlasted their own retries, timeouts) is retried.
func permanent(err error) bool {
	for _, target := range []error{
		ErrInvalidConfig, ErrLocked, ErrLockLost,
		lakehouse.ErrConfig, lakehouse.ErrInvalidInput, lakehouse.ErrIncompatibleChange,
		lakehouse.ErrRowsOutsideReplace, lakehouse.ErrFilterNotAligned,
		silver.ErrSessionNotFound, silver.ErrCalendarNotFound,
		gold.ErrSessionNotFound, gold.ErrNoSeason, gold.ErrInvalidOptions,
		bronze.ErrEmptyScope, bronze.ErrNoWatermark,
		openf1.ErrUnauthorized, openf1.ErrLiveRestricted,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ce *openf1.CacheMissError
	return errors.As(err, &ce)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// withTimeout bounds ctx by d when d > 0.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// attempts runs a task with the policy's retries: f is called with a
// context bounded by timeout; it returns the work still pending (nil or
// empty when done) and an error. The loop stops when nothing is pending,
// the error is permanent, retries are used up or ctx ends. It returns the
// number of attempts made and the last error.
func attempts[T any](ctx context.Context, e *env, stage string, timeout time.Duration, pending []T, f func(ctx context.Context, pending []T) ([]T, error)) ([]T, int, error) {
	var err error
	n := 0
	for {
		n++
		actx, cancel := withTimeout(ctx, timeout)
		pending, err = f(actx, pending)
		if err != nil && actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = &TimeoutError{Stage: stage, Timeout: timeout, Err: err}
		}
		cancel()
		if len(pending) == 0 || ctx.Err() != nil || n > e.pol.Retries || (err != nil && permanent(err)) {
			return pending, n, err
		}
		e.m.add(ctx, e.m.retries, 1, attrStage(stage))
		e.o.logger.Warn("retrying", "stage", stage, "attempt", n+1, "pending", len(pending), "err", err)
		if serr := sleep(ctx, e.pol.RetryDelay.D()); serr != nil {
			return pending, n, err
		}
	}
}

// TimeoutError is a stage attempt that ran out of its policy's time.
type TimeoutError struct {
	Stage   string
	Timeout time.Duration
	Err     error
}

// Error names the stage and the limit.
func (e *TimeoutError) Error() string {
	return "pipeline: " + e.Stage + " timed out after " + e.Timeout.String() + ": " + e.Err.Error()
}

// Unwrap returns the underlying error (context.DeadlineExceeded usually).
func (e *TimeoutError) Unwrap() error { return e.Err }
