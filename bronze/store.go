package bronze

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// Store is a lake root on a blob store, holding the bronze layer under
// "bronze/". It is safe for concurrent use.
type Store struct {
	bucket *blob.Bucket
	url    string // redacted: no query, no user info
	owned  bool
}

// OpenStore opens the lake root at a gocloud.dev blob URL:
//
//	file:///abs/path/lake              (folder created when missing)
//	mem://                             (a fresh in-memory bucket, for tests)
//	s3://bucket/prefix?region=eu-west-1
//	s3://bucket?endpoint=http://127.0.0.1:9000&use_path_style=true&region=us-east-1
//	gs://bucket/prefix
//
// The URL path of s3://, gs:// and mem:// URLs is used as a key prefix (like
// the "prefix" query parameter). For file:// URLs the folder is created
// when missing and fileblob's ".attrs" sidecar files are not written, unless
// the URL sets create_dir or metadata itself. Credentials come from the
// environment (AWS/GCP default chains), never from the URL; errors show the
// URL without its query.
func OpenStore(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("bronze: invalid store URL: %w", errors.Unwrap(err))
	}
	q := u.Query()
	switch u.Scheme {
	case "file":
		if !q.Has("create_dir") {
			q.Set("create_dir", "true")
		}
		if !q.Has("metadata") {
			q.Set("metadata", "skip")
		}
	case "":
		return nil, fmt.Errorf("bronze: store URL %q has no scheme (want file://, s3://, gs:// or mem://)", redactURL(u))
	default:
		if p := strings.Trim(u.Path, "/"); p != "" {
			q.Set("prefix", strings.TrimSuffix(p+"/"+q.Get("prefix"), "/")+"/")
			u.Path = ""
		}
	}
	u.RawQuery = q.Encode()
	full := u.String()
	b, err := blob.OpenBucket(ctx, full)
	if err != nil {
		// gocloud.dev quotes the whole URL in its errors; the query may
		// carry secrets, so the message is rewritten (the cause stays
		// available to errors.Is/As).
		red := redactURL(u)
		msg := strings.NewReplacer(full, red, rawURL, red).Replace(err.Error())
		return nil, &redactedError{msg: "bronze: open store " + red + ": " + msg, err: err}
	}
	return &Store{bucket: b, url: redactURL(u), owned: true}, nil
}

// NewStore wraps an open bucket (its root is the lake root). Close does not
// close a bucket passed here; the caller keeps ownership.
func NewStore(b *blob.Bucket) *Store { return &Store{bucket: b, url: "bucket"} }

// Bucket returns the underlying bucket.
func (s *Store) Bucket() *blob.Bucket { return s.bucket }

// URL returns the store URL without query parameters or user info, for
// logs and lineage.
func (s *Store) URL() string { return s.url }

// Close closes the bucket when the store opened it.
func (s *Store) Close() error {
	if !s.owned {
		return nil
	}
	return s.bucket.Close()
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.Fragment = ""
	if p := u.Query().Get("prefix"); p != "" && c.Path == "" {
		c.Path = "/" + strings.TrimSuffix(p, "/")
	}
	return c.String()
}

// isNotFound reports whether err is a blob "not found".
func isNotFound(err error) bool { return gcerrors.Code(err) == gcerrors.NotFound }

// redactedError is an error whose message had secrets removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
