package bronze

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"gocloud.dev/blob"
)

// Orphan is a data file under bronze/ that no manifest references: left by
// an interrupted run, or by a replace whose clean-up failed. Orphans are
// invisible to readers; DeleteOrphans removes them.
type Orphan struct {
	Path    string
	Size    int64
	ModTime time.Time
}

// Orphans lists the unreferenced data files (quarantine excluded).
func (s *Store) Orphans(ctx context.Context) ([]Orphan, error) {
	referenced := map[string]bool{}
	var files []Orphan
	it := s.bucket.List(&blob.ListOptions{Prefix: Root + "/"})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bronze: list %s/: %w", Root, err)
		}
		switch {
		case strings.HasPrefix(obj.Key, quarantineRoot+"/"):
		case strings.HasSuffix(obj.Key, "/"+ManifestName):
			k, ok := parsePartitionDir(obj.Key)
			if !ok {
				continue
			}
			m, err := s.Manifest(ctx, k)
			if err != nil {
				return nil, err
			}
			for _, f := range m.Files {
				referenced[f.Path] = true
			}
		default:
			files = append(files, Orphan{Path: obj.Key, Size: obj.Size, ModTime: obj.ModTime})
		}
	}
	out := files[:0]
	for _, f := range files {
		if !referenced[f.Path] {
			out = append(out, f)
		}
	}
	return out, nil
}

// DeleteOrphans deletes unreferenced data files last modified more than
// olderThan ago (a run in progress has unreferenced files too, until it
// writes its manifests) and returns the paths it deleted.
func (s *Store) DeleteOrphans(ctx context.Context, olderThan time.Duration) ([]string, error) {
	orphans, err := s.Orphans(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := time.Now().Add(-olderThan)
	var deleted []string
	for _, o := range orphans {
		if o.ModTime.After(cutoff) {
			continue
		}
		if err := s.bucket.Delete(ctx, o.Path); err != nil && !isNotFound(err) {
			return deleted, fmt.Errorf("bronze: delete %s: %w", o.Path, err)
		}
		deleted = append(deleted, o.Path)
	}
	return deleted, nil
}
