package openf1

import (
	"context"
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is a client-side request budget. Every attempt (retries and
// token requests included) waits for it, so a client never sends faster than
// the API allows however many goroutines share it.
//
// Requests are spaced at least 1/PerSecond apart, and the per-minute budget
// refills continuously at PerMinute/60 per second. With the default Burst of
// 1 the stricter of the two sets a steady pace (one request every 2 s on the
// free tier), which never exceeds either limit over any window. A larger
// Burst lets that many requests go at the per-second pace before the
// per-minute pace applies: faster for short jobs, at the risk of 429s (which
// are retried) if the API counts a strict rolling minute.
type RateLimit struct {
	PerSecond float64 // requests per second; 0 means no per-second limit
	PerMinute float64 // requests per minute; 0 means no per-minute limit
	Burst     int     // requests that may start at the per-second pace; 0 means 1
}

// Rate limits of the OpenF1 plans (API.md §4.1). They are values: copy and
// adjust them rather than modifying these variables.
var (
	// FreeTier is the unauthenticated limit: 3 requests/s and 30/min.
	FreeTier = RateLimit{PerSecond: 3, PerMinute: 30}
	// PaidTier is the authenticated (sponsor) limit: 6 requests/s and 60/min.
	PaidTier = RateLimit{PerSecond: 6, PerMinute: 60}
)

func (rl RateLimit) validate() error {
	for _, v := range []float64{rl.PerSecond, rl.PerMinute} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("openf1: rate limit %+v: rates must be finite and not negative", rl)
		}
	}
	if rl.Burst < 0 {
		return fmt.Errorf("openf1: rate limit burst %d is negative", rl.Burst)
	}
	if rl.PerSecond == 0 && rl.PerMinute == 0 {
		return fmt.Errorf("openf1: rate limit with no rate set; use WithoutRateLimit to disable limiting")
	}
	return nil
}

// limiter enforces a RateLimit with two token buckets.
type limiter struct {
	buckets []*rate.Limiter
}

func newLimiter(rl RateLimit) *limiter {
	l := &limiter{}
	if rl.PerSecond > 0 {
		l.buckets = append(l.buckets, rate.NewLimiter(rate.Limit(rl.PerSecond), 1))
	}
	if rl.PerMinute > 0 {
		l.buckets = append(l.buckets, rate.NewLimiter(rate.Limit(rl.PerMinute/60), max(1, rl.Burst)))
	}
	return l
}

// wait blocks until every bucket grants one request, or ctx ends. It
// reserves in all buckets at once so the wait is the longest of them.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now()
	var delay time.Duration
	rs := make([]*rate.Reservation, 0, len(l.buckets))
	cancel := func() {
		for _, r := range rs {
			r.CancelAt(now)
		}
	}
	for _, b := range l.buckets {
		r := b.ReserveN(now, 1)
		if !r.OK() {
			cancel()
			return fmt.Errorf("openf1: rate limiter cannot grant a request")
		}
		rs = append(rs, r)
		delay = max(delay, r.DelayFrom(now))
	}
	if delay <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
		cancel()
		return fmt.Errorf("openf1: rate limit wait of %s would pass the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		cancel()
		return ctx.Err()
	}
}
