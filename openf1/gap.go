package openf1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Gap is a time gap as the API sends it in intervals.gap_to_leader,
// intervals.interval and race session_result.gap_to_leader: a number of
// seconds, a string such as "+1 LAP" or "+2 LAPS" for a lapped car, or null.
// The zero value is an absent field. A Gap re-encodes to the JSON it was
// decoded from (numbers keep their digits, strings their text).
type Gap struct {
	kind    gapKind
	seconds float64
	num     string // the number's JSON text when decoded, for exact re-encoding
	text    string
}

type gapKind uint8

const (
	gapAbsent gapKind = iota
	gapNull
	gapSeconds
	gapText
)

// GapSeconds returns a Gap of s seconds.
func GapSeconds(s float64) Gap { return Gap{kind: gapSeconds, seconds: s} }

// GapLaps returns a Gap of n laps, written like the API ("+1 LAP", "+3 LAPS").
func GapLaps(n int) Gap {
	if n == 1 {
		return Gap{kind: gapText, text: "+1 LAP"}
	}
	return Gap{kind: gapText, text: "+" + strconv.Itoa(n) + " LAPS"}
}

// GapText returns a Gap holding a string the API sent verbatim.
func GapText(s string) Gap { return Gap{kind: gapText, text: s} }

// GapNull returns a Gap that encodes as JSON null.
func GapNull() Gap { return Gap{kind: gapNull} }

// IsZero reports whether the field is absent (used by omitzero).
func (g Gap) IsZero() bool { return g.kind == gapAbsent }

// IsNull reports whether the gap was JSON null.
func (g Gap) IsNull() bool { return g.kind == gapNull }

// Seconds returns the gap in seconds when it is numeric.
func (g Gap) Seconds() (float64, bool) { return g.seconds, g.kind == gapSeconds }

// Text returns the gap's string form when the API sent a string.
func (g Gap) Text() (string, bool) { return g.text, g.kind == gapText }

// LapsBehind returns N for a "+N LAP"/"+N LAPS" string.
func (g Gap) LapsBehind() (int, bool) {
	if g.kind != gapText {
		return 0, false
	}
	s := strings.TrimSpace(g.text)
	s = strings.TrimPrefix(s, "+")
	f := strings.Fields(s)
	if len(f) != 2 || (f[1] != "LAP" && f[1] != "LAPS") {
		return 0, false
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, false
	}
	return n, true
}

// String returns the gap as the API wrote it ("" when absent, "null" when null).
func (g Gap) String() string {
	switch g.kind {
	case gapNull:
		return "null"
	case gapSeconds:
		if g.num != "" {
			return g.num
		}
		return strconv.FormatFloat(g.seconds, 'f', -1, 64)
	case gapText:
		return g.text
	}
	return ""
}

// MarshalJSON encodes the gap as a number, string or null.
func (g Gap) MarshalJSON() ([]byte, error) {
	switch g.kind {
	case gapSeconds:
		if g.num != "" {
			return []byte(g.num), nil
		}
		return strconv.AppendFloat(nil, g.seconds, 'f', -1, 64), nil
	case gapText:
		return json.Marshal(g.text)
	}
	return []byte("null"), nil
}

// UnmarshalJSON decodes a number, a string or null.
func (g *Gap) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("openf1: empty gap value")
	case string(b) == "null":
		*g = Gap{kind: gapNull}
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("openf1: gap: %w", err)
		}
		*g = Gap{kind: gapText, text: s}
	default:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("openf1: gap must be a number, string or null, got %.40s", b)
		}
		*g = Gap{kind: gapSeconds, seconds: f, num: string(b)}
	}
	return nil
}

// ResultTime is session_result's duration or gap_to_leader: one Gap for
// practice, sprint and race sessions, or an array [Q1, Q2, Q3] of Gaps (nulls
// for phases a driver did not reach) for qualifying. The zero value is absent.
type ResultTime struct {
	single Gap
	phases []Gap
	array  bool
}

// ResultSingle returns a ResultTime holding one value.
func ResultSingle(g Gap) ResultTime { return ResultTime{single: g} }

// ResultPhases returns a ResultTime holding qualifying phases (Q1, Q2, Q3).
func ResultPhases(phases ...Gap) ResultTime {
	return ResultTime{phases: phases, array: true}
}

// IsZero reports whether the field is absent (used by omitzero).
func (r ResultTime) IsZero() bool { return !r.array && r.single.IsZero() }

// IsPhases reports whether the value is a qualifying array.
func (r ResultTime) IsPhases() bool { return r.array }

// Single returns the non-array value (a zero Gap for arrays).
func (r ResultTime) Single() Gap { return r.single }

// Phases returns the qualifying array (nil when not an array). Index 0 is Q1.
func (r ResultTime) Phases() []Gap { return r.phases }

// MarshalJSON encodes the value or the array.
func (r ResultTime) MarshalJSON() ([]byte, error) {
	if !r.array {
		return r.single.MarshalJSON()
	}
	b := []byte{'['}
	for i, p := range r.phases {
		if i > 0 {
			b = append(b, ',')
		}
		pb, err := p.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, pb...)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON decodes a number, string, null or array of those.
func (r *ResultTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return fmt.Errorf("openf1: result time array: %w", err)
		}
		ph := make([]Gap, len(raw))
		for i, e := range raw {
			if err := ph[i].UnmarshalJSON(e); err != nil {
				return err
			}
		}
		*r = ResultTime{phases: ph, array: true}
		return nil
	}
	var g Gap
	if err := g.UnmarshalJSON(b); err != nil {
		return err
	}
	*r = ResultTime{single: g}
	return nil
}
