package openf1

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors. Test for them with errors.Is; the concrete error is
// usually an *APIError (or *RateLimitError) carrying the details.
var (
	// ErrNoResults is the API's 404 {"detail":"No results found."}. The list
	// methods turn it into an empty slice and Raw into RawResponse.NoResults;
	// it is returned only by CheckResponse.
	ErrNoResults = errors.New("openf1: no results found")
	// ErrUnauthorized is a 401 other than the live-session lockout: bad
	// username or password, or a bearer token the API rejects.
	ErrUnauthorized = errors.New("openf1: unauthorized")
	// ErrLiveRestricted is the 401 "Session in progress, access is restricted
	// to authenticated users": during a live session the free tier is locked
	// out. Retry after the session (plus about 30 minutes) or authenticate.
	ErrLiveRestricted = errors.New("openf1: live session in progress, access restricted to authenticated users")
	// ErrTooMuchData means the query asked for more than the API serves at
	// once: a 422 "too much data", or a 500, 504 or timeout on car_data or
	// location. Split the query (by driver, by time window) and try again.
	ErrTooMuchData = errors.New("openf1: too much data requested at once")
	// ErrRateLimited is matched by *RateLimitError (HTTP 429 after retries).
	ErrRateLimited = errors.New("openf1: rate limited")
	// ErrServer is matched by API errors with a 5xx status.
	ErrServer = errors.New("openf1: server error")
	// ErrTruncatedBody means the response body ended before its JSON did
	// (connection cut, short Content-Length). Raw and the slice methods
	// retry it; the streaming methods return it once rows were delivered.
	ErrTruncatedBody = errors.New("openf1: response body truncated")
	// ErrTimeout means one attempt exceeded the client's per-attempt timeout
	// (see WithTimeout). The caller's own context deadline is reported as
	// context.DeadlineExceeded instead.
	ErrTimeout = errors.New("openf1: attempt timed out")
)

// maxExcerpt bounds the body excerpt kept in an APIError.
const maxExcerpt = 512

// APIError is a non-success answer from the API (after retries, where the
// status is retryable). Request never contains credentials.
type APIError struct {
	Endpoint Endpoint // "" for the token endpoint
	Request  string   // method-less API path and query as sent, e.g. "/v1/laps?session_key%3D9472"
	Status   int      // HTTP status of the final attempt
	Detail   string   // the JSON body's "detail" (raw JSON text when not a string), else ""
	Body     string   // the start of the body (at most 512 bytes), for non-JSON errors
	Attempts int      // attempts made, retries included (0 when unknown)

	kind error // the sentinel this error matches, if any
}

// Error describes the failure without credentials.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("openf1: ")
	if e.Request != "" {
		b.WriteString(e.Request)
		b.WriteString(": ")
	}
	b.WriteString("HTTP ")
	b.WriteString(strconv.Itoa(e.Status))
	if t := http.StatusText(e.Status); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	switch {
	case e.Detail != "":
		b.WriteString(": ")
		b.WriteString(e.Detail)
	case e.Body != "":
		b.WriteString(": ")
		b.WriteString(strconv.Quote(e.Body))
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is matches the sentinel that describes the error (ErrNoResults,
// ErrUnauthorized, ErrLiveRestricted, ErrTooMuchData, ErrServer).
func (e *APIError) Is(target error) bool {
	if e.kind != nil && target == e.kind {
		return true
	}
	return target == ErrServer && e.Status >= 500
}

// RateLimitError is a 429 that persisted through the retries.
type RateLimitError struct {
	APIError
	// RetryAfter is the wait the server asked for in its last answer (the
	// Retry-After header, uncapped); 0 when it sent none.
	RetryAfter time.Duration
}

// Error describes the failure.
func (e *RateLimitError) Error() string {
	s := e.APIError.Error()
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns the embedded *APIError, so errors.As finds it too.
func (e *RateLimitError) Unwrap() error { return &e.APIError }

// DecodeError is a response (or record) that is not the JSON this client
// expects: malformed JSON, a null or missing value in a non-nullable field,
// a value of the wrong type, or a truncated body.
type DecodeError struct {
	Endpoint Endpoint
	Row      int    // index of the record in the response array; -1 when unknown
	Field    string // JSON field name; "" when the problem is not one field
	Offset   int64  // byte offset in the record (or body) where the problem was found; -1 when unknown
	Request  string // API path and query when known
	Err      error
}

// Error names the endpoint, row and field.
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("openf1: decode ")
	if e.Endpoint != "" {
		b.WriteString(string(e.Endpoint))
	} else {
		b.WriteString("response")
	}
	if e.Request != "" {
		b.WriteString(" (")
		b.WriteString(e.Request)
		b.WriteString(")")
	}
	if e.Row >= 0 {
		b.WriteString(" row ")
		b.WriteString(strconv.Itoa(e.Row))
	}
	if e.Field != "" {
		b.WriteString(" field ")
		b.WriteString(strconv.Quote(e.Field))
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// CacheMissError is returned in replay-only cache mode for a request that
// was never recorded.
type CacheMissError struct {
	Request string // "GET /v1/laps?session_key=9472" (normalized, no credentials)
	Dir     string // the cache directory
}

// Error names the request.
func (e *CacheMissError) Error() string {
	return fmt.Sprintf("openf1: cache miss in replay-only mode: %s not recorded under %s", e.Request, e.Dir)
}

// noResultsDetail is the API's detail for an empty result.
const noResultsDetail = "No results found."

// errorBody is the JSON shape of the API's error bodies.
type errorBody struct {
	Detail json.RawMessage `json:"detail"`
	Error  string          `json:"error"`
}

// newAPIError builds an *APIError (or *RateLimitError) from a response
// status, headers and (possibly partial) body.
func newAPIError(ep Endpoint, request string, status int, h http.Header, body []byte, attempts int) error {
	e := &APIError{Endpoint: ep, Request: request, Status: status, Attempts: attempts}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil && len(eb.Detail) > 0 {
		var s string
		if json.Unmarshal(eb.Detail, &s) == nil {
			e.Detail = s
		} else {
			e.Detail = string(eb.Detail)
		}
	} else {
		ex := body
		if len(ex) > maxExcerpt {
			ex = ex[:maxExcerpt]
		}
		e.Body = strings.ToValidUTF8(string(ex), "\uFFFD")
	}
	switch {
	case status == http.StatusNotFound && e.Detail == noResultsDetail:
		e.kind = ErrNoResults
	case status == http.StatusUnauthorized && strings.HasPrefix(e.Detail, "Session in progress"):
		e.kind = ErrLiveRestricted
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.kind = ErrUnauthorized
	case status == http.StatusUnprocessableEntity:
		e.kind = ErrTooMuchData
	case isTelemetry(ep) && (status == http.StatusInternalServerError || status == http.StatusGatewayTimeout):
		e.kind = ErrTooMuchData
	}
	if status == http.StatusTooManyRequests {
		ra, _ := parseRetryAfter(h, time.Now())
		return &RateLimitError{APIError: *e, RetryAfter: ra}
	}
	return e
}

// CheckResponse returns nil for a 2xx response and otherwise an *APIError
// (or *RateLimitError) built from it; the 404 "No results found." matches
// ErrNoResults. It reads and closes the body of non-2xx responses. Use it
// with RawStream or with HTTPClient.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	var ep Endpoint
	req := ""
	if resp.Request != nil && resp.Request.URL != nil {
		ep = endpointFromPath(resp.Request.URL.Path)
		req = apiRequestOf(resp.Request.URL)
	}
	return newAPIError(ep, req, resp.StatusCode, resp.Header, body, 0)
}

func isTelemetry(ep Endpoint) bool {
	return ep == EndpointCarData || ep == EndpointLocation
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 || s != s {
			return 0, false
		}
		s = min(s, 86400) // a day is already far beyond any cap
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
