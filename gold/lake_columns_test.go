package gold

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitwall-f1/pitwall/silver"
)

// TestInputColumnsAreWhatGoldReads computes the simulated test season's
// gold tables from whole silver batches and from batches cut down to
// inputColumns (what a lake scan reads): every table is the same, so no
// column gold uses is left out of the scans. Every listed column exists
// in silver.
func TestInputColumnsAreWhatGoldReads(t *testing.T) {
	mem := checkedMem(t)
	_, in := simInputs(t)

	for table, cols := range inputColumns {
		sc := silver.Schema(table)
		if sc == nil {
			t.Fatalf("inputColumns names %q, which is not a silver table", table)
		}
		for _, c := range cols {
			if !sc.HasField(c) {
				t.Errorf("inputColumns[%s] names %q, which silver.%s does not have", table, c, table)
			}
		}
	}

	var cut Inputs
	var owned []arrow.RecordBatch
	defer func() {
		for _, r := range owned {
			r.Release()
		}
	}()
	for _, table := range append([]string{silver.TableMeetings, silver.TableSessions}, silver.SessionTables()...) {
		src, dst := in.slot(table), cut.slot(table)
		if src == nil {
			continue
		}
		cols, ok := inputColumns[table]
		if !ok {
			*dst = *src
			continue
		}
		for _, rec := range *src {
			var fields []arrow.Field
			var arrs []arrow.Array
			for _, c := range cols {
				idx := rec.Schema().FieldIndices(c)
				if len(idx) == 1 {
					fields = append(fields, rec.Schema().Field(idx[0]))
					arrs = append(arrs, rec.Column(idx[0]))
				}
			}
			p := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, rec.NumRows())
			owned = append(owned, p)
			*dst = append(*dst, p)
		}
	}

	compare := func(name string, whole, projected *Build) {
		t.Helper()
		if len(whole.Tables()) == 0 {
			t.Fatalf("%s: no gold table built", name)
		}
		for _, table := range whole.Tables() {
			a, b := whole.Record(table), projected.Record(table)
			if b == nil || !array.RecordEqual(a, b) {
				t.Errorf("%s: %s differs when gold reads only inputColumns", name, table)
			}
			if a.NumRows() == 0 {
				t.Errorf("%s: %s is empty: the comparison proves nothing", name, table)
			}
		}
	}
	whole, err := ComputeSessions(in, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Release()
	projected, err := ComputeSessions(cut, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer projected.Release()
	compare("sessions", whole, projected)

	wholeSt, err := ComputeStandings(in, testSeason.Year, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer wholeSt.Release()
	projectedSt, err := ComputeStandings(cut, testSeason.Year, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer projectedSt.Release()
	compare("standings", wholeSt, projectedSt)
}
