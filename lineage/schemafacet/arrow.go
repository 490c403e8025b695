package schemafacet

import (
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/lineage"
)

// FromArrow returns the schema facet of an Arrow schema. A nil schema gives
// a facet without fields.
func FromArrow(s *arrow.Schema) *lineage.SchemaFacet {
	if s == nil {
		return lineage.NewSchemaFacet()
	}
	return lineage.NewSchemaFacet(arrowFields(s.Fields(), true)...)
}

// FromArrowFields returns the schema fields of Arrow fields, numbered from 1.
func FromArrowFields(fields []arrow.Field) []lineage.SchemaField {
	return arrowFields(fields, true)
}

func arrowFields(fields []arrow.Field, ordinal bool) []lineage.SchemaField {
	if len(fields) == 0 {
		return nil
	}
	out := make([]lineage.SchemaField, len(fields))
	for i, f := range fields {
		out[i] = arrowField(f.Name, f.Type, f.Metadata)
		if ordinal {
			out[i].OrdinalPosition = i + 1
		}
	}
	return out
}

func arrowField(name string, dt arrow.DataType, md arrow.Metadata) lineage.SchemaField {
	sf := lineage.SchemaField{Name: name, Description: arrowDoc(md)}
	if dt == nil {
		return sf
	}
	if ext, ok := dt.(arrow.ExtensionType); ok {
		inner := arrowField(name, ext.StorageType(), md)
		inner.Type = ext.ExtensionName()
		return inner
	}
	switch t := dt.(type) {
	case *arrow.StructType:
		sf.Type = t.Name()
		sf.Fields = arrowFields(t.Fields(), true)
	case *arrow.MapType:
		sf.Type = t.Name()
		k, v := t.KeyField(), t.ItemField()
		sf.Fields = []lineage.SchemaField{
			arrowField("key", k.Type, k.Metadata),
			arrowField("value", v.Type, v.Metadata),
		}
	case arrow.ListLikeType:
		sf.Type = t.Name()
		e := t.ElemField()
		sf.Fields = []lineage.SchemaField{arrowField("_element", e.Type, e.Metadata)}
	case arrow.UnionType:
		sf.Type = t.Name()
		for i, f := range t.Fields() {
			n := f.Name
			if n == "" {
				n = "_" + strconv.Itoa(i)
			}
			sf.Fields = append(sf.Fields, arrowField(n, f.Type, f.Metadata))
		}
	default:
		sf.Type = dt.String()
	}
	return sf
}

func arrowDoc(md arrow.Metadata) string {
	for _, k := range []string{"doc", "description", "comment"} {
		if v, ok := md.GetValue(k); ok && v != "" {
			return v
		}
	}
	return ""
}
