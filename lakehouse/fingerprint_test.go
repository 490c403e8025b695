package lakehouse

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// digestOf fingerprints all rows of the batches as one partition.
func digestOf(sc *arrow.Schema, exclude []string, recs ...arrow.RecordBatch) string {
	h := newRowHasher(sc, exclude)
	var d contentDigest
	for _, rec := range recs {
		h.bind(rec)
		for i := range int(rec.NumRows()) {
			sum := h.hashRow(i)
			d.add(&sum)
		}
	}

	return d.hex(h.layout)
}

func TestContentDigestIsOrderInsensitiveAndValueSensitive(t *testing.T) {
	t.Parallel()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	g := lapGen{drivers: 3, laps: 4}

	whole := g.batch(mem, 24001, 24002)
	defer whole.Release()
	a, b := g.batch(mem, 24002), g.batch(mem, 24001)
	defer a.Release()
	defer b.Release()
	base := digestOf(lapSchema, nil, whole)
	assert.Equal(t, base, digestOf(lapSchema, nil, a, b), "batching and row order do not matter")

	changed := lapGen{drivers: 3, laps: 4, bump: map[int64]int64{24002: 1}}.batch(mem, 24001, 24002)
	defer changed.Release()
	assert.NotEqual(t, base, digestOf(lapSchema, nil, changed), "a 1 ms change is seen")
	excl := []string{"lap_duration_ms"}
	assert.Equal(t, digestOf(lapSchema, excl, whole), digestOf(lapSchema, excl, changed), "excluded column ignored")
	assert.NotEqual(t, base, digestOf(lapSchema, []string{"lap_duration_ms"}, whole), "exclusion is part of the layout")

	assert.NotEqual(t, base, digestOf(lapSchema, nil, whole, a), "duplicated rows are a change")
	assert.NotEqual(t, digestOf(lapSchema, nil, a), digestOf(lapSchema, nil, b))

	// The empty partition has a stable digest of its own.
	assert.Equal(t, digestOf(lapSchema, nil), digestOf(lapSchema, nil))
	assert.NotEqual(t, base, digestOf(lapSchema, nil))
}

func TestContentDigestDistinguishesNullsTypesAndColumns(t *testing.T) {
	t.Parallel()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	two := arrow.NewSchema([]arrow.Field{
		{Name: "a", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "b", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	row := func(a, b *int64) arrow.RecordBatch {
		bld := array.NewRecordBuilder(mem, two)
		defer bld.Release()
		for i, v := range []*int64{a, b} {
			if v == nil {
				bld.Field(i).AppendNull()
			} else {
				bld.Field(i).(*array.Int64Builder).Append(*v)
			}
		}

		return bld.NewRecordBatch()
	}
	zero, one := int64(0), int64(1)
	r00, rN0, r10, r01 := row(&zero, &zero), row(nil, &zero), row(&one, &zero), row(&zero, &one)
	for _, r := range []arrow.RecordBatch{r00, rN0, r10, r01} {
		defer r.Release()
	}
	digests := map[string]string{
		"0,0":    digestOf(two, nil, r00),
		"null,0": digestOf(two, nil, rN0),
		"1,0":    digestOf(two, nil, r10),
		"0,1":    digestOf(two, nil, r01),
	}
	seen := map[string]string{}
	for name, d := range digests {
		require.NotContains(t, seen, d, "%s collides with %s", name, seen[d])
		seen[d] = name
	}

	// Same values under a different type are a different layout.
	as32 := arrow.NewSchema([]arrow.Field{
		{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "b", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b32 := array.NewRecordBuilder(mem, as32)
	defer b32.Release()
	b32.Field(0).(*array.Int32Builder).Append(0)
	b32.Field(1).(*array.Int64Builder).Append(0)
	r32 := b32.NewRecordBatch()
	defer r32.Release()
	assert.NotEqual(t, digests["0,0"], digestOf(as32, nil, r32))
}

func TestValueEncodersCoverArrowTypes(t *testing.T) {
	t.Parallel()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	types := []arrow.DataType{
		arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Uint8, arrow.PrimitiveTypes.Uint16, arrow.PrimitiveTypes.Uint32, arrow.PrimitiveTypes.Uint64,
		arrow.PrimitiveTypes.Float32, arrow.PrimitiveTypes.Float64, arrow.FixedWidthTypes.Boolean,
		arrow.BinaryTypes.String, arrow.BinaryTypes.LargeString, arrow.BinaryTypes.Binary, arrow.BinaryTypes.LargeBinary,
		&arrow.FixedSizeBinaryType{ByteWidth: 4}, arrow.FixedWidthTypes.Timestamp_us, arrow.FixedWidthTypes.Date32,
		arrow.FixedWidthTypes.Date64, arrow.FixedWidthTypes.Time32ms, arrow.FixedWidthTypes.Time64us,
		arrow.FixedWidthTypes.Duration_ms, &arrow.Decimal128Type{Precision: 10, Scale: 3},
		arrow.ListOf(arrow.PrimitiveTypes.Int32),
	}
	for _, dt := range types {
		checkEncoder(t, mem, dt)
	}
}

// checkEncoder encodes three rows of dt: null, the zero value, a non-zero
// value; all three encodings must differ.
func checkEncoder(t *testing.T, mem memory.Allocator, dt arrow.DataType) {
	t.Helper()
	b := array.NewBuilder(mem, dt)
	defer b.Release()
	b.AppendNull()
	b.AppendEmptyValue()
	switch bb := b.(type) {
	case *array.ListBuilder:
		bb.Append(true)
		bb.ValueBuilder().(*array.Int32Builder).Append(7)
	case *array.Decimal128Builder:
		bb.Append(decimal128.FromI64(1234))
	case *array.FixedSizeBinaryBuilder:
		bb.Append([]byte("F1!!"))
	case *array.BooleanBuilder:
		bb.Append(true)
	default:
		require.NoError(t, b.AppendValueFromString(nonZeroText(dt)), dt.String())
	}
	arr := b.NewArray()
	defer arr.Release()
	enc := encoderFor(arr)
	n, z, v := string(enc(nil, 0)), string(enc(nil, 1)), string(enc(nil, 2))
	assert.NotEqual(t, n, z, "%s: null differs from zero", dt)
	assert.NotEqual(t, z, v, "%s: zero differs from a value", dt)
}

func nonZeroText(dt arrow.DataType) string {
	switch dt.ID() {
	case arrow.STRING, arrow.LARGE_STRING:
		return "VER"
	case arrow.BINARY, arrow.LARGE_BINARY:
		return "VkVS" // base64 of "VER"
	case arrow.TIMESTAMP:
		return "2024-03-02T15:03:00Z"
	case arrow.DATE32, arrow.DATE64:
		return "2024-03-02"
	case arrow.TIME32, arrow.TIME64:
		return "15:03:00"
	default:
		return "42"
	}
}

func TestFilesDigestIgnoresOrder(t *testing.T) {
	t.Parallel()
	assert.Equal(t, filesDigest([]string{"a", "b"}), filesDigest([]string{"b", "a"}))
	assert.NotEqual(t, filesDigest([]string{"a", "b"}), filesDigest([]string{"a"}))
	assert.NotEqual(t, filesDigest([]string{"ab"}), filesDigest([]string{"a", "b"}))
	assert.Equal(t, "v1 rows=3 content=c files=f", fingerprintRecord(3, "c", "f"))
}
