package bronze

import (
	"errors"
	"fmt"

	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrSchemaDrift is matched (errors.Is) by the errors that quarantine a
// partition: a value that does not fit its field's registry kind
// (*FieldError) and a body that is not a JSON array of objects
// (*MalformedError).
var ErrSchemaDrift = errors.New("bronze: response does not fit the bronze schema")

// FieldError reports an API value that does not fit the kind the endpoint
// registry declares for its field — a string in an int field, say, when the
// API changes a type. bronze never coerces such a value: the partition's raw
// response is quarantined instead.
type FieldError struct {
	Row      int              // index of the record in the response array
	Field    string           // JSON field name ("" for a record-level problem)
	Expected openf1.FieldKind // the registry kind
	Value    string           // the raw JSON value (at most 200 bytes)
	Reason   string           // what is wrong with it
}

// Error describes the mismatch.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("bronze: record %d: %s", e.Row, e.Reason)
	}
	return fmt.Sprintf("bronze: record %d field %q: expected %s, %s (value %s)",
		e.Row, e.Field, e.Expected, e.Reason, e.Value)
}

// Is matches ErrSchemaDrift.
func (e *FieldError) Is(target error) bool { return target == ErrSchemaDrift }

// MalformedError reports a response body that is not a JSON array of objects.
type MalformedError struct {
	Reason string
}

// Error describes the problem.
func (e *MalformedError) Error() string { return "bronze: malformed response: " + e.Reason }

// Is matches ErrSchemaDrift.
func (e *MalformedError) Is(target error) bool { return target == ErrSchemaDrift }
