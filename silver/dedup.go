package silver

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// dedup keeps one row per natural key and rejects the others as
// duplicates. The winner of a key is the row with the highest prefer value
// (nil: all equal), then the latest _ingested_at, then the last in bronze
// order (the API's newest version of a row comes last). It returns the
// winners' ordinals in bronze order.
func (s *scope) dedup(t *bronzeRows, table string, prefer func(ord int) int) []int {
	all := make([]int, t.Len())
	for i := range all {
		all[i] = i
	}
	return s.dedupRows(t, table, all, prefer)
}

// dedupRows is dedup over some of the rows (ords, ascending). Keys are
// grouped by a 64-bit hash of their binary encoding; a hash hit is
// confirmed by comparing the encodings, so a collision can never merge two
// different keys.
func (s *scope) dedupRows(t *bronzeRows, table string, ords []int, prefer func(ord int) int) []int {
	type cand struct {
		ord, pref int
		at        int64
	}
	cols := make([]int, len(t.info.NaturalKey))
	for i, name := range t.info.NaturalKey {
		cols[i] = t.col(name)
	}
	seed := maphash.MakeSeed()
	byHash := make(map[uint64]int, len(ords))
	var exact map[string]int // groups of keys whose hash collided
	var best []cand
	group := make([]int, len(ords))
	var buf, other []byte
	for i, ord := range ords {
		buf = t.appendKey(buf[:0], ord, cols)
		h := keyHash(seed, buf)
		c := cand{ord: ord, at: t.ingestedAt(ord)}
		if prefer != nil {
			c.pref = prefer(ord)
		}
		g, ok := byHash[h]
		if ok {
			other = t.appendKey(other[:0], best[g].ord, cols)
			if !bytes.Equal(buf, other) {
				if exact == nil {
					exact = map[string]int{}
				}
				g, ok = exact[string(buf)]
				if !ok {
					g = len(best)
					exact[string(buf)] = g
					best = append(best, c)
				}
			}
		} else {
			g = len(best)
			byHash[h] = g
			best = append(best, c)
		}
		group[i] = g
		if old := best[g]; old.ord != ord && (c.pref > old.pref || (c.pref == old.pref && c.at >= old.at)) {
			best[g] = c
		}
	}
	if len(best) == len(ords) {
		return ords
	}
	winners := make([]int, 0, len(best))
	for i, ord := range ords {
		w := best[group[i]]
		if w.ord == ord {
			winners = append(winners, ord)
			continue
		}
		s.reject(t, table, ord, ReasonDuplicate, "superseded by bronze row %d with the same natural key (ingested_at %s)",
			w.ord, formatMicros(w.at))
	}
	slices.Sort(winners)
	return winners
}

// keyHash hashes an encoded key (a variable so tests can force collisions).
var keyHash = maphash.Bytes

// appendKey appends a binary encoding of the row's values in cols: a tag
// byte per value (null, integer, text, timestamp, other) then the value.
func (t *bronzeRows) appendKey(buf []byte, ord int, cols []int) []byte {
	for _, c := range cols {
		a, r := t.arr(ord, c)
		if a.IsNull(r) {
			buf = append(buf, 0)
			continue
		}
		switch v := a.(type) {
		case *array.Int64:
			buf = binary.LittleEndian.AppendUint64(append(buf, 1), uint64(v.Value(r)))
		case *array.String:
			s := v.Value(r)
			buf = binary.LittleEndian.AppendUint32(append(buf, 2), uint32(len(s)))
			buf = append(buf, s...)
		case *array.Timestamp:
			buf = binary.LittleEndian.AppendUint64(append(buf, 3), uint64(v.Value(r)))
		default:
			var sb strings.Builder
			writeJSONValue(&sb, a, r, false)
			buf = binary.LittleEndian.AppendUint32(append(buf, 4), uint32(sb.Len()))
			buf = append(buf, sb.String()...)
		}
	}
	return buf
}
