package silver

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Reject reason codes (silver.rejects.reason_code). Each reject also has a
// human-readable reason saying exactly what was wrong.
const (
	// ReasonDuplicate: another bronze row with the same natural key
	// superseded this one (a newer _ingested_at, or, on a tie, a later row;
	// for drivers a row with team_name/full_name beats one without).
	ReasonDuplicate = "duplicate"
	// ReasonOrphanDriver: the row's driver is not in the session's drivers.
	ReasonOrphanDriver = "orphan_driver"
	// ReasonInvalidStint: a stint that cannot be repaired (lap_start after
	// lap_end, an overlap of more than one lap, nothing left after repair).
	ReasonInvalidStint = "invalid_stint"
	// ReasonInvalidValue: a value that does not fit its silver column (an
	// unparseable union value, an integer out of range).
	ReasonInvalidValue = "invalid_value"
	// ReasonMissingValue: a null in a column silver requires (a key).
	ReasonMissingValue = "missing_value"
	// ReasonOutOfPartition: the row belongs to another session or year than
	// the bronze partition it was read from.
	ReasonOutOfPartition = "out_of_partition"
	// ReasonQuality: the row was moved to rejects by Build.RejectTable,
	// usually because an error-severity quality check failed.
	ReasonQuality = "quality"
)

// Reject is one row of silver.rejects: a bronze row (or, for
// ReasonQuality, a silver row) that is not published, with why.
type Reject struct {
	Year       int
	MeetingKey int // 0 when unknown
	// SessionKey is the session whose build produced the reject; 0 for
	// calendar builds (meetings, sessions).
	SessionKey int
	Table      string          // silver table the row was meant for
	Endpoint   openf1.Endpoint // bronze endpoint it came from
	// BronzeRow is the row's ordinal in its bronze partition (read order);
	// -1 for rows that did not come straight from bronze.
	BronzeRow  int64
	NaturalKey string // "field=value;..." in natural-key order
	Code       string // one of the Reason… constants
	Reason     string
	Raw        string // the row as a JSON object
}

// Rejects collects the rejects of a build. It is safe for concurrent use.
type Rejects struct {
	// RunID and At are written to every row (run_id, rejected_at).
	RunID string
	At    time.Time

	mu   sync.Mutex
	rows []Reject
}

// NewRejects returns an empty collection for a run.
func NewRejects(runID string, at time.Time) *Rejects {
	return &Rejects{RunID: runID, At: at.UTC()}
}

// Add appends rejects, for instance rows a quality check failed.
func (r *Rejects) Add(rs ...Reject) {
	r.mu.Lock()
	r.rows = append(r.rows, rs...)
	r.mu.Unlock()
}

// Len returns the number of rejects.
func (r *Rejects) Len() int {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.rows)
}

// All returns a copy of the rejects in the order they were added.
func (r *Rejects) All() []Reject {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.rows)
}

// Count returns the number of rejects for a silver table.
func (r *Rejects) Count(table string) int {
	n := 0
	for _, x := range r.All() {
		if x.Table == table {
			n++
		}
	}
	return n
}

// ByCode counts the rejects of a table by reason code.
func (r *Rejects) ByCode(table string) map[string]int {
	out := map[string]int{}
	for _, x := range r.All() {
		if x.Table == table {
			out[x.Code]++
		}
	}
	return out
}

// Record returns the rejects whose table is in tables (all when tables is
// empty) as one record batch with the silver.rejects schema, allocated from
// mem. The caller releases it.
func (r *Rejects) Record(mem memory.Allocator, tables ...string) arrow.RecordBatch {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	b := array.NewRecordBuilder(mem, rejectsSchema)
	defer b.Release()
	at := arrow.Timestamp(r.At.UnixMicro())
	for _, x := range r.All() {
		if len(tables) > 0 && !slices.Contains(tables, x.Table) {
			continue
		}
		w := rowWriter{b: b}
		w.str(some(r.RunID))
		b.Field(1).(*array.TimestampBuilder).Append(at)
		w.i = 2
		w.i32(some(int32(x.Year)))
		w.i32(nonZero(int32(x.MeetingKey)))
		w.i32(some(int32(x.SessionKey)))
		w.str(some(x.Table))
		w.str(some(string(x.Endpoint)))
		w.i64(nullable[int64]{x.BronzeRow, x.BronzeRow >= 0})
		w.str(nullable[string]{x.NaturalKey, x.NaturalKey != ""})
		w.str(some(x.Code))
		w.str(some(x.Reason))
		w.str(some(x.Raw))
		w.done()
	}
	return b.NewRecordBatch()
}

// reject records a bronze row that is not published.
func (s *scope) reject(t *bronzeRows, table string, ord int, code, format string, args ...any) {
	if s.discard {
		return
	}
	s.rejects.Add(Reject{
		Year: s.year, MeetingKey: s.meetingKey, SessionKey: s.sessionKey,
		Table: table, Endpoint: t.ep, BronzeRow: int64(ord),
		NaturalKey: t.naturalKey(ord), Code: code,
		Reason: fmt.Sprintf(format, args...), Raw: t.rawJSON(ord),
	})
}
