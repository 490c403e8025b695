package schemafacet_test

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
)

// ExampleFromArrow turns the Arrow schema of a table into an OpenLineage
// schema facet, nested list included.
func ExampleFromArrow() {
	s := arrow.NewSchema([]arrow.Field{
		{Name: "session_key", Type: arrow.PrimitiveTypes.Int32},
		{Name: "lap_duration_ms", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "segments_sector_1", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
	}, nil)
	facet := schemafacet.FromArrow(s)
	for _, f := range facet.Fields {
		fmt.Println(f.OrdinalPosition, f.Name, f.Type, len(f.Fields))
	}
	// Output:
	// 1 session_key int32 0
	// 2 lap_duration_ms int64 0
	// 3 segments_sector_1 list 1
}
