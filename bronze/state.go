package bronze

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"gocloud.dev/blob"

	"github.com/pitwall-f1/pitwall/openf1"
)

// State is the incremental state of a bronze layer, derived from its
// manifests alone: there is no separate state store, so any worker that
// can read the lake sees the same state.
type State struct {
	// Watermark is the latest end time (date_end) of a session that has at
	// least one partition. Incremental plans start from it (minus a look-back).
	Watermark time.Time
	// Partitions maps every visible partition to what its manifest says.
	Partitions map[PartitionKey]PartitionState
}

// PartitionState is the incremental-state view of one manifest.
type PartitionState struct {
	Rows          int64
	Empty         bool
	ContentSHA256 string
	ExtractedAt   time.Time
	RunID         string
	SchemaVersion int
	SessionEnd    time.Time // zero for calendar partitions
}

// Has reports whether the partition has a manifest (empty partitions count).
func (st *State) Has(k PartitionKey) bool {
	_, ok := st.Partitions[k]
	return ok
}

// Keys returns the partition keys of an endpoint, sorted.
func (st *State) Keys(ep openf1.Endpoint) []PartitionKey {
	var out []PartitionKey
	for k := range st.Partitions {
		if k.Endpoint == ep {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, comparePartitionKeys)
	return out
}

// State reads every manifest under bronze/ (of the given endpoints, or all)
// and derives the incremental state.
func (s *Store) State(ctx context.Context, endpoints ...openf1.Endpoint) (*State, error) {
	var keys []PartitionKey
	it := s.bucket.List(&blob.ListOptions{Prefix: Root + "/"})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bronze: list %s/: %w", Root, err)
		}
		if !strings.HasSuffix(obj.Key, "/"+ManifestName) {
			continue
		}
		k, ok := parsePartitionDir(obj.Key)
		if !ok || (len(endpoints) > 0 && !slices.Contains(endpoints, k.Endpoint)) {
			continue
		}
		if _, known := openf1.LookupEndpoint(k.Endpoint); known {
			keys = append(keys, k)
		}
	}
	ms, err := s.readManifests(ctx, keys)
	if err != nil {
		return nil, err
	}
	st := &State{Partitions: make(map[PartitionKey]PartitionState, len(ms))}
	for _, m := range ms {
		ps := PartitionState{
			Rows: m.Rows, Empty: m.Empty, ContentSHA256: m.ContentSHA256,
			ExtractedAt: m.ExtractedAt, RunID: m.RunID, SchemaVersion: m.SchemaVersion,
			SessionEnd: sessionEnd(m.Session),
		}
		st.Partitions[m.Key()] = ps
		if ps.SessionEnd.After(st.Watermark) {
			st.Watermark = ps.SessionEnd
		}
	}
	return st, nil
}
