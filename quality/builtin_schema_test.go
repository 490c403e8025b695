package quality_test

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// TestBuiltinSuitesNameRealColumns checks every column a built-in silver
// or gold suite names against the table's real schema (silver.Schema,
// gold.Schema): a suite naming a column the table does not have would
// fail with raised_exception on every batch, blocking publication. It
// also checks that every silver and gold table with a built-in suite
// exists.
func TestBuiltinSuitesNameRealColumns(t *testing.T) {
	schemas := map[string]func(string) *arrow.Schema{"silver": silver.Schema, "gold": gold.Schema}
	checked := 0
	for _, name := range quality.BuiltinSuites() {
		layer, table, _ := strings.Cut(name, ".")
		schemaOf, ok := schemas[layer]
		if !ok {
			continue // bronze: raw API field names
		}
		schema := schemaOf(table)
		if schema == nil {
			t.Errorf("%s: no %s table %q", name, layer, table)
			continue
		}
		s, err := quality.BuiltinSuite(layer, table)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range s.Expectations {
			for _, c := range e.Columns() {
				checked++
				if len(schema.FieldIndices(c)) != 1 {
					t.Errorf("%s: %s names column %q, not in the %s schema", name, e.Type, c, name)
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d column references checked", checked)
	}
}
