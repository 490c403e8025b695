package openf1test

import (
	"maps"
	"slices"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Request is one request as the server saw it. It never holds credentials:
// only whether an Authorization header was sent.
type Request struct {
	Method   string
	Path     string // URL path, prefix included
	RawQuery string
	// Endpoint is the data endpoint asked for (lower-cased), TokenEndpoint for
	// POST /token, or "" for other paths.
	Endpoint openf1.Endpoint
	Auth     bool      // an Authorization header was present
	Time     time.Time // by the server's clock
	Status   int       // status sent; 0 when the connection was dropped
	Rows     int       // records in a successful data response
	Fault    string    // the injected fault, if any
}

// Stats counts what the server did since it started (ResetLog does not
// clear them).
type Stats struct {
	Requests     int
	ByStatus     map[int]int
	ByEndpoint   map[openf1.Endpoint]int
	RateLimited  int // 429s from the rate limiter (injected ones are in Faults)
	Faults       int // requests that met an injected fault
	TokensIssued int
	Streamed     int // responses streamed rather than built whole
}

// Requests returns the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.ByStatus = maps.Clone(s.stats.ByStatus)
	st.ByEndpoint = maps.Clone(s.stats.ByEndpoint)
	return st
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, req)
	s.stats.Requests++
	s.stats.ByStatus[req.Status]++
	if req.Endpoint != "" {
		s.stats.ByEndpoint[req.Endpoint]++
	}
}
