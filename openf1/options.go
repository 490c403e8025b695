package openf1

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Option configures a Client. Options check their input; NewClient reports
// the first invalid one.
type Option func(*config) error

type config struct {
	baseURL     string
	httpClient  *http.Client
	userAgent   string
	timeout     time.Duration
	retry       RetryPolicy
	rateLimit   *RateLimit
	noRateLimit bool
	username    string
	password    string
	token       string
	cacheDir    string
	cacheMode   CacheMode
	logger      *slog.Logger
}

// DefaultBaseURL is the public OpenF1 API.
const DefaultBaseURL = "https://api.openf1.org"

// DefaultTimeout bounds one attempt (connect, headers and body).
const DefaultTimeout = 60 * time.Second

// WithBaseURL points the client at another server (a fake, a proxy, a
// staging host). It must be an absolute http or https URL without query,
// fragment or user info; a path prefix is kept ("http://127.0.0.1:8080/openf1").
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil {
			return fmt.Errorf("openf1: base URL: %w", err)
		}
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return fmt.Errorf("openf1: base URL %q: scheme must be http or https", u.Redacted())
		case u.Host == "":
			return fmt.Errorf("openf1: base URL %q has no host", u.Redacted())
		case u.User != nil:
			return fmt.Errorf("openf1: base URL %q must not carry credentials; use WithCredentials", u.Redacted())
		case u.RawQuery != "" || u.Fragment != "":
			return fmt.Errorf("openf1: base URL %q must not have a query or fragment", u.Redacted())
		}
		c.baseURL = strings.TrimRight(u.String(), "/")
		return nil
	}
}

// WithHTTPClient sets the HTTP client whose transport carries the requests
// (its Timeout, Jar and CheckRedirect are kept; note that its Timeout would
// also count time spent waiting for the rate limiter). The client adds its
// own layers (rate limit, auth, cache, retries) on top of hc's transport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("openf1: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("openf1: invalid user agent %q", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithTimeout bounds each attempt: connecting, waiting for headers and
// reading the body (for the streaming methods, the time your loop takes
// too). Time spent waiting for the rate limiter does not count. 0 disables
// the bound; the default is DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("openf1: negative timeout %s", d)
		}
		c.timeout = d
		return nil
	}
}

// WithRetryPolicy sets the retry policy (see DefaultRetryPolicy).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p.withDefaults()
		return nil
	}
}

// WithRateLimit sets the client-side rate limit. The default is FreeTier,
// or PaidTier when credentials or a token are given.
func WithRateLimit(rl RateLimit) Option {
	return func(c *config) error {
		if err := rl.validate(); err != nil {
			return err
		}
		c.rateLimit = &rl
		c.noRateLimit = false
		return nil
	}
}

// WithoutRateLimit disables client-side rate limiting (for tests against a
// local fake server, or a proxy that limits for you).
func WithoutRateLimit() Option {
	return func(c *config) error {
		c.noRateLimit = true
		c.rateLimit = nil
		return nil
	}
}

// WithCredentials authenticates with an OpenF1 account: the client gets a
// bearer token from POST /token, renews it a minute before it expires, and
// fetches a new one once if the API answers 401.
func WithCredentials(username, password string) Option {
	return func(c *config) error {
		if username == "" || password == "" {
			return errors.New("openf1: WithCredentials: username and password must not be empty")
		}
		c.username, c.password = username, password
		return nil
	}
}

// WithToken authenticates with a bearer token obtained elsewhere. It is not
// renewed: when it expires requests fail with ErrUnauthorized.
func WithToken(token string) Option {
	return func(c *config) error {
		if token == "" || strings.ContainsAny(token, "\r\n ") {
			return errors.New("openf1: WithToken: empty or malformed token")
		}
		c.token = token
		return nil
	}
}

// Environment variables read by WithEnvCredentials.
const (
	EnvUsername = "OPENF1_USERNAME"
	EnvPassword = "OPENF1_PASSWORD"
	EnvToken    = "OPENF1_TOKEN"
)

// WithEnvCredentials authenticates from the environment: OPENF1_TOKEN if
// set, else OPENF1_USERNAME and OPENF1_PASSWORD if both are set, else
// nothing (anonymous, free tier). A username without password is an error.
func WithEnvCredentials() Option {
	return func(c *config) error {
		if t := os.Getenv(EnvToken); t != "" {
			return WithToken(t)(c)
		}
		u, p := os.Getenv(EnvUsername), os.Getenv(EnvPassword)
		switch {
		case u == "" && p == "":
			return nil
		case u == "" || p == "":
			return fmt.Errorf("openf1: set both %s and %s (or %s)", EnvUsername, EnvPassword, EnvToken)
		}
		return WithCredentials(u, p)(c)
	}
}

// WithCache stores responses under dir and serves them back according to
// mode (see CacheMode). Cached responses skip the rate limiter and auth.
func WithCache(dir string, mode CacheMode) Option {
	return func(c *config) error {
		if dir == "" {
			return errors.New("openf1: WithCache: empty directory")
		}
		if mode < CacheReadThrough || mode > CacheReplay {
			return fmt.Errorf("openf1: WithCache: unknown mode %d", mode)
		}
		c.cacheDir, c.cacheMode = dir, mode
		return nil
	}
}

// WithLogger logs requests, retries and token renewals at debug level
// (warnings for retries). Credentials are never logged. The default logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("openf1: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}
