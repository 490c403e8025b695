package openf1test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pitwall-f1/pitwall/openf1"
)

// MemorySource is a Source holding records in memory, indexed by endpoint
// and by session_key and meeting_key, so a query for one session reads only
// that session's records.
//
// Like the API, it keeps one version per natural key
// (openf1.EndpointInfo.NaturalKey): adding a record whose key is already
// present replaces the older record, and the newer one takes its place at
// the end of the insertion order (the API serves the newest version of a
// row and breaks sort ties by insertion). Records missing one of the key
// fields are never merged. Records are served with the exact bytes given
// to Add.
//
// A MemorySource is safe for concurrent use; records added while a request
// is being served may or may not be part of its answer.
type MemorySource struct {
	mu      sync.RWMutex
	tables  map[openf1.Endpoint]*memTable
	rejects []error
}

type memTable struct {
	kinds     fieldKinds
	keyFields []string
	recs      []json.RawMessage // nil once replaced by a newer version
	live      int
	bySession map[int64][]int32
	byMeeting map[int64][]int32
	byKey     map[string]int32
	added     int      // records ever offered to Add, for reject messages
	names     []string // session_key, meeting_key, then the natural key
	vals      [][]byte // scratch for add, guarded by the source's lock
}

// NewMemorySource returns an empty MemorySource.
func NewMemorySource() *MemorySource {
	return &MemorySource{tables: map[openf1.Endpoint]*memTable{}}
}

// Add appends records to endpoint ep. A record that is not a JSON object is
// not stored; it is reported by Rejects instead.
func (m *MemorySource) Add(ep openf1.Endpoint, records ...json.RawMessage) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.table(ep)
	for _, rec := range records {
		t.added++
		if err := t.add(rec, true); err != nil {
			m.rejects = append(m.rejects, recordError(ep, t.added, err))
		}
	}
}

// Rejects returns the errors for records Add refused.
func (m *MemorySource) Rejects() []error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.rejects)
}

// Len returns the number of records ep holds.
func (m *MemorySource) Len(ep openf1.Endpoint) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if t := m.tables[ep]; t != nil {
		return t.live
	}
	return 0
}

// Endpoints returns the endpoints holding at least one record, sorted.
func (m *MemorySource) Endpoints() []openf1.Endpoint {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var eps []openf1.Endpoint
	for ep, t := range m.tables {
		if t.live > 0 {
			eps = append(eps, ep)
		}
	}
	slices.Sort(eps)
	return eps
}

// SessionKeys returns the session keys of ep's records, sorted.
func (m *MemorySource) SessionKeys(ep openf1.Endpoint) []int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t := m.tables[ep]
	if t == nil {
		return nil
	}
	var keys []int64
	for k, idx := range t.bySession {
		if slices.ContainsFunc(idx, func(i int32) bool { return t.recs[i] != nil }) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Records implements Source. Equality predicates on session_key (or else on
// meeting_key) select the records through the index; everything else is
// left to the server.
func (m *MemorySource) Records(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		m.mu.RLock()
		t := m.tables[ep]
		var idx []int32
		all := 0
		switch {
		case t == nil:
		case t.indexed(q, "session_key", t.bySession, &idx):
		case t.indexed(q, "meeting_key", t.byMeeting, &idx):
		default:
			all = len(t.recs)
		}
		m.mu.RUnlock()
		n := len(idx)
		if idx == nil {
			n = all
		}
		const batch = 512
		buf := make([]json.RawMessage, 0, batch)
		for start := 0; start < n; start += batch {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			buf = buf[:0]
			m.mu.RLock()
			for i := start; i < min(start+batch, n); i++ {
				j := int32(i)
				if idx != nil {
					j = idx[i]
				}
				if r := t.recs[j]; r != nil {
					buf = append(buf, r)
				}
			}
			m.mu.RUnlock()
			for _, r := range buf {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// indexed collects the record indexes for q's equality keys on field, in
// insertion order; it reports false when q does not pin field.
func (t *memTable) indexed(q openf1.Query, field string, index map[int64][]int32, out *[]int32) bool {
	keys, ok := EqualityKeys(q, field)
	if !ok {
		return false
	}
	idx := []int32{}
	for _, k := range slices.Compact(slices.Sorted(slices.Values(keys))) {
		idx = append(idx, index[k]...)
	}
	if len(keys) > 1 {
		slices.Sort(idx)
	}
	*out = idx
	return true
}

func (m *MemorySource) table(ep openf1.Endpoint) *memTable {
	t := m.tables[ep]
	if t == nil {
		t = &memTable{
			kinds:     kindsOf(ep),
			bySession: map[int64][]int32{},
			byMeeting: map[int64][]int32{},
			byKey:     map[string]int32{},
		}
		if info, ok := openf1.LookupEndpoint(ep); ok {
			t.keyFields = info.NaturalKey
		}
		m.tables[ep] = t
	}
	return t
}

// add stores one record; dedup replaces an older record with the same key.
// Records from LoadFS are already known to be valid (trusted).
func (t *memTable) add(rec json.RawMessage, dedup bool) error {
	if dedup && !json.Valid(rec) {
		return fmt.Errorf("%w: invalid JSON", errBadRecord)
	}
	if t.names == nil {
		t.names = append([]string{"session_key", "meeting_key"}, t.keyFields...)
		t.vals = make([][]byte, len(t.names))
	}
	vals := t.vals
	clear(vals)
	if err := pick(rec, t.names, vals); err != nil {
		return err
	}
	i := int32(len(t.recs))
	if dedup && len(t.keyFields) > 0 {
		if key, ok := naturalKey(t.keyFields, vals[2:], t.kinds); ok {
			if old, dup := t.byKey[key]; dup {
				t.recs[old] = nil
				t.live--
			}
			t.byKey[key] = i
		}
	}
	t.recs = append(t.recs, rec)
	t.live++
	if k, ok := intValue(vals[0]); ok {
		t.bySession[k] = append(t.bySession[k], i)
	}
	if k, ok := intValue(vals[1]); ok {
		t.byMeeting[k] = append(t.byMeeting[k], i)
	}
	return nil
}

// pick stores in vals[i] the raw value of top-level field names[i] (nil when
// absent; the first occurrence wins).
func pick(rec []byte, names []string, vals [][]byte) error {
	return eachField(rec, func(k, v []byte) bool {
		for i, n := range names {
			if vals[i] == nil && keyIs(k, n) {
				vals[i] = v
			}
		}
		return true
	})
}

// intValue reads an integral JSON number.
func intValue(v []byte) (int64, bool) {
	if kindOf(v) != jsonNumber {
		return 0, false
	}
	n, ok := parseNumber(v)
	switch {
	case !ok:
		return 0, false
	case n.isInt:
		return n.i, true
	case n.f == float64(int64(n.f)):
		return int64(n.f), true
	}
	return 0, false
}

// naturalKey renders the key fields' values canonically, so that the same
// row written differently (1 vs 1.0, "T" vs " ", escaped text) gives the
// same key. ok is false when a key field is absent.
func naturalKey(fields []string, vals [][]byte, kinds fieldKinds) (string, bool) {
	var b strings.Builder
	for i, v := range vals {
		if v == nil {
			return "", false
		}
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(canonicalValue(fields[i], v, kinds))
	}
	return b.String(), true
}

// canonicalValue renders a raw JSON value so that equal values written
// differently compare equal: numbers by value, strings decoded, datetimes
// as an instant, arrays element by element.
func canonicalValue(field string, v []byte, kinds fieldKinds) string {
	switch kindOf(v) {
	case jsonNumber:
		if n, ok := parseNumber(v); ok {
			if n.isInt {
				return strconv.FormatInt(n.i, 10)
			}
			return strconv.FormatFloat(n.f, 'g', -1, 64)
		}
	case jsonString:
		if s, ok := decodeString(v); ok {
			if kinds.isTime(field, s) {
				if t, ok := parseRecordTime(s); ok {
					return "t" + strconv.FormatInt(t.UnixMicro(), 10)
				}
			}
			return strconv.Quote(s)
		}
	case jsonArray:
		var elems []json.RawMessage
		if json.Unmarshal(v, &elems) == nil {
			parts := make([]string, len(elems))
			for i, e := range elems {
				parts[i] = canonicalValue("", e, nil)
			}
			return "[" + strings.Join(parts, ",") + "]"
		}
	}
	return string(bytes.TrimSpace(v))
}
