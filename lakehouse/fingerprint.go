package lakehouse

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Idempotent publishing rests on a fingerprint per published partition
// (one session, or one ReplaceWhere filter), stored as a table property
// "pitwall.fingerprint.<key>" in the same commit as the data:
//
//	v1 rows=<n> content=<digest of the rows> files=<digest of the file paths>
//
// The content digest is order-insensitive: each row is hashed (SHA-256 of
// a canonical, typed encoding of its columns in name order) and the row
// hashes are summed modulo 2^256, then hashed with the column names and
// types. The same rows in any order or batching give the same digest.
//
// The files digest covers the data and delete file paths that hold the
// partition right after the commit. Before trusting a stored content
// digest, a publish recomputes the files digest from the table's current
// files for that partition: if anything rewrote, deleted or added files
// there since (compaction, another engine's DELETE, a later publish), the
// digests differ and the partition is replaced. A stale fingerprint can
// therefore never make a publish skip data that is not in the table.

// fingerprintVersion prefixes stored records; bump it if the encoding
// changes so old records simply stop matching.
const fingerprintVersion = "v1"

func fingerprintRecord(rows int64, content, files string) string {
	return fmt.Sprintf("%s rows=%d content=%s files=%s", fingerprintVersion, rows, content, files)
}

// filesDigest hashes a set of file paths (order-insensitive).
func filesDigest(paths []string) string {
	sorted := slices.Clone(paths)
	slices.Sort(sorted)
	h := sha256.New()
	for _, p := range sorted {
		h.Write([]byte(p))
		h.Write([]byte{'\n'})
	}

	return hex.EncodeToString(h.Sum(nil)[:16])
}

// contentDigest accumulates rows of one partition.
type contentDigest struct {
	sum  [4]uint64
	rows int64
}

func (d *contentDigest) add(h *[sha256.Size]byte) {
	var carry uint64
	for i := range d.sum {
		d.sum[i], carry = bits.Add64(d.sum[i], binary.LittleEndian.Uint64(h[i*8:]), carry)
	}
	d.rows++
}

// hex finishes the digest, binding it to the column layout.
func (d *contentDigest) hex(layout [sha256.Size]byte) string {
	var buf [sha256.Size + 4*8 + 8]byte
	copy(buf[:], layout[:])
	for i, v := range d.sum {
		binary.LittleEndian.PutUint64(buf[sha256.Size+8*i:], v)
	}
	binary.LittleEndian.PutUint64(buf[sha256.Size+32:], uint64(d.rows))
	sum := sha256.Sum256(buf[:])

	return hex.EncodeToString(sum[:16])
}

// rowHasher hashes rows of record batches that share one schema.
type rowHasher struct {
	cols   []int // schema positions of the hashed columns, in name order
	layout [sha256.Size]byte
	buf    []byte
	encs   []valueEncoder
}

// newRowHasher hashes every column except those named in exclude (columns
// such as a load timestamp that change on every run without changing the
// data).
func newRowHasher(sc *arrow.Schema, exclude []string) *rowHasher {
	h := &rowHasher{}
	for i, f := range sc.Fields() {
		if !slices.Contains(exclude, f.Name) {
			h.cols = append(h.cols, i)
		}
	}
	slices.SortFunc(h.cols, func(a, b int) int { return strings.Compare(sc.Field(a).Name, sc.Field(b).Name) })
	lay := sha256.New()
	for _, c := range h.cols {
		f := sc.Field(c)
		fmt.Fprintf(lay, "%s\x00%s\x00", f.Name, f.Type)
	}
	copy(h.layout[:], lay.Sum(nil))

	return h
}

// bind prepares the encoders for one batch.
func (h *rowHasher) bind(rec arrow.RecordBatch) {
	h.encs = h.encs[:0]
	for _, c := range h.cols {
		h.encs = append(h.encs, encoderFor(rec.Column(c)))
	}
}

// hashRow hashes row i of the batch last bound.
func (h *rowHasher) hashRow(i int) [sha256.Size]byte {
	b := h.buf[:0]
	for _, enc := range h.encs {
		b = enc(b, i)
	}
	h.buf = b

	return sha256.Sum256(b)
}

// valueEncoder appends a canonical encoding of value i (null marker
// included) to b.
type valueEncoder func(b []byte, i int) []byte

func encoderFor(arr arrow.Array) valueEncoder {
	enc := valueEncoderFor(arr)
	if arr.NullN() == 0 {
		return func(b []byte, i int) []byte { return enc(append(b, 1), i) }
	}

	return func(b []byte, i int) []byte {
		if arr.IsNull(i) {
			return append(b, 0)
		}

		return enc(append(b, 1), i)
	}
}

func appendInt(b []byte, v int64) []byte { return binary.LittleEndian.AppendUint64(b, uint64(v)) }

func appendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) {
		v = math.NaN() // one bit pattern for every NaN
	}

	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

func appendBytes(b []byte, v []byte) []byte {
	return append(binary.LittleEndian.AppendUint64(b, uint64(len(v))), v...)
}

func appendString(b []byte, v string) []byte {
	return append(binary.LittleEndian.AppendUint64(b, uint64(len(v))), v...)
}

func valueEncoderFor(arr arrow.Array) valueEncoder {
	switch a := arr.(type) {
	case *array.Int8:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Int16:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Int32:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Int64:
		return func(b []byte, i int) []byte { return appendInt(b, a.Value(i)) }
	case *array.Uint8:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Uint16:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Uint32:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Uint64:
		return func(b []byte, i int) []byte { return binary.LittleEndian.AppendUint64(b, a.Value(i)) }
	case *array.Float32:
		return func(b []byte, i int) []byte { return appendFloat(b, float64(a.Value(i))) }
	case *array.Float64:
		return func(b []byte, i int) []byte { return appendFloat(b, a.Value(i)) }
	case *array.Boolean:
		return func(b []byte, i int) []byte {
			if a.Value(i) {
				return append(b, 1)
			}

			return append(b, 0)
		}
	case *array.String:
		return func(b []byte, i int) []byte { return appendString(b, a.Value(i)) }
	case *array.LargeString:
		return func(b []byte, i int) []byte { return appendString(b, a.Value(i)) }
	case *array.Binary:
		return func(b []byte, i int) []byte { return appendBytes(b, a.Value(i)) }
	case *array.LargeBinary:
		return func(b []byte, i int) []byte { return appendBytes(b, a.Value(i)) }
	case *array.FixedSizeBinary:
		return func(b []byte, i int) []byte { return appendBytes(b, a.Value(i)) }
	case *array.Timestamp:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Date32:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Date64:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Time32:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Time64:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Duration:
		return func(b []byte, i int) []byte { return appendInt(b, int64(a.Value(i))) }
	case *array.Decimal128:
		return func(b []byte, i int) []byte {
			v := a.Value(i)
			return appendInt(appendInt(b, v.HighBits()), int64(v.LowBits()))
		}
	case *array.List:
		if enc := intListEncoder(a); enc != nil {
			return enc
		}
	}
	// Nested and rarer types: their canonical text form (lists and
	// structs render as JSON-like text, dictionaries as their values).
	return func(b []byte, i int) []byte { return appendString(b, arr.ValueStr(i)) }
}

// intListEncoder encodes a list of integers (silver's mini-sector
// segments) without going through ValueStr's JSON marshalling, writing
// the very text ValueStr gives ("[null,2049,2051]"), so fingerprints are
// unchanged. It returns nil for other element types.
func intListEncoder(a *array.List) valueEncoder {
	var elem func(j int) int64
	switch v := a.ListValues().(type) {
	case *array.Int16:
		elem = func(j int) int64 { return int64(v.Value(j)) }
	case *array.Int32:
		elem = func(j int) int64 { return int64(v.Value(j)) }
	case *array.Int64:
		elem = v.Value
	default:
		return nil
	}
	vals := a.ListValues()
	var text []byte
	return func(b []byte, i int) []byte {
		start, end := a.ValueOffsets(i)
		text = append(text[:0], '[')
		for j := int(start); j < int(end); j++ {
			if j > int(start) {
				text = append(text, ',')
			}
			if vals.IsNull(j) {
				text = append(text, "null"...)
			} else {
				text = strconv.AppendInt(text, elem(j), 10)
			}
		}
		text = append(text, ']')
		return appendBytes(b, text)
	}
}
