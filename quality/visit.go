package quality

// Visitors call fn for every non-missing value of a column, in row order,
// and return how many there were. They suit checks whose per-value work
// (hashing, sorting, accumulating) outweighs a function call; the simple
// column checks use the block kernels instead.

func visitInts(col *column, fn func(row int64, x int64)) int64 {
	var scratch [blockLen]int64
	var n int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		int64Blocks(arr, &scratch, func(start int, vals []int64) {
			for i, x := range vals {
				if v.ok(start + i) {
					n++
					fn(base+int64(start+i), x)
				}
			}
		})
	}
	return n
}

// visitFloats visits float columns (NaN is missing) and, converted to
// float64, integer-like columns.
func visitFloats(col *column, fn func(row int64, x float64)) int64 {
	var fs [blockLen]float64
	var is [blockLen]int64
	var n int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		if float64Blocks(arr, &fs, func(start int, vals []float64) {
			for i, x := range vals {
				if x == x && v.ok(start+i) {
					n++
					fn(base+int64(start+i), x)
				}
			}
		}) {
			continue
		}
		int64Blocks(arr, &is, func(start int, vals []int64) {
			for i, x := range vals {
				if v.ok(start + i) {
					n++
					fn(base+int64(start+i), float64(x))
				}
			}
		})
	}
	return n
}

// visitStrings passes views into Arrow memory: clone before keeping them
// beyond the call.
func visitStrings(col *column, fn func(row int64, s string)) int64 {
	var n int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		s, ok := asStrings(arr)
		if !ok {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		for i := 0; i < arr.Len(); i++ {
			if v.ok(i) {
				n++
				fn(base+int64(i), s.Value(i))
			}
		}
	}
	return n
}

func visitBools(col *column, fn func(row int64, b bool)) int64 {
	var n int64
	for ci, arr := range col.chunks {
		if allMissing(arr) {
			continue
		}
		a, ok := arr.(interface{ Value(int) bool })
		if !ok {
			continue
		}
		base := col.offsets[ci]
		v := validityOf(arr)
		for i := 0; i < arr.Len(); i++ {
			if v.ok(i) {
				n++
				fn(base+int64(i), a.Value(i))
			}
		}
	}
	return n
}
