package lakehouse

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestIntListEncodingIsValueStr checks that the fast encoding of integer
// lists writes exactly what the generic path (ValueStr's JSON text) wrote,
// so fingerprints stored by earlier versions still match: lists with null
// elements, empty lists, null lists, negative and large values, for each
// integer width it handles.
func TestIntListEncodingIsValueStr(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewPCG(3, 4))
	for _, typ := range []arrow.DataType{arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64} {
		lb := array.NewListBuilder(mem, typ)
		for row := range 500 {
			switch {
			case row%17 == 0:
				lb.AppendNull()
				continue
			case row%13 == 0:
				lb.AppendEmptyValue()
				continue
			}
			lb.Append(true)
			for range 1 + r.IntN(12) {
				null := r.IntN(5) == 0
				v := int64(r.IntN(4100)) - 50
				if row%7 == 0 {
					v = -v * 1000
				}
				switch vb := lb.ValueBuilder().(type) {
				case *array.Int16Builder:
					if null {
						vb.AppendNull()
					} else {
						vb.Append(int16(v))
					}
				case *array.Int32Builder:
					if null {
						vb.AppendNull()
					} else {
						vb.Append(int32(v))
					}
				case *array.Int64Builder:
					if null {
						vb.AppendNull()
					} else {
						vb.Append(v * 1_000_003)
					}
				}
			}
		}
		arr := lb.NewListArray()
		lb.Release()
		enc := intListEncoder(arr)
		if enc == nil {
			t.Fatalf("%s: no fast encoder", typ)
		}
		generic := func(b []byte, i int) []byte { return appendString(b, arr.ValueStr(i)) }
		fast := 0
		for i := range arr.Len() {
			if arr.IsNull(i) {
				continue
			}
			if got, want := enc(nil, i), generic(nil, i); !bytes.Equal(got, want) {
				t.Fatalf("%s row %d: fast %q, ValueStr %q", typ, i, got, want)
			}
			fast++
		}
		if fast < 400 {
			t.Fatalf("%s: only %d non-null lists compared", typ, fast)
		}
		arr.Release()
	}
	// other element types keep the generic path
	sb := array.NewListBuilder(mem, arrow.BinaryTypes.String)
	sb.Append(true)
	sb.ValueBuilder().(*array.StringBuilder).Append("x")
	strs := sb.NewListArray()
	sb.Release()
	defer strs.Release()
	if intListEncoder(strs) != nil {
		t.Fatal("a list of strings got the integer encoder")
	}
}
