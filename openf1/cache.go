package openf1

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CacheMode says how a CacheTransport uses its directory.
type CacheMode uint8

// Cache modes.
const (
	// CacheReadThrough serves recorded responses and fetches (and records)
	// the others.
	CacheReadThrough CacheMode = iota + 1
	// CacheRecord always fetches and records, replacing older recordings.
	CacheRecord
	// CacheReplay serves recorded responses only, for offline runs and
	// tests; a request that was not recorded fails with *CacheMissError.
	CacheReplay
)

// String names the mode.
func (m CacheMode) String() string {
	switch m {
	case CacheReadThrough:
		return "read-through"
	case CacheRecord:
		return "record"
	case CacheReplay:
		return "replay"
	}
	return "CacheMode(" + strconv.Itoa(int(m)) + ")"
}

// Headers added to responses served from a cache.
const (
	// HeaderCache is "hit" on a response served from the cache.
	HeaderCache     = "X-Pitwall-Cache"
	headerFetchedAt = "X-Pitwall-Fetched-At"
)

// CacheTransport is an http.RoundTripper that stores API responses on disk
// and serves them back: status, headers and the exact body bytes, so Raw
// replays byte for byte. Only GET requests are cached, and only 200
// responses and the "No results found." 404 (errors and rate limits are
// transient). Responses are keyed by method, API path (from /v1/ on, so a
// base path prefix or host does not matter) and the query normalized by
// sorting its predicates; credentials are never part of the key or the file.
//
// A response is written to a temporary file while it is read and renamed
// into place only when the body was read to its end and is complete, so a
// cut connection never leaves a partial recording.
type CacheTransport struct {
	dir  string
	mode CacheMode
	next http.RoundTripper
}

// NewCacheTransport returns a cache over next (http.DefaultTransport when
// nil). In replay mode dir must exist; otherwise it is created.
func NewCacheTransport(dir string, mode CacheMode, next http.RoundTripper) (*CacheTransport, error) {
	if mode < CacheReadThrough || mode > CacheReplay {
		return nil, fmt.Errorf("openf1: unknown cache mode %d", mode)
	}
	if next == nil {
		next = http.DefaultTransport
	}
	if mode == CacheReplay {
		fi, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("openf1: replay cache: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("openf1: replay cache: %s is not a directory", dir)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("openf1: cache: %w", err)
	}
	return &CacheTransport{dir: dir, mode: mode, next: next}, nil
}

// CacheKey is the key a request is stored under: "GET /v1/laps?" followed by
// the query's predicates, decoded the way the API decodes them, sorted and
// re-encoded. Equivalent spellings of one query share a key.
func CacheKey(req *http.Request) string {
	path := req.URL.Path
	if i := strings.Index(path, "/v1/"); i >= 0 {
		path = path[i:]
	}
	path = strings.ToLower(path)
	key := req.Method + " " + path
	if req.URL.RawQuery == "" {
		return key
	}
	if q, err := ParseQuery(req.URL.RawQuery); err == nil {
		slices.SortFunc(q, func(a, b Predicate) int {
			return strings.Compare(a.Field+string(a.Op)+a.Value, b.Field+string(b.Op)+b.Value)
		})
		return key + "?" + q.Encode()
	}
	parts := strings.Split(req.URL.RawQuery, "&")
	slices.Sort(parts)
	return key + "?" + strings.Join(parts, "&")
}

// cacheHeader is the first line of a recording; the body follows it.
type cacheHeader struct {
	Request   string      `json:"request"`
	Status    int         `json:"status"`
	Header    http.Header `json:"header"`
	FetchedAt time.Time   `json:"fetched_at"`
	Size      int64       `json:"size"`
}

func (t *CacheTransport) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	ep := "other"
	if e := endpointFromPath(strings.SplitN(key, "?", 2)[0]); e != "" && endpointName.MatchString(string(e)) {
		ep = string(e)
	}
	return filepath.Join(t.dir, ep, hex.EncodeToString(sum[:16])+".resp")
}

// RoundTrip serves req from the cache or from next, per the mode.
func (t *CacheTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		if t.mode == CacheReplay {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, &CacheMissError{Request: req.Method + " " + req.URL.Path, Dir: t.dir}
		}
		return t.next.RoundTrip(req)
	}
	key := CacheKey(req)
	file := t.path(key)
	if t.mode != CacheRecord {
		resp, err := t.load(file, key, req)
		if err == nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return resp, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if t.mode == CacheReplay {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, &CacheMissError{Request: key, Dir: t.dir}
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return t.record(file, key, resp)
}

// load opens a recording as a response.
func (t *CacheTransport) load(file, key string, req *http.Request) (*http.Response, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(f)
	line, err := br.ReadBytes('\n')
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("openf1: cache file %s: %w", file, err)
	}
	var h cacheHeader
	if err := json.Unmarshal(line, &h); err != nil {
		f.Close()
		return nil, fmt.Errorf("openf1: cache file %s: %w", file, err)
	}
	if h.Request != key {
		f.Close()
		return nil, fmt.Errorf("openf1: cache file %s holds %q, not %q: %w", file, h.Request, key, os.ErrNotExist)
	}
	hdr := h.Header.Clone()
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set(HeaderCache, "hit")
	hdr.Set(headerFetchedAt, h.FetchedAt.UTC().Format(time.RFC3339Nano))
	hdr.Set("Content-Length", strconv.FormatInt(h.Size, 10))
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", h.Status, http.StatusText(h.Status)),
		StatusCode:    h.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        hdr,
		ContentLength: h.Size,
		Body:          readCloser{Reader: io.LimitReader(br, h.Size), Closer: f},
		Request:       req,
	}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// cacheable reports whether a response may be recorded. The 404 body is
// read (it is small) to check that it is the "no results" one.
func cacheable(resp *http.Response) (bool, *http.Response) {
	switch resp.StatusCode {
	case http.StatusOK:
		return true, resp
	case http.StatusNotFound:
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		if err != nil {
			return false, resp
		}
		var eb errorBody
		var detail string
		if json.Unmarshal(b, &eb) == nil && json.Unmarshal(eb.Detail, &detail) == nil && detail == noResultsDetail {
			return true, resp
		}
	}
	return false, resp
}

// record wraps resp's body so that reading it to the end stores it.
func (t *CacheTransport) record(file, key string, resp *http.Response) (*http.Response, error) {
	ok, resp := cacheable(resp)
	if !ok {
		return resp, nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return resp, nil // recording is best effort; the response is still good
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".rec-*")
	if err != nil {
		return resp, nil
	}
	hdr := resp.Header.Clone()
	for _, k := range []string{"Set-Cookie", HeaderCache, headerFetchedAt, "Content-Length"} {
		hdr.Del(k)
	}
	fetched := time.Now().UTC()
	// The live response carries the time recorded, so Raw reports the same
	// FetchedAt now and on replay.
	resp.Header.Set(headerFetchedAt, fetched.Format(time.RFC3339Nano))
	resp.Body = &recordingBody{rc: resp.Body, tmp: tmp, file: file, want: resp.ContentLength,
		head: cacheHeader{Request: key, Status: resp.StatusCode, Header: hdr, FetchedAt: fetched},
		json: strings.Contains(resp.Header.Get("Content-Type"), "json") || resp.Header.Get("Content-Type") == ""}
	return resp, nil
}

// recordingBody copies a body to a temporary file and commits it when the
// body has been read completely.
type recordingBody struct {
	rc     io.ReadCloser
	tmp    *os.File
	file   string
	head   cacheHeader
	want   int64
	n      int64
	failed bool
	done   bool
	json   bool
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.failed && !b.done {
		if _, werr := b.tmp.Write(p[:n]); werr != nil {
			b.failed = true
		}
		b.n += int64(n)
	}
	if err == io.EOF && !b.done {
		b.commit()
	} else if err != nil && err != io.EOF {
		b.failed = true
	}
	return n, err
}

func (b *recordingBody) commit() {
	b.done = true
	name := b.tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if b.failed || (b.want >= 0 && b.n != b.want) {
		b.tmp.Close()
		return
	}
	if err := b.tmp.Close(); err != nil {
		return
	}
	body, err := os.ReadFile(name)
	if err != nil || (b.json && !json.Valid(body)) {
		return
	}
	b.head.Size = int64(len(body))
	line, err := json.Marshal(b.head)
	if err != nil {
		return
	}
	out, err := os.CreateTemp(filepath.Dir(b.file), ".rec-*")
	if err != nil {
		return
	}
	defer os.Remove(out.Name())
	w := bufio.NewWriter(out)
	w.Write(line)
	w.WriteByte('\n')
	w.Write(body)
	if w.Flush() != nil || out.Close() != nil {
		return
	}
	os.Rename(out.Name(), b.file)
}

func (b *recordingBody) Close() error {
	if !b.done {
		b.done = true
		b.tmp.Close()
		os.Remove(b.tmp.Name())
	}
	return b.rc.Close()
}
