package openf1test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// writeCSV renders rows the way the server's csv.py does (API.md §1.2): a
// header with the sorted union of all keys, then one line per record with
// every value formatted by Python's str(): None → empty cell, True/False,
// lists and dicts as Python repr, datetimes with a space separator. Lines
// end in CRLF and fields are quoted only when needed (csv.QUOTE_MINIMAL).
func writeCSV(w io.Writer, rows []row, kinds fieldKinds) error {
	var cols []string
	seen := map[string]bool{}
	cells := make([]map[string]string, len(rows))
	for i, r := range rows {
		m := map[string]string{}
		err := eachField(r.raw, func(k, v []byte) bool {
			name := decodeKey(k)
			if _, dup := m[name]; !dup {
				m[name] = pyStr(name, v, kinds)
			}
			if !seen[name] {
				seen[name] = true
				cols = append(cols, name)
			}
			return true
		})
		if err != nil {
			return err
		}
		cells[i] = m
	}
	slices.Sort(cols)
	var b strings.Builder
	writeCSVLine(&b, cols)
	line := make([]string, len(cols))
	for _, m := range cells {
		for j, c := range cols {
			line[j] = m[c]
		}
		writeCSVLine(&b, line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeCSVLine(b *strings.Builder, fields []string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(f, ",\"\r\n") || (len(fields) == 1 && f == "") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
			continue
		}
		b.WriteString(f)
	}
	b.WriteString("\r\n")
}

// pyStr formats a record value as Python's str() would after the server
// loaded it from MongoDB (datetime fields are datetime objects there).
func pyStr(field string, v []byte, kinds fieldKinds) string {
	switch kindOf(v) {
	case jsonNull, jsonMissing:
		return ""
	case jsonString:
		s, _ := decodeString(v)
		if kinds.isTime(field, s) {
			if t, ok := parseRecordTime(s); ok {
				return pyDatetime(t)
			}
		}
		return s
	}
	return pyRepr(v)
}

// pyDatetime formats an aware UTC datetime like Python's str(datetime).
func pyDatetime(t time.Time) string {
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.000000") + "+00:00"
	}
	return t.Format("2006-01-02 15:04:05") + "+00:00"
}

// pyRepr formats a raw JSON value like Python's repr() of the value
// json.loads returns.
func pyRepr(v []byte) string {
	switch kindOf(v) {
	case jsonNull, jsonMissing:
		return "None"
	case jsonBool:
		if v[0] == 't' {
			return "True"
		}
		return "False"
	case jsonNumber:
		n, ok := parseNumber(v)
		switch {
		case !ok:
			return string(v)
		case n.isInt:
			return strconv.FormatInt(n.i, 10)
		}
		return pyFloatRepr(n.f)
	case jsonString:
		s, _ := decodeString(v)
		return pyStrRepr(s)
	case jsonArray:
		var elems []json.RawMessage
		if err := json.Unmarshal(v, &elems); err != nil {
			return string(v)
		}
		parts := make([]string, len(elems))
		for i, e := range elems {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case jsonObject:
		var parts []string
		_ = eachField(v, func(k, val []byte) bool {
			parts = append(parts, pyStrRepr(decodeKey(k))+": "+pyRepr(val))
			return true
		})
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return string(v)
}

// pyFloatRepr formats f like Python's repr(float): the shortest digits that
// round-trip, always with a decimal point or exponent, switching to
// exponent notation below 1e-4 and from 1e16.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// pyStrRepr quotes s like Python's repr(str).
func pyStrRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}
