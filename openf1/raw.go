package openf1

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// RawResponse is an API response kept byte for byte.
type RawResponse struct {
	Endpoint  Endpoint
	Query     Query
	Request   string    // path and query as sent, e.g. "/v1/laps?session_key%3D9472"; never credentials
	Status    int       // HTTP status of the final attempt
	Body      []byte    // exact response bytes; for the 404 "No results found." this is that body
	NoResults bool      // true for 404 {"detail":"No results found."} and for 200 []
	FetchedAt time.Time // when the response arrived (for a cache replay: when it was recorded), UTC
}

// Raw fetches an endpoint and returns the response body unchanged, for
// storage as it came (the bronze layer). It retries like every request,
// including bodies cut short. A 200 body must be complete JSON (a body that
// is not, with a JSON content type, is a *DecodeError); an empty result
// (404 "No results found." or 200 []) is not an error but sets NoResults.
// Any other status is an error (an *APIError); the RawResponse is then still
// returned, with the status and the start of the body.
//
// Request is relative to the base URL: with a base URL that has a path
// prefix, the prefix is not part of it.
func (c *Client) Raw(ctx context.Context, ep Endpoint, q Query) (*RawResponse, error) {
	var body []byte
	r, err := c.send(ctx, ep, q, func(resp *http.Response) error {
		b, err := readAllBody(resp)
		if err != nil {
			return err
		}
		if err := checkCompleteJSON(resp.Header, b); err != nil {
			return err
		}
		body = b
		return nil
	})
	if r == nil {
		return nil, err
	}
	raw := &RawResponse{Endpoint: ep, Query: q, Request: r.request, FetchedAt: r.fetchedAt}
	if r.resp != nil {
		raw.Status = r.resp.StatusCode
	}
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			de.Endpoint, de.Request = ep, r.request
		}
		return raw, err
	}
	if r.resp.StatusCode != http.StatusOK {
		noResults, b, err := c.statusError(ep, r)
		raw.Body, raw.NoResults = b, noResults
		if err != nil {
			return raw, err
		}
		return raw, nil
	}
	raw.Body = body
	raw.NoResults = isEmptyArray(body)
	return raw, nil
}

// RawStream is an API response whose body is read as it arrives, for
// bodies too large to hold (car_data, location). Close it.
type RawStream struct {
	Endpoint  Endpoint
	Query     Query
	Request   string // as in RawResponse
	Status    int
	Header    http.Header
	NoResults bool // 404 "No results found." (an empty 200 [] is not detected here)
	FetchedAt time.Time
	Body      io.ReadCloser // the exact response bytes
}

// Close closes the body.
func (s *RawStream) Close() error { return s.Body.Close() }

// RawStream fetches an endpoint and hands back its body unread. Retries
// cover everything up to the response headers; a body cut short is the
// reader's error (ErrTruncatedBody cannot be retried here: part of it was
// already delivered). Statuses other than 200 and the "no results" 404 are
// returned as an *APIError.
func (c *Client) RawStream(ctx context.Context, ep Endpoint, q Query) (*RawStream, error) {
	r, err := c.send(ctx, ep, q, nil)
	if err != nil {
		return nil, err
	}
	s := &RawStream{Endpoint: ep, Query: q, Request: r.request, Status: r.resp.StatusCode,
		Header: r.resp.Header, FetchedAt: r.fetchedAt}
	if r.resp.StatusCode != http.StatusOK {
		noResults, b, err := c.statusError(ep, r)
		if err != nil {
			return nil, err
		}
		s.NoResults = noResults
		s.Body = io.NopCloser(bytes.NewReader(b))
		return s, nil
	}
	s.Body = &truncationBody{ReadCloser: r.resp.Body}
	return s, nil
}

// truncationBody marks a body that ends early as ErrTruncatedBody.
type truncationBody struct{ io.ReadCloser }

func (b *truncationBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && isCutShort(err) {
		err = fmt.Errorf("%w: %w", ErrTruncatedBody, err)
	}
	return n, err
}

// isCutShort tells a body that stopped early from a cancellation or timeout.
func isCutShort(err error) bool {
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, ErrTimeout)
}

// readAllBody reads a whole body; a body that ends early is ErrTruncatedBody.
func readAllBody(resp *http.Response) ([]byte, error) {
	n := resp.ContentLength
	if n < 0 || n > 256<<20 {
		n = 64 << 10
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+1))
	_, err := buf.ReadFrom(resp.Body)
	if err != nil {
		if isCutShort(err) {
			return nil, fmt.Errorf("%w: %w", ErrTruncatedBody, err)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkCompleteJSON verifies that a JSON body is whole. A body that stops
// inside its value is ErrTruncatedBody (retried); other invalid JSON is a
// *DecodeError (not retried). Non-JSON content types are not checked.
func checkCompleteJSON(h http.Header, b []byte) error {
	ct := h.Get("Content-Type")
	if ct != "" && !strings.Contains(ct, "json") {
		return nil
	}
	if json.Valid(b) {
		return nil
	}
	s := newArrayScanner(bytes.NewReader(b))
	for {
		_, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return &DecodeError{Row: s.row, Offset: s.offset(), Err: err}
		}
	}
	// The array's structure is complete but some element is not valid JSON.
	return &DecodeError{Row: -1, Offset: -1, Err: errors.New("response body is not valid JSON")}
}

func isEmptyArray(b []byte) bool {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return false
	}
	return len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}
