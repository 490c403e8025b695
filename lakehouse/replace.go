package lakehouse

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog/rest"
	"github.com/apache/iceberg-go/table"
)

// How a publish runs:
//
//  1. Load the table and check the input against it. Read the reader once
//     (ingest.go): classify each row to its unit (a session, or the
//     filter) and fingerprint it. Up to BufferBytes of input is held in
//     memory; if the reader ends within it and every unit is unchanged,
//     return before writing anything.
//  2. Write Parquet data files through iceberg-go's partitioned writer.
//     Data is written exactly once, whatever happens next.
//  3. Attempt loop: with a fresh table, plan the files currently holding
//     the units, decide which units changed (fingerprint check), stage one
//     transaction (swap files + record fingerprints) and commit. A lost
//     race (see isCommitConflict) goes back to the top of the loop with a
//     reloaded table, so the decision is always made against the state the
//     commit is applied to.
//  4. Delete the written files no commit references (unchanged units, or
//     everything after a failure that provably committed nothing).

type replaceKind int

const (
	kindSessions replaceKind = iota
	kindWhere
	kindAppend
)

type replaceUnit struct {
	propKey string // fingerprint property
	session int64  // kindSessions only
}

type replaceJob struct {
	ident     Ident
	kind      replaceKind
	keyColumn string
	unitIndex map[int64]int
	units     []replaceUnit
	filter    iceberg.BooleanExpression // everything the job replaces
	opts      PublishOptions
}

func (l *Lake) publish(ctx context.Context, job *replaceJob, rdr array.RecordReader) (*PublishResult, error) {
	if rdr == nil {
		return nil, fmt.Errorf("%w: publish to %s: nil record reader", ErrInvalidInput, job.ident)
	}
	tbl, err := l.LoadTable(ctx, job.ident)
	if err != nil {
		return nil, err
	}
	if err := job.check(tbl, rdr.Schema()); err != nil {
		return nil, err
	}

	in := newIngest(job, rdr)
	defer in.release()
	if err := in.prefetch(ctx, job.opts.BufferBytes); err != nil {
		return nil, err
	}
	if in.complete && job.kind != kindAppend {
		// The whole input is in hand: if every unit is unchanged, stop
		// before writing anything.
		res := &PublishResult{Table: job.ident.String(), Attempts: 1}
		d, err := job.decide(ctx, tbl, in.summary(job.alignedSpec(tbl)), res)
		if err != nil {
			return nil, err
		}
		if len(d.changed) == 0 {
			return res, nil
		}
	}

	w, err := l.write(ctx, tbl, in)
	if err != nil {
		return nil, err
	}

	// The first attempt reuses the table loaded before writing: if another
	// writer committed meanwhile, the catalog rejects the commit and the
	// next attempt reloads.
	current := tbl
	for attempt := 1; ; attempt++ {
		res, committed, err := l.attempt(ctx, job, w, current, attempt)
		current = nil
		if err == nil {
			res.Attempts = attempt
			l.removeFiles(ctx, tbl, unreferenced(w.files, committed))

			return res, nil
		}
		if !isCommitConflict(err) {
			if errors.Is(err, rest.ErrCommitStateUnknown) {
				// The catalog may have applied the commit: keep the files.
				return nil, fmt.Errorf("%w: table %s: %w", ErrCommitStateUnknown, job.ident, err)
			}
			if !errors.Is(err, errCommitCall) {
				l.removeFiles(ctx, tbl, w.files)
			}

			return nil, err
		}
		slog.Debug("lakehouse: commit conflict, will reload and retry",
			"table", job.ident.String(), "attempt", attempt, "error", err)
		if attempt >= job.opts.MaxAttempts {
			l.removeFiles(ctx, tbl, w.files)

			return nil, &CommitConflictError{Table: job.ident.String(), Attempts: attempt, Err: err}
		}
		if err := sleepCtx(ctx, job.opts.Backoff(attempt)); err != nil {
			l.removeFiles(ctx, tbl, w.files)

			return nil, err
		}
	}
}

// alignedSpec reports whether files written with the table's current spec
// can be attributed to units by their partition values.
func (j *replaceJob) alignedSpec(tbl *table.Table) bool {
	switch j.kind {
	case kindSessions:
		spec := tbl.Spec()

		return newSessionAttributor(tbl.Metadata(), j.keyColumn, j.unitIndex).alignedSpec(spec.ID())
	case kindWhere:
		return true // check refused unaligned filters
	default:
		return false
	}
}

// check validates the input schema and the job against the table before
// anything is written.
func (j *replaceJob) check(tbl *table.Table, sc *arrow.Schema) error {
	switch j.kind {
	case kindSessions:
		idx := sc.FieldIndices(j.keyColumn)
		if len(idx) != 1 {
			return fmt.Errorf("%w: publish to %s: input has no column %q (the session key column)", ErrInvalidInput, j.ident, j.keyColumn)
		}
		if !arrow.IsInteger(sc.Field(idx[0]).Type.ID()) {
			return fmt.Errorf("%w: publish to %s: key column %q has type %s, want an integer type",
				ErrInvalidInput, j.ident, j.keyColumn, sc.Field(idx[0]).Type)
		}
		if _, ok := tbl.Schema().FindFieldByName(j.keyColumn); !ok {
			return fmt.Errorf("%w: publish to %s: table has no column %q", ErrInvalidInput, j.ident, j.keyColumn)
		}
	case kindWhere:
		if _, err := newPartitionFilter(tbl.Schema(), tbl.Spec(), j.filter); err != nil {
			return fmt.Errorf("%w: table %s partitioned by [%s], filter %s: %w",
				ErrFilterNotAligned, j.ident, specSig(tbl.Schema(), tbl.Spec()), j.filter, err)
		}
	}
	for _, c := range j.opts.FingerprintExclude {
		if c == j.keyColumn && j.kind == kindSessions {
			return fmt.Errorf("%w: the key column %q cannot be excluded from fingerprints", ErrInvalidInput, c)
		}
	}

	return nil
}

// errCommitCall marks errors returned by the catalog commit itself, after
// which the written files must not be deleted blindly.
var errCommitCall = errors.New("lakehouse: catalog commit failed")

// attempt runs one load-decide-commit round (tbl, when not nil, is a
// freshly loaded table to start from). It returns the files the commit
// references.
func (l *Lake) attempt(ctx context.Context, job *replaceJob, w *written, tbl *table.Table, attempt int) (*PublishResult, []iceberg.DataFile, error) {
	if tbl == nil {
		var err error
		if tbl, err = l.LoadTable(ctx, job.ident); err != nil {
			return nil, nil, err
		}
	}
	res := &PublishResult{Table: job.ident.String()}
	if s := tbl.CurrentSnapshot(); s != nil {
		res.SnapshotID = s.SnapshotID
	}

	txn := tbl.NewTransaction()
	var add []iceberg.DataFile
	switch job.kind {
	case kindAppend:
		if len(w.files) == 0 {
			return res, nil, nil
		}
		add = w.files
		if err := txn.AddDataFiles(ctx, add, job.summary(nil), table.WithoutDuplicateCheck()); err != nil {
			return nil, nil, fmt.Errorf("lakehouse: stage append to %s: %w", job.ident, err)
		}
	default:
		d, err := job.decide(ctx, tbl, w, res)
		if err != nil {
			return nil, nil, err
		}
		if len(d.changed) == 0 {
			return res, nil, nil
		}
		if add, err = job.stage(ctx, txn, d, w); err != nil {
			return nil, nil, err
		}
	}

	if l.beforeCommit != nil {
		l.beforeCommit(job.ident, attempt)
	}
	prev := tbl.CurrentSnapshot()
	next, err := txn.Commit(ctx)
	if next == nil {
		return nil, nil, fmt.Errorf("%w: table %s: %w", errCommitCall, job.ident, err)
	}
	if err != nil {
		// The commit landed; only its post-commit cleanup failed.
		slog.Warn("lakehouse: post-commit cleanup failed", "table", job.ident.String(), "error", err)
	}

	res.Changed = true
	if s := next.CurrentSnapshot(); s != nil {
		res.SnapshotID = s.SnapshotID
	}
	res.FilesAdded, res.FilesRemoved = snapshotFileDelta(next, prev)
	for _, df := range add {
		res.RowsWritten += df.Count()
	}

	return res, add, nil
}

// decision is what a replace will do against one table state.
type decision struct {
	tasks    []table.FileScanTask   // files currently holding the job's rows
	existing [][]table.FileScanTask // the same, per unit (when aligned)
	aligned  bool                   // whole files map to units, old and new
	changed  []int                  // units to replace
}

// decide plans the files currently holding the job's partitions and
// compares them, and the incoming content, with the stored fingerprints.
// It fills res.Sessions and res.Unchanged.
func (j *replaceJob) decide(ctx context.Context, tbl *table.Table, w *written, res *PublishResult) (*decision, error) {
	d := &decision{existing: make([][]table.FileScanTask, len(j.units)), aligned: w.aligned}
	res.Sessions, res.Unchanged = nil, nil
	if s := tbl.CurrentSnapshot(); s != nil {
		res.SnapshotID = s.SnapshotID
		var err error
		d.tasks, err = tbl.Scan(table.WithRowFilter(j.filter)).PlanFiles(ctx)
		if err != nil {
			return nil, fmt.Errorf("lakehouse: plan files of %s: %w", j.ident, err)
		}
	}

	var attr attributor
	if j.kind == kindSessions {
		attr = newSessionAttributor(tbl.Metadata(), j.keyColumn, j.unitIndex)
	} else {
		attr = newFilterAttributor(tbl.Metadata(), j.filter)
	}
	for _, t := range d.tasks {
		u, ok := attr.unitOf(t.File)
		if !ok {
			d.aligned = false

			break
		}
		if u >= 0 {
			d.existing[u] = append(d.existing[u], t)
		}
	}

	props := tbl.Properties()
	for u, unit := range j.units {
		if d.aligned {
			if w.unitRows[u] == 0 && len(d.existing[u]) == 0 {
				j.noteUnchanged(res, u)

				continue
			}
			now := fingerprintRecord(w.unitRows[u], w.content[u], filesDigest(taskPaths(d.existing[u])))
			if props[unit.propKey] == now {
				j.noteUnchanged(res, u)

				continue
			}
		}
		d.changed = append(d.changed, u)
		if j.kind == kindSessions {
			res.Sessions = append(res.Sessions, unit.session)
		}
	}

	return d, nil
}

// stage puts the replacement of the changed units on txn and returns the
// data files it adds.
func (j *replaceJob) stage(ctx context.Context, txn *table.Transaction, d *decision, w *written) ([]iceberg.DataFile, error) {
	summary := j.summary(d.changed)
	if !d.aligned {
		// Row-level: delete what matches (rewriting files that also hold
		// other rows), then add everything written. Two snapshots, one
		// commit. No fingerprints: they could not be verified later.
		if len(d.tasks) > 0 {
			if err := txn.Delete(ctx, j.filter, summary); err != nil {
				return nil, fmt.Errorf("lakehouse: stage delete on %s: %w", j.ident, err)
			}
		}
		if err := txn.AddDataFiles(ctx, w.files, summary, table.WithoutDuplicateCheck()); err != nil {
			return nil, fmt.Errorf("lakehouse: stage add on %s: %w", j.ident, err)
		}

		return w.files, nil
	}

	fps := iceberg.Properties{}
	var del, add []iceberg.DataFile
	for _, u := range d.changed {
		for _, t := range d.existing[u] {
			del = append(del, t.File)
		}
		add = append(add, w.unitFiles[u]...)
		fps[j.units[u].propKey] = fingerprintRecord(w.unitRows[u], w.content[u], filesDigest(filePaths(w.unitFiles[u])))
	}
	if err := txn.SetProperties(fps); err != nil {
		return nil, fmt.Errorf("lakehouse: stage fingerprints on %s: %w", j.ident, err)
	}
	// The files were just written under fresh UUID names, so iceberg-go's
	// duplicate check (a read of every manifest) cannot find anything.
	if err := txn.ReplaceDataFilesWithDataFiles(ctx, del, add, summary, table.WithoutDuplicateCheck()); err != nil {
		return nil, fmt.Errorf("lakehouse: stage file swap on %s: %w", j.ident, err)
	}

	return add, nil
}

func (j *replaceJob) noteUnchanged(res *PublishResult, u int) {
	if j.kind == kindSessions {
		res.Unchanged = append(res.Unchanged, j.units[u].session)
	}
}

// taskPaths lists the data and delete files that hold a unit's rows.
func taskPaths(tasks []table.FileScanTask) []string {
	var out []string
	for _, t := range tasks {
		out = append(out, t.File.FilePath())
		for _, group := range [][]iceberg.DataFile{t.DeleteFiles, t.EqualityDeleteFiles, t.DeletionVectorFiles} {
			for _, d := range group {
				out = append(out, d.FilePath())
			}
		}
	}

	return out
}

func filePaths(files []iceberg.DataFile) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.FilePath()
	}

	return out
}

// snapshotFileDelta sums added/deleted data files over the snapshots
// committed after prev.
func snapshotFileDelta(next *table.Table, prev *table.Snapshot) (added, removed int) {
	stop := int64(-1)
	if prev != nil {
		stop = prev.SnapshotID
	}
	for s := next.CurrentSnapshot(); s != nil && s.SnapshotID != stop; {
		if s.Summary != nil {
			added += s.Summary.Properties.GetInt("added-data-files", 0)
			removed += s.Summary.Properties.GetInt("deleted-data-files", 0)
		}
		if s.ParentSnapshotID == nil {
			break
		}
		s = next.SnapshotByID(*s.ParentSnapshotID)
	}

	return added, removed
}

func unreferenced(all, kept []iceberg.DataFile) []iceberg.DataFile {
	keep := make(map[string]bool, len(kept))
	for _, f := range kept {
		keep[f.FilePath()] = true
	}
	var out []iceberg.DataFile
	for _, f := range all {
		if !keep[f.FilePath()] {
			out = append(out, f)
		}
	}

	return out
}

// removeFiles deletes data files this publish wrote but did not commit.
// Failures only leave orphans, which RemoveOrphanFiles collects later.
func (l *Lake) removeFiles(ctx context.Context, tbl *table.Table, files []iceberg.DataFile) {
	if len(files) == 0 {
		return
	}
	// Clean up even when the publish failed because ctx was cancelled.
	fs, err := tbl.FS(context.WithoutCancel(ctx))
	if err != nil {
		slog.Warn("lakehouse: cannot remove uncommitted files", "table", tbl.Identifier(), "error", err)

		return
	}
	type remover interface{ Remove(name string) error }
	rm, ok := fs.(remover)
	if !ok {
		return
	}
	for _, f := range files {
		if err := rm.Remove(f.FilePath()); err != nil {
			slog.Warn("lakehouse: cannot remove uncommitted file", "path", f.FilePath(), "error", err)
		}
	}
}
