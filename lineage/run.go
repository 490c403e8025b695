package lineage

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Run is the run of a RunEvent: one execution of a job, identified by a
// client-generated UUID shared by all events of that execution.
type Run struct {
	RunID  string     `json:"runId"` // a UUID; see NewRunID
	Facets *RunFacets `json:"facets,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON encodes the run with its Extra members.
func (r Run) MarshalJSON() ([]byte, error) {
	type plain Run
	return marshalObject(plain(r), r.Extra)
}

// UnmarshalJSON decodes the run, keeping unknown members in Extra.
func (r *Run) UnmarshalJSON(data []byte) error {
	type plain Run
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*r = Run(v)
	r.Extra = extra
	return nil
}

func (r *Run) check(path string, p *problems) {
	if !isUUID(r.RunID) {
		p.addf(path+".runId", "not a UUID: %q", r.RunID)
	}
	checkMap(path+".facets", r.Facets, p)
}

// Job is the job of a run or job event: a recurring unit of work, such as
// one pipeline stage, named within a namespace.
type Job struct {
	Namespace string     `json:"namespace"` // e.g. "pitwall"
	Name      string     `json:"name"`      // e.g. "weekly.silver.laps"
	Facets    *JobFacets `json:"facets,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// MarshalJSON encodes the job with its Extra members.
func (j Job) MarshalJSON() ([]byte, error) {
	type plain Job
	return marshalObject(plain(j), j.Extra)
}

// UnmarshalJSON decodes the job, keeping unknown members in Extra.
func (j *Job) UnmarshalJSON(data []byte) error {
	type plain Job
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*j = Job(v)
	j.Extra = extra
	return nil
}

func (j *Job) check(path string, p *problems) {
	if j.Namespace == "" {
		p.addf(path+".namespace", "required")
	}
	if j.Name == "" {
		p.addf(path+".name", "required")
	}
	checkMap(path+".facets", j.Facets, p)
}

// NewRunID returns a new random run id: a UUID version 7, whose leading 48
// bits are the Unix time in milliseconds so ids sort by start time (the
// choice of the official Python and Go clients).
func NewRunID() string {
	return newUUIDv7(time.Now())
}

func newUUIDv7(t time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails since Go 1.24
	ms := uint64(t.UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(b[:6], ts[2:])
	b[6] = 0x70 | b[6]&0x0f // version 7
	b[8] = 0x80 | b[8]&0x3f // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
