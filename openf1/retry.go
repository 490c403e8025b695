package openf1

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// CheckRetry decides after each attempt whether to try again. resp is nil
// when err is a transport error; err may also be an error from reading the
// body (ErrTruncatedBody, ErrTimeout). A non-nil returned error is reported
// when no retry follows. It has the shape of go-retryablehttp's CheckRetry.
type CheckRetry func(ctx context.Context, resp *http.Response, err error) (bool, error)

// Backoff returns the wait before retry number attempt (0 for the first
// retry), between min and max. It is not consulted when the server sent a
// Retry-After header: that wait is used instead, capped by
// RetryPolicy.MaxRetryAfter. It has the shape of go-retryablehttp's Backoff.
type Backoff func(min, max time.Duration, attempt int, resp *http.Response) time.Duration

// RetryPolicy says which failures are retried, how often and how long to wait.
// The zero value retries nothing; start from DefaultRetryPolicy.
type RetryPolicy struct {
	MaxRetries    int           // retries after the first attempt
	MinWait       time.Duration // first backoff
	MaxWait       time.Duration // longest backoff
	MaxRetryAfter time.Duration // cap on a server's Retry-After (a "Retry-After: 3600" must not stall a run)
	CheckRetry    CheckRetry    // nil means DefaultCheckRetry
	Backoff       Backoff       // nil means DefaultBackoff
}

// DefaultRetryPolicy retries 4 times, backing off from 1 s to 30 s, and
// waits at most 10 s for a Retry-After.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 4, MinWait: time.Second, MaxWait: 30 * time.Second,
		MaxRetryAfter: 10 * time.Second, CheckRetry: DefaultCheckRetry, Backoff: DefaultBackoff}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxRetries < 0:
		return fmt.Errorf("openf1: retry policy: MaxRetries %d is negative", p.MaxRetries)
	case p.MinWait < 0 || p.MaxWait < 0 || p.MaxRetryAfter < 0:
		return errors.New("openf1: retry policy: waits must not be negative")
	case p.MaxWait < p.MinWait:
		return fmt.Errorf("openf1: retry policy: MaxWait %s is below MinWait %s", p.MaxWait, p.MinWait)
	}
	return nil
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.CheckRetry == nil {
		p.CheckRetry = DefaultCheckRetry
	}
	if p.Backoff == nil {
		p.Backoff = DefaultBackoff
	}
	return p
}

// wait is the pause before retry attempt: the server's Retry-After (capped)
// when it sent one, else the backoff.
func (p RetryPolicy) wait(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header, time.Now()); ok {
			return min(ra, p.MaxRetryAfter)
		}
	}
	return p.Backoff(p.MinWait, p.MaxWait, attempt, resp)
}

// DefaultCheckRetry retries connection errors, truncated bodies, per-attempt
// timeouts, 429 and 5xx (except 501). It never retries a cancelled context,
// a replay-cache miss, a malformed body or another 4xx.
func DefaultCheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var miss *CacheMissError
		var apiErr *APIError
		var de *DecodeError
		switch {
		case errors.As(err, &miss):
			return false, err
		case errors.Is(err, ErrTruncatedBody), errors.Is(err, ErrTimeout):
			return true, err
		case errors.As(err, &de):
			return false, err
		case errors.As(err, &apiErr):
			return false, err // e.g. the token request failed after its own retries
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return false, err
		}
		// Connection errors: go-retryablehttp knows the ones not worth
		// retrying (TLS verification, bad scheme, redirect loops).
		return retryablehttp.ErrorPropagatedRetryPolicy(ctx, nil, err)
	}
	if resp == nil {
		return false, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true, nil
	}
	return false, nil
}

// DefaultBackoff waits min·2^attempt, capped at max, with up to 25% jitter
// removed so that many clients do not retry in step.
func DefaultBackoff(min, max time.Duration, attempt int, _ *http.Response) time.Duration {
	d := float64(min) * math.Pow(2, float64(attempt))
	if d > float64(max) || math.IsInf(d, 0) {
		d = float64(max)
	}
	if d <= 0 {
		return 0
	}
	return time.Duration(d * (1 - 0.25*rand.Float64()))
}
