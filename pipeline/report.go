package pipeline

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Status is the outcome of a run, a session or a stage.
type Status string

// Statuses. A session is "ok" when every stage succeeded (published or
// found unchanged), "skipped" when its bronze input was unchanged since its
// last successful run, "blocked" when an error-severity quality check kept
// its data from being published, "failed" when a stage failed after its
// retries, and "cancelled" when the run stopped before it finished.
const (
	StatusOK        Status = "ok"
	StatusSkipped   Status = "skipped"
	StatusBlocked   Status = "blocked"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
	// StatusPartial is a run in which some sessions failed or were blocked.
	StatusPartial Status = "partial"
)

// Stage names, as used in reports, metrics and lineage job names.
const (
	StageExtract   = "extract"
	StageBronzeQA  = "bronze_check"
	StageSilver    = "silver"
	StageGold      = "gold"
	StageCalendar  = "calendar"
	StageStandings = "standings"
)

// Report describes a run: what was in scope, what each stage did for each
// session, row counts, quality results, lineage run ids and errors. It
// marshals to the run report JSON.
type Report struct {
	RunID      string    `json:"run_id"`
	Mode       Mode      `json:"mode"`
	DAG        string    `json:"dag"`
	Status     Status    `json:"status"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Seconds    float64   `json:"seconds"`
	Lake       string    `json:"lake"`
	Catalog    string    `json:"catalog"` // configuration with secrets redacted
	Policy     Policy    `json:"policy"`
	// LineageRunID is the parent OpenLineage run (the pipeline run).
	LineageRunID string `json:"lineage_run_id,omitempty"`
	// Scope is what the run covered.
	Scope ScopeReport `json:"scope"`
	// Extract summarises bronze extraction over the run.
	Extract ExtractSummary `json:"extract"`
	// Calendar and Standings have one entry per year.
	Calendar  []*StageReport   `json:"calendar,omitempty"`
	Sessions  []*SessionReport `json:"sessions"`
	Standings []*StageReport   `json:"standings,omitempty"`
	Totals    Totals           `json:"totals"`
	Errors    []string         `json:"errors,omitempty"`
	// Notification says whether the webhook was called and with what result.
	Notification string `json:"notification,omitempty"`
	// Lineage counts the OpenLineage events of the run (nil when lineage
	// is off).
	Lineage *LineageStats `json:"lineage,omitempty"`

	mu sync.Mutex
}

// ScopeReport is the scope of a run.
type ScopeReport struct {
	Years       []int     `json:"years,omitempty"`
	MeetingKeys []int     `json:"meeting_keys,omitempty"`
	SessionKeys []int     `json:"session_keys,omitempty"`
	Since       time.Time `json:"since,omitzero"` // weekly: sessions that ended after it
	Sessions    int       `json:"sessions"`       // sessions planned
	Requests    int       `json:"requests"`       // API requests planned
}

// ExtractSummary sums the bronze partitions of a run by outcome.
type ExtractSummary struct {
	Requests    int            `json:"requests"`
	Rows        int64          `json:"rows"`
	Partitions  map[string]int `json:"partitions"` // outcome → count
	Quarantined int            `json:"quarantined,omitempty"`
}

// SessionReport is what happened to one session.
type SessionReport struct {
	SessionKey int            `json:"session_key"`
	MeetingKey int            `json:"meeting_key"`
	Year       int            `json:"year"`
	Name       string         `json:"name"`
	Type       string         `json:"type,omitempty"`
	Status     Status         `json:"status"`
	Stages     []*StageReport `json:"stages"`
	Error      string         `json:"error,omitempty"`
}

// Stage returns the session's report of a stage, or nil.
func (s *SessionReport) Stage(name string) *StageReport {
	for _, st := range s.Stages {
		if st.Stage == name {
			return st
		}
	}
	return nil
}

// StageReport is one stage of one session (or of one year, for the
// calendar and standings).
type StageReport struct {
	Stage      string         `json:"stage"`
	SessionKey int            `json:"session_key,omitempty"`
	Year       int            `json:"year,omitempty"`
	Status     Status         `json:"status"`
	StartedAt  time.Time      `json:"started_at"`
	Seconds    float64        `json:"seconds"`
	Attempts   int            `json:"attempts,omitempty"`
	Tables     []*TableReport `json:"tables,omitempty"`
	Warnings   []string       `json:"warnings,omitempty"`
	Error      string         `json:"error,omitempty"`
	// LineageRunID is the OpenLineage run describing this stage.
	LineageRunID string `json:"lineage_run_id,omitempty"`
}

// Table returns the stage's report of a table, or nil.
func (s *StageReport) Table(name string) *TableReport {
	for _, t := range s.Tables {
		if t.Table == name {
			return t
		}
	}
	return nil
}

// TableReport is one table (or bronze partition) of a stage.
type TableReport struct {
	Table string `json:"table"` // "silver.laps", "bronze.laps"
	Rows  int64  `json:"rows"`  // rows built (or extracted)
	// Rejected counts rows sent to silver.rejects.
	Rejected int64 `json:"rejected,omitempty"`
	// Outcome is the bronze partition outcome (extract stage).
	Outcome string `json:"outcome,omitempty"`
	// Published says whether the table was handed to the lake, Changed
	// whether that created a snapshot (false: identical rows were there).
	Published  bool  `json:"published"`
	Changed    bool  `json:"changed"`
	SnapshotID int64 `json:"snapshot_id,omitempty"`
	FilesAdded int   `json:"files_added,omitempty"`
	// Quality summarises the table's checks.
	Quality *QualitySummary `json:"quality,omitempty"`
}

// QualitySummary is the gist of a quality.Result: counts, and each failed
// expectation with its severity. Full GX JSON results are written when
// Options ask for them (WithFullQualityResults).
type QualitySummary struct {
	Suite     string          `json:"suite"`
	Success   bool            `json:"success"`
	Blocking  bool            `json:"blocking"`
	Evaluated int             `json:"evaluated"`
	Passed    int             `json:"passed"`
	Failed    int             `json:"failed"`
	Failures  []CheckFailure  `json:"failures,omitempty"`
	Full      json.RawMessage `json:"result,omitempty"`
}

// CheckFailure is one failed expectation.
type CheckFailure struct {
	Expectation string `json:"expectation"`
	Column      string `json:"column,omitempty"`
	Severity    string `json:"severity"`
	Detail      string `json:"detail,omitempty"`
}

// LineageStats counts what happened to a run's OpenLineage events.
type LineageStats struct {
	Emitted   uint64 `json:"emitted"`   // queued for delivery
	Delivered uint64 `json:"delivered"` // accepted by the backend
	Failed    uint64 `json:"failed"`    // rejected, dropped or still queued at the flush deadline
}

// Totals are the run's overall counts.
type Totals struct {
	Sessions        int              `json:"sessions"`
	SessionsOK      int              `json:"sessions_ok"`
	SessionsSkipped int              `json:"sessions_skipped"`
	SessionsBlocked int              `json:"sessions_blocked"`
	SessionsFailed  int              `json:"sessions_failed"`
	Cancelled       int              `json:"sessions_cancelled,omitempty"`
	RowsBuilt       map[string]int64 `json:"rows_built"`     // table → rows built this run
	RowsPublished   map[string]int64 `json:"rows_published"` // table → rows in committed snapshots
	RowsRejected    int64            `json:"rows_rejected"`
	ChecksPassed    int              `json:"checks_passed"`
	ChecksFailed    int              `json:"checks_failed"`
	ChecksBlocking  int              `json:"checks_blocking"`
	Snapshots       int              `json:"snapshots"` // commits made
}

// JSON returns the report as indented JSON.
func (r *Report) JSON() ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return json.MarshalIndent(r, "", "  ")
}

// MarshalJSON is the default encoding of the report's fields (the
// embedded mutex is not part of it).
func (r *Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return json.Marshal((*plain)(r))
}

// Session returns the report of a session, or nil.
func (r *Report) Session(key int) *SessionReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.Sessions {
		if s.SessionKey == key {
			return s
		}
	}
	return nil
}

// SessionsWith returns the keys of the sessions with the given status.
func (r *Report) SessionsWith(st Status) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, s := range r.Sessions {
		if s.Status == st {
			out = append(out, s.SessionKey)
		}
	}
	slices.Sort(out)
	return out
}

// Processed returns the keys of the sessions whose silver stage ran (they
// were new, corrected, forced or failed earlier), as opposed to skipped.
func (r *Report) Processed() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, s := range r.Sessions {
		if st := s.Stage(StageSilver); st != nil && st.Status != StatusSkipped {
			out = append(out, s.SessionKey)
		}
	}
	slices.Sort(out)
	return out
}

func (r *Report) addError(format string, args ...any) {
	r.mu.Lock()
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
	r.mu.Unlock()
}

// finish computes the totals and the run status.
func (r *Report) finish(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.FinishedAt = now
	r.Seconds = now.Sub(r.StartedAt).Seconds()
	slices.SortFunc(r.Sessions, func(a, b *SessionReport) int { return a.SessionKey - b.SessionKey })
	t := Totals{RowsBuilt: map[string]int64{}, RowsPublished: map[string]int64{}}
	count := func(st *StageReport) {
		for _, tb := range st.Tables {
			if st.Stage != StageBronzeQA {
				t.RowsBuilt[tb.Table] += tb.Rows
			}
			if tb.Changed {
				t.RowsPublished[tb.Table] += tb.Rows
			}
			t.RowsRejected += tb.Rejected
			if q := tb.Quality; q != nil {
				t.ChecksPassed += q.Passed
				t.ChecksFailed += q.Failed
				for _, f := range q.Failures {
					if f.Severity == "error" {
						t.ChecksBlocking++
					}
				}
			}
		}
	}
	snaps := map[string]bool{}
	countSnaps := func(st *StageReport) {
		for _, tb := range st.Tables {
			if tb.Changed && tb.SnapshotID != 0 {
				snaps[tb.Table+"@"+fmt.Sprint(tb.SnapshotID)] = true
			}
		}
	}
	for _, st := range slices.Concat(r.Calendar, r.Standings) {
		count(st)
		countSnaps(st)
	}
	for _, s := range r.Sessions {
		t.Sessions++
		switch s.Status {
		case StatusOK:
			t.SessionsOK++
		case StatusSkipped:
			t.SessionsSkipped++
		case StatusBlocked:
			t.SessionsBlocked++
		case StatusFailed:
			t.SessionsFailed++
		case StatusCancelled:
			t.Cancelled++
		}
		for _, st := range s.Stages {
			count(st)
			countSnaps(st)
		}
	}
	t.Snapshots = len(snaps)
	r.Totals = t
	yearFailed := false
	for _, st := range slices.Concat(r.Calendar, r.Standings) {
		if st.Status == StatusFailed || st.Status == StatusBlocked {
			yearFailed = true
		}
	}
	switch {
	case r.Status == StatusCancelled || t.Cancelled > 0:
		r.Status = StatusCancelled
	case r.Status == StatusFailed:
	case t.SessionsFailed > 0 || t.SessionsBlocked > 0 || yearFailed || len(r.Errors) > 0:
		if t.SessionsOK+t.SessionsSkipped == 0 && t.Sessions > 0 {
			r.Status = StatusFailed
		} else {
			r.Status = StatusPartial
		}
	default:
		r.Status = StatusOK
	}
}

// WriteSummary writes a human-readable summary: sessions by status, rows
// per table (built and published), checks passed and failed, and time.
func (r *Report) WriteSummary(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.Totals
	fmt.Fprintf(w, "run %s (%s, %s): %s in %s\n", r.RunID, r.Mode, r.DAG, strings.ToUpper(string(r.Status)),
		time.Duration(r.Seconds*float64(time.Second)).Round(time.Millisecond))
	fmt.Fprintf(w, "sessions: %d  ok %d  skipped (unchanged) %d  blocked %d  failed %d",
		t.Sessions, t.SessionsOK, t.SessionsSkipped, t.SessionsBlocked, t.SessionsFailed)
	if t.Cancelled > 0 {
		fmt.Fprintf(w, "  cancelled %d", t.Cancelled)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "bronze: %d requests, %d rows, partitions %s\n", r.Extract.Requests, r.Extract.Rows, outcomeList(r.Extract.Partitions))
	fmt.Fprintf(w, "checks: %d passed, %d failed (%d blocking); %d rows rejected; %d snapshots committed\n",
		t.ChecksPassed, t.ChecksFailed, t.ChecksBlocking, t.RowsRejected, t.Snapshots)
	if l := r.Lineage; l != nil {
		fmt.Fprintf(w, "lineage: %d events, %d delivered, %d failed\n", l.Emitted, l.Delivered, l.Failed)
	}
	if len(t.RowsBuilt) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "table\trows\tpublished\t")
		for _, name := range slices.Sorted(maps.Keys(t.RowsBuilt)) {
			fmt.Fprintf(tw, "%s\t%d\t%d\t\n", name, t.RowsBuilt[name], t.RowsPublished[name])
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, s := range r.Sessions {
		if s.Status == StatusFailed || s.Status == StatusBlocked {
			fmt.Fprintf(w, "  session %d (%s, meeting %d): %s: %s\n", s.SessionKey, s.Name, s.MeetingKey, s.Status, s.Error)
		}
	}
	for _, st := range slices.Concat(r.Calendar, r.Standings) {
		if st.Status == StatusFailed || st.Status == StatusBlocked {
			fmt.Fprintf(w, "  %s %d: %s: %s\n", st.Stage, st.Year, st.Status, st.Error)
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	return nil
}

func outcomeList(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
