package lineage

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// EventType is the run state transition a RunEvent reports.
type EventType string

// The run event types of the spec. A run sends one START and one terminal
// event (COMPLETE, FAIL or ABORT); RUNNING and OTHER may come any number of
// times in between or after.
const (
	EventStart    EventType = "START"
	EventRunning  EventType = "RUNNING"
	EventComplete EventType = "COMPLETE"
	EventAbort    EventType = "ABORT"
	EventFail     EventType = "FAIL"
	EventOther    EventType = "OTHER"
)

// Valid reports whether t is one of the six event types.
func (t EventType) Valid() bool {
	switch t {
	case EventStart, EventRunning, EventComplete, EventAbort, EventFail, EventOther:
		return true
	}
	return false
}

// Terminal reports whether t ends a run (COMPLETE, FAIL or ABORT).
func (t EventType) Terminal() bool {
	return t == EventComplete || t == EventFail || t == EventAbort
}

// EventKind names the three kinds of OpenLineage event.
type EventKind string

// The event kinds, spelled as the $defs of the core schema.
const (
	KindRunEvent     EventKind = "RunEvent"
	KindDatasetEvent EventKind = "DatasetEvent"
	KindJobEvent     EventKind = "JobEvent"
)

// Event is one OpenLineage event: a *RunEvent, *DatasetEvent or *JobEvent.
type Event interface {
	json.Marshaler
	// FillDefaults sets what the producer of an event may leave out: the
	// event's producer and schemaURL, a zero eventTime (to now, UTC), and
	// every facet's _producer and, for the facet types of this package, the
	// _schemaURL matching where the facet sits. Non-empty values are kept.
	FillDefaults(producer string)
	// Validate checks the rules of the spec that need no JSON schema; it
	// returns a *ValidationError listing every problem.
	Validate() error
	// Kind reports which of the three event kinds this is.
	Kind() EventKind
	// payload describes the event for transports (everything but the body).
	payload() Payload
}

// RunEvent reports a state transition of a run of a job, with the datasets
// the run reads and writes.
type RunEvent struct {
	EventTime time.Time       `json:"eventTime"`
	EventType EventType       `json:"eventType,omitempty"`
	Producer  string          `json:"producer"`
	SchemaURL string          `json:"schemaURL"`
	Run       Run             `json:"run"`
	Job       Job             `json:"job"`
	Inputs    []InputDataset  `json:"inputs,omitzero"`
	Outputs   []OutputDataset `json:"outputs,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewRunEvent returns a run event of the given type for run runID of job
// namespace/name, stamped now (UTC), with the current schemaURL. Add
// facets, inputs and outputs to it, then pass it to Client.Emit, which sets
// the producer (or call FillDefaults yourself before encoding it).
func NewRunEvent(eventType EventType, runID, jobNamespace, jobName string) *RunEvent {
	return &RunEvent{
		EventTime: time.Now().UTC(),
		EventType: eventType,
		SchemaURL: SchemaURLRunEvent,
		Run:       Run{RunID: runID},
		Job:       Job{Namespace: jobNamespace, Name: jobName},
	}
}

// Kind returns KindRunEvent.
func (e *RunEvent) Kind() EventKind { return KindRunEvent }

// MarshalJSON encodes the event with its Extra members.
func (e RunEvent) MarshalJSON() ([]byte, error) {
	type plain RunEvent
	return marshalObject(plain(e), e.Extra)
}

// UnmarshalJSON decodes the event, keeping unknown members in Extra.
func (e *RunEvent) UnmarshalJSON(data []byte) error {
	type plain RunEvent
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*e = RunEvent(v)
	e.Extra = extra
	return nil
}

// FillDefaults implements [Event].
func (e *RunEvent) FillDefaults(producer string) {
	fillEventBase(&e.EventTime, &e.Producer, &e.SchemaURL, producer, SchemaURLRunEvent)
	fillMap(e.Run.Facets, producer)
	fillMap(e.Job.Facets, producer)
	for i := range e.Inputs {
		e.Inputs[i].fill(producer)
	}
	for i := range e.Outputs {
		e.Outputs[i].fill(producer)
	}
}

// Validate implements [Event].
func (e *RunEvent) Validate() error {
	var p problems
	checkEventBase(e.EventTime, e.Producer, e.SchemaURL, &p)
	if e.EventType != "" && !e.EventType.Valid() {
		p.addf("eventType", "unknown event type %q", e.EventType)
	}
	e.Run.check("run", &p)
	e.Job.check("job", &p)
	for i := range e.Inputs {
		e.Inputs[i].check("inputs["+strconv.Itoa(i)+"]", &p)
	}
	for i := range e.Outputs {
		e.Outputs[i].check("outputs["+strconv.Itoa(i)+"]", &p)
	}
	return p.err()
}

func (e *RunEvent) payload() Payload {
	return Payload{
		Kind: KindRunEvent, EventType: e.EventType, RunID: e.Run.RunID,
		JobNamespace: e.Job.Namespace, JobName: e.Job.Name,
	}
}

// DatasetEvent carries metadata about a dataset outside of any run, e.g. a
// table's schema after a DDL change.
type DatasetEvent struct {
	EventTime time.Time `json:"eventTime"`
	Producer  string    `json:"producer"`
	SchemaURL string    `json:"schemaURL"`
	Dataset   Dataset   `json:"dataset"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDatasetEvent returns a dataset event for the named dataset, stamped now.
func NewDatasetEvent(name DatasetName, facets *DatasetFacets) *DatasetEvent {
	return &DatasetEvent{
		EventTime: time.Now().UTC(),
		SchemaURL: SchemaURLDatasetEvent,
		Dataset:   Dataset{Namespace: name.Namespace, Name: name.Name, Facets: facets},
	}
}

// Kind returns KindDatasetEvent.
func (e *DatasetEvent) Kind() EventKind { return KindDatasetEvent }

// MarshalJSON encodes the event with its Extra members.
func (e DatasetEvent) MarshalJSON() ([]byte, error) {
	type plain DatasetEvent
	return marshalObject(plain(e), e.Extra)
}

// UnmarshalJSON decodes the event, keeping unknown members in Extra.
func (e *DatasetEvent) UnmarshalJSON(data []byte) error {
	type plain DatasetEvent
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*e = DatasetEvent(v)
	e.Extra = extra
	return nil
}

// FillDefaults implements [Event].
func (e *DatasetEvent) FillDefaults(producer string) {
	fillEventBase(&e.EventTime, &e.Producer, &e.SchemaURL, producer, SchemaURLDatasetEvent)
	e.Dataset.fill(producer)
}

// Validate implements [Event].
func (e *DatasetEvent) Validate() error {
	var p problems
	checkEventBase(e.EventTime, e.Producer, e.SchemaURL, &p)
	e.Dataset.check("dataset", &p)
	if _, ok := e.Extra["job"]; ok {
		if _, ok := e.Extra["run"]; ok {
			p.addf("", "a dataset event must not carry both job and run")
		}
	}
	return p.err()
}

func (e *DatasetEvent) payload() Payload { return Payload{Kind: KindDatasetEvent} }

// JobEvent carries metadata about a job outside of any run, e.g. its
// documentation or its declared inputs and outputs.
type JobEvent struct {
	EventTime time.Time       `json:"eventTime"`
	Producer  string          `json:"producer"`
	SchemaURL string          `json:"schemaURL"`
	Job       Job             `json:"job"`
	Inputs    []InputDataset  `json:"inputs,omitzero"`
	Outputs   []OutputDataset `json:"outputs,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewJobEvent returns a job event for job namespace/name, stamped now.
func NewJobEvent(jobNamespace, jobName string) *JobEvent {
	return &JobEvent{
		EventTime: time.Now().UTC(),
		SchemaURL: SchemaURLJobEvent,
		Job:       Job{Namespace: jobNamespace, Name: jobName},
	}
}

// Kind returns KindJobEvent.
func (e *JobEvent) Kind() EventKind { return KindJobEvent }

// MarshalJSON encodes the event with its Extra members.
func (e JobEvent) MarshalJSON() ([]byte, error) {
	type plain JobEvent
	return marshalObject(plain(e), e.Extra)
}

// UnmarshalJSON decodes the event, keeping unknown members in Extra.
func (e *JobEvent) UnmarshalJSON(data []byte) error {
	type plain JobEvent
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*e = JobEvent(v)
	e.Extra = extra
	return nil
}

// FillDefaults implements [Event].
func (e *JobEvent) FillDefaults(producer string) {
	fillEventBase(&e.EventTime, &e.Producer, &e.SchemaURL, producer, SchemaURLJobEvent)
	fillMap(e.Job.Facets, producer)
	for i := range e.Inputs {
		e.Inputs[i].fill(producer)
	}
	for i := range e.Outputs {
		e.Outputs[i].fill(producer)
	}
}

// Validate implements [Event].
func (e *JobEvent) Validate() error {
	var p problems
	checkEventBase(e.EventTime, e.Producer, e.SchemaURL, &p)
	e.Job.check("job", &p)
	if _, ok := e.Extra["run"]; ok {
		p.addf("run", "a job event must not carry a run")
	}
	for i := range e.Inputs {
		e.Inputs[i].check("inputs["+strconv.Itoa(i)+"]", &p)
	}
	for i := range e.Outputs {
		e.Outputs[i].check("outputs["+strconv.Itoa(i)+"]", &p)
	}
	return p.err()
}

func (e *JobEvent) payload() Payload {
	return Payload{Kind: KindJobEvent, JobNamespace: e.Job.Namespace, JobName: e.Job.Name}
}

func fillEventBase(t *time.Time, producer, schemaURL *string, defProducer, defSchemaURL string) {
	if t.IsZero() {
		*t = time.Now().UTC()
	}
	if *producer == "" {
		*producer = defProducer
	}
	if *schemaURL == "" {
		*schemaURL = defSchemaURL
	}
}

func checkEventBase(t time.Time, producer, schemaURL string, p *problems) {
	if t.IsZero() {
		p.addf("eventTime", "required")
	} else if y := t.Year(); y < 1 || y > 9999 {
		p.addf("eventTime", "year %d outside 1..9999", y)
	}
	if !isAbsoluteURI(producer) {
		p.addf("producer", "must be an absolute URI, got %q", producer)
	}
	if !isAbsoluteURI(schemaURL) {
		p.addf("schemaURL", "must be an absolute URI, got %q", schemaURL)
	}
}

// ErrUnknownEventKind is returned by ParseEvent for a JSON object that is
// none of the three event kinds.
var ErrUnknownEventKind = errors.New("lineage: not a run, dataset or job event")

// ParseEvent decodes one JSON event. An object with a "run" member is a
// RunEvent, else one with "dataset" is a DatasetEvent, else one with "job"
// is a JobEvent (the order the spec's oneOf resolves them in). Unknown
// members and facets are kept, so the event re-encodes to the same JSON
// value (timestamps are re-written in RFC 3339 with the same instant and
// offset).
func ParseEvent(data []byte) (Event, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("lineage: parse event: %w", err)
	}
	if probe == nil {
		return nil, fmt.Errorf("lineage: parse event: %w", errNotObject)
	}
	var ev Event
	switch {
	case probe["run"] != nil:
		ev = new(RunEvent)
	case probe["dataset"] != nil:
		ev = new(DatasetEvent)
	case probe["job"] != nil:
		ev = new(JobEvent)
	default:
		return nil, ErrUnknownEventKind
	}
	if err := json.Unmarshal(data, ev); err != nil {
		return nil, fmt.Errorf("lineage: parse %s: %w", ev.Kind(), err)
	}
	return ev, nil
}
