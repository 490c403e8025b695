package openf1test

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/pitwall-f1/pitwall/openf1"
)

// sortFields are the server's sort keys (API.md §1.6); ties keep the order
// in which the Source yielded the records (the API's _id, i.e. insertion).
var sortFields = [...]string{"date_start", "meeting_key", "session_key", "position_current"}

// sortClass orders values of different JSON types the way MongoDB's BSON
// comparison does: missing and null first, then numbers, strings, objects,
// arrays, booleans and dates.
type sortClass uint8

const (
	classNull sortClass = iota
	classNumber
	classString
	classObject
	classArray
	classBool
	classDate
)

type sortValue struct {
	class sortClass
	num   number
	str   string
	ms    int64 // classDate: Unix milliseconds; classBool: 0/1
}

type sortKey [len(sortFields)]sortValue

// row is one matching record waiting to be written.
type row struct {
	raw json.RawMessage
	key sortKey
}

func makeSortValue(field string, v []byte, kinds fieldKinds) sortValue {
	switch kindOf(v) {
	case jsonNumber:
		if n, ok := parseNumber(v); ok {
			return sortValue{class: classNumber, num: n}
		}
	case jsonString:
		s, _ := decodeString(v)
		if kinds.isTime(field, s) {
			if t, ok := parseRecordTime(s); ok {
				return sortValue{class: classDate, ms: t.UnixMilli()}
			}
		}
		return sortValue{class: classString, str: s}
	case jsonBool:
		if v[0] == 't' {
			return sortValue{class: classBool, ms: 1}
		}
		return sortValue{class: classBool}
	case jsonArray:
		return sortValue{class: classArray, str: string(v)}
	case jsonObject:
		return sortValue{class: classObject, str: string(v)}
	}
	return sortValue{}
}

func (a sortValue) compare(b sortValue) int {
	if a.class != b.class {
		return cmpOrdered(int64(a.class), int64(b.class))
	}
	switch a.class {
	case classNumber:
		return cmpNumber(a.num, b.num)
	case classString, classObject, classArray:
		return strings.Compare(a.str, b.str)
	case classDate, classBool:
		return cmpOrdered(a.ms, b.ms)
	}
	return 0
}

func (k *sortKey) compare(o *sortKey) int {
	for i := range k {
		if c := k[i].compare(o[i]); c != 0 {
			return c
		}
	}
	return 0
}

// sortRows orders rows by the sort keys, stably.
func sortRows(rows []row) {
	slices.SortStableFunc(rows, func(a, b row) int { return a.key.compare(&b.key) })
}

// orderPinned reports whether every record an endpoint can return for q has
// the same sort key, so that source order is already the response order and
// the response can be streamed: the endpoint has neither date_start nor
// position_current, and q pins session_key to a single value (which fixes
// meeting_key too).
func orderPinned(ep openf1.Endpoint, q openf1.Query) bool {
	info, ok := openf1.LookupEndpoint(ep)
	if !ok {
		return false
	}
	for _, f := range []string{"date_start", "position_current"} {
		if _, has := info.Field(f); has {
			return false
		}
	}
	keys, ok := EqualityKeys(q, "session_key")
	return ok && len(slices.Compact(slices.Sorted(slices.Values(keys)))) == 1
}
