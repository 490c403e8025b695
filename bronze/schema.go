package bronze

import (
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/parquet-go/parquet-go"

	"github.com/pitwall-f1/pitwall/openf1"
)

// SchemaVersion is the version of the bronze column layout (type mapping and
// metadata columns). It is recorded in every manifest; a partition written
// under another version is rewritten on its next extraction even when its
// content hash is unchanged.
const SchemaVersion = 1

// Names of the metadata columns that follow the API columns.
const (
	ColumnExtra      = "_extra"       // unknown API fields, JSON object text (null when none)
	ColumnIngestedAt = "_ingested_at" // when the response was fetched, TIMESTAMP(µs, UTC)
	ColumnRunID      = "_run_id"      // the extraction run that wrote the row
	ColumnRequest    = "_request"     // API path and query of the response the row came from
)

// FieldKindKey is the Arrow field metadata key under which Schema records the
// registry kind (openf1.FieldKind.String()) of each API column, so readers can
// tell union columns (raw JSON text) from plain strings.
const FieldKindKey = "pitwall.openf1.kind"

// Schema returns the bronze Arrow schema of an endpoint: the API columns in
// registry order (openf1.EndpointInfo.Fields) followed by _extra,
// _ingested_at, _run_id and _request. API columns and _extra are nullable;
// the three run columns are not. It returns nil for an unknown endpoint.
//
// Type mapping: int → int64, float → float64, string → utf8, bool → boolean,
// datetime → timestamp[us, tz=UTC], int list → list<element: int32>
// (nullable elements), union → utf8 holding the raw JSON text.
func Schema(ep openf1.Endpoint) *arrow.Schema {
	info, ok := openf1.LookupEndpoint(ep)
	if !ok {
		return nil
	}
	fields := make([]arrow.Field, 0, len(info.Fields)+4)
	for _, f := range info.Fields {
		fields = append(fields, arrow.Field{
			Name:     f.Name,
			Type:     arrowType(f.Kind),
			Nullable: true,
			Metadata: arrow.NewMetadata([]string{FieldKindKey}, []string{f.Kind.String()}),
		})
	}
	fields = append(fields,
		arrow.Field{Name: ColumnExtra, Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: ColumnIngestedAt, Type: timestampType},
		arrow.Field{Name: ColumnRunID, Type: arrow.BinaryTypes.String},
		arrow.Field{Name: ColumnRequest, Type: arrow.BinaryTypes.String},
	)
	md := arrow.NewMetadata([]string{"pitwall.bronze.endpoint", "pitwall.bronze.schema_version"},
		[]string{string(ep), fmt.Sprint(SchemaVersion)})
	return arrow.NewSchema(fields, &md)
}

var timestampType = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}

// listElementName is the element field name of list columns, as the Parquet
// LIST convention (and therefore pqarrow) names it.
const listElementName = "element"

func arrowType(k openf1.FieldKind) arrow.DataType {
	switch k {
	case openf1.KindInt:
		return arrow.PrimitiveTypes.Int64
	case openf1.KindFloat:
		return arrow.PrimitiveTypes.Float64
	case openf1.KindBool:
		return arrow.FixedWidthTypes.Boolean
	case openf1.KindTime:
		return timestampType
	case openf1.KindIntList:
		return arrow.ListOfField(arrow.Field{Name: listElementName, Type: arrow.PrimitiveTypes.Int32, Nullable: true})
	default: // string, union
		return arrow.BinaryTypes.String
	}
}

// parquetSchema builds the Parquet schema of an endpoint, with columns in the
// same order as Schema. parquet.Group sorts its fields by name, so the root is
// an orderedGroup instead.
func parquetSchema(info openf1.EndpointInfo) *parquet.Schema {
	fields := make([]namedNode, 0, len(info.Fields)+4)
	for _, f := range info.Fields {
		var n parquet.Node
		switch f.Kind {
		case openf1.KindInt:
			n = parquet.Int(64)
		case openf1.KindFloat:
			n = parquet.Leaf(parquet.DoubleType)
		case openf1.KindBool:
			n = parquet.Leaf(parquet.BooleanType)
		case openf1.KindTime:
			n = parquet.Timestamp(parquet.Microsecond)
		case openf1.KindIntList:
			n = parquet.List(parquet.Optional(parquet.Int(32)))
		default:
			n = stringNode()
		}
		fields = append(fields, namedNode{name: f.Name, Node: parquet.Optional(n)})
	}
	fields = append(fields,
		namedNode{name: ColumnExtra, Node: parquet.Optional(stringNode())},
		namedNode{name: ColumnIngestedAt, Node: parquet.Timestamp(parquet.Microsecond)},
		namedNode{name: ColumnRunID, Node: stringNode()},
		namedNode{name: ColumnRequest, Node: stringNode()},
	)
	return parquet.NewSchema(string(info.Name), orderedGroup(fields))
}

// stringNode is a UTF-8 column with dictionary encoding: OpenF1 strings
// repeat a lot (team names, compounds, flags, the run columns), and
// parquet-go's default for byte arrays (DELTA_LENGTH_BYTE_ARRAY) trips a
// buffer leak in arrow-go's decoder.
func stringNode() parquet.Node { return parquet.Encoded(parquet.String(), &parquet.RLEDictionary) }

var parquetSchemas sync.Map // openf1.Endpoint → *parquet.Schema

// schemaFor returns the (shared, immutable) Parquet schema of an endpoint.
func schemaFor(ep openf1.Endpoint) *parquet.Schema {
	if s, ok := parquetSchemas.Load(ep); ok {
		return s.(*parquet.Schema)
	}
	info, _ := openf1.LookupEndpoint(ep)
	s, _ := parquetSchemas.LoadOrStore(ep, parquetSchema(info))
	return s.(*parquet.Schema)
}
