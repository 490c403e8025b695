package openf1

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is this client's version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "pitwall-openf1/" + Version + " (+https://github.com/pitwall-f1/pitwall)"

// Client talks to the OpenF1 API. It is safe for concurrent use; all
// goroutines share its rate limiter and token.
type Client struct {
	base      string // base URL without trailing slash
	baseURL   *url.URL
	userAgent string
	policy    RetryPolicy
	retry     *retryablehttp.Client
	limiter   *limiter
	auth      *authTransport // nil when anonymous
	logger    *slog.Logger
}

// NewClient returns a client for the OpenF1 API configured by opts. Without
// options it talks to https://api.openf1.org anonymously at the free-tier
// rate, retrying transient failures (DefaultRetryPolicy) and bounding each
// attempt by DefaultTimeout.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{baseURL: DefaultBaseURL, userAgent: DefaultUserAgent, timeout: DefaultTimeout,
		retry: DefaultRetryPolicy()}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.token != "" && cfg.username != "" {
		return nil, errors.New("openf1: use either WithCredentials or WithToken, not both")
	}
	baseURL, err := url.Parse(cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("openf1: base URL: %w", err)
	}
	c := &Client{base: cfg.baseURL, baseURL: baseURL, userAgent: cfg.userAgent, policy: cfg.retry,
		logger: cfg.logger}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	authed := cfg.token != "" || cfg.username != ""
	switch {
	case cfg.noRateLimit:
	case cfg.rateLimit != nil:
		c.limiter = newLimiter(*cfg.rateLimit)
	case authed:
		c.limiter = newLimiter(PaidTier)
	default:
		c.limiter = newLimiter(FreeTier)
	}

	base := http.DefaultTransport
	var jar http.CookieJar
	var checkRedirect func(*http.Request, []*http.Request) error
	var hcTimeout time.Duration
	if hc := cfg.httpClient; hc != nil {
		if hc.Transport != nil {
			base = hc.Transport
		}
		jar, checkRedirect, hcTimeout = hc.Jar, hc.CheckRedirect, hc.Timeout
	}
	var rt http.RoundTripper = &attemptTransport{next: base, limiter: c.limiter, timeout: cfg.timeout, logger: c.logger}
	attemptHC := &http.Client{Transport: rt, Jar: jar, CheckRedirect: checkRedirect, Timeout: hcTimeout}
	if authed {
		c.auth = &authTransport{next: rt, host: baseURL.Host, scheme: baseURL.Scheme, static: cfg.token}
		if cfg.username != "" {
			c.auth.source = newTokenSource(c, attemptHC, cfg.username, cfg.password)
		}
		rt = c.auth
	}
	if cfg.cacheDir != "" {
		ct, err := NewCacheTransport(cfg.cacheDir, cfg.cacheMode, rt)
		if err != nil {
			return nil, err
		}
		rt = ct
	}
	c.retry = c.newRetryClient(&http.Client{Transport: rt, Jar: jar, CheckRedirect: checkRedirect, Timeout: hcTimeout})
	return c, nil
}

// newRetryClient wraps hc in go-retryablehttp with the client's policy.
func (c *Client) newRetryClient(hc *http.Client) *retryablehttp.Client {
	p := c.policy
	return &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // we log ourselves, without URLs' credentials or headers
		RetryWaitMin: p.MinWait,
		RetryWaitMax: p.MaxWait,
		RetryMax:     p.MaxRetries,
		CheckRetry:   retryablehttp.CheckRetry(p.CheckRetry),
		Backoff: func(_, _ time.Duration, attempt int, resp *http.Response) time.Duration {
			w := p.wait(attempt, resp)
			status, req := 0, ""
			if resp != nil {
				status = resp.StatusCode
				if resp.Request != nil {
					req = apiRequestOf(resp.Request.URL)
				}
			}
			c.logger.Warn("openf1: retrying", "request", req, "status", status, "retry", attempt+1, "wait", w)
			return w
		},
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// BaseURL returns the API base URL the client talks to.
func (c *Client) BaseURL() string { return c.base }

// HTTPClient returns a plain *http.Client that sends requests through this
// client's layers (retries, rate limit, auth, cache), for code that needs
// one. Use absolute URLs under BaseURL.
func (c *Client) HTTPClient() *http.Client {
	return &http.Client{Transport: &retryablehttp.RoundTripper{Client: c.retry}}
}

// apiRequest is the API path and encoded query: "/v1/laps?session_key%3D9472".
func apiRequest(ep Endpoint, q Query) string {
	s := "/v1/" + string(ep)
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// apiRequestOf recovers the API request string from a URL, dropping any
// base path prefix before /v1/.
func apiRequestOf(u *url.URL) string {
	p := u.EscapedPath()
	if i := strings.Index(p, "/v1/"); i >= 0 {
		p = p[i:]
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// endpointFromPath extracts the endpoint name from ".../v1/<endpoint>".
func endpointFromPath(p string) Endpoint {
	if i := strings.Index(p, "/v1/"); i >= 0 {
		return Endpoint(strings.ToLower(strings.Trim(p[i+4:], "/")))
	}
	return ""
}

var endpointName = regexp.MustCompile(`^[a-z0-9_]+$`)

func checkEndpoint(ep Endpoint) error {
	if !endpointName.MatchString(string(ep)) {
		return fmt.Errorf("openf1: invalid endpoint name %q", ep)
	}
	return nil
}

// callState travels with a request's context through the transports.
type callState struct {
	attempts atomic.Int32
	request  string
}

type callStateKey struct{}

func stateOf(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// response is the outcome of send: the final HTTP response (body consumed
// when a handler ran) and bookkeeping.
type response struct {
	resp      *http.Response
	request   string
	attempts  int
	fetchedAt time.Time
}

// send GETs an endpoint with retries. onOK, when set, consumes the body of a
// 200 response inside the retry loop, so a truncated body is retried like
// any other transient failure. On return the caller owns resp.Body (unless
// onOK consumed it) and must close it.
func (c *Client) send(ctx context.Context, ep Endpoint, q Query, onOK func(*http.Response) error) (*response, error) {
	if err := checkEndpoint(ep); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	reqStr := apiRequest(ep, q)
	st := &callState{request: reqStr}
	ctx = context.WithValue(ctx, callStateKey{}, st)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, c.base+reqStr, nil)
	if err != nil {
		return nil, fmt.Errorf("openf1: %s: %w", reqStr, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if onOK != nil {
		req.SetResponseHandler(func(resp *http.Response) error {
			if resp.StatusCode != http.StatusOK {
				return nil
			}
			err := onOK(resp)
			resp.Body.Close()
			return err
		})
	}
	resp, err := c.retry.Do(req)
	out := &response{resp: resp, request: reqStr, attempts: int(st.attempts.Load()), fetchedAt: time.Now().UTC()}
	if resp != nil {
		if v := resp.Header.Get(headerFetchedAt); v != "" {
			if t, perr := time.Parse(time.RFC3339Nano, v); perr == nil {
				out.fetchedAt = t
			}
		}
	}
	switch {
	case resp != nil && resp.StatusCode != http.StatusOK:
		// A status the caller turns into an error (or "no results"),
		// whether or not retries were tried and exhausted.
		return out, nil
	case err != nil:
		return out, c.requestError(ctx, ep, out, err)
	}
	return out, nil
}

// requestError wraps a failure that has no HTTP status to report.
func (c *Client) requestError(ctx context.Context, ep Endpoint, r *response, err error) error {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return fmt.Errorf("openf1: %s: %w", r.request, err)
	}
	// Typed errors from below (a failed token request, a replay miss, a
	// malformed body) are returned as they are, without *url.Error's
	// "Get <url>:" prefix.
	var de *DecodeError
	var apiErr *APIError
	var miss *CacheMissError
	if (errors.As(err, &de) && !errors.Is(err, ErrTruncatedBody)) || errors.As(err, &apiErr) || errors.As(err, &miss) {
		return unwrapURLError(err)
	}
	attempts := ""
	if r.attempts > 1 {
		attempts = fmt.Sprintf(" (after %d attempts)", r.attempts)
	}
	if isTelemetry(ep) && errors.Is(err, ErrTimeout) {
		return fmt.Errorf("openf1: %s%s: %w: %w", r.request, attempts, ErrTooMuchData, unwrapURLError(err))
	}
	return fmt.Errorf("openf1: %s%s: %w", r.request, attempts, unwrapURLError(err))
}

// unwrapURLError drops *url.Error's "Get <url>:" prefix: the request is
// already named, and the URL would repeat the host.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && err == error(ue) {
		return ue.Err
	}
	return err
}

// statusError reads the body of a non-200 response and turns it into an
// error, unless it is the API's "no results" 404, for which it returns
// noResults and the body bytes. It closes the body.
func (c *Client) statusError(ep Endpoint, r *response) (noResults bool, body []byte, err error) {
	resp := r.resp
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if rerr != nil && len(body) == 0 {
		return false, nil, fmt.Errorf("openf1: %s: HTTP %d, reading body: %w", r.request, resp.StatusCode, rerr)
	}
	err = newAPIError(ep, r.request, resp.StatusCode, resp.Header, c.redact(body), r.attempts)
	if errors.Is(err, ErrNoResults) {
		return true, body, nil
	}
	return false, body, err
}

// redact removes the client's secrets from text that may end up in an error.
func (c *Client) redact(b []byte) []byte {
	if c.auth == nil {
		return b
	}
	for _, s := range c.auth.secrets() {
		if s != "" && len(s) >= 4 {
			b = []byte(strings.ReplaceAll(string(b), s, "[redacted]"))
		}
	}
	return b
}

func drainClose(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 64<<10))
	rc.Close()
}

// attemptTransport is the innermost layer: every attempt waits for the rate
// limiter, is counted, logged and bounded by the per-attempt timeout.
type attemptTransport struct {
	next    http.RoundTripper
	limiter *limiter
	timeout time.Duration
	logger  *slog.Logger
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := t.limiter.wait(ctx); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	n := int32(0)
	logReq := apiRequestOf(req.URL)
	if st := stateOf(ctx); st != nil {
		n = st.attempts.Add(1)
	}
	t.logger.Debug("openf1: request", "method", req.Method, "request", logReq, "attempt", n)
	if t.timeout <= 0 {
		return t.next.RoundTrip(req)
	}
	actx, cancel := context.WithTimeoutCause(ctx, t.timeout, ErrTimeout)
	resp, err := t.next.RoundTrip(req.WithContext(actx))
	if err != nil {
		timedOut := ctx.Err() == nil && context.Cause(actx) == ErrTimeout
		cancel()
		if timedOut {
			return nil, fmt.Errorf("%w after %s", ErrTimeout, t.timeout)
		}
		return nil, err
	}
	t.logger.Debug("openf1: response", "request", logReq, "status", resp.StatusCode, "attempt", n)
	resp.Body = &timeoutBody{ReadCloser: resp.Body, parent: ctx, actx: actx, cancel: cancel, timeout: t.timeout}
	return resp, nil
}

// timeoutBody ends the attempt's timeout when the body is closed and
// reports a read cut by the timeout as ErrTimeout.
type timeoutBody struct {
	io.ReadCloser
	parent  context.Context
	actx    context.Context
	cancel  context.CancelFunc
	timeout time.Duration
}

func (b *timeoutBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.parent.Err() == nil && context.Cause(b.actx) == ErrTimeout {
		err = fmt.Errorf("%w after %s while reading the body", ErrTimeout, b.timeout)
	}
	return n, err
}

func (b *timeoutBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
