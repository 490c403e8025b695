package bronze

import (
	"context"
	"errors"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Fetcher fetches raw API responses. *openf1.Client implements it; every
// request of a plan or run goes through it, so its rate limiter, retries and
// authentication apply.
type Fetcher interface {
	Raw(ctx context.Context, ep openf1.Endpoint, q openf1.Query) (*openf1.RawResponse, error)
}

// Extractor plans and runs bronze extractions from a Fetcher into a Store.
// It holds no state of its own between calls: what exists is read from the
// store's manifests. It is safe for concurrent use.
type Extractor struct {
	fetcher Fetcher
	store   *Store
}

// NewExtractor returns an Extractor fetching through f into s.
func NewExtractor(f Fetcher, s *Store) *Extractor {
	return &Extractor{fetcher: f, store: s}
}

// fetch makes one request. The API's "no results" (404) becomes an empty
// response, whichever way the fetcher reports it.
func (x *Extractor) fetch(ctx context.Context, ep openf1.Endpoint, q openf1.Query) (*response, error) {
	raw, err := x.fetcher.Raw(ctx, ep, q)
	if err != nil {
		if errors.Is(err, openf1.ErrNoResults) {
			return &response{request: requestOf(ep, q), status: 404, noResults: true, fetchedAt: time.Now()}, nil
		}
		return nil, err
	}
	r := &response{request: raw.Request, status: raw.Status, body: raw.Body, noResults: raw.NoResults, fetchedAt: raw.FetchedAt}
	if r.request == "" {
		r.request = requestOf(ep, q)
	}
	if r.fetchedAt.IsZero() {
		r.fetchedAt = time.Now()
	}
	return r, nil
}

// requestOf renders a request the way the client reports it: API path and
// encoded query.
func requestOf(ep openf1.Endpoint, q openf1.Query) string {
	s := "/v1/" + string(ep)
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}
