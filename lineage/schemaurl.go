package lineage

// The versioned JSON-schema URLs this package writes. They are the $id of
// each schema in the OpenLineage spec (core 2-0-2 and the facet versions
// current at OpenLineage 1.52) plus the #/$defs/... fragment, the style of
// the Python client. They resolve under https://openlineage.io/spec/.
const (
	// SpecVersion is the core OpenLineage schema version of emitted events.
	SpecVersion = "2-0-2"

	specBase  = "https://openlineage.io/spec/"
	coreURL   = specBase + SpecVersion + "/OpenLineage.json"
	facetBase = specBase + "facets/"

	// SchemaURLRunEvent is the schemaURL of run events.
	SchemaURLRunEvent = coreURL + "#/$defs/RunEvent"
	// SchemaURLDatasetEvent is the schemaURL of dataset events.
	SchemaURLDatasetEvent = coreURL + "#/$defs/DatasetEvent"
	// SchemaURLJobEvent is the schemaURL of job events.
	SchemaURLJobEvent = coreURL + "#/$defs/JobEvent"

	// SchemaURLNominalTimeRunFacet is the _schemaURL of [NominalTimeFacet].
	SchemaURLNominalTimeRunFacet = facetBase + "1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet"
	// SchemaURLParentRunFacet is the _schemaURL of [ParentFacet].
	SchemaURLParentRunFacet = facetBase + "1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet"
	// SchemaURLErrorMessageRunFacet is the _schemaURL of [ErrorMessageFacet].
	SchemaURLErrorMessageRunFacet = facetBase + "1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet"
	// SchemaURLProcessingEngineRunFacet is the _schemaURL of [ProcessingEngineFacet].
	SchemaURLProcessingEngineRunFacet = facetBase + "1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet"

	// SchemaURLJobTypeJobFacet is the _schemaURL of [JobTypeFacet].
	SchemaURLJobTypeJobFacet = facetBase + "2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
	// SchemaURLDocumentationJobFacet is the _schemaURL of a [DocumentationFacet] on a job.
	SchemaURLDocumentationJobFacet = facetBase + "1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet"

	// SchemaURLSchemaDatasetFacet is the _schemaURL of [SchemaFacet].
	SchemaURLSchemaDatasetFacet = facetBase + "1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
	// SchemaURLDatasourceDatasetFacet is the _schemaURL of [DataSourceFacet].
	SchemaURLDatasourceDatasetFacet = facetBase + "1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet"
	// SchemaURLStorageDatasetFacet is the _schemaURL of [StorageFacet].
	SchemaURLStorageDatasetFacet = facetBase + "1-0-1/StorageDatasetFacet.json#/$defs/StorageDatasetFacet"
	// SchemaURLSymlinksDatasetFacet is the _schemaURL of [SymlinksFacet].
	SchemaURLSymlinksDatasetFacet = facetBase + "1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet"
	// SchemaURLDatasetVersionDatasetFacet is the _schemaURL of [DatasetVersionFacet].
	SchemaURLDatasetVersionDatasetFacet = facetBase + "1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"
	// SchemaURLCatalogDatasetFacet is the _schemaURL of [CatalogFacet].
	SchemaURLCatalogDatasetFacet = facetBase + "1-1-0/CatalogDatasetFacet.json#/$defs/CatalogDatasetFacet"
	// SchemaURLDocumentationDatasetFacet is the _schemaURL of a [DocumentationFacet] on a dataset.
	SchemaURLDocumentationDatasetFacet = facetBase + "1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet"
	// SchemaURLColumnLineageDatasetFacet is the _schemaURL of [ColumnLineageFacet].
	SchemaURLColumnLineageDatasetFacet = facetBase + "1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
	// SchemaURLDataQualityAssertionsDatasetFacet is the _schemaURL of [DataQualityAssertionsFacet].
	SchemaURLDataQualityAssertionsDatasetFacet = facetBase + "1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet"
	// SchemaURLDataQualityMetricsDatasetFacet is the _schemaURL of a
	// [DataQualityMetricsFacet] in a dataset's facets (the current variant).
	SchemaURLDataQualityMetricsDatasetFacet = facetBase + "1-0-0/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet"
	// SchemaURLDataQualityMetricsInputDatasetFacet is the _schemaURL of a
	// [DataQualityMetricsFacet] in an input's inputFacets (the older variant,
	// deprecated in the docs but still read by Marquez).
	SchemaURLDataQualityMetricsInputDatasetFacet = facetBase + "1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet"
	// SchemaURLOutputStatisticsOutputDatasetFacet is the _schemaURL of [OutputStatisticsFacet].
	SchemaURLOutputStatisticsOutputDatasetFacet = facetBase + "1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet"
)

// Facet keys: the names under which facets appear in the facet maps.
const (
	keyNominalTime           = "nominalTime"
	keyParent                = "parent"
	keyErrorMessage          = "errorMessage"
	keyProcessingEngine      = "processing_engine"
	keyJobType               = "jobType"
	keyDocumentation         = "documentation"
	keySchema                = "schema"
	keyDataSource            = "dataSource"
	keyStorage               = "storage"
	keySymlinks              = "symlinks"
	keyVersion               = "version"
	keyCatalog               = "catalog"
	keyColumnLineage         = "columnLineage"
	keyDataQualityAssertions = "dataQualityAssertions"
	keyDataQualityMetrics    = "dataQualityMetrics"
	keyOutputStatistics      = "outputStatistics"
)
