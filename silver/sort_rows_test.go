package silver

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortRowsMatchStableSort sorts the same rows with sortRows,
// sortRowsByKey and slices.SortStableFunc: all three give the
// same order, ties kept in input order, extreme and negative values
// included, and sorted input is left as it is.
func TestSortRowsMatchStableSort(t *testing.T) {
	type row struct {
		a, b int32
		seq  int
	}
	r := rand.New(rand.NewPCG(5, 6))
	pick := []int32{math.MinInt32, -7, -1, 0, 1, 2, 3, 44, math.MaxInt32}
	var rows []row
	for i := range 400 {
		rows = append(rows, row{pick[r.IntN(len(pick))], pick[r.IntN(len(pick))], i})
	}
	compare := func(x, y row) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		return cmp.Compare(x.b, y.b)
	}
	want := slices.Clone(rows)
	slices.SortStableFunc(want, compare)
	byCmp := slices.Clone(rows)
	sortRows(byCmp, compare)
	byKey := slices.Clone(rows)
	sortRowsByKey(byKey, func(x *row) (int64, int64) { return int64(x.a), int64(x.b) })
	if !slices.Equal(byCmp, want) {
		t.Fatal("sortRows differs from a stable sort")
	}
	if !slices.Equal(byKey, want) {
		t.Fatal("sortRowsByKey differs from a stable sort")
	}
	again := slices.Clone(want)
	sortRowsByKey(again, func(x *row) (int64, int64) { return int64(x.a), int64(x.b) })
	sortRows(again, compare)
	if !slices.Equal(again, want) {
		t.Fatal("sorting sorted rows changed them")
	}
}
