package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
)

// MarkerRoot is the folder, under the lake root, of the session markers.
const MarkerRoot = "_pipeline/sessions"

// markerVersion changes when what silver or gold make of the same bronze
// input changes in a way the pipeline must redo.
const markerVersion = 1

// SessionMarker records that a session went through silver and gold
// successfully, and from which bronze input. A later run skips the session
// while its input fingerprint is unchanged (unless Policy.Force): this is
// what makes a backfill resumable and a weekly run touch only new and
// corrected sessions. Markers live in the lake, next to bronze, so every
// worker sees the same state.
type SessionMarker struct {
	Version     int       `json:"version"`
	SessionKey  int       `json:"session_key"`
	MeetingKey  int       `json:"meeting_key"`
	Year        int       `json:"year"`
	Fingerprint string    `json:"bronze_fingerprint"`
	RunID       string    `json:"run_id"`
	CompletedAt time.Time `json:"completed_at"`
	// Snapshots are the Iceberg snapshot ids of the tables after the
	// session's publish ("silver.laps" → id).
	Snapshots map[string]int64 `json:"snapshots,omitempty"`
}

func markerKey(year, sessionKey int) string {
	return fmt.Sprintf("%s/year=%d/session_key=%d.json", MarkerRoot, year, sessionKey)
}

// readMarker returns the session's marker, or nil when there is none.
func readMarker(ctx context.Context, b *blob.Bucket, year, sessionKey int) (*SessionMarker, error) {
	data, err := b.ReadAll(ctx, markerKey(year, sessionKey))
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline: read session marker %d: %w", sessionKey, err)
	}
	var m SessionMarker
	if err := json.Unmarshal(data, &m); err != nil || m.Version != markerVersion {
		return nil, nil // unreadable or older: treat as absent, the session is redone
	}
	return &m, nil
}

func writeMarker(ctx context.Context, b *blob.Bucket, m *SessionMarker) error {
	m.Version = markerVersion
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := b.WriteAll(ctx, markerKey(m.Year, m.SessionKey), data, &blob.WriterOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("pipeline: write session marker %d: %w", m.SessionKey, err)
	}
	return nil
}

// sessionInput is what the pipeline knows of a session's bronze input.
type sessionInput struct {
	Fingerprint string
	Manifests   []*bronze.Manifest // the session's own partitions, by endpoint
	Rows        int64
}

// inputOf fingerprints a session's bronze input from manifests alone:
// the content hash and schema version of each of the session's partitions
// (endpoints in eps), the session as the calendar described it, and the
// starting grids of its meeting (a race's results read its qualifying's
// grid), plus the pipeline and module versions.
func inputOf(ctx context.Context, store *bronze.Store, ref bronze.SessionRef, eps []openf1.Endpoint) (*sessionInput, error) {
	var lines []string
	in := &sessionInput{}
	for _, ep := range eps {
		info, ok := openf1.LookupEndpoint(ep)
		if !ok || info.Scope == openf1.ScopeYear {
			continue
		}
		m, err := store.Manifest(ctx, ref.Partition(ep))
		if errors.Is(err, bronze.ErrNoManifest) {
			continue
		}
		if err != nil {
			return nil, err
		}
		in.Manifests = append(in.Manifests, m)
		in.Rows += m.Rows
		lines = append(lines, fmt.Sprintf("%s %s v%d", ep, m.ContentSHA256, m.SchemaVersion))
	}
	grids, err := store.Manifests(ctx, openf1.EndpointStartingGrid, bronze.ManifestFilter{MeetingKeys: []int{ref.MeetingKey}})
	if err != nil {
		return nil, err
	}
	for _, m := range grids {
		if m.SessionKey != ref.SessionKey {
			lines = append(lines, fmt.Sprintf("grid %d %s", m.SessionKey, m.ContentSHA256))
		}
	}
	slices.Sort(lines)
	lines = append(lines,
		"session "+ref.Type+"|"+ref.Name+"|"+ref.DateStart.UTC().Format(time.RFC3339)+"|"+ref.DateEnd.UTC().Format(time.RFC3339)+"|"+strconv.FormatBool(ref.Cancelled),
		"pipeline "+strconv.Itoa(markerVersion)+" "+lineage.Version())
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	in.Fingerprint = hex.EncodeToString(sum[:])
	return in, nil
}
