package lakehouse

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package that falls in one of
// these classes matches it with errors.Is; the typed errors below carry the
// details and are reachable with errors.As.
var (
	// ErrConfig reports a catalog configuration that cannot work: an
	// unknown catalog type, a missing or malformed property. See ConfigError.
	ErrConfig = errors.New("lakehouse: invalid catalog configuration")

	// ErrInvalidInput reports a bad argument: an empty table definition, no
	// session keys, a nil reader, a key column that is missing or not an
	// integer.
	ErrInvalidInput = errors.New("lakehouse: invalid input")

	// ErrIncompatibleChange reports a table definition that cannot be
	// applied to the existing table without rewriting or losing data: a
	// column whose type changed, a different partition spec. Columns are
	// only ever added, never dropped or retyped silently. See
	// IncompatibleChangeError.
	ErrIncompatibleChange = errors.New("lakehouse: incompatible table change")

	// ErrRowsOutsideReplace reports incoming rows that do not belong to the
	// partitions being replaced (a session key not in the list, a row not
	// matching the filter). Publishing them would leave rows behind that the
	// next replace could never remove, so nothing is published. See
	// OutsideRowsError.
	ErrRowsOutsideReplace = errors.New("lakehouse: rows outside the replaced partitions")

	// ErrFilterNotAligned reports a ReplaceWhere filter that references
	// columns which are not identity partition columns of the table, so
	// whole data files cannot be swapped atomically by partition.
	ErrFilterNotAligned = errors.New("lakehouse: replace filter is not aligned with identity partitions")

	// ErrCommitConflict reports a publish that kept losing commit races
	// until its attempts ran out. Nothing was published. See
	// CommitConflictError.
	ErrCommitConflict = errors.New("lakehouse: commit conflict persisted after retries")

	// ErrCommitStateUnknown reports a commit whose outcome is unknown (for
	// example a REST catalog answering 5xx): the catalog may or may not
	// have applied it, so it is not retried and the written data files are
	// kept. Describe the table to find out; a later publish of the same
	// data is safe thanks to fingerprints.
	ErrCommitStateUnknown = errors.New("lakehouse: commit state unknown")
)

// ConfigError names the configuration property that is wrong and why. It
// never carries property values, so secrets cannot leak through it.
type ConfigError struct {
	Key    string // property key, e.g. "uri", "warehouse", "glue.region"
	Reason string
}

// Error implements error.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("lakehouse: catalog config %q: %s", e.Key, e.Reason)
}

// Unwrap makes errors.Is(err, ErrConfig) true.
func (e *ConfigError) Unwrap() error { return ErrConfig }

// IncompatibleChangeError describes a table definition that conflicts with
// the table in the catalog.
type IncompatibleChangeError struct {
	Table  string // "namespace.name"
	What   string // e.g. `column "lap_ms"`, "partition spec"
	Have   string // what the table has
	Want   string // what the definition asks for
	Reason string
}

// Error implements error.
func (e *IncompatibleChangeError) Error() string {
	return fmt.Sprintf("lakehouse: table %s: %s: table has %s, definition wants %s: %s",
		e.Table, e.What, e.Have, e.Want, e.Reason)
}

// Unwrap makes errors.Is(err, ErrIncompatibleChange) true.
func (e *IncompatibleChangeError) Unwrap() error { return ErrIncompatibleChange }

// OutsideRowsError describes incoming rows that fall outside the replaced
// partitions.
type OutsideRowsError struct {
	Table  string
	Column string   // key column, or "" for a filter
	Values []string // up to five offending values, for the message
	Rows   int64    // offending rows seen before publishing stopped
}

// Error implements error.
func (e *OutsideRowsError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("lakehouse: table %s: %d row(s) do not match the replace filter (partition values %s)",
			e.Table, e.Rows, strings.Join(e.Values, ", "))
	}

	return fmt.Sprintf("lakehouse: table %s: %d row(s) have %s outside the replaced set: %s",
		e.Table, e.Rows, e.Column, strings.Join(e.Values, ", "))
}

// Unwrap makes errors.Is(err, ErrRowsOutsideReplace) true.
func (e *OutsideRowsError) Unwrap() error { return ErrRowsOutsideReplace }

// CommitConflictError is returned when every attempt of a publish lost a
// commit race. Err is the conflict seen on the last attempt.
type CommitConflictError struct {
	Table    string
	Attempts int
	Err      error
}

// Error implements error.
func (e *CommitConflictError) Error() string {
	return fmt.Sprintf("lakehouse: table %s: commit still conflicting after %d attempt(s): %v",
		e.Table, e.Attempts, e.Err)
}

// Unwrap exposes both ErrCommitConflict and the last underlying error.
func (e *CommitConflictError) Unwrap() []error { return []error{ErrCommitConflict, e.Err} }
