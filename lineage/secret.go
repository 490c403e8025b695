package lineage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

const redacted = "[REDACTED]"

// Secret is a credential such as an OpenLineage API key. It prints,
// formats, logs and marshals (JSON and YAML) as "[REDACTED]", so a config
// struct holding one can be logged or wrapped in an error safely; only
// Reveal returns the value, and only the HTTP transport calls it, to build
// the Authorization header.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String returns "[REDACTED]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from showing the value.
func (s Secret) GoString() string { return fmt.Sprintf("lineage.Secret(%q)", s.String()) }

// Format keeps every fmt verb (%s, %v, %q, %x, ...) from showing the value.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// LogValue keeps log/slog from showing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes "[REDACTED]".
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalYAML writes "[REDACTED]".
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// redactor removes known secret values from text on its way into an error
// or a log line.
type redactor struct{ secrets []string }

func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, s)
		}
	}
	return r
}

func (r redactor) string(s string) string {
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, redacted)
	}
	return s
}

// error wraps err so its message is redacted while errors.Is/As still see
// the original chain.
func (r redactor) error(err error) error {
	if err == nil || len(r.secrets) == 0 {
		return err
	}
	return &redactedError{msg: r.string(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// ErrClosed is returned by Send after a transport or client was closed.
var ErrClosed = errors.New("lineage: transport closed")
