package lineage

import (
	"encoding/json"
	"strconv"
)

// Transformation types and the subtypes the spec lists for column lineage.
const (
	TransformationDirect   = "DIRECT"   // the output value is computed from the input value
	TransformationIndirect = "INDIRECT" // the input influences which rows or groups exist

	SubtypeIdentity       = "IDENTITY"
	SubtypeTransformation = "TRANSFORMATION"
	SubtypeAggregation    = "AGGREGATION"
	SubtypeJoin           = "JOIN"
	SubtypeFilter         = "FILTER"
	SubtypeGroupBy        = "GROUP_BY"
	SubtypeSort           = "SORT"
	SubtypeWindow         = "WINDOW"
	SubtypeConditional    = "CONDITIONAL"
)

// ColumnLineageFacet is the "columnLineage" dataset facet
// (ColumnLineageDatasetFacet 1-2-0), put on an output: for each output
// column, the input columns it was computed from.
type ColumnLineageFacet struct {
	BaseFacet
	// Fields is keyed by output column name; required, so nil is written as {}.
	Fields map[string]ColumnLineageField `json:"fields"`
	// Dataset lists inputs that affect the whole output (filters, joins,
	// sorts, grouping) rather than one column.
	Dataset []InputField `json:"dataset,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// ColumnLineageField is the lineage of one output column.
type ColumnLineageField struct {
	InputFields []InputField `json:"inputFields"`
	// TransformationDescription is deprecated in the spec; use
	// Transformation.Description.
	TransformationDescription string `json:"transformationDescription,omitempty"`
	// TransformationType is deprecated in the spec; use Transformation.Type.
	TransformationType string `json:"transformationType,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// InputField is one input column an output depends on.
type InputField struct {
	Namespace       string           `json:"namespace"` // input dataset namespace
	Name            string           `json:"name"`      // input dataset name
	Field           string           `json:"field"`     // input column
	Transformations []Transformation `json:"transformations,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// Transformation says how an input column reaches the output.
type Transformation struct {
	Type        string `json:"type"` // TransformationDirect or TransformationIndirect
	Subtype     string `json:"subtype,omitempty"`
	Description string `json:"description,omitempty"`
	Masking     bool   `json:"masking,omitempty"` // the transformation hides the original value
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewColumnLineageFacet returns an empty columnLineage facet; fill it with
// [ColumnLineageFacet.Add].
func NewColumnLineageFacet() *ColumnLineageFacet {
	return &ColumnLineageFacet{
		BaseFacet: BaseFacet{SchemaURL: SchemaURLColumnLineageDatasetFacet},
		Fields:    map[string]ColumnLineageField{},
	}
}

// Add records that output column outField depends on the given inputs and
// returns f.
func (f *ColumnLineageFacet) Add(outField string, inputs ...InputField) *ColumnLineageFacet {
	if f.Fields == nil {
		f.Fields = map[string]ColumnLineageField{}
	}
	cf := f.Fields[outField]
	cf.InputFields = append(cf.InputFields, inputs...)
	f.Fields[outField] = cf
	return f
}

// Identity returns an input field copied unchanged (DIRECT, IDENTITY).
func Identity(input DatasetName, field string) InputField {
	return InputFieldOf(input, field, TransformationDirect, SubtypeIdentity, "")
}

// InputFieldOf returns an input field with one transformation.
func InputFieldOf(input DatasetName, field, typ, subtype, description string) InputField {
	return InputField{
		Namespace: input.Namespace,
		Name:      input.Name,
		Field:     field,
		Transformations: []Transformation{{
			Type: typ, Subtype: subtype, Description: description,
		}},
	}
}

// MarshalJSON encodes the facet; a nil Fields is written as {}.
func (f ColumnLineageFacet) MarshalJSON() ([]byte, error) {
	type plain ColumnLineageFacet
	if f.Fields == nil {
		f.Fields = map[string]ColumnLineageField{}
	}
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *ColumnLineageFacet) UnmarshalJSON(data []byte) error {
	type plain ColumnLineageFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = ColumnLineageFacet(v)
	f.Extra = extra
	return nil
}

func (f *ColumnLineageFacet) check(path string, p *problems) {
	for out, cf := range f.Fields {
		for i, in := range cf.InputFields {
			in.check(path+".fields."+out+".inputFields["+strconv.Itoa(i)+"]", p)
		}
	}
	for i, in := range f.Dataset {
		in.check(path+".dataset["+strconv.Itoa(i)+"]", p)
	}
}

func (in InputField) check(path string, p *problems) {
	if in.Namespace == "" || in.Name == "" || in.Field == "" {
		p.addf(path, "namespace, name and field are all required")
	}
	for j, t := range in.Transformations {
		if t.Type == "" {
			p.addf(path+".transformations["+strconv.Itoa(j)+"].type", "required")
		}
	}
}

// MarshalJSON encodes the field; a nil InputFields is written as [].
func (c ColumnLineageField) MarshalJSON() ([]byte, error) {
	type plain ColumnLineageField
	if c.InputFields == nil {
		c.InputFields = []InputField{}
	}
	return marshalObject(plain(c), c.Extra)
}

// UnmarshalJSON decodes the field, keeping unknown members in Extra.
func (c *ColumnLineageField) UnmarshalJSON(data []byte) error {
	type plain ColumnLineageField
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*c = ColumnLineageField(v)
	c.Extra = extra
	return nil
}

// MarshalJSON encodes the input field with its Extra members.
func (in InputField) MarshalJSON() ([]byte, error) {
	type plain InputField
	return marshalObject(plain(in), in.Extra)
}

// UnmarshalJSON decodes the input field, keeping unknown members in Extra.
func (in *InputField) UnmarshalJSON(data []byte) error {
	type plain InputField
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*in = InputField(v)
	in.Extra = extra
	return nil
}

// MarshalJSON encodes the transformation with its Extra members.
func (t Transformation) MarshalJSON() ([]byte, error) {
	type plain Transformation
	return marshalObject(plain(t), t.Extra)
}

// UnmarshalJSON decodes the transformation, keeping unknown members in Extra.
func (t *Transformation) UnmarshalJSON(data []byte) error {
	type plain Transformation
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*t = Transformation(v)
	t.Extra = extra
	return nil
}
