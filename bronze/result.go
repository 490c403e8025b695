package bronze

import (
	"fmt"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Outcome says what a run did to a partition.
type Outcome string

// Partition outcomes.
const (
	// OutcomeCreated: the partition did not exist and was written.
	OutcomeCreated Outcome = "created"
	// OutcomeChanged: the content hash differed (a late correction, or a
	// partition written under an older schema version); the partition was
	// replaced atomically.
	OutcomeChanged Outcome = "changed"
	// OutcomeUnchanged: same content hash; nothing was written, the manifest
	// is untouched.
	OutcomeUnchanged Outcome = "unchanged"
	// OutcomeQuarantined: the response did not fit the schema; it was kept
	// under bronze/_quarantine and the live partition left as it was.
	OutcomeQuarantined Outcome = "quarantined"
	// OutcomeFailed: fetching or storing failed (see PartitionResult.Err);
	// the live partition is left as it was.
	OutcomeFailed Outcome = "failed"
)

// PartitionResult reports one partition of a run.
type PartitionResult struct {
	Key     PartitionKey `json:"partition"`
	Outcome Outcome      `json:"outcome"`
	// Rows, Empty and ContentSHA256 describe the content fetched (for
	// created, changed and unchanged partitions).
	Rows          int64    `json:"rows"`
	Empty         bool     `json:"empty,omitempty"`
	ContentSHA256 string   `json:"content_sha256,omitempty"`
	Requests      []string `json:"requests,omitempty"`
	// UnknownFields are API fields not in the registry, kept in _extra.
	UnknownFields []string          `json:"unknown_fields,omitempty"`
	Quarantine    *QuarantineRecord `json:"quarantine,omitempty"`
	// Err is set for failed partitions; Error is its text (for JSON reports).
	Err   error  `json:"-"`
	Error string `json:"error,omitempty"`
	// Warning reports a non-fatal problem, such as old data files that could
	// not be deleted after a replace (they are invisible orphans).
	Warning string `json:"warning,omitempty"`
}

// StrayRows counts rows a meeting-level or session-level response carried
// for a session the task did not expect: they are reported, not written.
type StrayRows struct {
	Endpoint   openf1.Endpoint `json:"endpoint"`
	Request    string          `json:"request"`
	SessionKey int             `json:"session_key"` // 0 when the rows had no usable session_key
	Rows       int             `json:"rows"`
}

// RunResult reports a run: one entry per partition of the plan, in plan order.
type RunResult struct {
	RunID      string            `json:"run_id"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at"`
	Requests   int               `json:"requests"` // API requests made
	Partitions []PartitionResult `json:"partitions"`
	Strays     []StrayRows       `json:"strays,omitempty"`
}

// Count returns how many partitions had outcome o.
func (r *RunResult) Count(o Outcome) int {
	n := 0
	for _, p := range r.Partitions {
		if p.Outcome == o {
			n++
		}
	}
	return n
}

// Quarantined returns the quarantine records of the run.
func (r *RunResult) Quarantined() []*QuarantineRecord {
	var out []*QuarantineRecord
	for _, p := range r.Partitions {
		if p.Quarantine != nil {
			out = append(out, p.Quarantine)
		}
	}
	return out
}

// Rows returns the number of rows fetched over all partitions.
func (r *RunResult) Rows() int64 {
	var n int64
	for _, p := range r.Partitions {
		n += p.Rows
	}
	return n
}

// Summary renders the outcome counts, e.g. "12 created, 3 unchanged".
func (r *RunResult) Summary() string {
	s := ""
	for _, o := range []Outcome{OutcomeCreated, OutcomeChanged, OutcomeUnchanged, OutcomeQuarantined, OutcomeFailed} {
		if n := r.Count(o); n > 0 {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprintf("%d %s", n, o)
		}
	}
	if s == "" {
		return "no partitions"
	}
	return s
}

// RunError is returned by Run when partitions failed; the RunResult has the details.
type RunError struct {
	Failed int   // partitions that failed
	First  error // the first failure
}

// Error summarises the failures.
func (e *RunError) Error() string {
	return fmt.Sprintf("bronze: %d partition(s) failed; first: %v", e.Failed, e.First)
}

// Unwrap returns the first failure.
func (e *RunError) Unwrap() error { return e.First }
