package silver

import (
	"errors"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrSessionNotFound is returned by BuildSession and BuildTelemetry when
// bronze has neither a calendar row nor any partition for the session.
var ErrSessionNotFound = errors.New("silver: session not found in bronze")

// ErrNoTable is returned for a table name a Build does not hold.
var ErrNoTable = errors.New("silver: table not in build")

// TableStats accounts for one table of a build: every bronze row read is
// either published or rejected, so BronzeRows == Published + Rejected.
type TableStats struct {
	Table    string
	Endpoint openf1.Endpoint
	// BronzeRows is the number of rows of the bronze partition (its
	// manifest's Rows).
	BronzeRows int64
	Published  int64 // rows in the silver batch
	Rejected   int64 // rows sent to rejects
	Repaired   int64 // published rows that were repaired (stints)
}

// Build is the output of BuildSession or BuildCalendar: one Arrow record
// batch per silver table whose bronze source exists, the rejects, and the
// accounting. It holds data only: publishing is Publish's job, after the
// pipeline's quality checks.
//
// The batches are allocated from BuildOptions.Allocator and owned by the
// Build: call Release when done (batches obtained from Record are valid
// until then unless retained).
type Build struct {
	// Year, MeetingKey and SessionKey say what was built. Calendar builds
	// have only Year (MeetingKey and SessionKey are 0).
	Year       int
	MeetingKey int
	SessionKey int
	// Session is the session as silver normalized it (session builds).
	Session *SessionInfo
	// RunID is the run id written to rejects.
	RunID string
	// Rejects holds every bronze row that is not published, with why.
	Rejects *Rejects
	// Stats has one entry per built table, in build order.
	Stats []TableStats
	// Warnings report problems that did not reject rows: a referential
	// check skipped because the session has no drivers, an unparseable
	// team colour or GMT offset (published as null), a session missing
	// from the calendar.
	Warnings []string

	tables []builtTable
}

type builtTable struct {
	name string
	rec  arrow.RecordBatch
}

// Tables lists the tables the build holds, in build order. A table whose
// bronze partition does not exist is not built (and Publish leaves it as
// it is in the lake).
func (b *Build) Tables() []string {
	out := make([]string, len(b.tables))
	for i, t := range b.tables {
		out[i] = t.name
	}
	return out
}

// Record returns a table's batch, or nil when the build does not hold the
// table. The Build owns it.
func (b *Build) Record(table string) arrow.RecordBatch {
	for _, t := range b.tables {
		if t.name == table {
			return t.rec
		}
	}
	return nil
}

// Reader returns a record reader over a table's batch. The caller releases
// the reader; the Build keeps its own reference.
func (b *Build) Reader(table string) (array.RecordReader, error) {
	rec := b.Record(table)
	if rec == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoTable, table)
	}
	return array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
}

// Stat returns the accounting of one table.
func (b *Build) Stat(table string) (TableStats, bool) {
	i := slices.IndexFunc(b.Stats, func(s TableStats) bool { return s.Table == table })
	if i < 0 {
		return TableStats{}, false
	}
	return b.Stats[i], true
}

// Release releases every batch. The Build must not be used afterwards.
func (b *Build) Release() {
	if b == nil {
		return
	}
	for _, t := range b.tables {
		t.rec.Release()
	}
	b.tables = nil
}

// RejectTable moves every row of a table to Rejects with code
// ReasonQuality and the given reason, and drops the table from the build,
// so Publish leaves the table's previous snapshot in place for this session
// while the rows are recorded in silver.rejects. Raw holds the silver row
// as JSON. The pipeline calls it when an error-severity check fails.
func (b *Build) RejectTable(table, reason string) error {
	i := slices.IndexFunc(b.tables, func(t builtTable) bool { return t.name == table })
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoTable, table)
	}
	rec := b.tables[i].rec
	spec, _ := specOf(table)
	grain := make([]int, 0, len(spec.grain))
	for _, g := range spec.grain {
		grain = append(grain, rec.Schema().FieldIndices(g)[0])
	}
	var ep openf1.Endpoint = spec.endpoint
	for r := range int(rec.NumRows()) {
		b.Rejects.Add(Reject{
			Year: b.Year, MeetingKey: b.MeetingKey, SessionKey: b.SessionKey,
			Table: table, Endpoint: ep, BronzeRow: -1,
			NaturalKey: recordKey(rec, grain, r), Code: ReasonQuality, Reason: reason,
			Raw: recordRowJSON(rec, r),
		})
	}
	if j := slices.IndexFunc(b.Stats, func(s TableStats) bool { return s.Table == table }); j >= 0 {
		b.Stats[j].Rejected += b.Stats[j].Published
		b.Stats[j].Published = 0
	}
	rec.Release()
	b.tables = slices.Delete(b.tables, i, i+1)
	return nil
}

// add stores a built table with its accounting.
func (b *Build) add(table string, t *bronzeRows, rec arrow.RecordBatch, repaired int64) {
	b.tables = append(b.tables, builtTable{table, rec})
	st := TableStats{Table: table, Endpoint: t.ep, BronzeRows: int64(t.Len()),
		Published: rec.NumRows(), Repaired: repaired}
	b.Stats = append(b.Stats, st)
}

// scope is what every table builder of one build shares.
type scope struct {
	year, meetingKey, sessionKey int
	opts                         BuildOptions
	rejects                      *Rejects
	warnings                     []string
	// discard drops rejects unrecorded: the scope reads a partition only
	// for a lookup (the calendar, a grid, a driver set) and its rejects
	// are another build's business.
	discard bool
}

func (s *scope) warn(format string, args ...any) {
	s.warnings = append(s.warnings, fmt.Sprintf(format, args...))
}

// finish moves the scope's warnings into the build and counts rejects per
// table.
func (s *scope) finish(b *Build) {
	b.Warnings = append(b.Warnings, s.warnings...)
	counts := map[string]int64{}
	for _, r := range s.rejects.All() {
		counts[r.Table]++
	}
	for i := range b.Stats {
		b.Stats[i].Rejected = counts[b.Stats[i].Table]
	}
}

func isNoManifest(err error) bool { return errors.Is(err, bronze.ErrNoManifest) }

// recordKey renders a silver row's grain as "column=value;...".
func recordKey(rec arrow.RecordBatch, cols []int, r int) string {
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += ";"
		}
		a := rec.Column(c)
		out += rec.Schema().Field(c).Name + "="
		if a.IsNull(r) {
			out += "null"
		} else {
			out += a.ValueStr(r)
		}
	}
	return out
}

// recordRowJSON renders a silver row as a JSON object.
func recordRowJSON(rec arrow.RecordBatch, r int) string {
	t := &bronzeRows{schema: rec.Schema(), recs: []arrow.RecordBatch{rec}, refs: []rowRef{{0, int32(r)}}}
	return t.rawJSON(0)
}
