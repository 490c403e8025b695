package schemafacet_test

import (
	"encoding/json"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
)

type F = lineage.SchemaField

// stintsIcebergSchema is the silver.stints contract plus the nested shapes
// a schema facet must carry: a list, a map and a struct.
func stintsIcebergSchema() *iceberg.Schema {
	return iceberg.NewSchema(3,
		iceberg.NestedField{ID: 1, Name: "session_key", Type: iceberg.PrimitiveTypes.Int64, Required: true, Doc: "OpenF1 session key"},
		iceberg.NestedField{ID: 2, Name: "driver_number", Type: iceberg.PrimitiveTypes.Int32, Required: true},
		iceberg.NestedField{ID: 3, Name: "compound", Type: iceberg.PrimitiveTypes.String},
		iceberg.NestedField{ID: 4, Name: "lap_start", Type: iceberg.PrimitiveTypes.Int32},
		iceberg.NestedField{ID: 5, Name: "date_start", Type: iceberg.PrimitiveTypes.TimestampTz},
		iceberg.NestedField{ID: 6, Name: "mean_pace_s", Type: iceberg.DecimalTypeOf(9, 3)},
		iceberg.NestedField{ID: 7, Name: "lap_times_ms", Type: &iceberg.ListType{ElementID: 10, Element: iceberg.PrimitiveTypes.Int64, ElementRequired: true}},
		iceberg.NestedField{ID: 8, Name: "sector_bests", Type: &iceberg.MapType{
			KeyID: 11, KeyType: iceberg.PrimitiveTypes.String, ValueID: 12, ValueType: iceberg.PrimitiveTypes.Float64, ValueRequired: false}},
		iceberg.NestedField{ID: 9, Name: "tyre", Type: &iceberg.StructType{FieldList: []iceberg.NestedField{
			{ID: 13, Name: "age_at_start", Type: iceberg.PrimitiveTypes.Int32, Doc: "laps already run on the set"},
			{ID: 14, Name: "new", Type: iceberg.PrimitiveTypes.Bool},
		}}},
	)
}

func TestFromIceberg(t *testing.T) {
	t.Parallel()
	got := schemafacet.FromIceberg(stintsIcebergSchema())
	assert.Equal(t, lineage.SchemaURLSchemaDatasetFacet, got.SchemaURL)
	want := []F{
		{Name: "session_key", Type: "long", Description: "OpenF1 session key", OrdinalPosition: 1},
		{Name: "driver_number", Type: "int", OrdinalPosition: 2},
		{Name: "compound", Type: "string", OrdinalPosition: 3},
		{Name: "lap_start", Type: "int", OrdinalPosition: 4},
		{Name: "date_start", Type: "timestamptz", OrdinalPosition: 5},
		{Name: "mean_pace_s", Type: "decimal(9, 3)", OrdinalPosition: 6},
		{Name: "lap_times_ms", Type: "list", OrdinalPosition: 7, Fields: []F{{Name: "_element", Type: "long"}}},
		{Name: "sector_bests", Type: "map", OrdinalPosition: 8, Fields: []F{{Name: "key", Type: "string"}, {Name: "value", Type: "double"}}},
		{Name: "tyre", Type: "struct", OrdinalPosition: 9, Fields: []F{
			{Name: "age_at_start", Type: "int", Description: "laps already run on the set", OrdinalPosition: 1},
			{Name: "new", Type: "boolean", OrdinalPosition: 2},
		}},
	}
	assert.Equal(t, want, got.Fields)
	assert.Empty(t, schemafacet.FromIceberg(nil).Fields)
}

func TestFromArrow(t *testing.T) {
	t.Parallel()
	jsonType, err := extensions.NewJSONType(arrow.BinaryTypes.String)
	require.NoError(t, err)
	doc := arrow.NewMetadata([]string{"doc"}, []string{"raw OpenF1 record"})
	s := arrow.NewSchema([]arrow.Field{
		{Name: "session_key", Type: arrow.PrimitiveTypes.Int64},
		{Name: "date", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "gap_to_leader", Type: arrow.BinaryTypes.String, Nullable: true, Metadata: arrow.NewMetadata([]string{"description"}, []string{"seconds, or +N LAP"})},
		{Name: "points", Type: &arrow.Decimal128Type{Precision: 5, Scale: 1}},
		{Name: "segments_sector_1", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32)},
		{Name: "position_history", Type: arrow.LargeListOf(arrow.PrimitiveTypes.Int16)},
		{Name: "sectors_ms", Type: arrow.FixedSizeListOf(3, arrow.PrimitiveTypes.Int64)},
		{Name: "best_by_compound", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Float64)},
		{Name: "team", Type: arrow.StructOf(
			arrow.Field{Name: "name", Type: arrow.BinaryTypes.String},
			arrow.Field{Name: "colour", Type: arrow.BinaryTypes.String, Metadata: arrow.NewMetadata([]string{"comment"}, []string{"#RRGGBB"})},
		)},
		{Name: "duration", Type: arrow.SparseUnionOf([]arrow.Field{
			{Name: "seconds", Type: arrow.PrimitiveTypes.Float64},
			{Name: "", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64)},
		}, []arrow.UnionTypeCode{0, 1})},
		{Name: "compound", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}},
		{Name: "_extra", Type: jsonType, Metadata: doc},
	}, nil)
	got := schemafacet.FromArrow(s)
	want := []F{
		{Name: "session_key", Type: "int64", OrdinalPosition: 1},
		{Name: "date", Type: "timestamp[us, tz=UTC]", OrdinalPosition: 2},
		{Name: "gap_to_leader", Type: "utf8", Description: "seconds, or +N LAP", OrdinalPosition: 3},
		{Name: "points", Type: "decimal(5, 1)", OrdinalPosition: 4},
		{Name: "segments_sector_1", Type: "list", OrdinalPosition: 5, Fields: []F{{Name: "_element", Type: "int32"}}},
		{Name: "position_history", Type: "large_list", OrdinalPosition: 6, Fields: []F{{Name: "_element", Type: "int16"}}},
		{Name: "sectors_ms", Type: "fixed_size_list", OrdinalPosition: 7, Fields: []F{{Name: "_element", Type: "int64"}}},
		{Name: "best_by_compound", Type: "map", OrdinalPosition: 8, Fields: []F{{Name: "key", Type: "utf8"}, {Name: "value", Type: "float64"}}},
		{Name: "team", Type: "struct", OrdinalPosition: 9, Fields: []F{
			{Name: "name", Type: "utf8", OrdinalPosition: 1},
			{Name: "colour", Type: "utf8", Description: "#RRGGBB", OrdinalPosition: 2},
		}},
		{Name: "duration", Type: "sparse_union", OrdinalPosition: 10, Fields: []F{
			{Name: "seconds", Type: "float64"},
			{Name: "_1", Type: "list", Fields: []F{{Name: "_element", Type: "float64"}}},
		}},
		{Name: "compound", Type: "dictionary<values=utf8, indices=int8, ordered=false>", OrdinalPosition: 11},
		{Name: "_extra", Type: "arrow.json", Description: "raw OpenF1 record", OrdinalPosition: 12},
	}
	assert.Equal(t, want, got.Fields)
	assert.Empty(t, schemafacet.FromArrow(nil).Fields)
}

// shape strips the engine-specific type names, keeping what both
// converters must agree on for the same table.
func shape(fields []F) []F {
	out := make([]F, len(fields))
	for i, f := range fields {
		out[i] = F{Name: f.Name, Description: f.Description, OrdinalPosition: f.OrdinalPosition, Fields: shape(f.Fields)}
		if f.Fields == nil {
			out[i].Fields = nil
		}
	}
	return out
}

// TestArrowAndIcebergAgree converts the same table both ways (iceberg-go
// writes Arrow data with the schema SchemaToArrowSchema returns) and checks
// the facets name and nest the same fields.
func TestArrowAndIcebergAgree(t *testing.T) {
	t.Parallel()
	ice := stintsIcebergSchema()
	arr, err := table.SchemaToArrowSchema(ice, nil, false, false)
	require.NoError(t, err)
	fromIce := schemafacet.FromIceberg(ice)
	fromArrow := schemafacet.FromArrow(arr)
	assert.Equal(t, shape(fromIce.Fields), shape(fromArrow.Fields))
	assert.Equal(t, "map", fromArrow.Fields[7].Type)
	assert.Equal(t, "struct", fromArrow.Fields[8].Type)
}

func TestFacetsValidateAgainstSchemaDatasetFacet(t *testing.T) {
	t.Parallel()
	v, err := lineagetest.NewValidator(lineagetest.FixturesDir(t))
	require.NoError(t, err)
	ice := stintsIcebergSchema()
	arr, err := table.SchemaToArrowSchema(ice, nil, true, true)
	require.NoError(t, err)
	for name, f := range map[string]*lineage.SchemaFacet{"iceberg": schemafacet.FromIceberg(ice), "arrow": schemafacet.FromArrow(arr)} {
		f.Producer = lineage.DefaultProducer
		b, err := json.Marshal(f)
		require.NoError(t, err)
		err = v.ValidateAgainst(f.SchemaURL, b)
		if err == lineagetest.ErrNoMirror {
			t.Skip("published schema mirror absent")
		}
		assert.NoError(t, err, name)
	}
}
