package lakehouse

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/apache/iceberg-go/table"
)

// Default retention, matching Iceberg's own defaults.
const (
	DefaultSnapshotRetention = 5 * 24 * time.Hour // history.expire.max-snapshot-age-ms
	DefaultOrphanMinAge      = 72 * time.Hour     // Spark/Java DeleteOrphanFiles default
)

// ExpireOptions say which snapshots to expire.
type ExpireOptions struct {
	// OlderThan expires snapshots older than this (default
	// DefaultSnapshotRetention).
	OlderThan time.Duration
	// RetainLast keeps at least this many of the most recent snapshots of
	// each branch whatever their age (default 1, minimum 1). The current
	// snapshot is always kept.
	RetainLast int
}

// ExpireResult lists what ExpireSnapshots removed.
type ExpireResult struct {
	Table             string
	Expired           []int64 // snapshot ids removed from the metadata
	Remaining         int     // snapshots left
	CurrentSnapshotID int64
}

// ExpireSnapshots removes old snapshots from the table's history, then
// deletes the manifests, manifest lists and data files only they
// referenced (iceberg-go's ExpireSnapshots with post-commit cleanup).
// Time travel to an expired snapshot is no longer possible; the current
// data is never touched. Conflicting commits are retried.
func (l *Lake) ExpireSnapshots(ctx context.Context, ident Ident, opts ExpireOptions) (*ExpireResult, error) {
	if opts.OlderThan < 0 || opts.RetainLast < 0 {
		return nil, fmt.Errorf("%w: expire snapshots of %s: negative retention", ErrInvalidInput, ident)
	}
	if opts.OlderThan == 0 {
		opts.OlderThan = DefaultSnapshotRetention
	}
	opts.RetainLast = max(opts.RetainLast, 1)

	for attempt := 1; ; attempt++ {
		tbl, err := l.LoadTable(ctx, ident)
		if err != nil {
			return nil, err
		}
		before := snapshotIDs(tbl)
		txn := tbl.NewTransaction()
		if err := txn.ExpireSnapshots(table.WithOlderThan(opts.OlderThan), table.WithRetainLast(opts.RetainLast)); err != nil {
			return nil, fmt.Errorf("lakehouse: expire snapshots of %s: %w", ident, err)
		}
		next, err := txn.Commit(ctx)
		if next != nil {
			res := &ExpireResult{Table: ident.String(), Remaining: len(next.Metadata().Snapshots())}
			after := snapshotIDs(next)
			for _, id := range before {
				if !slices.Contains(after, id) {
					res.Expired = append(res.Expired, id)
				}
			}
			if s := next.CurrentSnapshot(); s != nil {
				res.CurrentSnapshotID = s.SnapshotID
			}

			return res, nil
		}
		if !isCommitConflict(err) {
			return nil, fmt.Errorf("lakehouse: expire snapshots of %s: %w", ident, err)
		}
		if attempt >= defaultMaxAttempts {
			return nil, &CommitConflictError{Table: ident.String(), Attempts: attempt, Err: err}
		}
		if err := sleepCtx(ctx, defaultBackoff(attempt)); err != nil {
			return nil, err
		}
	}
}

func snapshotIDs(tbl *table.Table) []int64 {
	var ids []int64
	for _, s := range tbl.Metadata().Snapshots() {
		ids = append(ids, s.SnapshotID)
	}

	return ids
}

// OrphanOptions say which unreferenced files to remove.
type OrphanOptions struct {
	// OlderThan only considers files last modified longer ago than this
	// (default DefaultOrphanMinAge). Files younger than that may belong to
	// a publish still in flight and are never touched.
	OlderThan time.Duration
	// DryRun lists orphans without deleting them.
	DryRun bool
}

// OrphanResult lists the orphan files found and deleted.
type OrphanResult struct {
	Table   string
	Orphans []string // files under the table location no snapshot references
	Deleted []string
	Bytes   int64 // total size of the orphans
}

// RemoveOrphanFiles deletes files under the table's location that no
// metadata references (left by failed or abandoned writes), using
// iceberg-go's DeleteOrphanFiles.
func (l *Lake) RemoveOrphanFiles(ctx context.Context, ident Ident, opts OrphanOptions) (*OrphanResult, error) {
	if opts.OlderThan < 0 {
		return nil, fmt.Errorf("%w: remove orphan files of %s: negative age", ErrInvalidInput, ident)
	}
	if opts.OlderThan == 0 {
		opts.OlderThan = DefaultOrphanMinAge
	}
	tbl, err := l.LoadTable(ctx, ident)
	if err != nil {
		return nil, err
	}
	r, err := tbl.DeleteOrphanFiles(ctx, table.WithFilesOlderThan(opts.OlderThan), table.WithDryRun(opts.DryRun))
	if err != nil {
		return nil, fmt.Errorf("lakehouse: remove orphan files of %s: %w", ident, err)
	}

	return &OrphanResult{Table: ident.String(), Orphans: r.OrphanFileLocations, Deleted: r.DeletedFiles, Bytes: r.TotalSizeBytes}, nil
}

// CompactResult says what CompactManifests did.
type CompactResult struct {
	Table              string
	ManifestsRewritten int
	ManifestsAdded     int
	SnapshotID         int64 // the REPLACE snapshot, or the unchanged current one
}

// CompactManifests merges the current snapshot's small data manifests into
// fewer, larger ones (iceberg-go's RewriteManifests; metadata only, no data
// file is read or written). Each commit adds manifests and overwrites do not
// merge them, so a table published session by session plans more slowly
// over time; run this with snapshot expiry. Publish fingerprints stay valid:
// the data files do not change.
func (l *Lake) CompactManifests(ctx context.Context, ident Ident) (*CompactResult, error) {
	for attempt := 1; ; attempt++ {
		tbl, err := l.LoadTable(ctx, ident)
		if err != nil {
			return nil, err
		}
		res := &CompactResult{Table: ident.String()}
		if s := tbl.CurrentSnapshot(); s != nil {
			res.SnapshotID = s.SnapshotID
		}
		txn := tbl.NewTransaction()
		rw, err := txn.RewriteManifests(ctx)
		if err != nil {
			return nil, fmt.Errorf("lakehouse: compact manifests of %s: %w", ident, err)
		}
		if rw.IsNoOp() {
			return res, nil
		}
		next, err := txn.Commit(ctx)
		if next != nil {
			res.ManifestsRewritten, res.ManifestsAdded = len(rw.RewrittenManifests), len(rw.AddedManifests)
			if s := next.CurrentSnapshot(); s != nil {
				res.SnapshotID = s.SnapshotID
			}

			return res, nil
		}
		if !isCommitConflict(err) {
			return nil, fmt.Errorf("lakehouse: compact manifests of %s: %w", ident, err)
		}
		if attempt >= defaultMaxAttempts {
			return nil, &CommitConflictError{Table: ident.String(), Attempts: attempt, Err: err}
		}
		if err := sleepCtx(ctx, defaultBackoff(attempt)); err != nil {
			return nil, err
		}
	}
}
