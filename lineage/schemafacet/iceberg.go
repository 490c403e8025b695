package schemafacet

import (
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/lineage"
)

// FromIceberg returns the schema facet of an Iceberg schema. A nil schema
// gives a facet without fields.
func FromIceberg(s *iceberg.Schema) *lineage.SchemaFacet {
	if s == nil {
		return lineage.NewSchemaFacet()
	}
	return lineage.NewSchemaFacet(icebergFields(s.Fields(), true)...)
}

func icebergFields(fields []iceberg.NestedField, ordinal bool) []lineage.SchemaField {
	if len(fields) == 0 {
		return nil
	}
	out := make([]lineage.SchemaField, len(fields))
	for i, f := range fields {
		out[i] = icebergField(f.Name, f.Type, f.Doc)
		if ordinal {
			out[i].OrdinalPosition = i + 1
		}
	}
	return out
}

func icebergField(name string, t iceberg.Type, doc string) lineage.SchemaField {
	sf := lineage.SchemaField{Name: name, Description: doc}
	switch nt := t.(type) {
	case nil:
	case *iceberg.StructType:
		sf.Type = nt.Type()
		sf.Fields = icebergFields(nt.FieldList, true)
	case *iceberg.ListType:
		sf.Type = nt.Type()
		e := nt.ElementField()
		sf.Fields = []lineage.SchemaField{icebergField("_element", e.Type, e.Doc)}
	case *iceberg.MapType:
		sf.Type = nt.Type()
		k, v := nt.KeyField(), nt.ValueField()
		sf.Fields = []lineage.SchemaField{
			icebergField("key", k.Type, k.Doc),
			icebergField("value", v.Type, v.Doc),
		}
	default:
		sf.Type = t.String()
	}
	return sf
}
