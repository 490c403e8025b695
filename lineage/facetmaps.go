package lineage

// The five facet maps of the spec. Each holds the well-known facets as typed
// fields and everything else in Custom; all of them encode as one JSON
// object keyed by facet name, and parsing puts unknown keys into Custom as
// *RawFacet so nothing is lost.

// RunFacets is the facets map of a run.
type RunFacets struct {
	NominalTime      *NominalTimeFacet      // "nominalTime"
	Parent           *ParentFacet           // "parent"
	ErrorMessage     *ErrorMessageFacet     // "errorMessage"
	ProcessingEngine *ProcessingEngineFacet // "processing_engine"
	// Custom holds any other run facet, keyed by facet name.
	Custom map[string]Facet
}

func (f *RunFacets) slots() []facetSlot {
	return []facetSlot{
		slotFor(keyNominalTime, SchemaURLNominalTimeRunFacet, &f.NominalTime),
		slotFor(keyParent, SchemaURLParentRunFacet, &f.Parent),
		slotFor(keyErrorMessage, SchemaURLErrorMessageRunFacet, &f.ErrorMessage),
		slotFor(keyProcessingEngine, SchemaURLProcessingEngineRunFacet, &f.ProcessingEngine),
	}
}

// MarshalJSON encodes the facets as one JSON object.
func (f RunFacets) MarshalJSON() ([]byte, error) { return marshalFacets(f.slots(), f.Custom) }

// UnmarshalJSON decodes a run facets object.
func (f *RunFacets) UnmarshalJSON(data []byte) error {
	*f = RunFacets{}
	return unmarshalFacets("run", data, f.slots(), &f.Custom)
}

// JobFacets is the facets map of a job.
type JobFacets struct {
	JobType       *JobTypeFacet       // "jobType"
	Documentation *DocumentationFacet // "documentation" (DocumentationJobFacet)
	// Custom holds any other job facet, keyed by facet name.
	Custom map[string]Facet
}

func (f *JobFacets) slots() []facetSlot {
	return []facetSlot{
		slotFor(keyJobType, SchemaURLJobTypeJobFacet, &f.JobType),
		slotFor(keyDocumentation, SchemaURLDocumentationJobFacet, &f.Documentation),
	}
}

// MarshalJSON encodes the facets as one JSON object.
func (f JobFacets) MarshalJSON() ([]byte, error) { return marshalFacets(f.slots(), f.Custom) }

// UnmarshalJSON decodes a job facets object.
func (f *JobFacets) UnmarshalJSON(data []byte) error {
	*f = JobFacets{}
	return unmarshalFacets("job", data, f.slots(), &f.Custom)
}

// DatasetFacets is the facets map of a dataset (input, output or the
// dataset of a DatasetEvent).
type DatasetFacets struct {
	Schema        *SchemaFacet         // "schema"
	DataSource    *DataSourceFacet     // "dataSource"
	Storage       *StorageFacet        // "storage"
	Symlinks      *SymlinksFacet       // "symlinks"
	Version       *DatasetVersionFacet // "version"
	Catalog       *CatalogFacet        // "catalog"
	Documentation *DocumentationFacet  // "documentation" (DocumentationDatasetFacet)
	ColumnLineage *ColumnLineageFacet  // "columnLineage"
	// DataQualityMetrics is the current DataQualityMetricsDatasetFacet.
	DataQualityMetrics *DataQualityMetricsFacet // "dataQualityMetrics"
	// DataQualityAssertions is accepted here as well as in inputFacets: the
	// OpenLineage docs and dbt put it here, and it is where checks on an
	// output (data checked before it is published) belong.
	DataQualityAssertions *DataQualityAssertionsFacet // "dataQualityAssertions"
	// Custom holds any other dataset facet, keyed by facet name.
	Custom map[string]Facet
}

func (f *DatasetFacets) slots() []facetSlot {
	return []facetSlot{
		slotFor(keySchema, SchemaURLSchemaDatasetFacet, &f.Schema),
		slotFor(keyDataSource, SchemaURLDatasourceDatasetFacet, &f.DataSource),
		slotFor(keyStorage, SchemaURLStorageDatasetFacet, &f.Storage),
		slotFor(keySymlinks, SchemaURLSymlinksDatasetFacet, &f.Symlinks),
		slotFor(keyVersion, SchemaURLDatasetVersionDatasetFacet, &f.Version),
		slotFor(keyCatalog, SchemaURLCatalogDatasetFacet, &f.Catalog),
		slotFor(keyDocumentation, SchemaURLDocumentationDatasetFacet, &f.Documentation),
		slotFor(keyColumnLineage, SchemaURLColumnLineageDatasetFacet, &f.ColumnLineage),
		slotFor(keyDataQualityMetrics, SchemaURLDataQualityMetricsDatasetFacet, &f.DataQualityMetrics),
		slotFor(keyDataQualityAssertions, SchemaURLDataQualityAssertionsDatasetFacet, &f.DataQualityAssertions),
	}
}

// MarshalJSON encodes the facets as one JSON object.
func (f DatasetFacets) MarshalJSON() ([]byte, error) { return marshalFacets(f.slots(), f.Custom) }

// UnmarshalJSON decodes a dataset facets object.
func (f *DatasetFacets) UnmarshalJSON(data []byte) error {
	*f = DatasetFacets{}
	return unmarshalFacets("dataset", data, f.slots(), &f.Custom)
}

// InputDatasetFacets is the inputFacets map of an input dataset.
type InputDatasetFacets struct {
	// DataQualityMetrics is the DataQualityMetricsInputDatasetFacet, the
	// input-side variant Marquez and the Great Expectations integration read.
	DataQualityMetrics *DataQualityMetricsFacet // "dataQualityMetrics"
	// DataQualityAssertions in its schema-declared place.
	DataQualityAssertions *DataQualityAssertionsFacet // "dataQualityAssertions"
	// Custom holds any other input facet, keyed by facet name.
	Custom map[string]Facet
}

func (f *InputDatasetFacets) slots() []facetSlot {
	return []facetSlot{
		slotFor(keyDataQualityMetrics, SchemaURLDataQualityMetricsInputDatasetFacet, &f.DataQualityMetrics),
		slotFor(keyDataQualityAssertions, SchemaURLDataQualityAssertionsDatasetFacet, &f.DataQualityAssertions),
	}
}

// MarshalJSON encodes the facets as one JSON object.
func (f InputDatasetFacets) MarshalJSON() ([]byte, error) {
	return marshalFacets(f.slots(), f.Custom)
}

// UnmarshalJSON decodes an inputFacets object.
func (f *InputDatasetFacets) UnmarshalJSON(data []byte) error {
	*f = InputDatasetFacets{}
	return unmarshalFacets("input", data, f.slots(), &f.Custom)
}

// OutputDatasetFacets is the outputFacets map of an output dataset.
type OutputDatasetFacets struct {
	OutputStatistics *OutputStatisticsFacet // "outputStatistics"
	// Custom holds any other output facet, keyed by facet name.
	Custom map[string]Facet
}

func (f *OutputDatasetFacets) slots() []facetSlot {
	return []facetSlot{
		slotFor(keyOutputStatistics, SchemaURLOutputStatisticsOutputDatasetFacet, &f.OutputStatistics),
	}
}

// MarshalJSON encodes the facets as one JSON object.
func (f OutputDatasetFacets) MarshalJSON() ([]byte, error) {
	return marshalFacets(f.slots(), f.Custom)
}

// UnmarshalJSON decodes an outputFacets object.
func (f *OutputDatasetFacets) UnmarshalJSON(data []byte) error {
	*f = OutputDatasetFacets{}
	return unmarshalFacets("output", data, f.slots(), &f.Custom)
}

// facetMap is what the event walkers need from any of the five maps.
type facetMap interface {
	slots() []facetSlot
	custom() map[string]Facet
}

func (f *RunFacets) custom() map[string]Facet           { return f.Custom }
func (f *JobFacets) custom() map[string]Facet           { return f.Custom }
func (f *DatasetFacets) custom() map[string]Facet       { return f.Custom }
func (f *InputDatasetFacets) custom() map[string]Facet  { return f.Custom }
func (f *OutputDatasetFacets) custom() map[string]Facet { return f.Custom }

// fillMap fills defaults in a possibly nil facet map.
func fillMap[M interface {
	*T
	facetMap
}, T any](m M, producer string) {
	if m == nil {
		return
	}
	fillFacets(m.slots(), m.custom(), producer)
}

// checkMap validates a possibly nil facet map.
func checkMap[M interface {
	*T
	facetMap
}, T any](path string, m M, p *problems) {
	if m == nil {
		return
	}
	checkFacets(path, m.slots(), m.custom(), p)
}
