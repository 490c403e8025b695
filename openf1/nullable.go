package openf1

import (
	"bytes"
	"encoding/json"
)

// Nullable is a field of an OpenF1 record that the API may send as a value,
// send as null, or leave out. The three states are kept apart so a record
// re-encodes to exactly the JSON it came from: the zero value is "absent"
// (omitted when encoding, thanks to the omitzero tag option), Null is an
// explicit JSON null, and Valid carries a value in V.
type Nullable[T any] struct {
	V     T    // the value; meaningful only when Valid
	Valid bool // the field held a non-null value
	Null  bool // the field was present as JSON null
}

// Of returns a Nullable holding v.
func Of[T any](v T) Nullable[T] { return Nullable[T]{V: v, Valid: true} }

// NullOf returns a Nullable that encodes as JSON null.
func NullOf[T any]() Nullable[T] { return Nullable[T]{Null: true} }

// Get returns the value and whether there is one.
func (n Nullable[T]) Get() (T, bool) { return n.V, n.Valid }

// Or returns the value, or def when there is none.
func (n Nullable[T]) Or(def T) T {
	if n.Valid {
		return n.V
	}
	return def
}

// Present reports whether the field was in the record at all (as a value or as null).
func (n Nullable[T]) Present() bool { return n.Valid || n.Null }

// IsZero reports whether the field is absent; encoding/json's omitzero uses it.
func (n Nullable[T]) IsZero() bool { return !n.Valid && !n.Null }

// MarshalJSON encodes the value, or null.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.V)
}

// UnmarshalJSON decodes a value or null.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		var zero T
		*n = Nullable[T]{V: zero, Null: true}
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Nullable[T]{V: v, Valid: true}
	return nil
}

// Segments is a lap's mini-sector states for one sector (2048 yellow, 2049
// green, 2051 purple, 2064 pit lane, 0 not available). Elements are null when
// a mini-sector was never received.
type Segments []Nullable[int]
