package openf1

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Token lifetime handling (API.md §5.2): tokens last an hour; renew a minute early.
const (
	defaultTokenLifetime = time.Hour
	tokenRefreshMargin   = time.Minute
)

// authTransport adds the bearer token to API requests and, for a token it
// fetched itself, fetches a new one and retries once when the API answers 401.
type authTransport struct {
	next   http.RoundTripper
	host   string // the token goes only to the API's own scheme and host
	scheme string
	static string       // WithToken
	source *tokenSource // WithCredentials
}

func (t *authTransport) secrets() []string {
	s := []string{t.static}
	if t.source != nil {
		s = append(s, t.source.secrets()...)
	}
	return s
}

func (t *authTransport) token(ctx context.Context) (string, error) {
	if t.source != nil {
		return t.source.token(ctx)
	}
	return t.static, nil
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host || req.URL.Scheme != t.scheme {
		return t.next.RoundTrip(req) // never send the token elsewhere (redirects)
	}
	ctx := req.Context()
	tok, err := t.token(ctx)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(withBearer(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || t.source == nil ||
		(req.Body != nil && req.GetBody == nil) {
		return resp, err
	}
	// The token may have expired early or been revoked: renew it once.
	drainClose(resp.Body)
	t.source.invalidate(tok)
	tok, err = t.source.token(ctx)
	if err != nil {
		return nil, err
	}
	r2 := withBearer(req, tok)
	if req.GetBody != nil {
		if r2.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.next.RoundTrip(r2)
}

func withBearer(req *http.Request, tok string) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

// tokenSource fetches and caches the bearer token for username/password.
// Concurrent callers share one fetch.
type tokenSource struct {
	c        *Client
	retry    *retryablehttp.Client
	username string
	password string
	now      func() time.Time

	mu      sync.Mutex
	tok     string
	renewAt time.Time
	flight  *tokenFlight
	fetches int // tokens fetched so far (for tests)
}

type tokenFlight struct {
	done chan struct{}
	err  error
}

func newTokenSource(c *Client, hc *http.Client, username, password string) *tokenSource {
	return &tokenSource{c: c, retry: c.newRetryClient(hc), username: username, password: password, now: time.Now}
}

func (s *tokenSource) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok
}

// invalidate forgets tok if it is still the current token.
func (s *tokenSource) invalidate(tok string) {
	s.mu.Lock()
	if s.tok == tok {
		s.tok = ""
	}
	s.mu.Unlock()
}

// token returns a valid token, fetching one if needed. Only one fetch runs
// at a time; other callers wait for it (or for their context).
func (s *tokenSource) token(ctx context.Context) (string, error) {
	for {
		s.mu.Lock()
		if s.tok != "" && s.now().Before(s.renewAt) {
			tok := s.tok
			s.mu.Unlock()
			return tok, nil
		}
		if f := s.flight; f != nil {
			s.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return "", ctx.Err()
			}
			if f.err != nil && !errors.Is(f.err, context.Canceled) && !errors.Is(f.err, context.DeadlineExceeded) {
				return "", f.err
			}
			continue // fetched, or the fetching caller gave up: look again
		}
		f := &tokenFlight{done: make(chan struct{})}
		s.flight = f
		s.mu.Unlock()

		tok, ttl, err := s.fetch(ctx)

		s.mu.Lock()
		if err == nil {
			s.tok = tok
			s.renewAt = s.now().Add(ttl - min(tokenRefreshMargin, ttl/2))
			s.fetches++
		}
		s.flight = nil
		f.err = err
		s.mu.Unlock()
		close(f.done)
		if err != nil {
			return "", err
		}
		return tok, nil
	}
}

// tokenResponse is POST /token's answer; expires_in is a string or a number.
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	ExpiresIn   json.RawMessage `json:"expires_in"`
	TokenType   string          `json:"token_type"`
}

func (s *tokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	const reqStr = "/token"
	form := url.Values{"username": {s.username}, "password": {s.password}}.Encode()
	st := &callState{request: reqStr}
	ctx = context.WithValue(ctx, callStateKey{}, st)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, s.c.base+reqStr, []byte(form))
	if err != nil {
		return "", 0, fmt.Errorf("openf1: %s: %w", reqStr, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.c.userAgent)
	resp, err := s.retry.Do(req)
	if resp == nil {
		if err == nil {
			err = errors.New("no response")
		}
		return "", 0, fmt.Errorf("openf1: fetching token: %w", s.scrub(unwrapURLError(err)))
	}
	defer resp.Body.Close()
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	attempts := int(st.attempts.Load())
	if resp.StatusCode != http.StatusOK {
		return "", 0, newAPIError("", "POST "+reqStr, resp.StatusCode, resp.Header, s.scrubBytes(body), attempts)
	}
	if rerr != nil {
		return "", 0, fmt.Errorf("openf1: fetching token: reading body: %w", rerr)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return "", 0, errors.New("openf1: fetching token: the answer has no access_token")
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return "", 0, fmt.Errorf("openf1: fetching token: unsupported token type %q", tr.TokenType)
	}
	ttl, err := parseExpiresIn(tr.ExpiresIn)
	if err != nil {
		return "", 0, fmt.Errorf("openf1: fetching token: %w", err)
	}
	s.c.logger.Debug("openf1: token fetched", "expires_in", ttl)
	return tr.AccessToken, ttl, nil
}

// parseExpiresIn reads expires_in given as a number or a numeric string.
func parseExpiresIn(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return defaultTokenLifetime, nil
	}
	v := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &v); err != nil {
			return 0, fmt.Errorf("expires_in: %w", err)
		}
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || secs != secs {
		return 0, fmt.Errorf("expires_in %q is not a number of seconds", v)
	}
	if secs <= 0 {
		return defaultTokenLifetime, nil
	}
	return time.Duration(min(secs, 1e6) * float64(time.Second)), nil
}

// secrets are the strings that must never appear in errors or logs: the
// password (also form-encoded, as it was sent) and the current token.
func (s *tokenSource) secrets() []string {
	return []string{s.password, url.QueryEscape(s.password), s.current()}
}

func (s *tokenSource) scrubBytes(b []byte) []byte {
	str := string(b)
	for _, sec := range s.secrets() {
		if len(sec) >= 4 {
			str = strings.ReplaceAll(str, sec, "[redacted]")
		}
	}
	return []byte(str)
}

func (s *tokenSource) scrub(err error) error {
	msg := string(s.scrubBytes([]byte(err.Error())))
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}
