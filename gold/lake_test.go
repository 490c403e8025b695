package gold

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1/sim"
)

// TestLakePathMatchesCompute checks that building gold from silver tables
// read back through the catalog gives exactly what the pure computation gives
// on the in-memory silver builds: the lake path must not lose a column gold
// reads (it once dropped laps.is_accurate, which zeroed every pace figure).
func TestLakePathMatchesCompute(t *testing.T) {
	mem := checkedMem(t)
	_, builds := simSeason(t, sim.Config{Seed: 3, Year: 2024, Meetings: 2, Sprints: -1}, mem)
	lake := openLake(t, builds)
	var keys []int
	for _, b := range builds {
		if b.SessionKey != 0 {
			keys = append(keys, b.SessionKey)
		}
	}
	want, err := ComputeSessions(InputsFromSilver(builds...), keys, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer want.Release()
	got, err := BuildSessions(context.Background(), lake, keys, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()

	accurate := 0
	for _, r := range rowsOf(t, want, TableDriverSessionSummary) {
		accurate += int(i64(r["accurate_laps"]))
	}
	if accurate == 0 {
		t.Fatal("the simulated sessions have no accurate laps: the comparison would prove nothing")
	}
	for _, table := range SessionTables() {
		w, g := sortedRows(rowsOf(t, want, table)), sortedRows(rowsOf(t, got, table))
		if len(w) != len(g) {
			t.Errorf("%s: %d rows from the lake, %d computed in memory", table, len(g), len(w))
			continue
		}
		for i := range w {
			if !reflect.DeepEqual(w[i], g[i]) {
				t.Errorf("%s row %d differs:\n lake   %v\n memory %v", table, i, g[i], w[i])
				break
			}
		}
	}
}

// sortedRows orders rows by their printed form so two builds compare
// regardless of row order.
func sortedRows(rows []map[string]any) []map[string]any {
	keys := make([]string, len(rows))
	idx := make([]int, len(rows))
	for i, r := range rows {
		keys[i] = fmt.Sprint(r)
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]map[string]any, len(rows))
	for i, j := range idx {
		out[i] = rows[j]
	}
	return out
}
