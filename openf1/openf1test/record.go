package openf1test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// errBadRecord reports a record that is not a well-formed JSON object.
var errBadRecord = errors.New("openf1test: record is not a JSON object")

// eachField calls fn for every top-level member of the JSON object raw, in
// document order, with the member's key (still JSON-escaped, without quotes)
// and its raw value. fn returns false to stop early. eachField checks the
// object's structure but does not validate scalar values in depth; it never
// reads out of bounds, whatever the input.
func eachField(raw []byte, fn func(key, val []byte) bool) error {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return errBadRecord
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return trailing(raw, i+1)
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return errBadRecord
		}
		end, ok := scanString(raw, i)
		if !ok {
			return errBadRecord
		}
		key := raw[i+1 : end-1]
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return errBadRecord
		}
		i = skipWS(raw, i+1)
		vend, ok := scanValue(raw, i)
		if !ok {
			return errBadRecord
		}
		if !fn(key, raw[i:vend]) {
			return nil
		}
		i = skipWS(raw, vend)
		if i >= len(raw) {
			return errBadRecord
		}
		switch raw[i] {
		case ',':
			i = skipWS(raw, i+1)
		case '}':
			return trailing(raw, i+1)
		default:
			return errBadRecord
		}
	}
}

func trailing(raw []byte, i int) error {
	if skipWS(raw, i) != len(raw) {
		return errBadRecord
	}
	return nil
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// scanString returns the index just past the JSON string starting at b[i] == '"'.
func scanString(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

// scanValue returns the index just past the JSON value starting at b[i].
func scanValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch c := b[i]; {
	case c == '"':
		return scanString(b, i)
	case c == '{' || c == '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, ok := scanString(b, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(b[i:], []byte(lit)) {
				return i + len(lit), true
			}
		}
		return 0, false
	case c == '-' || (c >= '0' && c <= '9'):
		j := i + 1
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '+' || b[j] == '-') {
			j++
		}
		return j, true
	}
	return 0, false
}

// jsonKind classifies a raw JSON value by its first byte.
type jsonKind uint8

const (
	jsonMissing jsonKind = iota
	jsonNull
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

func kindOf(v []byte) jsonKind {
	if len(v) == 0 {
		return jsonMissing
	}
	switch v[0] {
	case 'n':
		return jsonNull
	case 't', 'f':
		return jsonBool
	case '"':
		return jsonString
	case '[':
		return jsonArray
	case '{':
		return jsonObject
	}
	return jsonNumber
}

// decodeString returns the text of the raw JSON string v.
func decodeString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return s, true
}

// decodeKey returns the text of a raw (escaped, unquoted) object key.
func decodeKey(k []byte) string {
	if bytes.IndexByte(k, '\\') < 0 {
		return string(k)
	}
	q := make([]byte, 0, len(k)+2)
	q = append(append(append(q, '"'), k...), '"')
	s, ok := decodeString(q)
	if !ok {
		return string(k)
	}
	return s
}

// keyIs reports whether the raw key k spells name.
func keyIs(k []byte, name string) bool {
	if string(k) == name {
		return true
	}
	return bytes.IndexByte(k, '\\') >= 0 && decodeKey(k) == name
}

// number is a parsed JSON number: an exact integer when isInt, else a float.
type number struct {
	i     int64
	f     float64
	isInt bool
}

func parseNumber(v []byte) (number, bool) {
	s := string(v)
	if bytes.IndexAny(v, ".eE") < 0 {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return number{i: i, f: float64(i), isInt: true}, true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return number{}, false
	}
	return number{f: f}, true
}

// cmpNumber compares two numbers the way MongoDB does (exactly for integers).
func cmpNumber(a, b number) int {
	if a.isInt && b.isInt {
		return cmpOrdered(a.i, b.i)
	}
	return cmpOrdered(a.f, b.f)
}

func cmpOrdered[T int64 | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseRecordTime parses a datetime field value the way the API stores it:
// as a BSON date, i.e. UTC at millisecond precision.
func parseRecordTime(s string) (time.Time, bool) {
	t, err := openf1.ParseTime(s)
	if err != nil {
		return time.Time{}, false
	}
	return bsonTime(t.Time), true
}

// bsonTime truncates t to the millisecond, as storing it in MongoDB does.
func bsonTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Millisecond)
}

// fieldKinds maps an endpoint's field names to their kinds.
type fieldKinds map[string]openf1.FieldKind

func kindsOf(ep openf1.Endpoint) fieldKinds {
	info, ok := openf1.LookupEndpoint(ep)
	if !ok {
		return nil
	}
	m := make(fieldKinds, len(info.Fields))
	for _, f := range info.Fields {
		m[f.Name] = f.Kind
	}
	return m
}

// isTime reports whether values of field are datetimes. Fields the registry
// does not know are datetimes when their value parses as one.
func (k fieldKinds) isTime(field string, s string) bool {
	if kind, ok := k[field]; ok {
		return kind == openf1.KindTime
	}
	if len(s) < 19 || s[4] != '-' || s[7] != '-' {
		return false
	}
	_, err := openf1.ParseTime(s)
	return err == nil
}

// recordError wraps a malformed record with where it came from.
func recordError(ep openf1.Endpoint, n int, err error) error {
	return fmt.Errorf("openf1test: %s record %d: %w", ep, n, err)
}
