package lakehouse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
)

// Snapshot summary properties written by every publish, so each snapshot
// says which run produced it and what it replaced.
const (
	SummaryRunID       = "pitwall.run-id"       // PublishOptions.RunID
	SummarySessionKeys = "pitwall.session-keys" // replaced keys, comma-separated, ascending
	SummaryKeyColumn   = "pitwall.key-column"   // the key column of a ReplaceSessions
	SummaryFilter      = "pitwall.replace-filter"
	SummaryOperation   = "pitwall.operation" // replace-sessions | replace-where | append
)

// DefaultKeyColumn is the column ReplaceSessions keys on unless
// PublishOptions.KeyColumn says otherwise.
const DefaultKeyColumn = "session_key"

// PublishOptions tune a publish. The zero value is usable.
type PublishOptions struct {
	// RunID identifies the pipeline run; it is recorded in the snapshot
	// summary under SummaryRunID.
	RunID string
	// KeyColumn is the integer column ReplaceSessions replaces by
	// (default "session_key"). For whole-file swaps and idempotency the
	// table should have an identity partition on it.
	KeyColumn string
	// SnapshotProperties are added to the snapshot summary.
	SnapshotProperties map[string]string
	// FingerprintExclude names columns left out of the content fingerprint,
	// such as a load timestamp that differs on every run: rows equal in
	// every other column count as unchanged (and keep their old values of
	// these columns).
	FingerprintExclude []string
	// MaxAttempts bounds commit attempts when other writers win the race
	// (default 8). Each attempt reloads the table and redoes the replace
	// decision; data files are written once.
	MaxAttempts int
	// Backoff is the wait between attempts (default DefaultBackoff).
	Backoff Backoff
	// Allocator is used for buffers while writing Parquet (default
	// memory.DefaultAllocator). Input batches stay owned by the reader.
	Allocator memory.Allocator
	// BufferBytes is how much input is held in memory before data files
	// are written (default DefaultBufferBytes; negative: never hold). When
	// the whole input fits and every partition is unchanged, nothing is
	// written at all; larger inputs are streamed to data files and the
	// files of unchanged partitions are deleted after the decision.
	BufferBytes int64
}

func (o PublishOptions) withDefaults() PublishOptions {
	if o.KeyColumn == "" {
		o.KeyColumn = DefaultKeyColumn
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = defaultMaxAttempts
	}
	if o.Backoff == nil {
		o.Backoff = defaultBackoff
	}
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	if o.BufferBytes == 0 {
		o.BufferBytes = DefaultBufferBytes
	}

	return o
}

// PublishResult says what a publish did.
type PublishResult struct {
	Table string // "namespace.name"
	// SnapshotID is the table's current snapshot after the publish (the
	// new one when Changed, the existing one otherwise; 0 for a table that
	// has never held data). Use it as the lineage dataset version.
	SnapshotID int64
	// Changed is false when nothing was committed: every partition already
	// held exactly these rows.
	Changed      bool
	RowsWritten  int64 // rows in the data files added
	FilesAdded   int   // data files added (from the snapshot summary)
	FilesRemoved int   // data files removed (from the snapshot summary)
	Attempts     int   // commit attempts used (1 without contention)
	// Sessions are the keys whose rows were replaced; Unchanged the keys
	// skipped because the table already held identical rows.
	Sessions  []int64
	Unchanged []int64
}

// String summarises the result for logs.
func (r *PublishResult) String() string {
	if !r.Changed {
		return fmt.Sprintf("%s unchanged (snapshot %d, %d session(s) identical)", r.Table, r.SnapshotID, len(r.Unchanged))
	}

	return fmt.Sprintf("%s snapshot %d: +%d file(s) %d row(s), -%d file(s), %d session(s) replaced, %d unchanged, %d attempt(s)",
		r.Table, r.SnapshotID, r.FilesAdded, r.RowsWritten, r.FilesRemoved, len(r.Sessions), len(r.Unchanged), r.Attempts)
}

// ReplaceSessions atomically replaces the rows of the given sessions with
// the rows read from rdr, in one commit however many sessions there are
// (a backfill publishes a season at once). Sessions listed but absent from
// rdr end up empty. Every row's key must be one of sessionKeys, otherwise
// nothing is published and the error is an *OutsideRowsError.
//
// Sessions whose incoming rows are identical to what the table holds are
// skipped; when all are identical no snapshot is created and Changed is
// false. This needs an identity partition on the key column; without one
// every listed session is replaced each time (by row-level delete plus
// append, still in one commit).
//
// Commit conflicts with concurrent writers are retried: the table is
// reloaded and the decision redone, with jittered backoff, up to
// opts.MaxAttempts. rdr is read to its end but not released: the caller
// owns it.
func (l *Lake) ReplaceSessions(ctx context.Context, ident Ident, sessionKeys []int64, rdr array.RecordReader, opts PublishOptions) (*PublishResult, error) {
	opts = opts.withDefaults()
	if len(sessionKeys) == 0 {
		return nil, fmt.Errorf("%w: ReplaceSessions on %s needs at least one session key", ErrInvalidInput, ident)
	}
	keys := slices.Clone(sessionKeys)
	slices.Sort(keys)
	keys = slices.Compact(keys)

	job := &replaceJob{ident: ident, kind: kindSessions, keyColumn: opts.KeyColumn, opts: opts,
		unitIndex: make(map[int64]int, len(keys))}
	job.filter = iceberg.IsIn(iceberg.Reference(opts.KeyColumn), keys...)
	for i, k := range keys {
		job.unitIndex[k] = i
		job.units = append(job.units, replaceUnit{
			propKey: fingerprintPrefix + opts.KeyColumn + "." + strconv.FormatInt(k, 10),
			session: k,
		})
	}

	return l.publish(ctx, job, rdr)
}

// ReplaceWhere atomically replaces every row matching filter with the rows
// read from rdr, e.g. meetings of one year:
//
//	iceberg.EqualTo(iceberg.Reference("year"), int32(2024))
//
// The filter may only reference identity partition columns of the table
// (so whole files swap): otherwise the error matches ErrFilterNotAligned.
// Incoming rows must all match the filter (else *OutsideRowsError).
// Identical content is detected as for ReplaceSessions, keyed by the
// filter's text. rdr is read but not released.
func (l *Lake) ReplaceWhere(ctx context.Context, ident Ident, filter iceberg.BooleanExpression, rdr array.RecordReader, opts PublishOptions) (*PublishResult, error) {
	opts = opts.withDefaults()
	if filter == nil {
		filter = iceberg.AlwaysTrue{}
	}
	sum := sha256.Sum256([]byte(filter.String()))
	job := &replaceJob{ident: ident, kind: kindWhere, filter: filter, opts: opts,
		units: []replaceUnit{{propKey: fingerprintPrefix + "where." + hex.EncodeToString(sum[:8])}}}

	return l.publish(ctx, job, rdr)
}

// ReplaceAll atomically replaces the whole table's content with the rows
// read from rdr (ReplaceWhere with an always-true filter): for small
// tables without a session grain. Identical content is not rewritten.
func (l *Lake) ReplaceAll(ctx context.Context, ident Ident, rdr array.RecordReader, opts PublishOptions) (*PublishResult, error) {
	return l.ReplaceWhere(ctx, ident, iceberg.AlwaysTrue{}, rdr, opts)
}

// Append adds the rows read from rdr to the table in one commit. It is not
// idempotent: running it twice stores the rows twice. Prefer
// ReplaceSessions or ReplaceWhere for anything a pipeline may re-run. An
// empty reader commits nothing. rdr is read but not released.
func (l *Lake) Append(ctx context.Context, ident Ident, rdr array.RecordReader, opts PublishOptions) (*PublishResult, error) {
	job := &replaceJob{ident: ident, kind: kindAppend, opts: opts.withDefaults()}

	return l.publish(ctx, job, rdr)
}

func (j *replaceJob) summary(changed []int) iceberg.Properties {
	p := iceberg.Properties{}
	maps.Copy(p, j.opts.SnapshotProperties)
	if j.opts.RunID != "" {
		p[SummaryRunID] = j.opts.RunID
	}
	switch j.kind {
	case kindSessions:
		p[SummaryOperation] = "replace-sessions"
		p[SummaryKeyColumn] = j.keyColumn
		ks := make([]string, len(changed))
		for i, u := range changed {
			ks[i] = strconv.FormatInt(j.units[u].session, 10)
		}
		p[SummarySessionKeys] = strings.Join(ks, ",")
	case kindWhere:
		p[SummaryOperation] = "replace-where"
		p[SummaryFilter] = j.filter.String()
	case kindAppend:
		p[SummaryOperation] = "append"
	}

	return p
}
