package openf1

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// This file holds the reflection-free JSON codec shared by the 18 record
// types. Each record type declares a table of field codecs (see laps.go);
// the table decodes an object in one pass over its bytes, keeps unknown
// fields in Extra, tells absent from null, and re-encodes the same JSON value.

// intForms marks, per field index of a record codec, the integer fields that
// were written as integral floats ("2.0"), so they re-encode the same way.
type intForms uint64

// fieldCodec decodes and encodes one JSON field of record type M.
type fieldCodec[M any] struct {
	name     string
	required bool // plain (non-Nullable) Go field: null or absence is an error
	decode   func(m *M, d *decoder) error
	encode   func(m *M, w *encoder) // writes the field (key included) when present
}

// recordCodec is the codec of one record type.
type recordCodec[M any] struct {
	endpoint Endpoint
	fields   []fieldCodec[M]
	index    map[string]int
	required uint64 // bit i set: fields[i] is required
	extra    func(*M) *map[string]json.RawMessage
	forms    func(*M) *intForms
}

func newRecordCodec[M any](ep Endpoint, extra func(*M) *map[string]json.RawMessage,
	forms func(*M) *intForms, fields ...fieldCodec[M]) *recordCodec[M] {
	if len(fields) > 64 {
		panic("openf1: too many fields in record codec") // programming error, caught by tests
	}
	c := &recordCodec[M]{endpoint: ep, fields: fields, index: make(map[string]int, len(fields)),
		extra: extra, forms: forms}
	for i, f := range fields {
		c.index[f.name] = i
		if f.required {
			c.required |= 1 << uint(i)
		}
	}
	return c
}

// known reports whether name is one of the record's typed fields.
func (c *recordCodec[M]) known(name string) bool {
	_, ok := c.index[name]
	return ok
}

// decode fills m from one JSON object. m is reset first. Errors are
// *DecodeError with Row -1 (the caller sets the row).
func (c *recordCodec[M]) decode(b []byte, m *M) error {
	return c.decodeWith(&decoder{}, b, m)
}

// decodeWith is decode with a caller-provided decoder, reused across the
// records of a stream (the field codecs take it by pointer, so a fresh one
// per record would be a heap allocation per record).
func (c *recordCodec[M]) decodeWith(d *decoder, b []byte, m *M) error {
	var zero M
	*m = zero
	d.b, d.i, d.intFloat = b, 0, false
	d.ws()
	if !d.consume('{') {
		return c.errf("", d.i, "record is not a JSON object (starts with %s)", d.peekDesc())
	}
	var seen uint64
	var forms intForms
	first := true
	pos := 0 // position of the key in the object
	for {
		d.ws()
		if d.consume('}') {
			break
		}
		if !first {
			if !d.consume(',') {
				return c.errf("", d.i, "expected ',' or '}' in object, found %s", d.peekDesc())
			}
			d.ws()
		}
		first = false
		keyAt := d.i
		key, err := d.key()
		if err != nil {
			return c.wrap("", keyAt, err)
		}
		d.ws()
		if !d.consume(':') {
			return c.errf(string(key), d.i, "expected ':' after key, found %s", d.peekDesc())
		}
		d.ws()
		valAt := d.i
		i, ok := c.lookup(d, pos, key)
		pos++
		if !ok {
			raw, err := d.skip()
			if err != nil {
				return c.wrap(string(key), valAt, err)
			}
			ex := c.extra(m)
			if *ex == nil {
				*ex = make(map[string]json.RawMessage, 1)
			}
			(*ex)[string(key)] = compactCopy(raw)
			continue
		}
		f := &c.fields[i]
		if f.required && d.peekNull() {
			return c.errf(f.name, valAt, "null in a non-nullable field")
		}
		d.intFloat = false
		if err := f.decode(m, d); err != nil {
			return c.wrap(f.name, valAt, err)
		}
		seen |= 1 << uint(i)
		if d.intFloat {
			forms |= 1 << uint(i)
		} else {
			forms &^= 1 << uint(i)
		}
	}
	d.ws()
	if d.i != len(d.b) {
		return c.errf("", d.i, "unexpected data after the record: %s", d.peekDesc())
	}
	if missing := c.required &^ seen; missing != 0 {
		for i, f := range c.fields {
			if missing&(1<<uint(i)) != 0 {
				return c.errf(f.name, -1, "required field is missing")
			}
		}
	}
	*c.forms(m) = forms
	return nil
}

// lookup finds the field named key, the key-th of the object. Records of a
// response share their key order, so the field found at this position in
// the previous record is tried before the map.
func (c *recordCodec[M]) lookup(d *decoder, pos int, key []byte) (int, bool) {
	if pos < len(d.order) {
		if i := int(d.order[pos]); i >= 0 && i < len(c.fields) && c.fields[i].name == string(key) {
			return i, true
		}
	}
	i, ok := c.index[string(key)]
	if pos < 64 {
		for len(d.order) <= pos {
			d.order = append(d.order, -1)
		}
		if ok {
			d.order[pos] = int8(i)
		} else {
			d.order[pos] = -1
		}
	}
	return i, ok
}

// appendJSON appends m's JSON object to b: typed fields in declaration order
// (absent Nullable fields left out), then Extra in key order.
func (c *recordCodec[M]) appendJSON(b []byte, m *M) ([]byte, error) {
	w := encoder{b: append(b, '{')}
	forms := *c.forms(m)
	for i := range c.fields {
		w.intFloat = forms&(1<<uint(i)) != 0
		c.fields[i].encode(m, &w)
		if w.err != nil {
			return nil, fmt.Errorf("openf1: encode %s field %q: %w", c.endpoint, c.fields[i].name, w.err)
		}
	}
	if ex := *c.extra(m); len(ex) > 0 {
		keys := make([]string, 0, len(ex))
		for k := range ex {
			if !c.known(k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := ex[k]
			if !json.Valid(v) {
				return nil, fmt.Errorf("openf1: encode %s: Extra[%q] is not valid JSON", c.endpoint, k)
			}
			w.key(k)
			w.b = appendCompact(w.b, v)
		}
	}
	return append(w.b, '}'), nil
}

func (c *recordCodec[M]) marshal(m *M) ([]byte, error) {
	return c.appendJSON(make([]byte, 0, 256), m)
}

func (c *recordCodec[M]) errf(field string, off int, format string, args ...any) error {
	return &DecodeError{Endpoint: c.endpoint, Row: -1, Field: field, Offset: int64(off),
		Err: fmt.Errorf(format, args...)}
}

func (c *recordCodec[M]) wrap(field string, off int, err error) error {
	return &DecodeError{Endpoint: c.endpoint, Row: -1, Field: field, Offset: int64(off), Err: err}
}

// compactCopy returns a compact copy of a raw JSON value (the decode buffer is reused).
func compactCopy(raw []byte) json.RawMessage {
	return json.RawMessage(appendCompact(make([]byte, 0, len(raw)), raw))
}

// appendCompact appends raw with insignificant whitespace removed. raw must be valid JSON.
func appendCompact(b, raw []byte) []byte {
	in := false
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if in {
			b = append(b, ch)
			switch ch {
			case '\\':
				i++
				if i < len(raw) {
					b = append(b, raw[i])
				}
			case '"':
				in = false
			}
			continue
		}
		switch ch {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			in = true
		}
		b = append(b, ch)
	}
	return b
}

// ---- field codec constructors ----

// valueField is the codec of a field the API always sends with a value: a
// null or a missing key is a decode error, never a silent zero.
func valueField[M, T any](name string, get func(*M) *T, dec func(*decoder) (T, error), enc func(*encoder, T)) fieldCodec[M] {
	return fieldCodec[M]{name: name, required: true,
		decode: func(m *M, d *decoder) error {
			v, err := dec(d)
			*get(m) = v
			return err
		},
		encode: func(m *M, w *encoder) { w.key(name); enc(w, *get(m)) },
	}
}

// nullableField is the codec of a field the API may send as null or leave
// out; absent fields stay absent when encoding.
func nullableField[M, T any](name string, get func(*M) *Nullable[T], dec func(*decoder) (T, error), enc func(*encoder, T)) fieldCodec[M] {
	return fieldCodec[M]{name: name,
		decode: func(m *M, d *decoder) error {
			p := get(m)
			if d.null() {
				*p = Nullable[T]{Null: true}
				return nil
			}
			v, err := dec(d)
			*p = Nullable[T]{V: v, Valid: err == nil}
			return err
		},
		encode: func(m *M, w *encoder) {
			if n := get(m); n.Present() {
				w.key(name)
				if n.Valid {
					enc(w, n.V)
				} else {
					w.null()
				}
			}
		},
	}
}

func intField[M any](name string, get func(*M) *int) fieldCodec[M] {
	return valueField(name, get, (*decoder).int, (*encoder).int)
}

func nullIntField[M any](name string, get func(*M) *Nullable[int]) fieldCodec[M] {
	return nullableField(name, get, (*decoder).int, (*encoder).int)
}

func floatField[M any](name string, get func(*M) *float64) fieldCodec[M] {
	return valueField(name, get, (*decoder).float, (*encoder).float)
}

func nullFloatField[M any](name string, get func(*M) *Nullable[float64]) fieldCodec[M] {
	return nullableField(name, get, (*decoder).float, (*encoder).float)
}

func stringField[M any](name string, get func(*M) *string) fieldCodec[M] {
	return valueField(name, get, (*decoder).string, (*encoder).string)
}

func nullStringField[M any](name string, get func(*M) *Nullable[string]) fieldCodec[M] {
	return nullableField(name, get, (*decoder).string, (*encoder).string)
}

func boolField[M any](name string, get func(*M) *bool) fieldCodec[M] {
	return valueField(name, get, (*decoder).bool, (*encoder).bool)
}

func nullBoolField[M any](name string, get func(*M) *Nullable[bool]) fieldCodec[M] {
	return nullableField(name, get, (*decoder).bool, (*encoder).bool)
}

func timeField[M any](name string, get func(*M) *Time) fieldCodec[M] {
	return valueField(name, get, (*decoder).time, (*encoder).time)
}

func nullTimeField[M any](name string, get func(*M) *Nullable[Time]) fieldCodec[M] {
	return nullableField(name, get, (*decoder).time, (*encoder).time)
}

func segmentsField[M any](name string, get func(*M) *Nullable[Segments]) fieldCodec[M] {
	return fieldCodec[M]{name: name,
		decode: func(m *M, d *decoder) error {
			p := get(m)
			if d.null() {
				*p = Nullable[Segments]{Null: true}
				return nil
			}
			v, err := d.segments()
			*p = Nullable[Segments]{V: v, Valid: err == nil}
			return err
		},
		encode: func(m *M, w *encoder) {
			n := get(m)
			if !n.Present() {
				return
			}
			w.key(name)
			if !n.Valid {
				w.null()
				return
			}
			if n.V == nil {
				// A valid but nil slice is still an array: keep it one.
				w.b = append(w.b, '[', ']')
				return
			}
			w.b = append(w.b, '[')
			for i, s := range n.V {
				if i > 0 {
					w.b = append(w.b, ',')
				}
				if s.Valid {
					w.b = strconv.AppendInt(w.b, int64(s.V), 10)
				} else {
					w.null()
				}
			}
			w.b = append(w.b, ']')
		},
	}
}

func gapField[M any](name string, get func(*M) *Gap) fieldCodec[M] {
	return fieldCodec[M]{name: name,
		decode: func(m *M, d *decoder) error {
			raw, err := d.skip()
			if err != nil {
				return err
			}
			return get(m).UnmarshalJSON(raw)
		},
		encode: func(m *M, w *encoder) {
			g := get(m)
			if g.IsZero() {
				return
			}
			w.key(name)
			w.gap(*g)
		},
	}
}

func resultTimeField[M any](name string, get func(*M) *ResultTime) fieldCodec[M] {
	return fieldCodec[M]{name: name,
		decode: func(m *M, d *decoder) error {
			raw, err := d.skip()
			if err != nil {
				return err
			}
			return get(m).UnmarshalJSON(raw)
		},
		encode: func(m *M, w *encoder) {
			r := get(m)
			if r.IsZero() {
				return
			}
			w.key(name)
			if !r.IsPhases() {
				w.gap(r.Single())
				return
			}
			w.b = append(w.b, '[')
			for i, g := range r.Phases() {
				if i > 0 {
					w.b = append(w.b, ',')
				}
				w.gap(g)
			}
			w.b = append(w.b, ']')
		},
	}
}

// ---- decoder: a strict JSON lexer over one record's bytes ----

type decoder struct {
	b        []byte
	i        int
	intFloat bool // the last int() read an integral float such as 2.0
	scratch  []byte
	order    []int8 // field index seen at each key position of the previous record
}

var errUnexpectedEnd = errors.New("unexpected end of record")

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) peekDesc() string {
	if d.i >= len(d.b) {
		return "end of data"
	}
	end := min(d.i+12, len(d.b))
	return strconv.Quote(string(d.b[d.i:end]))
}

func (d *decoder) peekNull() bool {
	return len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null"
}

// null consumes a JSON null if one is next.
func (d *decoder) null() bool {
	if d.peekNull() {
		d.i += 4
		return true
	}
	return false
}

// key reads an object key. The returned bytes are valid until the next call.
func (d *decoder) key() ([]byte, error) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, fmt.Errorf("expected a string key, found %s", d.peekDesc())
	}
	return d.stringBytes()
}

// stringBytes reads a JSON string, unescaping it. Without escapes it returns
// a sub-slice of the input; otherwise a slice of d.scratch.
func (d *decoder) stringBytes() ([]byte, error) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, fmt.Errorf("expected a string, found %s", d.peekDesc())
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			if !utf8.Valid(d.b[start:j]) {
				return nil, errors.New("string is not valid UTF-8")
			}
			return d.b[start:j], nil
		case c == '\\':
			return d.unescape(start)
		case c < 0x20:
			return nil, fmt.Errorf("control character 0x%02x in string", c)
		}
	}
	return nil, errUnexpectedEnd
}

func (d *decoder) unescape(start int) ([]byte, error) {
	out := d.scratch[:0]
	j := start
	for j < len(d.b) {
		c := d.b[j]
		switch {
		case c == '"':
			d.i = j + 1
			d.scratch = out
			if !utf8.Valid(out) {
				return nil, errors.New("string is not valid UTF-8")
			}
			return out, nil
		case c < 0x20:
			return nil, fmt.Errorf("control character 0x%02x in string", c)
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(d.b) {
			return nil, errUnexpectedEnd
		}
		e := d.b[j+1]
		j += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n, err := decodeUEscape(d.b[j-2:])
			if err != nil {
				return nil, err
			}
			out = utf8.AppendRune(out, r)
			j += n - 2
		default:
			return nil, fmt.Errorf("invalid escape \\%c in string", e)
		}
	}
	return nil, errUnexpectedEnd
}

// decodeUEscape decodes \uXXXX (and a following low surrogate) at the start of b.
// It returns the rune and the number of bytes consumed.
func decodeUEscape(b []byte) (rune, int, error) {
	hex4 := func(p []byte) (rune, bool) {
		if len(p) < 4 {
			return 0, false
		}
		var r rune
		for _, c := range p[:4] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | rune(c-'0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	r, ok := hex4(b[2:])
	if !ok {
		return 0, 0, errors.New("invalid \\u escape in string")
	}
	if r >= 0xD800 && r < 0xDC00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if lo, ok := hex4(b[8:]); ok && lo >= 0xDC00 && lo < 0xE000 {
			return (r-0xD800)<<10 | (lo - 0xDC00) + 0x10000, 12, nil
		}
	}
	if r >= 0xD800 && r < 0xE000 {
		return utf8.RuneError, 6, nil
	}
	return r, 6, nil
}

func (d *decoder) string() (string, error) {
	b, err := d.stringBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// number scans a JSON number and reports whether it had a fraction or exponent.
func (d *decoder) number() (num []byte, isFloat bool, err error) {
	start := d.i
	j := d.i
	if j < len(d.b) && d.b[j] == '-' {
		j++
	}
	switch {
	case j < len(d.b) && d.b[j] == '0':
		j++
	case j < len(d.b) && d.b[j] >= '1' && d.b[j] <= '9':
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
	default:
		return nil, false, fmt.Errorf("expected a number, found %s", d.peekDesc())
	}
	if j < len(d.b) && d.b[j] == '.' {
		isFloat = true
		j++
		k := j
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
		if j == k {
			return nil, false, errors.New("malformed number: no digits after '.'")
		}
	}
	if j < len(d.b) && (d.b[j] == 'e' || d.b[j] == 'E') {
		isFloat = true
		j++
		if j < len(d.b) && (d.b[j] == '+' || d.b[j] == '-') {
			j++
		}
		k := j
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
		if j == k {
			return nil, false, errors.New("malformed number: no digits in exponent")
		}
	}
	d.i = j
	return d.b[start:j], isFloat, nil
}

// int reads an integer. An integral float written as digits, '.', zeros
// ("2.0") is accepted and flagged in d.intFloat so it re-encodes the same;
// anything else with a fraction or exponent is an error.
func (d *decoder) int() (int, error) {
	num, isFloat, err := d.number()
	if err != nil {
		return 0, err
	}
	digits := num
	if isFloat {
		dot := -1
		for k, c := range num {
			if c == 'e' || c == 'E' {
				return 0, fmt.Errorf("expected an integer, got %s", num)
			}
			if c == '.' {
				dot = k
			}
		}
		for _, c := range num[dot+1:] {
			if c != '0' {
				return 0, fmt.Errorf("expected an integer, got %s", num)
			}
		}
		digits = num[:dot]
		d.intFloat = true
	}
	signed := digits
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	if len(digits) > 18 { // may overflow: let strconv decide
		v, err := strconv.ParseInt(string(signed), 10, 64)
		if err != nil || v != int64(int(v)) {
			return 0, fmt.Errorf("integer %s is out of range", num)
		}
		return int(v), nil
	}
	v := 0
	for _, c := range digits {
		v = v*10 + int(c-'0')
	}
	if neg {
		v = -v
	}
	return v, nil
}

func (d *decoder) float() (float64, error) {
	num, _, err := d.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(string(num), 64)
	if err != nil {
		return 0, fmt.Errorf("number %s is out of range", num)
	}
	return v, nil
}

func (d *decoder) bool() (bool, error) {
	switch {
	case len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true":
		d.i += 4
		return true, nil
	case len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false":
		d.i += 5
		return false, nil
	}
	return false, fmt.Errorf("expected true or false, found %s", d.peekDesc())
}

func (d *decoder) time() (Time, error) {
	b, err := d.stringBytes()
	if err != nil {
		return Time{}, err
	}
	if t, ok := parseTimeFast(b); ok {
		return t, nil
	}
	return ParseTime(string(b))
}

func (d *decoder) segments() (Segments, error) {
	if !d.consume('[') {
		return nil, fmt.Errorf("expected an array, found %s", d.peekDesc())
	}
	s := make(Segments, 0, 10)
	d.ws()
	if d.consume(']') {
		return s, nil
	}
	for {
		d.ws()
		if d.null() {
			s = append(s, Nullable[int]{Null: true})
		} else {
			d.intFloat = false
			v, err := d.int()
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", len(s), err)
			}
			if d.intFloat {
				return nil, fmt.Errorf("element %d: expected an integer, got a float", len(s))
			}
			s = append(s, Nullable[int]{V: v, Valid: true})
		}
		d.ws()
		if d.consume(']') {
			d.intFloat = false
			return s, nil
		}
		if !d.consume(',') {
			return nil, fmt.Errorf("expected ',' or ']' in array, found %s", d.peekDesc())
		}
	}
}

// skip validates and skips any JSON value, returning its bytes.
func (d *decoder) skip() ([]byte, error) {
	start := d.i
	if err := d.skipValue(0); err != nil {
		return nil, err
	}
	return d.b[start:d.i], nil
}

const maxDepth = 1000

func (d *decoder) skipValue(depth int) error {
	if depth > maxDepth {
		return errors.New("JSON nested too deeply")
	}
	d.ws()
	if d.i >= len(d.b) {
		return errUnexpectedEnd
	}
	switch c := d.b[d.i]; {
	case c == '"':
		_, err := d.stringBytes()
		return err
	case c == '{':
		d.i++
		d.ws()
		if d.consume('}') {
			return nil
		}
		for {
			d.ws()
			if _, err := d.key(); err != nil {
				return err
			}
			d.ws()
			if !d.consume(':') {
				return fmt.Errorf("expected ':' after key, found %s", d.peekDesc())
			}
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			d.ws()
			if d.consume('}') {
				return nil
			}
			if !d.consume(',') {
				return fmt.Errorf("expected ',' or '}' in object, found %s", d.peekDesc())
			}
		}
	case c == '[':
		d.i++
		d.ws()
		if d.consume(']') {
			return nil
		}
		for {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			d.ws()
			if d.consume(']') {
				return nil
			}
			if !d.consume(',') {
				return fmt.Errorf("expected ',' or ']' in array, found %s", d.peekDesc())
			}
		}
	case c == 't' || c == 'f':
		_, err := d.bool()
		return err
	case c == 'n':
		if d.null() {
			return nil
		}
		return fmt.Errorf("invalid literal %s", d.peekDesc())
	default:
		_, _, err := d.number()
		return err
	}
}

// ---- encoder ----

type encoder struct {
	b        []byte
	n        int  // fields written
	intFloat bool // write the next int as an integral float ("2.0")
	err      error
}

func (w *encoder) key(name string) {
	if w.n > 0 {
		w.b = append(w.b, ',')
	}
	w.n++
	w.b = appendString(w.b, name)
	w.b = append(w.b, ':')
}

func (w *encoder) null() { w.b = append(w.b, "null"...) }

func (w *encoder) int(v int) {
	w.b = strconv.AppendInt(w.b, int64(v), 10)
	if w.intFloat {
		w.b = append(w.b, '.', '0')
	}
}

func (w *encoder) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		if w.err == nil {
			w.err = fmt.Errorf("%v cannot be encoded in JSON", v)
		}
		w.null()
		return
	}
	w.b = appendPyFloat(w.b, v)
}

func (w *encoder) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *encoder) string(s string) { w.b = appendString(w.b, s) }

func (w *encoder) time(t Time) {
	w.b = append(w.b, '"')
	w.b = t.AppendFormat(w.b)
	w.b = append(w.b, '"')
}

func (w *encoder) gap(g Gap) {
	raw, err := g.MarshalJSON()
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = append(w.b, raw...)
}

// appendPyFloat formats f the way Python's repr (and so the OpenF1 server)
// writes floats: shortest round-trip digits, ".0" on integral values, and an
// exponent ("1e-05", "1e+16") outside 1e-4 <= |f| < 1e16.
func appendPyFloat(b []byte, f float64) []byte {
	if f == 0 {
		if math.Signbit(f) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64) // -d.ddde±XX
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	epos := 0
	for k, c := range e {
		if c == 'e' {
			epos = k
			break
		}
	}
	mant, exp := e[:epos], e[epos+1:]
	x, _ := strconv.Atoi(string(exp))
	digits := make([]byte, 0, 20)
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	decpt := x + 1
	if neg {
		b = append(b, '-')
	}
	if decpt > 16 || decpt <= -4 {
		b = append(b, digits[0])
		if len(digits) > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if x < 0 {
			b = append(b, '-')
			x = -x
		} else {
			b = append(b, '+')
		}
		if x < 10 {
			b = append(b, '0')
		}
		return strconv.AppendInt(b, int64(x), 10)
	}
	switch {
	case decpt <= 0:
		b = append(b, '0', '.')
		for range -decpt {
			b = append(b, '0')
		}
		b = append(b, digits...)
	case decpt >= len(digits):
		b = append(b, digits...)
		for range decpt - len(digits) {
			b = append(b, '0')
		}
		b = append(b, '.', '0')
	default:
		b = append(b, digits[:decpt]...)
		b = append(b, '.')
		b = append(b, digits[decpt:]...)
	}
	return b
}

// appendString writes s as a JSON string the way the OpenF1 server does
// (UTF-8 kept, quotes, backslashes and control characters escaped). Invalid
// UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
