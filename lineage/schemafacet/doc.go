// Package schemafacet builds OpenLineage schema facets
// ([lineage.SchemaFacet], SchemaDatasetFacet 1-2-0) from Apache Arrow and
// Apache Iceberg schemas, nested fields included.
//
// It is a separate package so that package lineage itself depends on
// neither arrow-go nor iceberg-go.
//
// Conventions, shared by both converters and taken from the spec's own
// example document:
//
//   - top-level columns and struct members carry a 1-based
//     ordinal_position; list elements, map keys and values and union
//     members do not;
//   - a list's element is the single child "_element"; a map has the two
//     children "key" and "value"; a union's children keep their Arrow names
//     ("_0", "_1", ... when unnamed);
//   - the type of a nested field is its kind ("struct", "list", "map",
//     "large_list", "sparse_union", ...); the type of any other field is the
//     engine's own spelling of the full type: Arrow's DataType.String()
//     ("int64", "utf8", "timestamp[us, tz=UTC]", "decimal(10, 2)") or
//     Iceberg's Type.String() ("long", "string", "timestamptz",
//     "decimal(10, 2)");
//   - the description is Iceberg's field doc, or for Arrow the field
//     metadata "doc" (iceberg-go's key), "description" or "comment".
package schemafacet
