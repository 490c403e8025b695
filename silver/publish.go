package silver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/lakehouse"
)

// rejectsFingerprintExclude keeps a re-run that rejects the same rows from
// rewriting silver.rejects: only the run id and time differ.
var rejectsFingerprintExclude = []string{"run_id", "rejected_at"}

// ErrDuplicateBuild is returned by PublishAll when two builds cover the
// same session (or calendar year): their rows would be published twice.
var ErrDuplicateBuild = errors.New("silver: two builds of the same session")

// EnsureTables creates the silver namespace and every silver table that
// does not exist yet, and evolves existing ones to Tables() (columns are
// only ever added). It is idempotent.
func EnsureTables(ctx context.Context, lake *lakehouse.Lake) error {
	for _, def := range Tables() {
		if _, err := lake.EnsureTable(ctx, def); err != nil {
			return err
		}
	}
	return nil
}

// Publish writes a build to the lake; see PublishAll.
func Publish(ctx context.Context, lake *lakehouse.Lake, b *Build, runID string) ([]*lakehouse.PublishResult, error) {
	return PublishAll(ctx, lake, []*Build{b}, runID)
}

// PublishAll writes builds to the lake, one atomic commit per table
// however many builds there are (a backfill publishes a season at once):
//
//   - session-level tables: lakehouse ReplaceSessions on session_key with
//     the builds' session keys;
//   - meetings, sessions: ReplaceSessions keyed on year;
//   - silver.rejects: ReplaceWhere on (session_key, table_name) for the
//     tables each build holds or rejected (session_key 0 and year for
//     calendar builds), so a re-run replaces the rejects of what it
//     re-built and nothing else. run_id and rejected_at are left out of
//     the fingerprint: re-rejecting the same rows changes nothing.
//
// Only tables a build holds are written: a table whose bronze partition
// was missing (or that Build.RejectTable removed) keeps its current rows.
// Identical content is skipped by the lake (Changed false, no new files).
// PublishAll decides nothing: quality checks run before it. It ensures the
// tables it writes exist. runID is recorded in every snapshot summary.
//
// The tables are independent commits, published a few at a time
// (GOMAXPROCS, at most 4): most of a publish is writing many small files,
// which overlaps well. Results come in table order, then the rejects. On
// an error, every table is still attempted; PublishAll returns the
// results of those published and the first error in table order.
func PublishAll(ctx context.Context, lake *lakehouse.Lake, builds []*Build, runID string) ([]*lakehouse.PublishResult, error) {
	seen := map[[2]int]bool{}
	for _, b := range builds {
		scope := [2]int{b.SessionKey, b.Year}
		if b.SessionKey != 0 {
			scope[1] = 0
		}
		if seen[scope] {
			return nil, fmt.Errorf("%w: session %d (year %d) appears twice", ErrDuplicateBuild, b.SessionKey, b.Year)
		}
		seen[scope] = true
	}
	var tasks []lakehouse.PublishTask
	for _, table := range allTableNames() {
		var recs []arrow.RecordBatch
		var keys []int64
		calendar := false
		for _, b := range builds {
			rec := b.Record(table)
			if rec == nil {
				continue
			}
			recs = append(recs, rec)
			if b.SessionKey == 0 {
				calendar = true
				keys = append(keys, int64(b.Year))
			} else {
				keys = append(keys, int64(b.SessionKey))
			}
		}
		if len(recs) == 0 {
			continue
		}
		opts := lakehouse.PublishOptions{RunID: runID}
		if calendar {
			opts.KeyColumn = "year"
		}
		tasks = append(tasks, func() ([]*lakehouse.PublishResult, error) {
			res, err := publishBatches(ctx, lake, table, recs, func(rdr array.RecordReader) (*lakehouse.PublishResult, error) {
				return lake.ReplaceSessions(ctx, Ident(table), keys, rdr, opts)
			})
			if err != nil {
				return nil, err
			}
			return []*lakehouse.PublishResult{res}, nil
		})
	}

	groups := map[string][]*Build{}
	var order []string
	for _, b := range builds {
		g := rejectGroupKey(b)
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], b)
	}
	// the groups all replace rows of silver.rejects: one after the other
	tasks = append(tasks, func() ([]*lakehouse.PublishResult, error) {
		var out []*lakehouse.PublishResult
		for _, g := range order {
			res, err := publishRejects(ctx, lake, groups[g], runID)
			if err != nil {
				return out, err
			}
			if res != nil {
				out = append(out, res)
			}
		}
		return out, nil
	})
	return lakehouse.PublishConcurrently(tasks...)
}

func allTableNames() []string {
	out := make([]string, 0, len(specs))
	for _, s := range specs {
		if s.name != TableRejects {
			out = append(out, s.name)
		}
	}
	return out
}

// rejectTables are the tables whose rejects a build replaces: those it
// built and those it moved to rejects.
func rejectTables(b *Build) []string {
	tables := b.Tables()
	for _, r := range b.Rejects.All() {
		if !slices.Contains(tables, r.Table) {
			tables = append(tables, r.Table)
		}
	}
	slices.Sort(tables)
	return tables
}

func rejectGroupKey(b *Build) string {
	kind := "session"
	if b.SessionKey == 0 {
		kind = "calendar"
	}
	return kind + ":" + strings.Join(rejectTables(b), ",")
}

// rejectUnit is what one build contributes to a rejects publish: its
// scope and the rejects of its tables.
type rejectUnit struct {
	year, sessionKey int // sessionKey 0: a calendar build
	rejects          *Rejects
}

func unitOf(b *Build) rejectUnit {
	return rejectUnit{year: b.Year, sessionKey: b.SessionKey, rejects: b.Rejects}
}

// publishRejects replaces the rejects of builds that share a kind and a
// table set.
func publishRejects(ctx context.Context, lake *lakehouse.Lake, builds []*Build, runID string) (*lakehouse.PublishResult, error) {
	units := make([]rejectUnit, len(builds))
	for i, b := range builds {
		units[i] = unitOf(b)
	}
	return replaceRejects(ctx, lake, units, rejectTables(builds[0]), runID)
}

// replaceRejects replaces, in one commit, the rejects of the given tables
// for every unit's scope with the units' rejects of those tables.
func replaceRejects(ctx context.Context, lake *lakehouse.Lake, units []rejectUnit, tables []string, runID string) (*lakehouse.PublishResult, error) {
	if len(tables) == 0 {
		return nil, nil
	}
	var filter iceberg.BooleanExpression
	if units[0].sessionKey == 0 {
		years := make([]int32, len(units))
		for i, u := range units {
			years[i] = int32(u.year)
		}
		filter = iceberg.NewAnd(anyOf("year", years), iceberg.EqualTo(iceberg.Reference("session_key"), int32(0)))
	} else {
		keys := make([]int32, len(units))
		for i, u := range units {
			keys[i] = int32(u.sessionKey)
		}
		filter = anyOf("session_key", keys)
	}
	filter = iceberg.NewAnd(filter, anyOf("table_name", tables))
	var recs []arrow.RecordBatch
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	for _, u := range units {
		recs = append(recs, u.rejects.Record(memory.DefaultAllocator, tables...))
	}
	return publishBatches(ctx, lake, TableRejects, recs, func(rdr array.RecordReader) (*lakehouse.PublishResult, error) {
		return lake.ReplaceWhere(ctx, Ident(TableRejects), filter, rdr,
			lakehouse.PublishOptions{RunID: runID, FingerprintExclude: rejectsFingerprintExclude})
	})
}

// anyOf is column = v1 OR column = v2 ..., values sorted. The lake keys a
// ReplaceWhere's fingerprint by the filter's text, and iceberg-go prints
// an IN set in random order, so IN would never be recognised as unchanged.
func anyOf[T int32 | string](column string, values []T) iceberg.BooleanExpression {
	vs := slices.Clone(values)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	ref := iceberg.Reference(column)
	var out iceberg.BooleanExpression = iceberg.EqualTo(ref, vs[0])
	for _, v := range vs[1:] {
		out = iceberg.NewOr(out, iceberg.EqualTo(ref, v))
	}
	return out
}

// publishBatches ensures the table and runs publish over a reader of recs.
func publishBatches(ctx context.Context, lake *lakehouse.Lake, table string, recs []arrow.RecordBatch,
	publish func(array.RecordReader) (*lakehouse.PublishResult, error)) (*lakehouse.PublishResult, error) {
	def, _ := Table(table)
	if _, err := lake.EnsureTable(ctx, def); err != nil {
		return nil, fmt.Errorf("silver: ensure %s: %w", Ident(table), err)
	}
	rdr, err := array.NewRecordReader(def.Schema, recs)
	if err != nil {
		return nil, fmt.Errorf("silver: publish %s: %w", Ident(table), err)
	}
	defer rdr.Release()
	res, err := publish(rdr)
	if err != nil {
		return nil, fmt.Errorf("silver: publish %s: %w", Ident(table), err)
	}
	return res, nil
}

// PublishTelemetry streams a TelemetryBuild into its table
// (ReplaceSessions on the session) and replaces the session's rejects of
// that table. The build's reader is consumed; release the build afterwards.
func PublishTelemetry(ctx context.Context, lake *lakehouse.Lake, tb *TelemetryBuild, runID string) ([]*lakehouse.PublishResult, error) {
	if tb.rdr == nil {
		return nil, fmt.Errorf("silver: telemetry build of %s session %d was released", tb.Table, tb.SessionKey)
	}
	def, _ := Table(tb.Table)
	if _, err := lake.EnsureTable(ctx, def); err != nil {
		return nil, fmt.Errorf("silver: ensure %s: %w", Ident(tb.Table), err)
	}
	res, err := lake.ReplaceSessions(ctx, Ident(tb.Table), []int64{int64(tb.SessionKey)}, tb.rdr, lakehouse.PublishOptions{RunID: runID})
	if err != nil {
		return nil, fmt.Errorf("silver: publish %s: %w", Ident(tb.Table), err)
	}
	unit := rejectUnit{year: tb.Year, sessionKey: tb.SessionKey, rejects: tb.Rejects}
	rres, err := replaceRejects(ctx, lake, []rejectUnit{unit}, []string{tb.Table}, runID)
	if err != nil {
		return []*lakehouse.PublishResult{res}, err
	}
	return []*lakehouse.PublishResult{res, rres}, nil
}
