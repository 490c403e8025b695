package lineage

import "encoding/json"

// Dataset is the dataset of a DatasetEvent (StaticDataset in the spec).
type Dataset struct {
	Namespace string         `json:"namespace"`
	Name      string         `json:"name"`
	Facets    *DatasetFacets `json:"facets,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// InputDataset is a dataset a run reads.
type InputDataset struct {
	Namespace   string              `json:"namespace"`
	Name        string              `json:"name"`
	Facets      *DatasetFacets      `json:"facets,omitempty"`
	InputFacets *InputDatasetFacets `json:"inputFacets,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// OutputDataset is a dataset a run writes.
type OutputDataset struct {
	Namespace    string               `json:"namespace"`
	Name         string               `json:"name"`
	Facets       *DatasetFacets       `json:"facets,omitempty"`
	OutputFacets *OutputDatasetFacets `json:"outputFacets,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON encodes the dataset with its Extra members.
func (d Dataset) MarshalJSON() ([]byte, error) {
	type plain Dataset
	return marshalObject(plain(d), d.Extra)
}

// UnmarshalJSON decodes the dataset, keeping unknown members in Extra.
func (d *Dataset) UnmarshalJSON(data []byte) error {
	type plain Dataset
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*d = Dataset(v)
	d.Extra = extra
	return nil
}

// MarshalJSON encodes the dataset with its Extra members.
func (d InputDataset) MarshalJSON() ([]byte, error) {
	type plain InputDataset
	return marshalObject(plain(d), d.Extra)
}

// UnmarshalJSON decodes the dataset, keeping unknown members in Extra.
func (d *InputDataset) UnmarshalJSON(data []byte) error {
	type plain InputDataset
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*d = InputDataset(v)
	d.Extra = extra
	return nil
}

// MarshalJSON encodes the dataset with its Extra members.
func (d OutputDataset) MarshalJSON() ([]byte, error) {
	type plain OutputDataset
	return marshalObject(plain(d), d.Extra)
}

// UnmarshalJSON decodes the dataset, keeping unknown members in Extra.
func (d *OutputDataset) UnmarshalJSON(data []byte) error {
	type plain OutputDataset
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*d = OutputDataset(v)
	d.Extra = extra
	return nil
}

func checkDatasetName(path, namespace, name string, p *problems) {
	if namespace == "" {
		p.addf(path+".namespace", "required")
	}
	if name == "" {
		p.addf(path+".name", "required")
	}
}

func (d *Dataset) fill(producer string) { fillMap(d.Facets, producer) }

func (d *Dataset) check(path string, p *problems) {
	checkDatasetName(path, d.Namespace, d.Name, p)
	checkMap(path+".facets", d.Facets, p)
}

func (d *InputDataset) fill(producer string) {
	fillMap(d.Facets, producer)
	fillMap(d.InputFacets, producer)
}

func (d *InputDataset) check(path string, p *problems) {
	checkDatasetName(path, d.Namespace, d.Name, p)
	checkMap(path+".facets", d.Facets, p)
	checkMap(path+".inputFacets", d.InputFacets, p)
}

func (d *OutputDataset) fill(producer string) {
	fillMap(d.Facets, producer)
	fillMap(d.OutputFacets, producer)
}

func (d *OutputDataset) check(path string, p *problems) {
	checkDatasetName(path, d.Namespace, d.Name, p)
	checkMap(path+".facets", d.Facets, p)
	checkMap(path+".outputFacets", d.OutputFacets, p)
}
