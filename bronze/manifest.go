package bronze

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"

	"github.com/pitwall-f1/pitwall/openf1"
)

// ManifestVersion is the version of the _manifest.json format.
const ManifestVersion = 1

// ContentHashMethod names how Manifest.ContentSHA256 is computed (see
// Manifest). It is recorded in every manifest.
const ContentHashMethod = "sha256-of-sorted-row-sha256/v1"

// Manifest is a partition's _manifest.json: the only thing readers trust.
// It is written last, after the data files it lists, so a partition is
// either absent, or complete as of one extraction; data files it does not
// list are invisible.
//
// ContentSHA256 identifies the partition's content independently of the run
// that fetched it: each row is encoded canonically — its API columns and
// _extra, in schema order, each value as (repetition level, definition
// level, little-endian value bytes), with run metadata (_ingested_at,
// _run_id, _request) left out — and hashed with SHA-256; the row digests are
// sorted and the SHA-256 of their concatenation is the content hash. So the
// same API rows give the same hash whatever the run id, fetch time, request
// split (meeting- or session-level query, telemetry windows), response
// order or JSON formatting; any changed, added or removed row changes it.
// An empty partition hashes to SHA-256 of nothing.
type Manifest struct {
	ManifestVersion int             `json:"manifest_version"`
	Endpoint        openf1.Endpoint `json:"endpoint"`
	Year            int             `json:"year"`
	MeetingKey      int             `json:"meeting_key,omitempty"`
	SessionKey      int             `json:"session_key,omitempty"`
	// Session describes the session of a session partition, as the calendar
	// said at extraction time (incremental state uses its DateEnd).
	Session *SessionRef `json:"session,omitempty"`
	// Files are the data files, in read order. Paths are keys under the lake root.
	Files []FileRef `json:"files"`
	// Rows is the total row count over Files.
	Rows int64 `json:"rows"`
	// Empty marks a partition the API had no rows for (404 "No results
	// found." or []): it was fetched, so it is not fetched again needlessly.
	Empty bool `json:"empty"`
	// ContentSHA256 is the hex SHA-256 of the canonical content (see above).
	ContentSHA256     string `json:"content_sha256"`
	ContentHashMethod string `json:"content_hash_method"`
	// Requests are the API requests (path and query, no credentials) whose
	// responses make up the partition, in order.
	Requests []string `json:"requests"`
	// UnknownFields lists API fields not in the registry, kept in _extra.
	UnknownFields []string  `json:"unknown_fields,omitempty"`
	ExtractedAt   time.Time `json:"extracted_at"`
	RunID         string    `json:"run_id"`
	ClientVersion string    `json:"client_version"`
	SchemaVersion int       `json:"schema_version"`
}

// FileRef is one data file of a partition.
type FileRef struct {
	Path   string `json:"path"`   // key under the lake root
	Rows   int64  `json:"rows"`   // rows in the file
	Bytes  int64  `json:"bytes"`  // file size
	SHA256 string `json:"sha256"` // hex SHA-256 of the file bytes
}

// Key returns the manifest's partition key.
func (m *Manifest) Key() PartitionKey {
	return PartitionKey{Endpoint: m.Endpoint, Year: m.Year, MeetingKey: m.MeetingKey, SessionKey: m.SessionKey}
}

// ManifestFilter selects partitions by year, meeting and session; an empty
// list matches everything.
type ManifestFilter struct {
	Years       []int
	MeetingKeys []int
	SessionKeys []int
}

func (f ManifestFilter) match(k PartitionKey) bool {
	if len(f.Years) > 0 && !slices.Contains(f.Years, k.Year) {
		return false
	}
	if k.YearScoped() {
		return len(f.MeetingKeys) == 0 && len(f.SessionKeys) == 0
	}
	if len(f.MeetingKeys) > 0 && !slices.Contains(f.MeetingKeys, k.MeetingKey) {
		return false
	}
	return len(f.SessionKeys) == 0 || slices.Contains(f.SessionKeys, k.SessionKey)
}

// ErrNoManifest is returned by Manifest when a partition has no manifest
// (it was never extracted, or only invisible data files exist).
var ErrNoManifest = errors.New("bronze: partition has no manifest")

// Manifest reads the manifest of one partition. It returns an error
// matching ErrNoManifest when there is none.
func (s *Store) Manifest(ctx context.Context, key PartitionKey) (*Manifest, error) {
	data, err := s.bucket.ReadAll(ctx, key.ManifestPath())
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("%w: %s", ErrNoManifest, key)
		}
		return nil, fmt.Errorf("bronze: read manifest %s: %w", key, err)
	}
	m := new(Manifest)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("bronze: decode manifest %s: %w", key, err)
	}
	if m.Key() != key {
		return nil, fmt.Errorf("bronze: manifest at %s describes partition %s", key, m.Key())
	}
	return m, nil
}

// currentManifest is Manifest with "none" as (nil, nil).
func (s *Store) currentManifest(ctx context.Context, key PartitionKey) (*Manifest, error) {
	m, err := s.Manifest(ctx, key)
	if errors.Is(err, ErrNoManifest) {
		return nil, nil
	}
	return m, err
}

// writeManifest publishes m: one blob write, atomic on every supported store.
func (s *Store) writeManifest(ctx context.Context, m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	err = s.bucket.WriteAll(ctx, m.Key().ManifestPath(), data, &blob.WriterOptions{ContentType: "application/json"})
	if err != nil {
		return fmt.Errorf("bronze: write manifest %s: %w", m.Key(), err)
	}
	return nil
}

// Manifests lists the partitions of an endpoint that match filter, in key
// order (year, meeting, session). Only manifests are read: data files no
// manifest references are invisible.
func (s *Store) Manifests(ctx context.Context, ep openf1.Endpoint, filter ManifestFilter) ([]*Manifest, error) {
	prefixes := []string{fmt.Sprintf("%s/%s/", Root, ep)}
	if len(filter.Years) > 0 {
		prefixes = prefixes[:0]
		for _, y := range filter.Years {
			prefixes = append(prefixes, fmt.Sprintf("%s/%s/year=%d/", Root, ep, y))
		}
	}
	var keys []PartitionKey
	for _, prefix := range prefixes {
		it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
		for {
			obj, err := it.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("bronze: list %s: %w", prefix, err)
			}
			if !strings.HasSuffix(obj.Key, "/"+ManifestName) {
				continue
			}
			k, ok := parsePartitionDir(obj.Key)
			if ok && k.Endpoint == ep && filter.match(k) {
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, comparePartitionKeys)
	keys = slices.Compact(keys)
	return s.readManifests(ctx, keys)
}

func comparePartitionKeys(a, b PartitionKey) int {
	if c := strings.Compare(string(a.Endpoint), string(b.Endpoint)); c != 0 {
		return c
	}
	if a.Year != b.Year {
		return a.Year - b.Year
	}
	if a.MeetingKey != b.MeetingKey {
		return a.MeetingKey - b.MeetingKey
	}
	return a.SessionKey - b.SessionKey
}

// readManifests reads manifests with bounded concurrency, keeping order.
func (s *Store) readManifests(ctx context.Context, keys []PartitionKey) ([]*Manifest, error) {
	out := make([]*Manifest, len(keys))
	errs := make([]error, len(keys))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = s.Manifest(ctx, k)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
