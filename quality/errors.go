package quality

import (
	"errors"
	"fmt"
)

// Sentinel errors. Use errors.Is to test for them; the wrapping error says
// which expectation, kwarg, column or table is at fault.
var (
	// ErrUnknownExpectation: the expectation type is not implemented by this
	// package (see ExpectationTypes for the list).
	ErrUnknownExpectation = errors.New("unknown expectation type")
	// ErrInvalidKwargs: a kwarg is missing, of the wrong type, out of range or
	// not accepted by the expectation type. The concrete error is a *KwargError.
	ErrInvalidKwargs = errors.New("invalid expectation kwargs")
	// ErrInvalidSuite: the suite document itself is malformed (not JSON, no
	// name, no expectations array...).
	ErrInvalidSuite = errors.New("invalid expectation suite")
	// ErrColumnNotFound: an expectation names a column the data does not have.
	// It is reported in the expectation's exception_info, not returned.
	ErrColumnNotFound = errors.New("column not found")
	// ErrUnsupportedType: the column's Arrow type cannot be checked by the
	// expectation (e.g. a regex on an int64 column). Reported like
	// ErrColumnNotFound.
	ErrUnsupportedType = errors.New("unsupported column type")
	// ErrTableNotFound: a cross-table expectation names another table that was
	// not passed in ValidateOptions.OtherTables.
	ErrTableNotFound = errors.New("other table not found")
	// ErrNoBuiltinSuite: BuiltinSuite has no suite for the layer and table.
	ErrNoBuiltinSuite = errors.New("no built-in suite")
)

// ExpectationError locates a configuration problem in one expectation of a
// suite: its position (0-based, as in the JSON expectations array) and type.
type ExpectationError struct {
	Index int    // position in Suite.Expectations
	Type  string // the expectation type as written (may be empty or unknown)
	Err   error  // what is wrong; wraps ErrUnknownExpectation or a *KwargError
}

// Error formats the index, type and problem.
func (e *ExpectationError) Error() string {
	typ := e.Type
	if typ == "" {
		typ = "<no type>"
	}
	return fmt.Sprintf("quality: expectation %d (%s): %v", e.Index, typ, e.Err)
}

// Unwrap returns the underlying error.
func (e *ExpectationError) Unwrap() error { return e.Err }

// KwargError says which kwarg of an expectation is wrong and why.
// errors.Is(err, ErrInvalidKwargs) is true for every *KwargError.
type KwargError struct {
	Kwarg  string // kwarg name, e.g. "min_value"
	Reason string // human-readable reason
}

// Error names the kwarg and the reason.
func (e *KwargError) Error() string {
	return fmt.Sprintf("kwarg %q: %s", e.Kwarg, e.Reason)
}

// Is reports whether target is ErrInvalidKwargs.
func (e *KwargError) Is(target error) bool { return target == ErrInvalidKwargs }

func kwargErr(name, format string, args ...any) error {
	return &KwargError{Kwarg: name, Reason: fmt.Sprintf(format, args...)}
}

func columnNotFound(name string, d *Data) error {
	return fmt.Errorf("%w: %q (have %v)", ErrColumnNotFound, name, d.ColumnNames())
}

func unsupported(column string, typ fmt.Stringer, what string) error {
	return fmt.Errorf("%w: column %q is %s, %s", ErrUnsupportedType, column, typ, what)
}
