package openf1test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// csvTable is a CSV file split into its header and rows.
type csvTable struct {
	header []string
	rows   [][]string
	bad    []string // lines that could not be read, with the reason
}

var pandasIndexRe = regexp.MustCompile(`^(|Unnamed: \d+)$`)

// readCSV reads a CSV export (pandas or the API's csv=true). A leading
// unnamed column — pandas' index — is dropped.
func readCSV(data []byte) (csvTable, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return csvTable{}, fmt.Errorf("reading CSV header: %w", err)
	}
	t := csvTable{header: header}
	drop := 0
	if len(header) > 1 && pandasIndexRe.MatchString(header[0]) {
		drop = 1
		t.header = header[1:]
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.bad = append(t.bad, pe.Error())
				continue
			}
			return csvTable{}, err
		}
		if len(rec) != len(header) {
			line, _ := r.FieldPos(0)
			t.bad = append(t.bad, fmt.Sprintf("line %d: %d fields, header has %d", line, len(rec), len(header)))
			continue
		}
		t.rows = append(t.rows, rec[drop:])
	}
	return t, nil
}

// csvRecords turns CSV rows back into JSON records of endpoint ep, typing
// each cell by the endpoint's field kind: empty → null; ints written as
// floats by pandas ("1.0") → ints; True/False → booleans; Python list reprs
// ("[2049, None]") → arrays; datetimes stay strings as written. Known fields
// come in the endpoint's field order, other columns after them in CSV
// order. mismatches counts cells that did not fit their field's kind (they
// are kept, typed as well as possible).
func csvRecords(t csvTable, ep openf1.Endpoint) (recs []json.RawMessage, mismatches int) {
	info, _ := openf1.LookupEndpoint(ep)
	type col struct {
		idx  int
		name string
		kind openf1.FieldKind // 0 for columns the endpoint does not have
	}
	var cols []col
	for _, f := range info.Fields {
		for i, h := range t.header {
			if h == f.Name {
				cols = append(cols, col{i, h, f.Kind})
				break
			}
		}
	}
	for i, h := range t.header {
		if _, ok := info.Field(h); !ok {
			cols = append(cols, col{idx: i, name: h})
		}
	}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i] = appendJSONString(nil, c.name)
	}
	var buf []byte // records share it; each is a full slice of its own part
	for _, rec := range t.rows {
		start := len(buf)
		buf = append(buf, '{')
		for i, c := range cols {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(append(buf, keys[i]...), ':')
			var ok bool
			buf, ok = appendCell(buf, rec[c.idx], c.kind)
			if !ok {
				mismatches++
			}
		}
		buf = append(buf, '}')
		recs = append(recs, json.RawMessage(buf[start:len(buf):len(buf)]))
	}
	return recs, mismatches
}

// appendCell appends one CSV cell as JSON for a field of kind k.
func appendCell(b []byte, cell string, k openf1.FieldKind) ([]byte, bool) {
	if cell == "" {
		return append(b, "null"...), true
	}
	switch k {
	case openf1.KindString, openf1.KindTime:
		return appendJSONString(b, cell), true
	}
	v, ok := cellJSON(cell, k)
	return append(b, v...), ok
}

// cellJSON converts one CSV cell to JSON for a field of kind k (0: unknown
// field, typed by its look). ok is false when the cell does not fit k.
func cellJSON(cell string, k openf1.FieldKind) (v []byte, ok bool) {
	if cell == "" {
		return []byte("null"), true
	}
	str := func() []byte { return appendJSONString(nil, cell) }
	switch k {
	case openf1.KindString, openf1.KindTime:
		return str(), true
	case openf1.KindInt:
		if f, isNum := pyFloat(cell); isNum {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return []byte(strconv.FormatInt(int64(f), 10)), true
			}
			return numberJSON(cell, f), false
		}
		return str(), false
	case openf1.KindFloat:
		if f, isNum := pyFloat(cell); isNum {
			return numberJSON(cell, f), true
		}
		return str(), false
	case openf1.KindBool:
		switch cell {
		case "True", "true", "1", "1.0":
			return []byte("true"), true
		case "False", "false", "0", "0.0":
			return []byte("false"), true
		}
		return str(), false
	case openf1.KindIntList:
		if strings.HasPrefix(cell, "[") {
			if v, err := pyLiteralJSON(cell); err == nil {
				return v, true
			}
		}
		return str(), false
	}
	// Unions and unknown columns: whatever the cell looks like.
	if strings.HasPrefix(cell, "[") || strings.HasPrefix(cell, "{") {
		if v, err := pyLiteralJSON(cell); err == nil {
			return v, true
		}
		return str(), true
	}
	if f, isNum := pyFloat(cell); isNum {
		return numberJSON(cell, f), true
	}
	if k == 0 {
		switch cell {
		case "True":
			return []byte("true"), true
		case "False":
			return []byte("false"), true
		}
	}
	return str(), true
}

// numberJSON writes a number keeping the cell's digits when they are valid
// JSON; NaN and infinities become null.
func numberJSON(cell string, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null")
	}
	if json.Valid([]byte(cell)) && !strings.ContainsAny(cell, "_ +") {
		return []byte(cell)
	}
	return []byte(strconv.FormatFloat(f, 'g', -1, 64))
}

// pyLiteralJSON converts a Python literal as repr() writes it — lists,
// tuples, dicts, None, True/False, numbers, nan/inf, quoted strings — to JSON.
func pyLiteralJSON(s string) ([]byte, error) {
	p := pyParser{s: s}
	var b bytes.Buffer
	if err := p.value(&b); err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("trailing text at %d", p.i)
	}
	return b.Bytes(), nil
}

type pyParser struct {
	s string
	i int
}

func (p *pyParser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *pyParser) value(b *bytes.Buffer) error {
	p.ws()
	if p.i >= len(p.s) {
		return errors.New("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '[' || c == '(':
		closing := map[byte]byte{'[': ']', '(': ')'}[c]
		p.i++
		b.WriteByte('[')
		for n := 0; ; n++ {
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == closing {
				p.i++
				b.WriteByte(']')
				return nil
			}
			if n > 0 {
				if p.i >= len(p.s) || p.s[p.i] != ',' {
					return fmt.Errorf("expected , at %d", p.i)
				}
				p.i++
				p.ws()
				if p.i < len(p.s) && p.s[p.i] == closing { // trailing comma
					continue
				}
				b.WriteByte(',')
			}
			if err := p.value(b); err != nil {
				return err
			}
		}
	case c == '{':
		p.i++
		b.WriteByte('{')
		for n := 0; ; n++ {
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				b.WriteByte('}')
				return nil
			}
			if n > 0 {
				if p.i >= len(p.s) || p.s[p.i] != ',' {
					return fmt.Errorf("expected , at %d", p.i)
				}
				p.i++
				b.WriteByte(',')
			}
			p.ws()
			if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
				return fmt.Errorf("expected a string key at %d", p.i)
			}
			if err := p.value(b); err != nil {
				return err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return fmt.Errorf("expected : at %d", p.i)
			}
			p.i++
			b.WriteByte(':')
			if err := p.value(b); err != nil {
				return err
			}
		}
	case c == '\'' || c == '"':
		s, err := p.str(c)
		if err != nil {
			return err
		}
		b.Write(appendJSONString(nil, s))
		return nil
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(",])}: \t\n", rune(p.s[p.i])) {
		p.i++
	}
	word := p.s[start:p.i]
	switch word {
	case "None", "nan", "NaN", "inf", "-inf":
		b.WriteString("null")
	case "True":
		b.WriteString("true")
	case "False":
		b.WriteString("false")
	default:
		f, ok := pyFloat(word)
		if !ok {
			return fmt.Errorf("unexpected %q", word)
		}
		b.Write(numberJSON(word, f))
	}
	return nil
}

// str reads a quoted Python string with its common escapes.
func (p *pyParser) str(quote byte) (string, error) {
	p.i++
	var sb strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == quote:
			p.i++
			return sb.String(), nil
		case c == '\\' && p.i+1 < len(p.s):
			p.i++
			switch e := p.s[p.i]; e {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			case 'r':
				sb.WriteByte('\r')
			case 'x':
				if p.i+2 < len(p.s) {
					if n, err := strconv.ParseUint(p.s[p.i+1:p.i+3], 16, 8); err == nil {
						sb.WriteRune(rune(n))
						p.i += 2
						break
					}
				}
				sb.WriteByte(e)
			default:
				sb.WriteByte(e)
			}
			p.i++
		default:
			sb.WriteByte(c)
			p.i++
		}
	}
	return "", errors.New("unterminated string")
}

// appendJSONString appends s as a JSON string, escaping only what JSON
// requires (non-ASCII and HTML characters stay as they are, as the API
// writes them).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
