package openf1test

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Server is a fake OpenF1 API running in-process on 127.0.0.1. It answers
// /v1/<endpoint> from a Source with the API's filter semantics, ordering,
// CSV format and error bodies, issues tokens on /token, and can be told to
// rate-limit, require authentication or misbehave (FailNext, FailEndpoint).
// All methods are safe for concurrent use.
type Server struct {
	ts  *httptest.Server
	cfg config
	src Source

	mu     sync.Mutex
	log    []Request
	stats  Stats
	tokens map[string]time.Time
	faults []faultRule
	anon   limiter
	authed limiter
	live   LiveMode

	closed    chan struct{} // closed by Close: ends pending fault delays
	closeOnce sync.Once
}

// NewServer starts a Server serving src, for use in tests. Like
// httptest.NewServer it panics when it cannot start (here also when an
// option is invalid); Start returns the error instead.
func NewServer(src Source, opts ...Option) *Server {
	s, err := Start(src, opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// Start starts a Server serving src on a loopback port.
func Start(src Source, opts ...Option) (*Server, error) {
	if src == nil {
		return nil, errors.New("openf1test: nil Source")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Server{
		cfg:    cfg,
		src:    src,
		tokens: map[string]time.Time{},
		anon:   limiter{limit: cfg.rate},
		authed: limiter{limit: cfg.authRate},
		live:   cfg.live,
		closed: make(chan struct{}),
		stats:  Stats{ByStatus: map[int]int{}, ByEndpoint: map[openf1.Endpoint]int{}},
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Listener = l
	s.ts.Start()
	return s, nil
}

// URL returns the base URL clients should use, prefix included; the client
// appends /v1/<endpoint> and /token.
func (s *Server) URL() string { return s.ts.URL + s.cfg.prefix }

// Client returns an *http.Client configured for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down. Requests waiting in an injected delay end
// at once; Close waits for the others to finish.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closed) })
	s.ts.Close()
}

// SetLive changes the live mode (see LiveMode).
func (s *Server) SetLive(mode LiveMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live = mode
}

var routeRe = regexp.MustCompile(`^v1/(\w+)$`)

// serveHTTP routes a request: prefix check, injected faults, /token, rate
// limits, authentication, then the data endpoint.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	req := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Auth:     r.Header.Get("Authorization") != "",
		Time:     s.cfg.now(),
	}
	defer func() { s.record(req) }()

	rest, ok := strings.CutPrefix(r.URL.Path, s.cfg.prefix)
	if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		http.NotFound(w, r)
		req.Status = http.StatusNotFound
		return
	}
	rest = strings.TrimPrefix(rest, "/")
	if rest == "token" {
		req.Endpoint = TokenEndpoint
	} else if m := routeRe.FindStringSubmatch(strings.ToLower(rest)); m != nil {
		req.Endpoint = openf1.Endpoint(m[1])
	}

	fault, faulty := s.takeFault(req.Endpoint)
	if faulty {
		req.Fault = fault.String()
		status, done := s.applyFault(w, r, fault)
		if done {
			req.Status = status
			return
		}
	}
	serve := func(w http.ResponseWriter) int {
		if req.Endpoint == TokenEndpoint {
			return s.gate(w, r, false, func() int { return s.serveToken(w, r) })
		}
		return s.gate(w, r, true, func() int {
			status, rows := s.serveData(w, r, rest, faulty && fault.Kind == FaultTruncate)
			req.Rows = rows
			return status
		})
	}
	if faulty && fault.Kind == FaultTruncate {
		req.Status = serveTruncated(w, fault.KeepBytes, serve)
		return
	}
	req.Status = serve(w)
}

// gate applies the rate limits and, for data requests, authentication and
// the live-session restriction, then calls next.
func (s *Server) gate(w http.ResponseWriter, r *http.Request, data bool, next func() int) int {
	authed := s.authenticated(r)
	now := s.cfg.now()
	s.mu.Lock()
	lim := &s.anon
	if authed && (s.authed.limit != rateLimit{}) {
		lim = &s.authed
	}
	ok, detail, retry := lim.allow(now)
	if !ok {
		s.stats.RateLimited++
	}
	live := s.live
	s.mu.Unlock()
	if !ok {
		w.Header()["retry-after"] = []string{strconv.Itoa(retry)}
		b, _ := json.Marshal(map[string]string{"detail": detail, "error": "Too Many Requests"})
		writeJSON(w, http.StatusTooManyRequests, string(b))
		return http.StatusTooManyRequests
	}
	if !data || authed {
		return next()
	}
	if s.cfg.requireAuth {
		detail := "Not authenticated"
		if _, has := bearer(r); has {
			detail = "Invalid or expired token"
		}
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeDetail(w, http.StatusUnauthorized, detail)
		return http.StatusUnauthorized
	}
	if live == LiveAuto {
		sc, err := scanSessions(r.Context(), s.src, now)
		if err != nil {
			writeHTML500(w, "SourceError: "+err.Error())
			return http.StatusInternalServerError
		}
		live = LiveOff
		if sc.live {
			live = LiveOn
		}
	}
	if live == LiveOn {
		writeDetail(w, http.StatusUnauthorized, LiveSessionDetail)
		return http.StatusUnauthorized
	}
	return next()
}
