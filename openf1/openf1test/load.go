package openf1test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// FileFormat says how a file was read.
type FileFormat string

// File formats LoadDir recognises.
const (
	FormatJSONArray  FileFormat = "json-array"  // a JSON array of records (an API response)
	FormatJSONObject FileFormat = "json-object" // a single record, unwrapped from its array
	FormatJSONLines  FileFormat = "json-lines"  // one record per line (or any sequence of objects)
	FormatNoResults  FileFormat = "json-404"    // the API's {"detail":"No results found."}: zero rows
	FormatErrorBody  FileFormat = "json-error"  // another API error body ({"detail": ...})
	FormatCSV        FileFormat = "csv"         // pandas export or the API's csv=true
	FormatOther      FileFormat = "other"       // neither JSON nor CSV
)

// FileReport is what LoadDir made of one file.
type FileReport struct {
	Path     string // slash-separated, relative to the loaded folder
	Format   FileFormat
	Endpoint openf1.Endpoint // "" when the file was not placed
	// How says how the endpoint was inferred (file name, fields or both).
	How string
	// Reason says why the file was not placed (Endpoint == "").
	Reason string
	Rows   int // records read from the file (also when it was not placed)
	// Kept is how many of them are in the MemorySource; the others were
	// duplicates of a record from this or another file.
	Kept int
	// Duplicates counts records whose natural key had been seen before;
	// Conflicts those among them whose content differed from the record
	// already held (one of the two was kept, see LoadDir).
	Duplicates int
	Conflicts  int
	// Rejected counts elements that are not records (non-objects in an
	// array, unreadable CSV lines); Notes says what they were.
	Rejected int
	Notes    []string
}

// SessionReport lists what was found for one session.
type SessionReport struct {
	SessionKey int64
	MeetingKey int64
	Rows       map[openf1.Endpoint]int // records per endpoint, after de-duplication
}

// EndpointTotal sums an endpoint's records over all files.
type EndpointTotal struct {
	Files      int // files placed on the endpoint
	Read       int // records read
	Kept       int // records kept after de-duplication
	Duplicates int
	Conflicts  int
}

// LoadReport describes a LoadDir run: every file with what became of it,
// every session with the endpoints found for it, and totals per endpoint.
type LoadReport struct {
	Dir       string
	Files     []FileReport
	Sessions  []SessionReport // sorted by session key; meetings (no session_key) only count in Endpoints
	Endpoints map[openf1.Endpoint]EndpointTotal
}

// LoadDir loads every recording under dir into a MemorySource; see LoadFS.
func LoadDir(dir string) (*MemorySource, *LoadReport, error) {
	return LoadDirContext(context.Background(), dir)
}

// LoadDirContext is LoadDir with a context.
func LoadDirContext(ctx context.Context, dir string) (*MemorySource, *LoadReport, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("openf1test: load %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("openf1test: load %s: not a directory", dir)
	}
	src, rep, err := LoadFS(ctx, os.DirFS(dir), ".")
	if rep != nil {
		rep.Dir = dir
	}
	return src, rep, err
}

// LoadFS walks root in fsys (lexical order) and loads the saved OpenF1
// responses it finds into a MemorySource.
//
// Each file's endpoint comes from its name ("laps.json", "openf1_laps.json",
// "pit-stops.json", "session.json", a directory name) and from the fields
// its records carry, matched against openf1.Endpoints(): the name decides
// when the fields agree with it; the fields decide when the name is absent,
// ambiguous ("positions.json") or contradicted by them. Understood: JSON
// arrays, single JSON objects, JSON lines, pretty-printed or key-reordered
// JSON (records are stored compacted, key order and number text kept), the
// API's 404 body (zero rows), and CSV exports (pandas or csv=true), whose
// cells are typed back by the endpoint's field kinds and written as JSON
// objects in the endpoint's field order.
//
// Records of one endpoint are merged over all files and de-duplicated on
// the endpoint's natural key. When two records share a key, the one with
// more non-null fields is kept; on a tie a JSON record beats a CSV one, and
// then the first one read wins. Every duplicate, and every duplicate whose
// content differed, is counted in the report.
//
// Files that cannot be placed — metadata such as index.json or SOURCES.md,
// unreadable JSON, records matching no endpoint — are listed in the report
// with the reason; nothing is skipped silently. Directories whose names
// start with "." are not entered (and are listed). The error is non-nil
// only when root cannot be walked or ctx ends.
func LoadFS(ctx context.Context, fsys fs.FS, root string) (*MemorySource, *LoadReport, error) {
	rep := &LoadReport{Dir: root, Endpoints: map[openf1.Endpoint]EndpointTotal{}}
	m := newMerger()
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		rel := relPath(root, p)
		if err != nil {
			if p == root {
				return err
			}
			rep.Files = append(rep.Files, FileReport{Path: rel, Format: FormatOther, Reason: "unreadable: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				rep.Files = append(rep.Files, FileReport{Path: rel + "/", Format: FormatOther, Reason: "hidden directory, not entered"})
				return fs.SkipDir
			}
			return nil
		}
		fr := FileReport{Path: rel}
		if !d.Type().IsRegular() {
			fr.Format, fr.Reason = FormatOther, "not a regular file"
			rep.Files = append(rep.Files, fr)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			fr.Format, fr.Reason = FormatOther, "unreadable: "+err.Error()
			rep.Files = append(rep.Files, fr)
			return nil
		}
		recs := readFile(&fr, data)
		if fr.Endpoint != "" {
			m.add(len(rep.Files), fr.Endpoint, recs, fr.Format == FormatCSV, &fr)
		}
		rep.Files = append(rep.Files, fr)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("openf1test: load %s: %w", root, err)
	}
	src := m.finish(rep)
	return src, rep, nil
}

func relPath(root, p string) string {
	if root == "." || root == "" {
		return p
	}
	if r, ok := strings.CutPrefix(p, strings.TrimSuffix(root, "/")+"/"); ok {
		return r
	}
	return p
}

// readFile parses one file, fills in fr's format, endpoint and counts, and
// returns its records (compacted JSON objects).
func readFile(fr *FileReport, data []byte) []json.RawMessage {
	ext := strings.ToLower(path.Ext(fr.Path))
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case len(trimmed) == 0:
		fr.Format, fr.Reason = FormatOther, "empty file"
		return nil
	case ext == ".csv":
		return readCSVFile(fr, data)
	case ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || trimmed[0] == '[' || trimmed[0] == '{':
		return readJSONFile(fr, trimmed)
	}
	fr.Format, fr.Reason = FormatOther, "not JSON or CSV"
	if ext != "" {
		fr.Reason += " (" + ext + " file)"
	}
	return nil
}

func readJSONFile(fr *FileReport, data []byte) []json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(data))
	var tops []json.RawMessage
	for {
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			fr.Format, fr.Reason = FormatOther, "not valid JSON: "+err.Error()
			return nil
		}
		tops = append(tops, v)
	}
	var elems []json.RawMessage
	switch {
	case len(tops) == 1 && kindOf(tops[0]) == jsonArray:
		fr.Format = FormatJSONArray
		elems = arrayElements(tops[0])
	case len(tops) == 1 && kindOf(tops[0]) == jsonObject:
		if detail, ok := errorBody(tops[0]); ok {
			if detail == "No results found." {
				fr.Format = FormatNoResults
				fr.Notes = append(fr.Notes, "the API's 404 body: no rows")
				inf := inferEndpoint(fr.Path, nil, false)
				fr.Endpoint, fr.How, fr.Reason = inf.ep, inf.how, inf.reason
				return nil
			}
			fr.Format, fr.Reason = FormatErrorBody, "an API error body, not data: "+detail
			return nil
		}
		fr.Format = FormatJSONObject
		elems = arrayElements(tops[0])
	case len(tops) == 1:
		fr.Format, fr.Reason = FormatOther, "JSON "+jsonKindName(kindOf(tops[0]))+", not records"
		return nil
	default:
		fr.Format = FormatJSONLines
		for _, top := range tops {
			elems = append(elems, arrayElements(top)...)
		}
	}
	var recs []json.RawMessage
	var keys []string
	seen := map[string]bool{}
	for i, e := range elems {
		if kindOf(e) != jsonObject {
			fr.Rejected++
			if fr.Rejected <= 3 {
				fr.Notes = append(fr.Notes, fmt.Sprintf("element %d is a JSON %s, not a record", i, jsonKindName(kindOf(e))))
			}
			continue
		}
		_ = eachField(e, func(k, _ []byte) bool {
			if !seen[string(k)] {
				seen[string(k)] = true
				keys = append(keys, decodeKey(k))
			}
			return true
		})
		recs = append(recs, e)
	}
	inf := inferEndpoint(fr.Path, keys, len(recs) > 0)
	fr.Endpoint, fr.How, fr.Reason = inf.ep, inf.how, inf.reason
	fr.Rows = len(recs)
	if fr.Endpoint == "" {
		if len(recs) == 0 && len(elems) == 0 {
			fr.Reason = "empty array; " + fr.Reason
		}
		return nil
	}
	return recs
}

// arrayElements compacts a valid JSON value (whitespace removed, key order
// and number text kept) and returns its elements when it is an array, or
// the value itself otherwise. The elements share one buffer.
func arrayElements(v json.RawMessage) []json.RawMessage {
	var buf bytes.Buffer
	buf.Grow(len(v))
	if err := json.Compact(&buf, v); err != nil {
		return nil // v came from a json.Decoder: cannot happen
	}
	b := buf.Bytes()
	if b[0] != '[' {
		return []json.RawMessage{b}
	}
	var out []json.RawMessage
	for i := 1; i < len(b) && b[i] != ']'; {
		end, ok := scanValue(b, i)
		if !ok {
			return out
		}
		out = append(out, json.RawMessage(b[i:end:end]))
		i = end
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
	return out
}

// errorBody recognises the API's error objects: {"detail": ...} with at
// most an "error" beside it.
func errorBody(obj json.RawMessage) (string, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return "", false
	}
	d, ok := m["detail"]
	if !ok || len(m) > 2 || (len(m) == 2 && m["error"] == nil) {
		return "", false
	}
	if s, ok := decodeString(d); ok {
		return s, true
	}
	return string(d), true
}

func jsonKindName(k jsonKind) string {
	return [...]string{"nothing", "null", "boolean", "number", "string", "array", "object"}[k]
}

func readCSVFile(fr *FileReport, data []byte) []json.RawMessage {
	fr.Format = FormatCSV
	t, err := readCSV(data)
	if err != nil {
		fr.Format, fr.Reason = FormatOther, "not readable as CSV: "+err.Error()
		return nil
	}
	fr.Rejected = len(t.bad)
	for i, b := range t.bad {
		if i == 3 {
			fr.Notes = append(fr.Notes, fmt.Sprintf("… %d more unreadable lines", len(t.bad)-3))
			break
		}
		fr.Notes = append(fr.Notes, "unreadable line: "+b)
	}
	inf := inferEndpoint(fr.Path, t.header, len(t.rows) > 0)
	fr.Endpoint, fr.How, fr.Reason = inf.ep, inf.how, inf.reason
	if fr.Endpoint == "" {
		fr.Rows = len(t.rows)
		return nil
	}
	recs, mismatches := csvRecords(t, fr.Endpoint)
	if mismatches > 0 {
		fr.Notes = append(fr.Notes, fmt.Sprintf("%d cells did not fit their field's type and were kept as written", mismatches))
	}
	fr.Rows = len(recs)
	return recs
}

// merger de-duplicates records per endpoint on the natural key.
type merger struct {
	tables map[openf1.Endpoint]*mergeTable
	order  []openf1.Endpoint
}

type mergeTable struct {
	info  openf1.EndpointInfo
	kinds fieldKinds
	slots []mergeSlot
	byKey map[string]int
}

type mergeSlot struct {
	raw     json.RawMessage
	file    int // index in LoadReport.Files
	nonNull int
	csv     bool
}

func newMerger() *merger { return &merger{tables: map[openf1.Endpoint]*mergeTable{}} }

func (m *merger) add(file int, ep openf1.Endpoint, recs []json.RawMessage, fromCSV bool, fr *FileReport) {
	t := m.tables[ep]
	if t == nil {
		info, _ := openf1.LookupEndpoint(ep)
		t = &mergeTable{info: info, kinds: kindsOf(ep), byKey: map[string]int{}}
		m.tables[ep] = t
		m.order = append(m.order, ep)
	}
	vals := make([][]byte, len(t.info.NaturalKey))
	for _, rec := range recs {
		slot := mergeSlot{raw: rec, file: file, csv: fromCSV, nonNull: -1}
		clear(vals)
		if err := pick(rec, t.info.NaturalKey, vals); err != nil {
			fr.Rejected++
			continue
		}
		key, ok := naturalKey(t.info.NaturalKey, vals, t.kinds)
		if !ok {
			t.slots = append(t.slots, slot)
			continue
		}
		i, dup := t.byKey[key]
		if !dup {
			t.byKey[key] = len(t.slots)
			t.slots = append(t.slots, slot)
			continue
		}
		fr.Duplicates++
		old := &t.slots[i]
		if old.nonNull < 0 {
			old.nonNull = countNonNull(old.raw)
		}
		slot.nonNull = countNonNull(rec)
		if !sameContent(old.raw, rec, t.kinds) {
			fr.Conflicts++
		}
		if better(slot, *old) {
			*old = slot
		}
	}
}

// better reports whether a newly read duplicate should replace the record held.
func better(n, old mergeSlot) bool {
	if n.nonNull != old.nonNull {
		return n.nonNull > old.nonNull
	}
	return old.csv && !n.csv
}

func countNonNull(rec []byte) int {
	n := 0
	_ = eachField(rec, func(_, v []byte) bool {
		if kindOf(v) != jsonNull {
			n++
		}
		return true
	})
	return n
}

// sameContent compares two records field by field, by value: key order,
// number spelling, datetime style and null-versus-absent do not matter.
func sameContent(a, b []byte, kinds fieldKinds) bool {
	ca, cb := canonicalRecord(a, kinds), canonicalRecord(b, kinds)
	if len(ca) != len(cb) {
		return false
	}
	for k, v := range ca {
		if cb[k] != v {
			return false
		}
	}
	return true
}

func canonicalRecord(rec []byte, kinds fieldKinds) map[string]string {
	m := map[string]string{}
	_ = eachField(rec, func(k, v []byte) bool {
		if kindOf(v) != jsonNull {
			name := decodeKey(k)
			m[name] = canonicalValue(name, v, kinds)
		}
		return true
	})
	return m
}

// finish fills the MemorySource and the report's totals and sessions.
func (m *merger) finish(rep *LoadReport) *MemorySource {
	src := NewMemorySource()
	sessions := map[int64]*SessionReport{}
	names := []string{"session_key", "meeting_key"}
	vals := make([][]byte, 2)
	for _, ep := range m.order {
		t := m.tables[ep]
		mt := src.table(ep)
		for _, s := range t.slots {
			if err := mt.add(s.raw, false); err != nil {
				rep.Files[s.file].Rejected++
				continue
			}
			rep.Files[s.file].Kept++
			clear(vals)
			_ = pick(s.raw, names, vals)
			sk, ok := intValue(vals[0])
			if !ok {
				continue
			}
			sr := sessions[sk]
			if sr == nil {
				sr = &SessionReport{SessionKey: sk, Rows: map[openf1.Endpoint]int{}}
				sessions[sk] = sr
			}
			if mk, ok := intValue(vals[1]); ok && sr.MeetingKey == 0 {
				sr.MeetingKey = mk
			}
			sr.Rows[ep]++
		}
	}
	for _, fr := range rep.Files {
		if fr.Endpoint == "" {
			continue
		}
		tot := rep.Endpoints[fr.Endpoint]
		tot.Files++
		tot.Read += fr.Rows
		tot.Kept += fr.Kept
		tot.Duplicates += fr.Duplicates
		tot.Conflicts += fr.Conflicts
		rep.Endpoints[fr.Endpoint] = tot
	}
	for _, sr := range sessions {
		rep.Sessions = append(rep.Sessions, *sr)
	}
	slices.SortFunc(rep.Sessions, func(a, b SessionReport) int { return cmpOrdered(a.SessionKey, b.SessionKey) })
	return src
}
