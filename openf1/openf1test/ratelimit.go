package openf1test

import (
	"fmt"
	"time"
)

// limiter is a sliding-window rate limiter: at most perSecond requests in
// any one-second window and perMinute in any one-minute window. Refused
// requests do not count.
type limiter struct {
	limit rateLimit
	hits  []time.Time // accepted requests of the last minute, oldest first
}

// allow records a request at now if the limits permit it. Otherwise it
// returns the 429 detail and how many whole seconds to wait.
func (l *limiter) allow(now time.Time) (ok bool, detail string, retryAfter int) {
	if l.limit.perSecond == 0 && l.limit.perMinute == 0 {
		return true, "", 0
	}
	keep := 0
	for keep < len(l.hits) && now.Sub(l.hits[keep]) >= time.Minute {
		keep++
	}
	l.hits = l.hits[keep:]
	if n := l.limit.perSecond; n > 0 {
		inSecond := 0
		for i := len(l.hits) - 1; i >= 0 && now.Sub(l.hits[i]) < time.Second; i-- {
			inSecond++
		}
		if inSecond >= n {
			return false, fmt.Sprintf("Rate limit exceeded. Max %d requests/second.", n), 1
		}
	}
	if n := l.limit.perMinute; n > 0 && len(l.hits) >= n {
		wait := time.Minute - now.Sub(l.hits[len(l.hits)-n])
		return false, fmt.Sprintf("Rate limit exceeded. Max %d requests/minute.", n), ceilSeconds(wait)
	}
	l.hits = append(l.hits, now)
	return true, "", 0
}

func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}
