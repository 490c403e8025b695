package openf1test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Option configures a Server. Options validate their arguments; Start
// reports a bad one as an error matching ErrInvalidOption (NewServer panics
// with it).
type Option func(*config) error

// ErrInvalidOption is matched (errors.Is) by Start's error for a bad Option.
var ErrInvalidOption = errors.New("openf1test: invalid option")

func optionError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...)
}

// Defaults.
const (
	// DefaultPrefix is the path the server is mounted under. Requests outside
	// it get a plain 404, which catches clients that build absolute paths.
	DefaultPrefix = "/openf1"
	// DefaultRowLimit is how many matching rows a car_data or location query
	// may return before the server answers 422 "too much data".
	DefaultRowLimit = 50_000
	// DefaultTokenLifetime is the lifetime of issued tokens (the API's hour).
	DefaultTokenLifetime = time.Hour
	// DefaultStreamAfter is how many rows are buffered before a response
	// whose order is already fixed is streamed instead of built whole.
	DefaultStreamAfter = 10_000
)

// LiveMode says when the server behaves as during a live session, when
// unauthenticated data requests get 401 (API.md §4.2).
type LiveMode uint8

// Live modes.
const (
	// LiveOff: never live (the default).
	LiveOff LiveMode = iota
	// LiveOn: always live.
	LiveOn
	// LiveAuto: live from 30 minutes before a non-cancelled session starts
	// until 30 minutes after it ends, by the server's clock and the sessions
	// the Source holds.
	LiveAuto
)

type rateLimit struct{ perSecond, perMinute int }

type config struct {
	now             func() time.Time
	prefix          string
	emptyArray      bool
	username        string
	password        string
	hasAccount      bool
	tokenLifetime   time.Duration
	expiresInNumber bool
	requireAuth     bool
	live            LiveMode
	rate            rateLimit
	authRate        rateLimit
	rowLimit        int
	rowLimited      map[openf1.Endpoint]bool
	streamAfter     int
}

func defaultConfig() config {
	return config{
		now:           time.Now,
		prefix:        DefaultPrefix,
		tokenLifetime: DefaultTokenLifetime,
		rowLimit:      DefaultRowLimit,
		rowLimited:    map[openf1.Endpoint]bool{openf1.EndpointCarData: true, openf1.EndpointLocation: true},
		streamAfter:   DefaultStreamAfter,
	}
}

// WithNow sets the server's clock, used to resolve `latest`, for token
// expiry, rate limiting, the live window, partial-date defaults and the
// request log.
func WithNow(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return optionError("WithNow: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithPrefix mounts the server under prefix instead of DefaultPrefix; "" or
// "/" mounts it at the root.
func WithPrefix(prefix string) Option {
	return func(c *config) error {
		prefix = strings.TrimRight(prefix, "/")
		if prefix != "" && !strings.HasPrefix(prefix, "/") {
			return optionError("WithPrefix(%q): must start with /", prefix)
		}
		c.prefix = prefix
		return nil
	}
}

// WithEmptyArray makes a query without results answer 200 with an empty
// JSON array, the API's behaviour until late 2025, instead of
// 404 {"detail":"No results found."}.
func WithEmptyArray() Option {
	return func(c *config) error { c.emptyArray = true; return nil }
}

// WithCredentials sets the one account POST /token accepts. Without it every
// token request fails with 401.
func WithCredentials(username, password string) Option {
	return func(c *config) error {
		if username == "" || password == "" {
			return optionError("WithCredentials: empty username or password")
		}
		c.username, c.password, c.hasAccount = username, password, true
		return nil
	}
}

// WithTokenLifetime sets the lifetime of issued tokens (whole seconds, at
// least one).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second {
			return optionError("WithTokenLifetime(%v): at least 1s", d)
		}
		c.tokenLifetime = d.Truncate(time.Second)
		return nil
	}
}

// WithNumericExpiresIn writes the token response's expires_in as a JSON
// number instead of the documented string.
func WithNumericExpiresIn() Option {
	return func(c *config) error { c.expiresInNumber = true; return nil }
}

// WithRequireAuth makes every data request without a valid, unexpired
// Bearer token fail with 401.
func WithRequireAuth() Option {
	return func(c *config) error { c.requireAuth = true; return nil }
}

// WithLiveSession sets the live mode (see LiveMode); Server.SetLive changes
// it later.
func WithLiveSession(mode LiveMode) Option {
	return func(c *config) error {
		if mode > LiveAuto {
			return optionError("WithLiveSession(%d): unknown mode", mode)
		}
		c.live = mode
		return nil
	}
}

// WithRateLimit limits data and token requests to perSecond in any second
// and perMinute in any minute (the free tier is 3 and 30); excess requests
// get 429 with a Retry-After header. Zero disables a limit.
func WithRateLimit(perSecond, perMinute int) Option {
	return func(c *config) error {
		if perSecond < 0 || perMinute < 0 {
			return optionError("WithRateLimit(%d, %d): negative limit", perSecond, perMinute)
		}
		c.rate = rateLimit{perSecond, perMinute}
		return nil
	}
}

// WithAuthenticatedRateLimit gives requests carrying a valid token their
// own limits (the paid tier is 6 and 60); without it they share
// WithRateLimit's.
func WithAuthenticatedRateLimit(perSecond, perMinute int) Option {
	return func(c *config) error {
		if perSecond < 0 || perMinute < 0 {
			return optionError("WithAuthenticatedRateLimit(%d, %d): negative limit", perSecond, perMinute)
		}
		c.authRate = rateLimit{perSecond, perMinute}
		return nil
	}
}

// WithRowLimit answers 422 "too much data" when a query on one of eps
// matches more than rows records (API.md §4.2). With no eps it applies to
// car_data and location; rows <= 0 disables the check.
func WithRowLimit(rows int, eps ...openf1.Endpoint) Option {
	return func(c *config) error {
		c.rowLimit = rows
		if len(eps) > 0 {
			c.rowLimited = map[openf1.Endpoint]bool{}
			for _, ep := range eps {
				if _, ok := openf1.LookupEndpoint(ep); !ok {
					return optionError("WithRowLimit: unknown endpoint %q", ep)
				}
				c.rowLimited[ep] = true
			}
		}
		return nil
	}
}

// WithStreamAfter sets how many rows are buffered before a JSON response
// whose order is already fixed (one session of an endpoint without
// date_start) is streamed with chunked encoding instead of built whole.
func WithStreamAfter(rows int) Option {
	return func(c *config) error {
		if rows < 1 {
			return optionError("WithStreamAfter(%d): must be positive", rows)
		}
		c.streamAfter = rows
		return nil
	}
}
