package lineagetest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

func TestLocationsComeFromTheFacetSchemas(t *testing.T) {
	t.Parallel()
	v, err := lineagetest.NewValidator(lineagetest.FixturesDir(t))
	require.NoError(t, err)
	loc := v.Locations()
	assert.Subset(t, loc[lineagetest.LocRun], []string{"nominalTime", "parent", "errorMessage", "processing_engine", "test", "tags"})
	assert.Subset(t, loc[lineagetest.LocJob], []string{"jobType", "documentation", "sql", "ownership", "lineage"})
	assert.Subset(t, loc[lineagetest.LocDataset], []string{"schema", "dataSource", "symlinks", "columnLineage", "lineage",
		"dataQualityMetrics", "dataQualityAssertions"})
	assert.Subset(t, loc[lineagetest.LocInputFacets], []string{"dataQualityMetrics", "dataQualityAssertions", "inputStatistics", "icebergScanReport", "subset"})
	assert.Subset(t, loc[lineagetest.LocOutputFacets], []string{"outputStatistics", "icebergCommitReport", "subset"})
	assert.NotContains(t, loc[lineagetest.LocDataset], "subset")

	ref, ok := v.FacetSchemaRef("dataQualityMetrics", lineagetest.LocInputFacets)
	require.True(t, ok)
	assert.True(t, strings.HasSuffix(ref, "DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet"), ref)
	ref, _ = v.FacetSchemaRef("dataQualityMetrics", lineagetest.LocDataset)
	assert.True(t, strings.HasSuffix(ref, "/DataQualityMetricsDatasetFacet.json#/$defs/DataQualityMetricsDatasetFacet"), ref)
}

// TestUpstreamFacetExamplesPassTheWrapper places each upstream facet
// example where its schema says it belongs in a minimal run event: the
// wrapper must accept all of them (as upstream's own jv check does for the
// facet schemas), and each example must also validate against its facet
// file resolved from the published mirror.
func TestUpstreamFacetExamplesPassTheWrapper(t *testing.T) {
	t.Parallel()
	dir := lineagetest.FixturesDir(t)
	v, err := lineagetest.NewValidator(dir)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(dir, "spec", "tests", "*", "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		folder := filepath.Base(filepath.Dir(f))
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var facets map[string]any
		require.NoError(t, json.Unmarshal(raw, &facets))

		ev := map[string]any{
			"eventTime": "2024-03-02T15:00:00Z", "eventType": "OTHER",
			"producer":  "https://example.com/p",
			"schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
			"run":       map[string]any{"runId": "01900000-0000-7000-8000-000000000001"},
			"job":       map[string]any{"namespace": "ns", "name": "job"},
		}
		input := map[string]any{"namespace": "file", "name": "/in"}
		output := map[string]any{"namespace": "file", "name": "/out"}
		switch {
		case folder == "BaseSubsetDatasetFacet":
			input["inputFacets"] = facets
		case folder == "LineageFacet" && strings.Contains(string(raw), "LineageJobFacet"):
			ev["job"].(map[string]any)["facets"] = facets
		case strings.HasSuffix(folder, "InputDatasetFacet"):
			input["inputFacets"] = facets
		case strings.HasSuffix(folder, "OutputDatasetFacet"):
			output["outputFacets"] = facets
		case strings.HasSuffix(folder, "DatasetFacet"), folder == "LineageFacet":
			input["facets"] = facets
		case strings.HasSuffix(folder, "JobFacet"):
			ev["job"].(map[string]any)["facets"] = facets
		case strings.HasSuffix(folder, "RunFacet"):
			ev["run"].(map[string]any)["facets"] = facets
		default:
			t.Fatalf("no place for %s", folder)
		}
		ev["inputs"] = []any{input}
		ev["outputs"] = []any{output}
		b, _ := json.Marshal(ev)
		assert.NoError(t, v.ValidateEvent(b), "%s/%s", folder, filepath.Base(f))

		id := "https://openlineage.io/spec/facets/"
		schemaFile, err := os.ReadFile(filepath.Join(dir, "spec", "facets", folder+".json"))
		if err != nil {
			continue // registry facets live elsewhere; covered by ValidateEvent
		}
		var sch struct {
			ID string `json:"$id"`
		}
		require.NoError(t, json.Unmarshal(schemaFile, &sch))
		require.True(t, strings.HasPrefix(sch.ID, id))
		if err := v.ValidateAgainst(sch.ID, raw); err != lineagetest.ErrNoMirror {
			assert.NoError(t, err, "%s against %s", f, sch.ID)
		}
	}
}

func TestValidateEventRejectsBrokenCore(t *testing.T) {
	t.Parallel()
	v, err := lineagetest.NewValidator(lineagetest.FixturesDir(t))
	require.NoError(t, err)
	for name, doc := range map[string]string{
		"not JSON":         `{`,
		"no producer":      `{"eventTime":"2024-03-02T15:00:00Z","schemaURL":"https://x/y","run":{"runId":"01900000-0000-7000-8000-000000000001"},"job":{"namespace":"a","name":"b"}}`,
		"date-only time":   `{"eventTime":"2024-03-02","producer":"https://x","schemaURL":"https://x/y","run":{"runId":"01900000-0000-7000-8000-000000000001"},"job":{"namespace":"a","name":"b"}}`,
		"job without name": `{"eventTime":"2024-03-02T15:00:00Z","producer":"https://x","schemaURL":"https://x/y","job":{"namespace":"a"}}`,
	} {
		assert.Error(t, v.ValidateEvent([]byte(doc)), name)
	}
	assert.Error(t, v.ValidateAgainst("https://example.com/schema.json", []byte(`{}`)))
}
