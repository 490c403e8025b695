package bronze

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/parquet-go/parquet-go"

	"github.com/pitwall-f1/pitwall/openf1"
)

// responseMeta is what a row inherits from the response it came from: the
// values of the _ingested_at and _request metadata columns.
type responseMeta struct {
	request    string
	ingestedAt int64 // µs since the epoch, UTC
}

// decodedRow is one API record converted to a Parquet row of the bronze schema.
type decodedRow struct {
	row parquet.Row
	// digest is the SHA-256 of the row's canonical encoding (API columns and
	// _extra, not the run metadata); see contentHash.
	digest [sha256.Size]byte
	// sessionKey is the record's session_key, when the endpoint has one and
	// the value is a valid integer.
	sessionKey   int64
	hasSession   bool
	meetingKey   int64
	hasMeeting   bool
	unknownNames []string // names of fields kept in _extra
	err          *FieldError
}

// decoder converts raw OpenF1 response bodies into bronze rows, driven by the
// endpoint registry. It is not safe for concurrent use.
type decoder struct {
	info       openf1.EndpointInfo
	fieldIndex map[string]int
	leafStart  []int // first leaf column of field i
	extraCol   int   // leaf column of _extra; the run columns follow
	sessionIdx int   // index of session_key in info.Fields, or -1
	meetingIdx int   // index of meeting_key in info.Fields, or -1
	runID      []byte

	// scratch, reused between rows
	raws    [][]byte
	seen    []bool
	unknown []member
	canon   []byte
	strict  bool
}

type member struct {
	key []byte
	raw []byte
}

func newDecoder(info openf1.EndpointInfo, runID string) *decoder {
	d := &decoder{
		info:       info,
		fieldIndex: make(map[string]int, len(info.Fields)),
		leafStart:  make([]int, len(info.Fields)),
		sessionIdx: -1,
		meetingIdx: -1,
		runID:      []byte(runID),
		raws:       make([][]byte, len(info.Fields)),
		seen:       make([]bool, len(info.Fields)),
	}
	col := 0
	for i, f := range info.Fields {
		d.fieldIndex[f.Name] = i
		d.leafStart[i] = col
		col++ // every kind maps to exactly one leaf column (a list has one leaf)
		switch f.Name {
		case "session_key":
			d.sessionIdx = i
		case "meeting_key":
			d.meetingIdx = i
		}
	}
	d.extraCol = col
	return d
}

// decode parses body (a JSON array of flat objects) and calls emit for each
// record, in response order. A record whose values do not fit their
// registry kind is still emitted, with err set and no row. A body that is not
// a JSON array of objects yields a *MalformedError and no rows.
func (d *decoder) decode(body []byte, meta responseMeta, emit func(*decodedRow)) error {
	if !json.Valid(body) {
		return &MalformedError{Reason: "response body is not valid JSON"}
	}
	p := skipSpace(body, 0)
	if p >= len(body) || body[p] != '[' {
		return &MalformedError{Reason: "response body is not a JSON array"}
	}
	p = skipSpace(body, p+1)
	if body[p] == ']' {
		return nil
	}
	request := []byte(meta.request)
	for index := 0; ; index++ {
		if body[p] != '{' {
			return &MalformedError{Reason: fmt.Sprintf("element %d is not a JSON object", index)}
		}
		var err error
		p, err = d.scanObject(body, p)
		if err != nil {
			return err
		}
		r := &decodedRow{}
		d.build(r, index, meta, request)
		emit(r)
		p = skipSpace(body, p)
		if body[p] == ']' {
			return nil
		}
		p = skipSpace(body, p+1) // ','
	}
}

// scanObject records the raw members of the object starting at body[p] into
// d.raws / d.unknown and returns the offset after its closing brace. body is
// known to be valid JSON.
func (d *decoder) scanObject(body []byte, p int) (int, error) {
	clear(d.raws)
	clear(d.seen)
	d.unknown = d.unknown[:0]
	d.strict = false
	p = skipSpace(body, p+1)
	if body[p] == '}' {
		return p + 1, nil
	}
	for {
		end := skipValue(body, p) // key string
		key := body[p+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			var s string
			if err := json.Unmarshal(body[p:end], &s); err != nil {
				return 0, &MalformedError{Reason: "bad object key: " + err.Error()}
			}
			key = []byte(s)
		}
		p = skipSpace(body, end)
		p = skipSpace(body, p+1) // ':'
		vend := skipValue(body, p)
		raw := body[p:vend]
		if i, ok := d.fieldIndex[string(key)]; ok {
			if d.seen[i] {
				d.strict = true // duplicate key: reported by build
			}
			d.seen[i] = true
			d.raws[i] = raw
		} else {
			for _, u := range d.unknown {
				if bytes.Equal(u.key, key) {
					d.strict = true
				}
			}
			d.unknown = append(d.unknown, member{key: key, raw: raw})
		}
		p = skipSpace(body, vend)
		if body[p] == '}' {
			return p + 1, nil
		}
		p = skipSpace(body, p+1) // ','
	}
}

// build converts the scanned members into r.row and r.digest.
func (d *decoder) build(r *decodedRow, index int, meta responseMeta, request []byte) {
	if d.strict {
		r.err = &FieldError{Row: index, Reason: "duplicate key in record"}
		return
	}
	row := make(parquet.Row, 0, d.extraCol+4+8)
	canon := d.canon[:0]
	for i, f := range d.info.Fields {
		col := d.leafStart[i]
		raw := d.raws[i]
		if raw == nil || raw[0] == 'n' { // absent or null
			row = append(row, parquet.NullValue().Level(0, 0, col))
			canon = append(canon, 0, 0)
			continue
		}
		var ferr *FieldError
		row, canon, ferr = appendValue(row, canon, f, raw, col)
		if ferr != nil {
			if r.err == nil {
				ferr.Row = index
				ferr.Field = f.Name
				ferr.Expected = f.Kind
				ferr.Value = truncateRaw(raw)
				r.err = ferr
			}
			continue
		}
		switch i {
		case d.sessionIdx:
			r.sessionKey, r.hasSession = row[len(row)-1].Int64(), true
		case d.meetingIdx:
			r.meetingKey, r.hasMeeting = row[len(row)-1].Int64(), true
		}
	}
	if r.err != nil {
		return // the row is quarantined, not written; hasSession attributes it
	}
	if len(d.unknown) == 0 {
		row = append(row, parquet.NullValue().Level(0, 0, d.extraCol))
		canon = append(canon, 0, 0)
	} else {
		extra := d.extraJSON()
		row = append(row, parquet.ByteArrayValue(extra).Level(0, 1, d.extraCol))
		canon = append(canon, 0, 1)
		canon = binary.AppendUvarint(canon, uint64(len(extra)))
		canon = append(canon, extra...)
		r.unknownNames = make([]string, len(d.unknown))
		for i, u := range d.unknown {
			r.unknownNames[i] = string(u.key)
		}
	}
	r.digest = sha256.Sum256(canon)
	d.canon = canon
	row = append(row,
		parquet.Int64Value(meta.ingestedAt).Level(0, 0, d.extraCol+1),
		parquet.ByteArrayValue(d.runID).Level(0, 0, d.extraCol+2),
		parquet.ByteArrayValue(request).Level(0, 0, d.extraCol+3),
	)
	r.row = row
}

// extraJSON renders the unknown members as a compact JSON object with keys
// in byte order, so the same fields always give the same text.
func (d *decoder) extraJSON() []byte {
	slices.SortFunc(d.unknown, func(a, b member) int { return bytes.Compare(a.key, b.key) })
	var b bytes.Buffer
	b.WriteByte('{')
	for i, u := range d.unknown {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(string(u.key))
		b.Write(k)
		b.WriteByte(':')
		if err := json.Compact(&b, u.raw); err != nil {
			b.Write(u.raw) // cannot happen: the body was validated
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

// appendValue converts one non-null raw JSON value of field f to its Parquet
// value(s), appending them to row and their canonical encoding to canon.
func appendValue(row parquet.Row, canon []byte, f openf1.FieldInfo, raw []byte, col int) (parquet.Row, []byte, *FieldError) {
	switch f.Kind {
	case openf1.KindInt:
		v, err := parseInt(raw, math.MinInt64, math.MaxInt64)
		if err != nil {
			return row, canon, err
		}
		canon = binary.LittleEndian.AppendUint64(append(canon, 0, 1), uint64(v))
		return append(row, parquet.Int64Value(v).Level(0, 1, col)), canon, nil
	case openf1.KindFloat:
		if !isNumber(raw) {
			return row, canon, mismatch(raw)
		}
		v, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return row, canon, &FieldError{Reason: "number out of float64 range"}
		}
		canon = binary.LittleEndian.AppendUint64(append(canon, 0, 1), math.Float64bits(v))
		return append(row, parquet.DoubleValue(v).Level(0, 1, col)), canon, nil
	case openf1.KindBool:
		var v bool
		switch raw[0] {
		case 't':
			v = true
		case 'f':
		default:
			return row, canon, mismatch(raw)
		}
		b := byte(0)
		if v {
			b = 1
		}
		canon = append(canon, 0, 1, b)
		return append(row, parquet.BooleanValue(v).Level(0, 1, col)), canon, nil
	case openf1.KindString:
		if raw[0] != '"' {
			return row, canon, mismatch(raw)
		}
		s := unquote(raw)
		canon = binary.AppendUvarint(append(canon, 0, 1), uint64(len(s)))
		canon = append(canon, s...)
		return append(row, parquet.ByteArrayValue(s).Level(0, 1, col)), canon, nil
	case openf1.KindTime:
		if raw[0] != '"' {
			return row, canon, mismatch(raw)
		}
		t, err := openf1.ParseTime(string(unquote(raw)))
		if err != nil {
			return row, canon, &FieldError{Reason: "not an OpenF1 datetime"}
		}
		if t.Nanosecond()%1000 != 0 {
			return row, canon, &FieldError{Reason: "datetime has sub-microsecond precision"}
		}
		us := t.UnixMicro()
		canon = binary.LittleEndian.AppendUint64(append(canon, 0, 1), uint64(us))
		return append(row, parquet.Int64Value(us).Level(0, 1, col)), canon, nil
	case openf1.KindIntList:
		if raw[0] != '[' {
			return row, canon, mismatch(raw)
		}
		return appendIntList(row, canon, raw, col)
	default: // union: the raw JSON text, compacted
		text := raw
		if bytes.ContainsAny(raw, " \t\r\n") {
			var b bytes.Buffer
			_ = json.Compact(&b, raw)
			text = b.Bytes()
		}
		canon = binary.AppendUvarint(append(canon, 0, 1), uint64(len(text)))
		canon = append(canon, text...)
		return append(row, parquet.ByteArrayValue(text).Level(0, 1, col)), canon, nil
	}
}

// appendIntList encodes a JSON array of integers (elements may be null) as a
// Parquet LIST: definition level 1 = empty list, 2 = null element, 3 = value.
func appendIntList(row parquet.Row, canon []byte, raw []byte, col int) (parquet.Row, []byte, *FieldError) {
	p := skipSpace(raw, 1)
	if raw[p] == ']' {
		canon = append(canon, 0, 1)
		return append(row, parquet.NullValue().Level(0, 1, col)), canon, nil
	}
	start := len(row)
	for rep := 0; ; rep = 1 {
		end := skipValue(raw, p)
		el := raw[p:end]
		if el[0] == 'n' {
			row = append(row, parquet.NullValue().Level(rep, 2, col))
			canon = append(canon, byte(rep), 2)
		} else {
			v, err := parseInt(el, math.MinInt32, math.MaxInt32)
			if err != nil {
				err.Reason = "list element: " + err.Reason
				return row[:start], canon, err
			}
			row = append(row, parquet.Int32Value(int32(v)).Level(rep, 3, col))
			canon = binary.LittleEndian.AppendUint32(append(canon, byte(rep), 3), uint32(v))
		}
		p = skipSpace(raw, end)
		if raw[p] == ']' {
			return row, canon, nil
		}
		p = skipSpace(raw, p+1)
	}
}

// parseInt reads an integral JSON number within [lo, hi]. A number written
// with a fraction or exponent is accepted when its value is exactly an
// integer (the API prints some integer fields as 2.0); anything else is a
// type mismatch.
func parseInt(raw []byte, lo, hi int64) (int64, *FieldError) {
	if !isNumber(raw) {
		return 0, mismatch(raw)
	}
	if v, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		if v < lo || v > hi {
			return 0, &FieldError{Reason: "integer out of range"}
		}
		return v, nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) || math.Abs(f) > 1<<53 {
		return 0, &FieldError{Reason: "number is not an integer"}
	}
	return int64(f), nil
}

func isNumber(raw []byte) bool { return raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') }

func mismatch(raw []byte) *FieldError {
	return &FieldError{Reason: "got JSON " + jsonType(raw)}
}

// jsonType names the JSON type of a raw value.
func jsonType(raw []byte) string {
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func truncateRaw(raw []byte) string {
	const max = 200
	if len(raw) > max {
		return string(raw[:max]) + "…"
	}
	return string(raw)
}

// unquote returns the contents of a JSON string literal. Strings without
// escapes are returned as a sub-slice of raw (no copy).
func unquote(raw []byte) []byte {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid: the body was validated
	return []byte(s)
}

func skipSpace(b []byte, p int) int {
	for p < len(b) {
		switch b[p] {
		case ' ', '\t', '\n', '\r':
			p++
		default:
			return p
		}
	}
	return p
}

// skipValue returns the offset just after the JSON value starting at b[p].
// b is known to be valid JSON.
func skipValue(b []byte, p int) int {
	switch b[p] {
	case '"':
		return skipString(b, p)
	case '[', '{':
		depth := 0
		for p < len(b) {
			switch b[p] {
			case '"':
				p = skipString(b, p)
				continue
			case '[', '{':
				depth++
			case ']', '}':
				depth--
				if depth == 0 {
					return p + 1
				}
			}
			p++
		}
		return p
	default: // number, true, false, null
		for p < len(b) {
			switch b[p] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return p
			}
			p++
		}
		return p
	}
}

func skipString(b []byte, p int) int {
	p++
	for p < len(b) {
		switch b[p] {
		case '\\':
			p += 2
			continue
		case '"':
			return p + 1
		}
		p++
	}
	return p
}
