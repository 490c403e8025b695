package silver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Union fields (bronze keeps them as raw JSON text) take these shapes:
//
//	gap_to_leader, interval (intervals):   number | "+N LAP(S)" | null
//	duration (session_result):             number | [Q1, Q2, Q3] | null
//	gap_to_leader (session_result):        number | "+N LAP(S)" | [Q1, Q2, Q3] | null
//
// unionValue is the parsed form.
type unionValue struct {
	kind    unionKind
	seconds float64    // unionNumber
	laps    int32      // unionLaps
	phases  []*float64 // unionArray: one entry per element, nil for null
}

type unionKind uint8

const (
	unionNull unionKind = iota
	unionNumber
	unionLaps
	unionArray
)

var lapsBehindRE = regexp.MustCompile(`^\+?\s*(\d+)\s*LAPS?$`)

// parseUnion parses a union field's raw JSON text. present is false for a
// SQL null (the field was absent or null in the API row).
func parseUnion(raw string, present bool) (unionValue, error) {
	if !present {
		return unionValue{}, nil
	}
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "null" || raw == "":
		return unionValue{}, nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal([]byte(raw), &s); err != nil {
			return unionValue{}, fmt.Errorf("not valid JSON: %s", raw)
		}
		return parseUnionString(s)
	case raw[0] == '[':
		var elems []json.RawMessage
		if err := json.Unmarshal([]byte(raw), &elems); err != nil {
			return unionValue{}, fmt.Errorf("not valid JSON: %s", raw)
		}
		if len(elems) == 0 || len(elems) > 3 {
			return unionValue{}, fmt.Errorf("array of %d elements, want 1 to 3 (Q1, Q2, Q3): %s", len(elems), raw)
		}
		v := unionValue{kind: unionArray}
		for _, e := range elems {
			if bytes.Equal(bytes.TrimSpace(e), []byte("null")) {
				v.phases = append(v.phases, nil)
				continue
			}
			f, err := strconv.ParseFloat(string(bytes.TrimSpace(e)), 64)
			if err != nil {
				return unionValue{}, fmt.Errorf("array element %s is not a number: %s", e, raw)
			}
			v.phases = append(v.phases, &f)
		}
		return v, nil
	default:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return unionValue{}, fmt.Errorf("not a number, string, array or null: %s", raw)
		}
		return unionValue{kind: unionNumber, seconds: f}, nil
	}
}

// parseUnionString reads "+1 LAP", "+2 LAPS" (any case) as laps behind; a
// number sent as text ("+1.234") as seconds.
func parseUnionString(s string) (unionValue, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if m := lapsBehindRE.FindStringSubmatch(t); m != nil {
		n, err := strconv.ParseInt(m[1], 10, 32)
		if err == nil {
			return unionValue{kind: unionLaps, laps: int32(n)}, nil
		}
	}
	if f, err := strconv.ParseFloat(strings.TrimPrefix(t, "+"), 64); err == nil {
		return unionValue{kind: unionNumber, seconds: f}, nil
	}
	return unionValue{}, fmt.Errorf("unrecognised text %q (want a number or \"+N LAP(S)\")", s)
}

// gapSeconds splits a gap for the intervals table: seconds (rounded to the
// millisecond) and laps behind. A number is 0 laps behind; "+N LAPS" has
// no seconds.
func (v unionValue) gapSeconds() (nullable[float64], nullable[int32], error) {
	switch v.kind {
	case unionNull:
		return nullable[float64]{}, nullable[int32]{}, nil
	case unionNumber:
		return some(roundMS(v.seconds)), some(int32(0)), nil
	case unionLaps:
		return nullable[float64]{}, some(v.laps), nil
	}
	return nullable[float64]{}, nullable[int32]{}, fmt.Errorf("an array is not a gap")
}

// gapMS is gapSeconds in integer milliseconds.
func (v unionValue) gapMS() (nullable[int64], nullable[int32], error) {
	s, laps, err := v.gapSeconds()
	if err != nil || !s.Valid {
		return nullable[int64]{}, laps, err
	}
	ms, ok := secondsToMS(s.V)
	if !ok {
		return nullable[int64]{}, laps, fmt.Errorf("%v seconds does not fit integer milliseconds", s.V)
	}
	return some(ms), laps, nil
}

// phaseMS returns the qualifying phase i (0-based) in milliseconds.
func (v unionValue) phaseMS(i int) (nullable[int64], error) {
	if v.kind != unionArray || i >= len(v.phases) || v.phases[i] == nil {
		return nullable[int64]{}, nil
	}
	ms, ok := secondsToMS(*v.phases[i])
	if !ok {
		return nullable[int64]{}, fmt.Errorf("%v seconds does not fit integer milliseconds", *v.phases[i])
	}
	return some(ms), nil
}
