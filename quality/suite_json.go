package quality

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
)

// ParseSuite reads a Great Expectations suite document, either format:
//
//   - GX 1.x: {"name", "id", "expectations": [{"type", "kwargs", "meta",
//     "id", "severity"?, "description"?}], "meta", "notes"}; kwargs may
//     also be written inline next to "type".
//   - legacy GX 0.x: {"expectation_suite_name", "ge_cloud_id",
//     "expectations": [{"expectation_type", "kwargs", "meta",
//     "ge_cloud_id"}], "evaluation_parameters", "data_asset_type", "meta"}.
//
// Mixed spellings are accepted (GX's own fixtures contain such files).
// Severity comes from the expectation's "severity" or from meta.severity;
// GX 1.x's critical/warning map to error/warn. The suite is compiled: an
// unknown type or bad kwargs is an error naming the expectation's index and
// type (errors.Join of *ExpectationError, each wrapping ErrUnknownExpectation
// or a *KwargError); a malformed document wraps ErrInvalidSuite.
func ParseSuite(data []byte) (*Suite, error) {
	var raw map[string]json.RawMessage
	if err := decodeJSON(data, &raw); err != nil {
		return nil, fmt.Errorf("quality: %w: %v", ErrInvalidSuite, err)
	}
	s := &Suite{}
	var err error
	if s.Name, err = firstString(raw, "name", "expectation_suite_name"); err != nil {
		return nil, fmt.Errorf("quality: %w: %v", ErrInvalidSuite, err)
	}
	if s.Name == "" {
		return nil, fmt.Errorf("quality: %w: no \"name\" (GX 1.x) or \"expectation_suite_name\" (GX 0.x)", ErrInvalidSuite)
	}
	if s.ID, err = firstString(raw, "id", "ge_cloud_id"); err != nil {
		return nil, fmt.Errorf("quality: %w: %v", ErrInvalidSuite, err)
	}
	if s.Notes, err = notes(raw["notes"]); err != nil {
		return nil, fmt.Errorf("quality: %w: notes: %v", ErrInvalidSuite, err)
	}
	if m, ok := raw["meta"]; ok {
		if err := decodeMap(m, &s.Meta); err != nil {
			return nil, fmt.Errorf("quality: %w: meta: %v", ErrInvalidSuite, err)
		}
	}
	for _, key := range []string{"suite_parameters", "evaluation_parameters"} {
		var p map[string]any
		if v, ok := raw[key]; ok && decodeMap(v, &p) == nil && len(p) > 0 {
			return nil, fmt.Errorf("quality: %w: %s are not supported; put the values in the kwargs", ErrInvalidSuite, key)
		}
	}
	var exps []json.RawMessage
	if v, ok := raw["expectations"]; ok {
		if err := decodeJSON(v, &exps); err != nil {
			return nil, fmt.Errorf("quality: %w: expectations must be an array: %v", ErrInvalidSuite, err)
		}
	}
	var errs []error
	for i, r := range exps {
		e, err := parseExpectation(r)
		if err == nil {
			_, err = compile(e)
		}
		if err != nil {
			errs = append(errs, &ExpectationError{Index: i, Type: e.Type, Err: err})
			continue
		}
		s.Expectations = append(s.Expectations, e)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// expectationKeys are the non-kwarg keys of a 1.x expectation object; any
// other key is an inline kwarg.
var expectationKeys = map[string]bool{
	"type": true, "expectation_type": true, "kwargs": true, "meta": true, "id": true,
	"ge_cloud_id": true, "severity": true, "notes": true, "description": true,
	"rendered_content": true, "expectation_context": true,
}

func parseExpectation(data []byte) (Expectation, error) {
	var e Expectation
	var raw map[string]json.RawMessage
	if err := decodeJSON(data, &raw); err != nil {
		return e, fmt.Errorf("%w: expectation must be an object: %v", ErrInvalidSuite, err)
	}
	var err error
	if e.Type, err = firstString(raw, "type", "expectation_type"); err != nil {
		return e, fmt.Errorf("%w: %v", ErrInvalidSuite, err)
	}
	if e.Type == "" {
		return e, fmt.Errorf("%w: no \"type\" (GX 1.x) or \"expectation_type\" (GX 0.x)", ErrInvalidSuite)
	}
	if e.ID, err = firstString(raw, "id", "ge_cloud_id"); err != nil {
		return e, fmt.Errorf("%w: %v", ErrInvalidSuite, err)
	}
	if e.Description, err = firstString(raw, "description"); err != nil {
		return e, fmt.Errorf("%w: %v", ErrInvalidSuite, err)
	}
	if v, ok := raw["meta"]; ok {
		if err := decodeMap(v, &e.Meta); err != nil {
			return e, fmt.Errorf("%w: meta: %v", ErrInvalidSuite, err)
		}
	}
	e.Kwargs = map[string]any{}
	if v, ok := raw["kwargs"]; ok {
		if err := decodeMap(v, &e.Kwargs); err != nil {
			return e, fmt.Errorf("%w: kwargs: %v", ErrInvalidSuite, err)
		}
	}
	for k, v := range raw {
		if expectationKeys[k] {
			continue
		}
		if _, dup := e.Kwargs[k]; dup {
			return e, kwargErr(k, "given both inline and under \"kwargs\"")
		}
		var x any
		if err := decodeJSON(v, &x); err != nil {
			return e, kwargErr(k, "%v", err)
		}
		e.Kwargs[k] = x
	}
	if e.Kwargs, err = normalizeKwargs(e.Kwargs); err != nil {
		return e, err
	}
	for k, v := range e.Kwargs {
		if v == nil {
			delete(e.Kwargs, k) // GX reads null and absent alike
		}
	}
	sev, _ := firstString(raw, "severity")
	if sev == "" {
		if ms, ok := e.Meta["severity"].(string); ok {
			sev = ms
		}
	}
	if sev != "" {
		if e.Severity, err = ParseSeverity(sev); err != nil {
			return e, err
		}
	}
	if e.Meta != nil {
		delete(e.Meta, "severity") // carried by Severity, written back on marshal
		if len(e.Meta) == 0 {
			e.Meta = nil
		}
	}
	return e, nil
}

// MarshalJSON writes the suite in GX 1.x format; severity goes to each
// expectation's meta.severity, which GX keeps as free-form metadata.
func (s Suite) MarshalJSON() ([]byte, error) {
	var w objWriter
	w.field("name", s.Name)
	if s.ID != "" {
		w.field("id", s.ID)
	}
	exps := s.Expectations
	if exps == nil {
		exps = []Expectation{}
	}
	w.field("expectations", exps)
	meta := maps.Clone(s.Meta)
	if meta == nil {
		meta = map[string]any{}
	}
	w.field("meta", meta)
	if s.Notes != "" {
		w.field("notes", s.Notes)
	}
	return w.bytes()
}

// UnmarshalJSON reads a GX 0.x or 1.x suite document, like ParseSuite.
func (s *Suite) UnmarshalJSON(data []byte) error {
	parsed, err := ParseSuite(data)
	if err != nil {
		return err
	}
	*s = *parsed
	return nil
}

func decodeJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data after JSON value")
	}
	return nil
}

func decodeMap(data []byte, dst *map[string]any) error {
	var m map[string]any
	if err := decodeJSON(data, &m); err != nil {
		return err
	}
	n, err := normalize(m)
	if err != nil {
		return err
	}
	if n != nil {
		*dst = n.(map[string]any)
	}
	return nil
}

// firstString returns the first present key's string value ("" if none;
// JSON null counts as absent).
func firstString(raw map[string]json.RawMessage, keys ...string) (string, error) {
	for _, k := range keys {
		v, ok := raw[k]
		if !ok || string(v) == "null" {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", fmt.Errorf("%q must be a string", k)
		}
		return s, nil
	}
	return "", nil
}

// notes accepts GX's notes: a string or a list of strings.
func notes(v json.RawMessage) (string, error) {
	if v == nil || string(v) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, nil
	}
	var l []string
	if err := json.Unmarshal(v, &l); err != nil {
		return "", err
	}
	return fmt.Sprint(l), nil
}
