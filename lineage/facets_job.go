package lineage

import "encoding/json"

// Values of JobTypeFacet.ProcessingType.
const (
	ProcessingBatch     = "BATCH"
	ProcessingStreaming = "STREAMING"
	ProcessingService   = "SERVICE"
)

// IntegrationPitwall is the JobTypeFacet.Integration value for jobs run by
// pitwall.
const IntegrationPitwall = "PITWALL"

// JobTypeFacet is the "jobType" job facet (JobTypeJobFacet 2-0-4).
type JobTypeFacet struct {
	BaseFacet
	ProcessingType  string           `json:"processingType"` // BATCH, STREAMING or SERVICE
	Integration     string           `json:"integration"`    // e.g. PITWALL, SPARK, AIRFLOW
	JobType         string           `json:"jobType,omitempty"`
	EmissionPattern *EmissionPattern `json:"emissionPattern,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// EmissionPattern says how a job emits events (JobTypeJobFacet 2-0-4).
type EmissionPattern struct {
	EventTrigger     string `json:"eventTrigger"`             // EVENT_BASED or PERIODIC
	EventContentMode string `json:"eventContentMode"`         // ACCUMULATIVE or COMPLETE_SNAPSHOT
	WindowDuration   int    `json:"windowDuration,omitempty"` // seconds, ≥ 1, for PERIODIC
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewJobTypeFacet returns a jobType facet for a batch job run by pitwall;
// jobType names its role, e.g. "DAG" for a pipeline run and "TASK" for a stage.
func NewJobTypeFacet(jobType string) *JobTypeFacet {
	return &JobTypeFacet{
		BaseFacet:      BaseFacet{SchemaURL: SchemaURLJobTypeJobFacet},
		ProcessingType: ProcessingBatch,
		Integration:    IntegrationPitwall,
		JobType:        jobType,
	}
}

// MarshalJSON encodes the facet with its Extra members.
func (f JobTypeFacet) MarshalJSON() ([]byte, error) {
	type plain JobTypeFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *JobTypeFacet) UnmarshalJSON(data []byte) error {
	type plain JobTypeFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = JobTypeFacet(v)
	f.Extra = extra
	return nil
}

func (f *JobTypeFacet) check(path string, p *problems) {
	if f.EmissionPattern != nil && f.EmissionPattern.WindowDuration < 0 {
		p.addf(path+".emissionPattern.windowDuration", "must be at least 1, got %d", f.EmissionPattern.WindowDuration)
	}
}

// MarshalJSON encodes the pattern with its Extra members.
func (e EmissionPattern) MarshalJSON() ([]byte, error) {
	type plain EmissionPattern
	return marshalObject(plain(e), e.Extra)
}

// UnmarshalJSON decodes the pattern, keeping unknown members in Extra.
func (e *EmissionPattern) UnmarshalJSON(data []byte) error {
	type plain EmissionPattern
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*e = EmissionPattern(v)
	e.Extra = extra
	return nil
}

// DocumentationFacet is the "documentation" facet of a job
// (DocumentationJobFacet 1-1-0) or of a dataset (DocumentationDatasetFacet
// 1-1-0); the two differ only in their _schemaURL, which Client.Emit fills
// from where the facet sits when it is left empty.
type DocumentationFacet struct {
	BaseFacet
	Description string `json:"description"`
	ContentType string `json:"contentType,omitempty"` // MIME type, e.g. text/markdown
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDocumentationFacet returns a documentation facet. Its _schemaURL is
// left empty on purpose: it depends on whether the facet is put on a job or
// on a dataset, and Client.Emit fills it accordingly.
func NewDocumentationFacet(description, contentType string) *DocumentationFacet {
	return &DocumentationFacet{Description: description, ContentType: contentType}
}

// MarshalJSON encodes the facet with its Extra members.
func (f DocumentationFacet) MarshalJSON() ([]byte, error) {
	type plain DocumentationFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *DocumentationFacet) UnmarshalJSON(data []byte) error {
	type plain DocumentationFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = DocumentationFacet(v)
	f.Extra = extra
	return nil
}
