package lakehouse

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/apache/iceberg-go/table"
)

const (
	defaultMaxAttempts = 8
	backoffBase        = 25 * time.Millisecond
	backoffCap         = 2 * time.Second
)

// Backoff returns how long to wait before the given retry (attempt 1 is
// the wait after the first failed attempt).
type Backoff func(attempt int) time.Duration

// DefaultBackoff is exponential backoff with full jitter: a random wait in
// [0, min(2s, 25ms·2^attempt)). Jitter spreads writers that collided so
// they do not collide again.
func DefaultBackoff(attempt int) time.Duration { return defaultBackoff(attempt) }

func defaultBackoff(attempt int) time.Duration {
	ceiling := backoffCap
	if attempt < 10 {
		ceiling = min(backoffCap, backoffBase<<attempt)
	}

	return rand.N(ceiling) + time.Millisecond
}

// isCommitConflict reports whether err means "someone else committed first;
// reload and redo": iceberg-go's ErrCommitFailed (SQL compare-and-swap
// lost, REST 409, Glue version mismatch) and ErrCommitDiverged, and the
// plain errors it returns when a catalog re-validates requirements against
// a newer table state ("requirement failed: branch main has changed"). A
// SQLite lock that outlasted the busy timeout is also worth another try.
// Unknown commit states (5xx) are deliberately not conflicts.
func isCommitConflict(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, table.ErrCommitFailed) || errors.Is(err, table.ErrCommitDiverged) {
		return true
	}
	msg := strings.ToLower(err.Error())
	for _, s := range []string{
		"requirement failed",
		"commit diverged",
		"commit failed, refresh and try again",
		"database is locked",
		"database table is locked",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}

	return false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
