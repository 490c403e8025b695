package lineage

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// Ptr returns a pointer to v; handy for the optional numeric members of the
// statistics and metrics facets, where 0 and "not measured" differ.
func Ptr[T any](v T) *T { return &v }

// Values of Assertion.Severity.
const (
	SeverityError = "error" // a failure blocks publication
	SeverityWarn  = "warn"  // a failure is reported only
)

// DataQualityAssertionsFacet is the "dataQualityAssertions" facet
// (DataQualityAssertionsDatasetFacet 1-1-0): the checks run on a dataset
// and whether each passed. A failed assertion does not make the run FAIL;
// FAIL means the run itself broke.
type DataQualityAssertionsFacet struct {
	BaseFacet
	Assertions []Assertion `json:"assertions"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// Assertion is the outcome of one data-quality check.
type Assertion struct {
	// Assertion classifies the check, e.g. not_null, unique, row_count, or a
	// Great Expectations expectation type.
	Assertion string `json:"assertion"`
	// Success is true when the check found no issue, whatever its severity.
	Success bool `json:"success"`
	// Column is the checked column, matching a schema facet field name;
	// empty for table-level checks.
	Column      string `json:"column,omitempty"`
	Severity    string `json:"severity,omitempty"` // SeverityError or SeverityWarn
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Expected    string `json:"expected,omitempty"`    // threshold or bounds, as text
	Actual      string `json:"actual,omitempty"`      // observed value, as text
	Content     string `json:"content,omitempty"`     // the check body, e.g. SQL
	ContentType string `json:"contentType,omitempty"` // sql, json or expression
	// Params holds check-specific inputs (e.g. the expectation kwargs).
	Params map[string]any `json:"params,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDataQualityAssertionsFacet returns a dataQualityAssertions facet.
func NewDataQualityAssertionsFacet(assertions ...Assertion) *DataQualityAssertionsFacet {
	return &DataQualityAssertionsFacet{
		BaseFacet:  BaseFacet{SchemaURL: SchemaURLDataQualityAssertionsDatasetFacet},
		Assertions: assertions,
	}
}

// MarshalJSON encodes the facet; a nil Assertions is written as [] since
// the member is required.
func (f DataQualityAssertionsFacet) MarshalJSON() ([]byte, error) {
	type plain DataQualityAssertionsFacet
	if f.Assertions == nil {
		f.Assertions = []Assertion{}
	}
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *DataQualityAssertionsFacet) UnmarshalJSON(data []byte) error {
	type plain DataQualityAssertionsFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = DataQualityAssertionsFacet(v)
	f.Extra = extra
	return nil
}

func (f *DataQualityAssertionsFacet) check(path string, p *problems) {
	for i, a := range f.Assertions {
		if a.Assertion == "" {
			p.addf(path+".assertions["+strconv.Itoa(i)+"].assertion", "required")
		}
	}
}

// MarshalJSON encodes the assertion with its Extra members.
func (a Assertion) MarshalJSON() ([]byte, error) {
	type plain Assertion
	return marshalObject(plain(a), a.Extra)
}

// UnmarshalJSON decodes the assertion, keeping unknown members in Extra.
func (a *Assertion) UnmarshalJSON(data []byte) error {
	type plain Assertion
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*a = Assertion(v)
	a.Extra = extra
	return nil
}

// DataQualityMetricsFacet is the "dataQualityMetrics" facet: profile
// metrics of a dataset. In a dataset's facets it is the
// DataQualityMetricsDatasetFacet 1-0-0; in an input's inputFacets it is the
// DataQualityMetricsInputDatasetFacet 1-0-3. The members are the same;
// Client.Emit fills the _schemaURL matching where the facet sits.
type DataQualityMetricsFacet struct {
	BaseFacet
	RowCount    *int64    `json:"rowCount,omitempty"`
	Bytes       *int64    `json:"bytes,omitempty"`
	FileCount   *int64    `json:"fileCount,omitempty"`
	LastUpdated time.Time `json:"lastUpdated,omitzero"`
	// ColumnMetrics is keyed by column name; required, so nil is written as {}.
	ColumnMetrics map[string]ColumnMetrics `json:"columnMetrics"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// ColumnMetrics are the metrics of one column. Nil members were not measured.
type ColumnMetrics struct {
	NullCount     *int64   `json:"nullCount,omitempty"`
	DistinctCount *int64   `json:"distinctCount,omitempty"`
	Sum           *float64 `json:"sum,omitempty"`
	Count         *float64 `json:"count,omitempty"` // number of (non-null) values
	Min           *float64 `json:"min,omitempty"`
	Max           *float64 `json:"max,omitempty"`
	// Quantiles maps a quantile written as a decimal ("0.5") to its value.
	Quantiles map[string]float64 `json:"quantiles,omitzero"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewDataQualityMetricsFacet returns an empty metrics facet. Its _schemaURL
// is left empty: Client.Emit sets the dataset or the input variant
// depending on where the facet is placed.
func NewDataQualityMetricsFacet() *DataQualityMetricsFacet {
	return &DataQualityMetricsFacet{ColumnMetrics: map[string]ColumnMetrics{}}
}

// MarshalJSON encodes the facet with its Extra members.
func (f DataQualityMetricsFacet) MarshalJSON() ([]byte, error) {
	type plain DataQualityMetricsFacet
	if f.ColumnMetrics == nil {
		f.ColumnMetrics = map[string]ColumnMetrics{}
	}
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *DataQualityMetricsFacet) UnmarshalJSON(data []byte) error {
	type plain DataQualityMetricsFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = DataQualityMetricsFacet(v)
	f.Extra = extra
	return nil
}

func (f *DataQualityMetricsFacet) check(path string, p *problems) {
	for name, m := range f.ColumnMetrics {
		for _, v := range []*float64{m.Sum, m.Count, m.Min, m.Max} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				p.addf(path+".columnMetrics."+name, "NaN or infinite metric cannot be encoded in JSON")
			}
		}
		for q, v := range m.Quantiles {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				p.addf(path+".columnMetrics."+name+".quantiles."+q, "NaN or infinite value cannot be encoded in JSON")
			}
		}
	}
}

// MarshalJSON encodes the metrics with their Extra members.
func (m ColumnMetrics) MarshalJSON() ([]byte, error) {
	type plain ColumnMetrics
	return marshalObject(plain(m), m.Extra)
}

// UnmarshalJSON decodes the metrics, keeping unknown members in Extra.
func (m *ColumnMetrics) UnmarshalJSON(data []byte) error {
	type plain ColumnMetrics
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*m = ColumnMetrics(v)
	m.Extra = extra
	return nil
}

// OutputStatisticsFacet is the "outputStatistics" output facet
// (OutputStatisticsOutputDatasetFacet 1-0-2): what a run wrote.
type OutputStatisticsFacet struct {
	BaseFacet
	RowCount  *int64 `json:"rowCount,omitempty"`
	Size      *int64 `json:"size,omitempty"` // bytes
	FileCount *int64 `json:"fileCount,omitempty"`
	// Extra holds members without a field here; kept when parsing.
	Extra map[string]json.RawMessage `json:"-"`
}

// NewOutputStatisticsFacet returns an outputStatistics facet; a negative
// argument means "not known" and leaves that member out.
func NewOutputStatisticsFacet(rowCount, sizeBytes, fileCount int64) *OutputStatisticsFacet {
	opt := func(v int64) *int64 {
		if v < 0 {
			return nil
		}
		return &v
	}
	return &OutputStatisticsFacet{
		BaseFacet: BaseFacet{SchemaURL: SchemaURLOutputStatisticsOutputDatasetFacet},
		RowCount:  opt(rowCount),
		Size:      opt(sizeBytes),
		FileCount: opt(fileCount),
	}
}

// MarshalJSON encodes the facet with its Extra members.
func (f OutputStatisticsFacet) MarshalJSON() ([]byte, error) {
	type plain OutputStatisticsFacet
	return marshalObject(plain(f), f.Extra)
}

// UnmarshalJSON decodes the facet, keeping unknown members in Extra.
func (f *OutputStatisticsFacet) UnmarshalJSON(data []byte) error {
	type plain OutputStatisticsFacet
	var v plain
	extra, err := unmarshalObject(data, &v)
	if err != nil {
		return err
	}
	*f = OutputStatisticsFacet(v)
	f.Extra = extra
	return nil
}
