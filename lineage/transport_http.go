package lineage

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultEndpoint is the path events are posted to below the base URL.
const DefaultEndpoint = "api/v1/lineage"

// DefaultHTTPTimeout bounds one HTTP attempt (connect, send, response).
const DefaultHTTPTimeout = 5 * time.Second

// HTTPConfig configures an [HTTPTransport]. It is safe to log: APIKey is a
// [Secret] and String hides header values.
type HTTPConfig struct {
	// URL is the base URL of the OpenLineage backend, e.g.
	// http://localhost:5000 for Marquez.
	URL string
	// Endpoint is appended to URL's path as url.JoinPath does (a leading
	// slash does not replace the base path, unlike Python's urljoin);
	// default DefaultEndpoint. An absolute http(s) URL is used as is.
	Endpoint string
	// APIKey, when set, is sent as "Authorization: Bearer <key>".
	APIKey Secret
	// Timeout bounds each attempt; default DefaultHTTPTimeout.
	Timeout time.Duration
	// Retry is the retry policy; nil means DefaultRetryPolicy().
	Retry *RetryPolicy
	// Compression is "" or "gzip" (Content-Encoding: gzip).
	Compression string
	// Headers are added to every request. Their values are treated as
	// secrets: they never appear in errors or logs.
	Headers map[string]string
	// Client sends the requests; default a new http.Client without an
	// overall timeout (Timeout bounds each attempt).
	Client *http.Client
	// Logger receives a Warn record per retried attempt; default slog.Default().
	Logger *slog.Logger
}

// String describes the config without credentials.
func (c HTTPConfig) String() string {
	auth := "none"
	if c.APIKey != "" {
		auth = "api_key " + redacted
	}
	endpoint := c.Endpoint
	if strings.Contains(endpoint, "://") {
		endpoint = redactURI(endpoint)
	}
	return fmt.Sprintf("http(url=%s endpoint=%s auth=%s headers=%d)", redactURI(c.URL), endpoint, auth, len(c.Headers))
}

// GoString keeps %#v from showing header values.
func (c HTTPConfig) GoString() string { return "lineage." + c.String() }

// LogValue describes the config for log/slog without credentials.
func (c HTTPConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// RetryPolicy says which failed attempts are retried and how long to wait.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	MaxRetries int
	// Backoff is the wait before the first retry; it doubles for each
	// further retry (Python's backoff_factor).
	Backoff time.Duration
	// MaxBackoff caps one wait, a server's Retry-After included.
	MaxBackoff time.Duration
	// RetryStatus reports whether a non-2xx status is worth retrying; nil
	// means DefaultRetryStatus. Network errors and attempt timeouts are
	// always retried; 4xx answers are final unless RetryStatus says so.
	RetryStatus func(status int) bool
}

// DefaultRetryPolicy mirrors the openlineage-python client: 5 retries,
// waits of 0.3 s, 0.6 s, 1.2 s, ... capped at 10 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 5, Backoff: 300 * time.Millisecond, MaxBackoff: 10 * time.Second}
}

// DefaultRetryStatus retries server errors (5xx) except 501 Not Implemented,
// which no retry can fix.
func DefaultRetryStatus(status int) bool {
	return status >= 500 && status <= 599 && status != http.StatusNotImplemented
}

func (p RetryPolicy) wait(retry int, retryAfter time.Duration) time.Duration {
	d := p.Backoff
	for i := 1; i < retry; i++ {
		if (p.MaxBackoff > 0 && d >= p.MaxBackoff) || d > time.Hour {
			break
		}
		d *= 2
	}
	if retryAfter > d {
		d = retryAfter
	}
	if p.MaxBackoff > 0 && d > p.MaxBackoff {
		d = p.MaxBackoff
	}
	return d
}

// HTTPError reports an event the HTTP transport could not deliver: a final
// non-2xx answer, or no answer at all after the last retry. Its message
// never contains the API key or header values.
type HTTPError struct {
	// URL is the endpoint, without user info or query.
	URL string
	// StatusCode is the last HTTP status, 0 when no response arrived.
	StatusCode int
	// Body is the start of the last response body (at most 512 bytes),
	// with secrets redacted; servers such as Marquez explain 4xx there.
	Body string
	// Attempts is how many requests were made.
	Attempts int
	// Err is the network or context error of the last attempt, if any.
	Err error
}

// Error describes the failure.
func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString("lineage: http transport: POST ")
	b.WriteString(e.URL)
	b.WriteString(": ")
	if e.StatusCode != 0 {
		b.WriteString(strconv.Itoa(e.StatusCode))
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" " + t)
		}
	}
	if e.Err != nil {
		if e.StatusCode != 0 {
			b.WriteString(", then ")
		}
		b.WriteString(e.Err.Error())
	}
	fmt.Fprintf(&b, " (after %d attempt", e.Attempts)
	if e.Attempts != 1 {
		b.WriteByte('s')
	}
	b.WriteByte(')')
	if e.Body != "" {
		b.WriteString(": ")
		b.WriteString(e.Body)
	}
	return b.String()
}

// Unwrap returns the network or context error, if any.
func (e *HTTPError) Unwrap() error { return e.Err }

// HTTPTransport posts each event as JSON to an OpenLineage HTTP endpoint
// (Marquez, or any backend implementing POST /api/v1/lineage). Any 2xx is
// success; network errors, attempt timeouts and 5xx are retried with
// exponential backoff; other answers fail at once with an *HTTPError.
type HTTPTransport struct {
	endpoint string // full URL posted to
	display  string // endpoint without credentials
	apiKey   string
	headers  map[string]string
	gzip     bool
	timeout  time.Duration
	retry    RetryPolicy
	client   *http.Client
	logger   *slog.Logger
	redact   redactor
	closed   chan struct{}
	once     sync.Once
}

// NewHTTPTransport validates cfg and returns the transport.
func NewHTTPTransport(cfg HTTPConfig) (*HTTPTransport, error) {
	endpoint, err := joinEndpoint(cfg.URL, cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	t := &HTTPTransport{
		endpoint: endpoint,
		display:  redactURI(endpoint),
		apiKey:   cfg.APIKey.Reveal(),
		headers:  maps.Clone(cfg.Headers),
		timeout:  cfg.Timeout,
		client:   cfg.Client,
		logger:   cfg.Logger,
		closed:   make(chan struct{}),
	}
	switch strings.ToLower(cfg.Compression) {
	case "":
	case "gzip":
		t.gzip = true
	default:
		return nil, &ConfigError{Field: "compression", Reason: fmt.Sprintf("unsupported %q (want gzip)", cfg.Compression)}
	}
	if t.timeout <= 0 {
		t.timeout = DefaultHTTPTimeout
	}
	if cfg.Retry != nil {
		t.retry = *cfg.Retry
		if t.retry.MaxRetries < 0 || t.retry.Backoff < 0 || t.retry.MaxBackoff < 0 {
			return nil, &ConfigError{Field: "retry", Reason: "negative values"}
		}
	} else {
		t.retry = DefaultRetryPolicy()
	}
	if t.retry.RetryStatus == nil {
		t.retry.RetryStatus = DefaultRetryStatus
	}
	if t.client == nil {
		t.client = &http.Client{}
	}
	if t.logger == nil {
		t.logger = slog.Default()
	}
	secrets := []string{t.apiKey}
	for _, v := range t.headers {
		secrets = append(secrets, v)
	}
	// net/http quotes the request URL in its errors: hide a password in the
	// user info and query values long enough to be tokens.
	if u, err := url.Parse(endpoint); err == nil {
		if pw, ok := u.User.Password(); ok {
			secrets = append(secrets, pw)
		}
		for _, vs := range u.Query() {
			for _, v := range vs {
				if len(v) >= 8 {
					secrets = append(secrets, v)
				}
			}
		}
	}
	t.redact = newRedactor(secrets...)
	return t, nil
}

// joinEndpoint builds the URL events are posted to.
func joinEndpoint(base, endpoint string) (string, error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if e, err := url.Parse(endpoint); err == nil && e.IsAbs() {
		if (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" {
			return "", &ConfigError{Field: "endpoint", Reason: "absolute endpoint must be an http(s) URL"}
		}
		return endpoint, nil
	}
	if base == "" {
		return "", &ConfigError{Field: "url", Reason: "required"}
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &ConfigError{Field: "url", Reason: "must be an absolute http(s) URL"}
	}
	return u.JoinPath(endpoint).String(), nil
}

// String describes the transport without credentials.
func (t *HTTPTransport) String() string { return "http(" + t.display + ")" }

// Endpoint returns the URL events are posted to, without credentials.
func (t *HTTPTransport) Endpoint() string { return t.display }

// Send posts the event, retrying as the policy allows.
func (t *HTTPTransport) Send(ctx context.Context, p Payload) error {
	select {
	case <-t.closed:
		return ErrClosed
	default:
	}
	body := p.Body
	if t.gzip {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = buf.Bytes()
	}
	for attempt := 1; ; attempt++ {
		status, excerpt, retryAfter, err := t.attempt(ctx, body)
		if err == nil && status >= 200 && status <= 299 {
			return nil
		}
		fail := &HTTPError{URL: t.display, StatusCode: status, Body: excerpt, Attempts: attempt, Err: t.redact.error(err)}
		if ctx.Err() != nil {
			fail.Err = t.redact.error(context.Cause(ctx))
			return fail
		}
		retryable := err != nil || t.retry.RetryStatus(status)
		if !retryable || attempt > t.retry.MaxRetries {
			return fail
		}
		wait := t.retry.wait(attempt, retryAfter)
		t.logger.LogAttrs(ctx, slog.LevelWarn, "lineage: http transport: retrying",
			slog.String("url", t.display), slog.Int("attempt", attempt),
			slog.Int("status", status), slog.String("error", errorText(fail.Err)),
			slog.Duration("wait", wait), slog.Any("event", p))
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			fail.Err = t.redact.error(context.Cause(ctx))
			return fail
		case <-t.closed:
			timer.Stop()
			fail.Err = ErrClosed
			return fail
		}
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// maxExcerpt bounds the response body kept for an error; maxDrain bounds
// what is read to let the connection be reused.
const (
	maxExcerpt = 512
	maxDrain   = 64 << 10
)

// attempt makes one request bounded by the attempt timeout.
func (t *HTTPTransport) attempt(ctx context.Context, body []byte) (status int, excerpt string, retryAfter time.Duration, err error) {
	actx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, t.endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, "", 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "pitwall-lineage/"+Version())
	if t.gzip {
		req.Header.Set("Content-Encoding", "gzip")
	}
	for k, v := range t.headers {
		req.Header.Set(k, v)
	}
	if t.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+t.apiKey)
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return 0, "", 0, err
	}
	defer func() {
		_, _ = io.CopyN(io.Discard, resp.Body, maxDrain)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return resp.StatusCode, "", 0, nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxExcerpt))
	excerpt = t.redact.string(strings.TrimSpace(strings.ToValidUTF8(string(b), "\uFFFD")))
	return resp.StatusCode, excerpt, parseRetryAfter(resp.Header.Get("Retry-After")), nil
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		s = min(s, 24*3600) // the policy's MaxBackoff caps it further
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// Close stops retries in progress; later Sends fail with ErrClosed.
func (t *HTTPTransport) Close(ctx context.Context) error {
	t.once.Do(func() { close(t.closed) })
	t.client.CloseIdleConnections()
	return nil
}
