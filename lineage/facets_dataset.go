package lineage

import (
	"encoding/json"
	"strconv"
)

// SchemaFacet is the "schema" dataset facet (SchemaDatasetFacet 1-2-0):
// the dataset's columns, nested fields included. The schemafacet subpackage
// builds one from an Arrow or Iceberg schema.
type SchemaFacet struct {
	BaseFacet
	Fields []SchemaField `json:"fields,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// SchemaField is one column or nested field of a [SchemaFacet].
type SchemaField struct {
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	// OrdinalPosition is the 1-based position among its siblings; 0 = not given.
	OrdinalPosition int `json:"ordinal_position,omitempty"`
	// Fields are the children of a struct, list, map or union field.
	Fields []SchemaField `json:"fields,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewSchemaFacet returns a schema facet with the given fields.
func NewSchemaFacet(fields ...SchemaField) *SchemaFacet {
	return &SchemaFacet{BaseFacet: BaseFacet{SchemaURL: SchemaURLSchemaDatasetFacet}, Fields: fields}
}

// MarshalJSON encodes the facet with its Extra members.
func (f SchemaFacet) MarshalJSON() ([]byte, error) {
	type plain SchemaFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *SchemaFacet) UnmarshalJSON(data []byte) error {
	type plain SchemaFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = SchemaFacet(v)
	f.Extra = extra
	return nil
}

func (f *SchemaFacet) check(path string, p *problems) {
	checkSchemaFields(path+".fields", f.Fields, p)
}

func checkSchemaFields(path string, fields []SchemaField, p *problems) {
	for i, fl := range fields {
		fp := path + "[" + strconv.Itoa(i) + "]"
		if fl.Name == "" {
			p.addf(fp+".name", "required")
		}
		if fl.OrdinalPosition < 0 {
			p.addf(fp+".ordinal_position", "negative")
		}
		checkSchemaFields(fp+".fields", fl.Fields, p)
	}
}

// MarshalJSON encodes the field with its Extra members.
func (f SchemaField) MarshalJSON() ([]byte, error) {
	type plain SchemaField
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the field, keeping unknown members in Extra.
func (f *SchemaField) UnmarshalJSON(data []byte) error {
	type plain SchemaField
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = SchemaField(v)
	f.Extra = extra
	return nil
}

// DataSourceFacet is the "dataSource" dataset facet
// (DatasourceDatasetFacet 1-0-1): where the dataset lives.
type DataSourceFacet struct {
	BaseFacet
	Name string `json:"name,omitempty"`
	URI  string `json:"uri,omitempty"` // an absolute URI
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDataSourceFacet returns a dataSource facet.
func NewDataSourceFacet(name, uri string) *DataSourceFacet {
	return &DataSourceFacet{BaseFacet: BaseFacet{SchemaURL: SchemaURLDatasourceDatasetFacet}, Name: name, URI: uri}
}

// MarshalJSON encodes the facet with its Extra members.
func (f DataSourceFacet) MarshalJSON() ([]byte, error) {
	type plain DataSourceFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *DataSourceFacet) UnmarshalJSON(data []byte) error {
	type plain DataSourceFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = DataSourceFacet(v)
	f.Extra = extra
	return nil
}

func (f *DataSourceFacet) check(path string, p *problems) {
	if f.URI != "" && !isAbsoluteURI(f.URI) {
		p.addf(path+".uri", "must be an absolute URI, got %q", f.URI)
	}
}

// StorageFacet is the "storage" dataset facet (StorageDatasetFacet 1-0-1).
type StorageFacet struct {
	BaseFacet
	StorageLayer string `json:"storageLayer"`         // e.g. iceberg, delta
	FileFormat   string `json:"fileFormat,omitempty"` // e.g. parquet
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewStorageFacet returns a storage facet.
func NewStorageFacet(storageLayer, fileFormat string) *StorageFacet {
	return &StorageFacet{BaseFacet: BaseFacet{SchemaURL: SchemaURLStorageDatasetFacet}, StorageLayer: storageLayer, FileFormat: fileFormat}
}

// MarshalJSON encodes the facet with its Extra members.
func (f StorageFacet) MarshalJSON() ([]byte, error) {
	type plain StorageFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *StorageFacet) UnmarshalJSON(data []byte) error {
	type plain StorageFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = StorageFacet(v)
	f.Extra = extra
	return nil
}

// SymlinksFacet is the "symlinks" dataset facet (SymlinksDatasetFacet
// 1-0-1): other names of the same dataset, such as an Iceberg table's
// catalog name next to its storage location.
type SymlinksFacet struct {
	BaseFacet
	Identifiers []SymlinkIdentifier `json:"identifiers,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// SymlinkIdentifier is one alternative name of a dataset.
type SymlinkIdentifier struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Type      string `json:"type"` // e.g. TABLE
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewSymlinksFacet returns a symlinks facet.
func NewSymlinksFacet(ids ...SymlinkIdentifier) *SymlinksFacet {
	return &SymlinksFacet{BaseFacet: BaseFacet{SchemaURL: SchemaURLSymlinksDatasetFacet}, Identifiers: ids}
}

// MarshalJSON encodes the facet with its Extra members.
func (f SymlinksFacet) MarshalJSON() ([]byte, error) {
	type plain SymlinksFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *SymlinksFacet) UnmarshalJSON(data []byte) error {
	type plain SymlinksFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = SymlinksFacet(v)
	f.Extra = extra
	return nil
}

func (f *SymlinksFacet) check(path string, p *problems) {
	for i, id := range f.Identifiers {
		ip := path + ".identifiers[" + strconv.Itoa(i) + "]"
		if id.Namespace == "" || id.Name == "" || id.Type == "" {
			p.addf(ip, "namespace, name and type are all required")
		}
	}
}

// MarshalJSON encodes the identifier with its Extra members.
func (s SymlinkIdentifier) MarshalJSON() ([]byte, error) {
	type plain SymlinkIdentifier
	return marshalObject(plain(s), s.Extra)
}

// UnmarshalJSON decodes the identifier, keeping unknown members in Extra.
func (s *SymlinkIdentifier) UnmarshalJSON(data []byte) error {
	type plain SymlinkIdentifier
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*s = SymlinkIdentifier(v)
	s.Extra = extra
	return nil
}

// DatasetVersionFacet is the "version" dataset facet
// (DatasetVersionDatasetFacet 1-0-1); for Iceberg tables it carries the
// snapshot id as a decimal string.
type DatasetVersionFacet struct {
	BaseFacet
	DatasetVersion string `json:"datasetVersion"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDatasetVersionFacet returns a version facet.
func NewDatasetVersionFacet(version string) *DatasetVersionFacet {
	return &DatasetVersionFacet{BaseFacet: BaseFacet{SchemaURL: SchemaURLDatasetVersionDatasetFacet}, DatasetVersion: version}
}

// MarshalJSON encodes the facet with its Extra members.
func (f DatasetVersionFacet) MarshalJSON() ([]byte, error) {
	type plain DatasetVersionFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *DatasetVersionFacet) UnmarshalJSON(data []byte) error {
	type plain DatasetVersionFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = DatasetVersionFacet(v)
	f.Extra = extra
	return nil
}

// CatalogFacet is the "catalog" dataset facet (CatalogDatasetFacet 1-1-0):
// the catalog a table is registered in.
type CatalogFacet struct {
	BaseFacet
	Framework         string            `json:"framework"` // e.g. iceberg
	Type              string            `json:"type"`      // e.g. sql, rest, glue
	Name              string            `json:"name"`      // the catalog's configured name
	MetadataURI       string            `json:"metadataUri,omitempty"`
	WarehouseURI      string            `json:"warehouseUri,omitempty"`
	Source            string            `json:"source,omitempty"`
	CatalogProperties map[string]string `json:"catalogProperties,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON encodes the facet with its Extra members.
func (f CatalogFacet) MarshalJSON() ([]byte, error) {
	type plain CatalogFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *CatalogFacet) UnmarshalJSON(data []byte) error {
	type plain CatalogFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = CatalogFacet(v)
	f.Extra = extra
	return nil
}
