package lineage

import (
	"encoding/json"
	"time"
)

// NominalTimeFacet is the "nominalTime" run facet (NominalTimeRunFacet
// 1-0-1): the time window the run is scheduled for, e.g. the weekly run's
// Monday 06:00 UTC slot, independent of when it actually ran.
type NominalTimeFacet struct {
	BaseFacet
	NominalStartTime time.Time `json:"nominalStartTime"`        // included
	NominalEndTime   time.Time `json:"nominalEndTime,omitzero"` // excluded; zero = unknown
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewNominalTimeFacet returns a nominalTime facet; end may be zero.
func NewNominalTimeFacet(start, end time.Time) *NominalTimeFacet {
	return &NominalTimeFacet{
		BaseFacet:        BaseFacet{SchemaURL: SchemaURLNominalTimeRunFacet},
		NominalStartTime: start,
		NominalEndTime:   end,
	}
}

// MarshalJSON encodes the facet with its Extra members.
func (f NominalTimeFacet) MarshalJSON() ([]byte, error) {
	type plain NominalTimeFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *NominalTimeFacet) UnmarshalJSON(data []byte) error {
	type plain NominalTimeFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = NominalTimeFacet(v)
	f.Extra = extra
	return nil
}

func (f *NominalTimeFacet) check(path string, p *problems) {
	if f.NominalStartTime.IsZero() {
		p.addf(path+".nominalStartTime", "required")
	}
	if !f.NominalEndTime.IsZero() && f.NominalEndTime.Before(f.NominalStartTime) {
		p.addf(path+".nominalEndTime", "before nominalStartTime")
	}
}

// ParentFacet is the "parent" run facet (ParentRunFacet 1-2-0): the run
// that spawned this one, e.g. the pipeline run that owns a stage's run.
// Root, when set, names the top of the hierarchy.
type ParentFacet struct {
	BaseFacet
	Run  Run         `json:"run"`
	Job  Job         `json:"job"`
	Root *ParentRoot `json:"root,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// ParentRoot is the root run and job of a parent facet.
type ParentRoot struct {
	Run Run `json:"run"`
	Job Job `json:"job"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewParentFacet returns a parent facet pointing at the given run of the
// given job.
func NewParentFacet(runID, jobNamespace, jobName string) *ParentFacet {
	return &ParentFacet{
		BaseFacet: BaseFacet{SchemaURL: SchemaURLParentRunFacet},
		Run:       Run{RunID: runID},
		Job:       Job{Namespace: jobNamespace, Name: jobName},
	}
}

// WithRoot sets the root run and job and returns f.
func (f *ParentFacet) WithRoot(runID, jobNamespace, jobName string) *ParentFacet {
	f.Root = &ParentRoot{Run: Run{RunID: runID}, Job: Job{Namespace: jobNamespace, Name: jobName}}
	return f
}

// MarshalJSON encodes the facet with its Extra members.
func (f ParentFacet) MarshalJSON() ([]byte, error) {
	type plain ParentFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *ParentFacet) UnmarshalJSON(data []byte) error {
	type plain ParentFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = ParentFacet(v)
	f.Extra = extra
	return nil
}

// MarshalJSON encodes the root with its Extra members.
func (r ParentRoot) MarshalJSON() ([]byte, error) {
	type plain ParentRoot
	return marshalObject(plain(r), r.Extra)
}

// UnmarshalJSON decodes the root, keeping unknown members in Extra.
func (r *ParentRoot) UnmarshalJSON(data []byte) error {
	type plain ParentRoot
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*r = ParentRoot(v)
	r.Extra = extra
	return nil
}

func (f *ParentFacet) fillNested(producer string) {
	fillMap(f.Run.Facets, producer)
	fillMap(f.Job.Facets, producer)
	if f.Root != nil {
		fillMap(f.Root.Run.Facets, producer)
		fillMap(f.Root.Job.Facets, producer)
	}
}

func (f *ParentFacet) checkNested(path string, p *problems) {
	f.Run.check(path+".run", p)
	f.Job.check(path+".job", p)
	if f.Root != nil {
		f.Root.Run.check(path+".root.run", p)
		f.Root.Job.check(path+".root.job", p)
	}
}

// ErrorMessageFacet is the "errorMessage" run facet (ErrorMessageRunFacet
// 1-0-1), sent with FAIL events.
type ErrorMessageFacet struct {
	BaseFacet
	Message             string `json:"message"`
	ProgrammingLanguage string `json:"programmingLanguage"`
	StackTrace          string `json:"stackTrace,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewErrorMessageFacet returns an errorMessage facet for a Go error message,
// with an optional stack trace. The message is sent as given: do not put
// credentials in error messages.
func NewErrorMessageFacet(message, stackTrace string) *ErrorMessageFacet {
	return &ErrorMessageFacet{
		BaseFacet:           BaseFacet{SchemaURL: SchemaURLErrorMessageRunFacet},
		Message:             message,
		ProgrammingLanguage: "Go",
		StackTrace:          stackTrace,
	}
}

// MarshalJSON encodes the facet with its Extra members.
func (f ErrorMessageFacet) MarshalJSON() ([]byte, error) {
	type plain ErrorMessageFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *ErrorMessageFacet) UnmarshalJSON(data []byte) error {
	type plain ErrorMessageFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = ErrorMessageFacet(v)
	f.Extra = extra
	return nil
}

// ProcessingEngineFacet is the "processing_engine" run facet
// (ProcessingEngineRunFacet 1-1-1): what executed the run.
type ProcessingEngineFacet struct {
	BaseFacet
	Version                   string `json:"version"`
	Name                      string `json:"name,omitempty"`
	OpenlineageAdapterVersion string `json:"openlineageAdapterVersion,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewProcessingEngineFacet returns a processing_engine facet.
func NewProcessingEngineFacet(name, version, adapterVersion string) *ProcessingEngineFacet {
	return &ProcessingEngineFacet{
		BaseFacet:                 BaseFacet{SchemaURL: SchemaURLProcessingEngineRunFacet},
		Version:                   version,
		Name:                      name,
		OpenlineageAdapterVersion: adapterVersion,
	}
}

// PitwallEngineFacet returns the processing_engine facet describing this
// build of pitwall: name "pitwall", version and adapter version the pitwall
// module version (see [Version]).
func PitwallEngineFacet() *ProcessingEngineFacet {
	return NewProcessingEngineFacet("pitwall", Version(), Version())
}

// MarshalJSON encodes the facet with its Extra members.
func (f ProcessingEngineFacet) MarshalJSON() ([]byte, error) {
	type plain ProcessingEngineFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *ProcessingEngineFacet) UnmarshalJSON(data []byte) error {
	type plain ProcessingEngineFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = ProcessingEngineFacet(v)
	f.Extra = extra
	return nil
}
