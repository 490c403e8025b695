package openf1test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// TokenEndpoint names POST /token for fault rules (FailEndpoint).
const TokenEndpoint openf1.Endpoint = "token"

// FaultKind says what an injected fault does.
type FaultKind uint8

// Fault kinds.
const (
	// FaultNone serves the request normally after Fault.Delay: a slow response.
	FaultNone FaultKind = iota
	// FaultStatus answers Fault.Status with the body the API sends for it:
	// 429 JSON with retry-after, 422 JSON, 401 live-session JSON, 500 an
	// HTML page, 502/503/504 plain text, others {"detail": <status text>}.
	FaultStatus
	// FaultReset closes the connection without answering (TCP reset).
	FaultReset
	// FaultTruncate serves the real response with its full Content-Length
	// but closes the connection after Fault.KeepBytes bytes of body.
	FaultTruncate
)

// Fault is one injected misbehaviour. Build one with the constructors
// (SlowFault, StatusFault, RateLimitFault, ResetFault, TruncateFault) or set
// the fields.
type Fault struct {
	Kind FaultKind
	// Delay is waited before the fault acts (or before a FaultNone request is
	// served). A client that gives up earlier ends the wait.
	Delay time.Duration
	// Status is the status code of a FaultStatus.
	Status int
	// RetryAfter is the Retry-After header value in seconds sent with a 429
	// or 503 FaultStatus; 0 sends "1" with a 429 and nothing with a 503;
	// negative sends no header.
	RetryAfter int
	// KeepBytes is how much of the body a FaultTruncate sends; 0 or negative
	// sends half of it.
	KeepBytes int
}

// SlowFault delays the response by d and then serves it normally.
func SlowFault(d time.Duration) Fault { return Fault{Kind: FaultNone, Delay: d} }

// StatusFault answers with status and the API's body for it.
func StatusFault(status int) Fault { return Fault{Kind: FaultStatus, Status: status} }

// RateLimitFault answers 429 with the API's body and retry-after: seconds.
func RateLimitFault(seconds int) Fault {
	return Fault{Kind: FaultStatus, Status: http.StatusTooManyRequests, RetryAfter: seconds}
}

// ResetFault drops the connection without a response.
func ResetFault() Fault { return Fault{Kind: FaultReset} }

// TruncateFault cuts the response body after keep bytes (half when keep <= 0).
func TruncateFault(keep int) Fault { return Fault{Kind: FaultTruncate, KeepBytes: keep} }

// String describes the fault for logs.
func (f Fault) String() string {
	var s string
	switch f.Kind {
	case FaultNone:
		s = "slow"
	case FaultStatus:
		s = "status " + strconv.Itoa(f.Status)
	case FaultReset:
		s = "reset"
	case FaultTruncate:
		s = "truncate"
	default:
		s = fmt.Sprintf("fault(%d)", f.Kind)
	}
	if f.Delay > 0 {
		s += " after " + f.Delay.String()
	}
	return s
}

type faultRule struct {
	ep        openf1.Endpoint // "" matches every request
	remaining int             // < 0: until ClearFaults
	fault     Fault
}

// FailNext makes the next n requests (data or token, any endpoint) fail
// with f. Rules apply in the order they were added; each request uses the
// first rule that matches it.
func (s *Server) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faultRule{remaining: n, fault: f})
}

// FailEndpoint makes the next n requests to ep (TokenEndpoint for POST
// /token) fail with f; n <= 0 makes every request to ep fail until
// ClearFaults.
func (s *Server) FailEndpoint(ep openf1.Endpoint, n int, f Fault) {
	if n <= 0 {
		n = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faultRule{ep: ep, remaining: n, fault: f})
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault consumes the first rule matching ep.
func (s *Server) takeFault(ep openf1.Endpoint) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.faults {
		if r.ep != "" && r.ep != ep {
			continue
		}
		if r.remaining > 0 {
			s.faults[i].remaining--
			if s.faults[i].remaining == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		s.stats.Faults++
		return r.fault, true
	}
	return Fault{}, false
}

// sleepCtx waits d, or until ctx ends or the server closes; it reports
// whether d elapsed.
func sleepCtx(ctx context.Context, closed <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-closed:
		return false
	}
}

// Bodies the API (or its infrastructure) sends with error statuses.
const (
	NoResultsBody   = `{"detail":"No results found."}`
	TooMuchDataBody = `{"detail":"Failed to retrieve information. You're likely asking for too much data at once."}`
	// LiveSessionDetail is the 401 detail for unauthenticated requests during a live session.
	LiveSessionDetail    = "Session in progress, access is restricted to authenticated users. Sign up here: https://openf1.org"
	BadCredentialsDetail = "Incorrect username or password"
)

// writeStatus answers status with the API's body for it.
func writeStatus(w http.ResponseWriter, status int, retryAfter int) {
	h := w.Header()
	switch status {
	case http.StatusTooManyRequests:
		if retryAfter == 0 {
			retryAfter = 1
		}
		if retryAfter > 0 {
			// Lower-case, as captured from the API.
			h["retry-after"] = []string{strconv.Itoa(retryAfter)}
		}
		writeJSON(w, status, `{"detail":"Rate limit exceeded. Max 3 requests/second.","error":"Too Many Requests"}`)
	case http.StatusUnprocessableEntity:
		writeJSON(w, status, TooMuchDataBody)
	case http.StatusNotFound:
		writeJSON(w, status, NoResultsBody)
	case http.StatusUnauthorized:
		writeDetail(w, status, LiveSessionDetail)
	case http.StatusInternalServerError:
		writeHTML500(w, "pymongo.errors.ExecutionTimeout: operation exceeded time limit")
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if status == http.StatusServiceUnavailable && retryAfter > 0 {
			h.Set("Retry-After", strconv.Itoa(retryAfter))
		}
		text := map[int]string{502: "Bad Gateway", 503: "Service Unavailable", 504: "upstream request timeout"}[status]
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(text)))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(text))
	default:
		writeDetail(w, status, http.StatusText(status))
	}
}

// applyFault carries out f (after its delay). It reports the status sent
// (0 when the connection was dropped) and whether the request is done;
// FaultNone and FaultTruncate leave serving to the caller.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault) (status int, done bool) {
	if !sleepCtx(r.Context(), s.closed, f.Delay) {
		return 0, true
	}
	switch f.Kind {
	case FaultStatus:
		writeStatus(w, f.Status, f.RetryAfter)
		return f.Status, true
	case FaultReset:
		resetConn(w)
		return 0, true
	}
	return 0, false
}

// resetConn hijacks the connection and closes it with a TCP reset.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// serveTruncated renders the response into memory with serve, then writes
// its status line, headers and full Content-Length but only keep bytes of
// the body before closing the connection.
func serveTruncated(w http.ResponseWriter, keep int, serve func(http.ResponseWriter) int) int {
	rec := httptest.NewRecorder()
	status := serve(rec)
	body := rec.Body.Bytes()
	if keep <= 0 || keep >= len(body) {
		keep = len(body) / 2
	}
	conn, bw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	hdr := rec.Header().Clone()
	hdr.Del("Transfer-Encoding")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	hdr.Set("Connection", "close")
	var head bytes.Buffer
	fmt.Fprintf(&head, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = hdr.Write(&head)
	head.WriteString("\r\n")
	writeAll(bw, head.Bytes(), body[:keep])
	return status
}

func writeAll(bw *bufio.ReadWriter, parts ...[]byte) {
	for _, p := range parts {
		if _, err := bw.Write(p); err != nil {
			return
		}
	}
	_ = bw.Flush()
}
