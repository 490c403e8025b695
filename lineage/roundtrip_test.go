package lineage_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

// typedFixtures are the spec/tests folders whose facet this package models
// with a Go type (the others must survive as *RawFacet in Custom).
var typedFixtures = map[string]string{
	"SchemaDatasetFacet":                  "schema",
	"DatasourceDatasetFacet":              "dataSource",
	"StorageDatasetFacet":                 "storage",
	"SymlinksDatasetFacet":                "symlinks",
	"DatasetVersionDatasetFacet":          "version",
	"DocumentationDatasetFacet":           "documentation",
	"DocumentationJobFacet":               "documentation",
	"ColumnLineageDatasetFacet":           "columnLineage",
	"DataQualityAssertionsDatasetFacet":   "dataQualityAssertions",
	"DataQualityMetricsDatasetFacet":      "dataQualityMetrics",
	"DataQualityMetricsInputDatasetFacet": "dataQualityMetrics",
	"OutputStatisticsOutputDatasetFacet":  "outputStatistics",
	"NominalTimeRunFacet":                 "nominalTime",
	"ParentRunFacet":                      "parent",
	"ErrorMessageRunFacet":                "errorMessage",
	"ProcessingEngineRunFacet":            "processing_engine",
	"JobTypeJobFacet":                     "jobType",
}

// facetMapsFor returns fresh facet maps matching a fixture folder's facet
// base type (by its name suffix, as the spec names them).
func facetMapsFor(folder string) []any {
	switch {
	case folder == "LineageFacet": // anyOf dataset / job
		return []any{new(lineage.DatasetFacets), new(lineage.JobFacets)}
	case strings.HasSuffix(folder, "InputDatasetFacet"):
		return []any{new(lineage.InputDatasetFacets)}
	case strings.HasSuffix(folder, "OutputDatasetFacet"):
		return []any{new(lineage.OutputDatasetFacets)}
	case strings.HasSuffix(folder, "DatasetFacet"):
		return []any{new(lineage.DatasetFacets)}
	case strings.HasSuffix(folder, "JobFacet"):
		return []any{new(lineage.JobFacets)}
	case strings.HasSuffix(folder, "RunFacet"):
		return []any{new(lineage.RunFacets)}
	}
	return nil
}

// leftovers walks a decoded model and returns the Extra members that are
// not JSON zero values. A zero value ("", false, 0, null) legitimately ends
// up in Extra when omitempty would drop it; anything else means a typed
// field failed to pick up its member.
func leftovers(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			leftovers(v.Elem(), path, out)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[lineage.RawFacet]() {
			return // unknown facets are raw by design
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Name == "Extra" {
				for k, raw := range v.Field(i).Interface().(map[string]json.RawMessage) {
					switch strings.TrimSpace(string(raw)) {
					case `""`, "false", "0", "null":
					default:
						*out = append(*out, path+"."+k)
					}
				}
				continue
			}
			leftovers(v.Field(i), path+"."+f.Name, out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			leftovers(v.Index(i), path, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			leftovers(iter.Value(), path+"["+iter.Key().String()+"]", out)
		}
	}
}

func TestUpstreamFacetExamplesRoundTrip(t *testing.T) {
	dir := filepath.Join(lineagetest.FixturesDir(t), "spec", "tests")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 46, "upstream ships 46+ facet examples")
	for _, file := range files {
		folder := filepath.Base(filepath.Dir(file))
		t.Run(folder+"/"+filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			maps := facetMapsFor(folder)
			require.NotEmpty(t, maps, "no facet map for %s", folder)
			for _, m := range maps {
				require.NoError(t, json.Unmarshal(raw, m), "parse into %T", m)
				again, err := json.Marshal(m)
				require.NoError(t, err)
				assert.Equal(t, decode(t, raw), decode(t, again), "%T does not re-encode %s", m, file)

				custom := reflect.ValueOf(m).Elem().FieldByName("Custom").Interface().(map[string]lineage.Facet)
				if key, typed := typedFixtures[folder]; typed {
					assert.NotContains(t, custom, key, "%s should decode into its typed field", key)
					var left []string
					leftovers(reflect.ValueOf(m), folder, &left)
					assert.Empty(t, left, "members not picked up by typed fields")
				} else {
					assert.NotEmpty(t, custom, "an untyped facet must be kept in Custom")
				}
			}
		})
	}
}

func TestUpstreamFullEventRoundTrip(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(lineagetest.FixturesDir(t), "spec", "tests", "example_full_event.json"))
	require.NoError(t, err)
	ev, err := lineage.ParseEvent(raw)
	require.NoError(t, err)
	run, ok := ev.(*lineage.RunEvent)
	require.True(t, ok, "a document with run and job is a RunEvent, got %T", ev)

	again, err := json.Marshal(run)
	require.NoError(t, err)
	assert.Equal(t, decode(t, raw), decode(t, again))

	// What the document holds, read through the model.
	assert.Equal(t, lineage.EventComplete, run.EventType)
	assert.Equal(t, "f69a6e9b-9bac-3c9a-9cf6-eacb70ecc9a9", run.Run.RunID)
	assert.Equal(t, "food_delivery", run.Job.Namespace)
	assert.NotNil(t, run.Inputs, "an empty inputs array stays an empty array")
	assert.Empty(t, run.Inputs)
	require.NotNil(t, run.Run.Facets, "an empty facets object stays an object")
	sql, ok := run.Job.Facets.Custom["sql"].(*lineage.RawFacet)
	require.True(t, ok, "the sql facet is kept raw")
	assert.Equal(t, "http://123", sql.Producer)
	assert.JSONEq(t, `"SELECT 1"`, string(sql.Fields["query"]))
	assert.Contains(t, run.Extra, "dataset", "the stray dataset member is kept")
	assert.Equal(t, 2023, run.EventTime.Year())
}

func TestUnknownMembersSurviveAtEveryLevel(t *testing.T) {
	doc := `{
	  "eventTime": "2024-03-02T15:00:00.123456789+03:00", "eventType": "START",
	  "producer": "https://example.com/p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
	  "x-top": {"a": [1, 2]},
	  "run": {"runId": "01900000-0000-7000-8000-000000000001", "x-run": true,
	    "facets": {"nominalTime": {"_producer": "https://example.com/p", "_schemaURL": "https://example.com/s",
	      "nominalStartTime": "2024-03-04T06:00:00Z", "x-facet": "kept"},
	      "vendor_facet": {"_producer": "https://example.com/p", "_schemaURL": "https://example.com/v", "deep": {"n": 1.5}}}},
	  "job": {"namespace": "pitwall", "name": "weekly", "x-job": null},
	  "inputs": [{"namespace": "file", "name": "/a", "x-in": 1,
	    "facets": {"schema": {"_producer": "https://example.com/p", "_schemaURL": "https://example.com/s",
	      "fields": [{"name": "a", "x-field": "f", "fields": [{"name": "b", "ordinal_position": 0}]}]}}}],
	  "outputs": [{"namespace": "file", "name": "/b",
	    "outputFacets": {"outputStatistics": {"_producer": "https://example.com/p", "_schemaURL": "https://example.com/s",
	      "rowCount": 0, "_deleted": false}}}]
	}`
	ev, err := lineage.ParseEvent([]byte(doc))
	require.NoError(t, err)
	again, err := json.Marshal(ev)
	require.NoError(t, err)
	assert.Equal(t, decode(t, []byte(doc)), decode(t, again))

	run := ev.(*lineage.RunEvent)
	assert.Equal(t, int64(0), *run.Outputs[0].OutputFacets.OutputStatistics.RowCount, "a zero count is a value, not absence")
	assert.Equal(t, 123456789, run.EventTime.Nanosecond())
	_, off := run.EventTime.Zone()
	assert.Equal(t, 3*3600, off, "the offset is kept")
	assert.Equal(t, []string{"vendor_facet"}, keys(run.Run.Facets.Custom))
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestParseEventRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":            `{`,
		"array":               `[]`,
		"no kind":             `{"eventTime": "2024-03-02T15:00:00Z"}`,
		"null run":            `{"run": null, "job": {"namespace": "a", "name": "b"}}`,
		"facet not an object": `{"run": {"runId": "01900000-0000-7000-8000-000000000001", "facets": {"x": 5}}, "job": {"namespace": "a", "name": "b"}}`,
		"typed facet of wrong shape": `{"run": {"runId": "01900000-0000-7000-8000-000000000001",
		  "facets": {"nominalTime": {"nominalStartTime": 7}}}, "job": {"namespace": "a", "name": "b"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := lineage.ParseEvent([]byte(doc))
			assert.Error(t, err)
		})
	}
}
