package lineage_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
	"github.com/pitwall-f1/pitwall/lineage/schemafacet"
)

// newValidator loads the official schemas or skips the test.
func newValidator(t *testing.T) *lineagetest.Validator {
	t.Helper()
	v, err := lineagetest.NewValidator(lineagetest.FixturesDir(t))
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	return v
}

// The 2024 Bahrain Grand Prix race session, as OpenF1 numbers it.
const (
	bahrainMeeting = 1229
	bahrainRace    = 9472
)

// lapsIcebergSchema is a slice of the silver.laps contract (DESIGN.md §2.2).
func lapsIcebergSchema() *iceberg.Schema {
	return iceberg.NewSchema(1,
		iceberg.NestedField{ID: 1, Name: "year", Type: iceberg.PrimitiveTypes.Int32, Required: true},
		iceberg.NestedField{ID: 2, Name: "meeting_key", Type: iceberg.PrimitiveTypes.Int64, Required: true},
		iceberg.NestedField{ID: 3, Name: "session_key", Type: iceberg.PrimitiveTypes.Int64, Required: true},
		iceberg.NestedField{ID: 4, Name: "driver_number", Type: iceberg.PrimitiveTypes.Int32, Required: true},
		iceberg.NestedField{ID: 5, Name: "lap_number", Type: iceberg.PrimitiveTypes.Int32, Required: true},
		iceberg.NestedField{ID: 6, Name: "lap_duration_ms", Type: iceberg.PrimitiveTypes.Int64, Doc: "lap time in milliseconds"},
		iceberg.NestedField{ID: 7, Name: "date_start", Type: iceberg.PrimitiveTypes.TimestampTz},
		iceberg.NestedField{ID: 8, Name: "segments_sector_1", Type: &iceberg.ListType{
			ElementID: 10, Element: iceberg.PrimitiveTypes.Int32, ElementRequired: false}},
		iceberg.NestedField{ID: 9, Name: "stint", Type: &iceberg.StructType{FieldList: []iceberg.NestedField{
			{ID: 11, Name: "stint_number", Type: iceberg.PrimitiveTypes.Int32},
			{ID: 12, Name: "compound", Type: iceberg.PrimitiveTypes.String},
		}}},
	)
}

// lapsBronzeArrowSchema is the bronze laps partition as the API ships it.
func lapsBronzeArrowSchema() *arrow.Schema {
	return arrow.NewSchema([]arrow.Field{
		{Name: "meeting_key", Type: arrow.PrimitiveTypes.Int64},
		{Name: "session_key", Type: arrow.PrimitiveTypes.Int64},
		{Name: "driver_number", Type: arrow.PrimitiveTypes.Int32},
		{Name: "lap_number", Type: arrow.PrimitiveTypes.Int32},
		{Name: "lap_duration", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "date_start", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "segments_sector_1", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32), Nullable: true},
		{Name: "_extra", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
}

// fixedTime is the race start of the 2024 Bahrain GP (15:00 UTC, 2 March).
var fixedTime = time.Date(2024, 3, 2, 15, 0, 0, 0, time.UTC)

// sessionFacet is a custom run facet, as a pipeline might define one.
type sessionFacet struct {
	lineage.BaseFacet
	SessionKey int `json:"sessionKey"`
	MeetingKey int `json:"meetingKey"`
}

// fullRunEvent builds a run event carrying every facet the package types,
// plus a custom one, over datasets named by every naming rule.
func fullRunEvent(t testing.TB, eventType lineage.EventType, runID string) *lineage.RunEvent {
	t.Helper()
	ev := lineage.NewRunEvent(eventType, runID, "pitwall", "weekly.silver.laps")
	ev.EventTime = fixedTime.Add(2 * time.Hour)

	ev.Run.Facets = &lineage.RunFacets{
		NominalTime: lineage.NewNominalTimeFacet(
			time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC), time.Date(2024, 3, 11, 6, 0, 0, 0, time.UTC)),
		Parent: lineage.NewParentFacet("01900000-0000-7000-8000-000000000001", "pitwall", "weekly").
			WithRoot("01900000-0000-7000-8000-000000000001", "pitwall", "weekly"),
		ErrorMessage:     lineage.NewErrorMessageFacet("silver laps: 3 rows rejected", "goroutine 1 [running]:\nmain.main()"),
		ProcessingEngine: lineage.PitwallEngineFacet(),
		Custom: map[string]lineage.Facet{
			"pitwall_session": &sessionFacet{
				BaseFacet:  lineage.BaseFacet{SchemaURL: "https://github.com/pitwall-f1/pitwall/tree/main/lineage/schemas/SessionRunFacet.json#/$defs/SessionRunFacet"},
				SessionKey: bahrainRace, MeetingKey: bahrainMeeting,
			},
		},
	}
	ev.Job.Facets = &lineage.JobFacets{
		JobType:       lineage.NewJobTypeFacet("TASK"),
		Documentation: lineage.NewDocumentationFacet("Cleans bronze laps into silver.laps, one session at a time.", "text/markdown"),
	}

	// Input 1: the bronze partition on local disk, schema from Arrow.
	bronzePath := filepath.Join(t.TempDir(), "lake", "bronze", "laps", "year=2024", "meeting_key=1229", "session_key=9472")
	bronze, err := lineage.FileDataset(bronzePath)
	if err != nil {
		t.Fatal(err)
	}
	in1 := bronze.Input()
	in1.Facets = &lineage.DatasetFacets{
		Schema:        schemafacet.FromArrow(lapsBronzeArrowSchema()),
		DataSource:    bronze.DataSource(),
		Storage:       lineage.NewStorageFacet("bronze", "parquet"),
		Documentation: lineage.NewDocumentationFacet("Raw OpenF1 /v1/laps for session 9472.", ""),
	}
	metrics := lineage.NewDataQualityMetricsFacet()
	metrics.RowCount = lineage.Ptr(int64(1129))
	metrics.Bytes = lineage.Ptr(int64(98304))
	metrics.FileCount = lineage.Ptr(int64(1))
	metrics.LastUpdated = fixedTime
	metrics.ColumnMetrics["lap_duration"] = lineage.ColumnMetrics{
		NullCount: lineage.Ptr(int64(20)), Count: lineage.Ptr(1109.0),
		Min: lineage.Ptr(91.9), Max: lineage.Ptr(127.4),
		Quantiles: map[string]float64{"0.5": 97.2},
	}
	metrics.ColumnMetrics["driver_number"] = lineage.ColumnMetrics{NullCount: lineage.Ptr(int64(0)), DistinctCount: lineage.Ptr(int64(20))}
	in1.InputFacets = &lineage.InputDatasetFacets{
		DataQualityMetrics: metrics,
		DataQualityAssertions: lineage.NewDataQualityAssertionsFacet(
			lineage.Assertion{Assertion: "not_null", Column: "session_key", Success: true, Severity: lineage.SeverityError},
		),
	}

	// Input 2: the same partition mirrored on S3.
	in2 := lineage.S3Dataset("pitwall-lake", "bronze/laps/year=2024/meeting_key=1229/session_key=9472/").Input()

	// Output 1: silver.laps in the SQLite catalog, schema from Iceberg.
	silver := lineage.IcebergTable{
		Catalog: lineage.IcebergCatalog{
			Type: lineage.CatalogSQL, Name: "pitwall", URI: "/srv/lake/catalog.db", Warehouse: "file:///srv/lake/warehouse",
		},
		Namespace:  []string{"silver"},
		Table:      "laps",
		Location:   "file:///srv/lake/warehouse/silver.db/laps",
		SnapshotID: 7312065401293812345,
	}
	out1, err := silver.Output()
	if err != nil {
		t.Fatal(err)
	}
	out1.Facets.Schema = schemafacet.FromIceberg(lapsIcebergSchema())
	out1.Facets.Documentation = lineage.NewDocumentationFacet("Cleaned laps, one row per driver and lap.", "text/plain")
	out1.Facets.ColumnLineage = lineage.NewColumnLineageFacet().
		Add("lap_duration_ms", lineage.InputFieldOf(bronze, "lap_duration", lineage.TransformationDirect, lineage.SubtypeTransformation, "seconds × 1000, rounded")).
		Add("driver_number", lineage.Identity(bronze, "driver_number")).
		Add("lap_number", lineage.Identity(bronze, "lap_number"))
	out1.Facets.ColumnLineage.Dataset = []lineage.InputField{
		lineage.InputFieldOf(bronze, "session_key", lineage.TransformationIndirect, lineage.SubtypeFilter, "one session per run"),
	}
	out1.Facets.DataQualityAssertions = lineage.NewDataQualityAssertionsFacet(
		lineage.Assertion{Assertion: "expect_column_values_to_not_be_null", Column: "lap_number", Success: true, Severity: lineage.SeverityError,
			Params: map[string]any{"mostly": 1.0}, Content: `{"column":"lap_number"}`, ContentType: "json"},
		lineage.Assertion{Assertion: "expect_column_values_to_be_between", Column: "lap_duration_ms", Success: false, Severity: lineage.SeverityWarn,
			Expected: "[60000, 200000]", Actual: "unexpected_count=3 (0.3%)", Name: "lap_duration_range", Description: "plausible lap times"},
		lineage.Assertion{Assertion: "row_count", Success: true, Expected: "> 0", Actual: "1126"},
	)
	dsMetrics := lineage.NewDataQualityMetricsFacet()
	dsMetrics.RowCount = lineage.Ptr(int64(1126))
	out1.Facets.DataQualityMetrics = dsMetrics
	out1.OutputFacets = &lineage.OutputDatasetFacets{
		OutputStatistics: lineage.NewOutputStatisticsFacet(1126, 65536, 1),
	}

	// Output 2: silver.rejects behind a REST catalog on S3.
	rejects := lineage.IcebergTable{
		Catalog:   lineage.IcebergCatalog{Type: lineage.CatalogREST, Name: "prod", URI: "http://rest-catalog:8181", Warehouse: "s3://pitwall-lake/warehouse"},
		Namespace: []string{"silver"},
		Table:     "rejects",
		Location:  "s3://pitwall-lake/warehouse/silver/rejects",
	}
	out2, err := rejects.Output()
	if err != nil {
		t.Fatal(err)
	}
	out2.OutputFacets = &lineage.OutputDatasetFacets{OutputStatistics: lineage.NewOutputStatisticsFacet(3, -1, -1)}

	// Output 3: the same table registered in Glue.
	gold := lineage.IcebergTable{
		Catalog:   lineage.IcebergCatalog{Type: lineage.CatalogGlue, Name: "glue", GlueRegion: "eu-west-1", GlueAccountID: "123456789012"},
		Namespace: []string{"gold"},
		Table:     "lap_analytics",
		Location:  "s3://pitwall-lake/warehouse/gold/lap_analytics",
	}
	out3, err := gold.Output()
	if err != nil {
		t.Fatal(err)
	}

	ev.Inputs = []lineage.InputDataset{in1, in2}
	ev.Outputs = []lineage.OutputDataset{out1, out2, out3}
	return ev
}

// emitAll sends events through a client with a recorder and returns the bodies.
func emitAll(t *testing.T, events ...lineage.Event) [][]byte {
	t.Helper()
	rec := new(lineagetest.Recorder)
	c, err := lineage.NewClient(lineage.WithTransport(rec))
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		if err := c.Emit(context.Background(), ev); err != nil {
			t.Fatalf("Emit %s: %v", ev.Kind(), err)
		}
	}
	var out [][]byte
	for _, p := range rec.Payloads() {
		out = append(out, p.Body)
	}
	return out
}

// decode parses JSON into a generic value (numbers as float64).
func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	return v
}
