package quality

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
)

func olResult(t *testing.T) *Result {
	t.Helper()
	mem := checked(t)
	rec := batch(
		col{"lap_duration_ms", i64(mem, 90_000, nil, 95_000, 400_000, 91_000)},
		col{"compound", str(mem, "SOFT", "SOFT", nil, "HARD", "MEDIUM")},
	)
	defer rec.Release()
	s := NewSuite("silver.laps",
		ExpectTableRowCountToBeBetween(1, inf),
		ExpectColumnValuesToNotBeNull("lap_duration_ms").Warn().WithID("nn"),
		ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).WithDescription("lap time plausible"),
		ExpectColumnMinToBeBetween("lap_duration_ms", 60_000, inf),
		ExpectColumnMaxToBeBetween("lap_duration_ms", 60_000, 300_000),
		ExpectColumnSumToBeBetween("lap_duration_ms", 0, inf),
		ExpectColumnMedianToBeBetween("lap_duration_ms", 0, inf),
		ExpectColumnQuantileValuesToBeBetween("lap_duration_ms", QuantileRange{0.25, 0, inf}),
		ExpectColumnUniqueValueCountToBeBetween("compound", 1, 10),
		ExpectColumnValuesToBeInSet("compound", "SOFT", "MEDIUM", "HARD"),
		ExpectCompoundColumnsToBeUnique("compound", "lap_duration_ms"),
		ExpectColumnValuesToNotBeNull("tyre_age").WithMeta("name", "tyre age present"),
	)
	res, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAssertions(t *testing.T) {
	res := olResult(t)
	as := res.Assertions()
	if len(as) != len(res.Results) {
		t.Fatalf("%d assertions", len(as))
	}
	nn := as[1]
	if nn.Assertion != "expect_column_values_to_not_be_null" || nn.Success || nn.Column != "lap_duration_ms" ||
		nn.Severity != "warn" || nn.Name != "nn" || nn.Actual != "unexpected_count=1 (20%)" {
		t.Errorf("not_null assertion = %+v", nn)
	}
	between := as[2]
	// 400000 is 1 of 4 present values: 75% expected < mostly 0.99.
	if between.Success || between.Actual != "unexpected_count=1 (25%)" || between.Severity != "error" || between.Expected != `{"max_value":300000,"min_value":60000,"mostly":0.99}` ||
		between.Description != "lap time plausible" || between.Params["column"] != "lap_duration_ms" {
		t.Errorf("between assertion = %+v", between)
	}
	if as[0].Column != "" || as[0].Actual != "5" {
		t.Errorf("row count assertion = %+v", as[0])
	}
	if cu := as[10]; cu.Column != "" || !reflect.DeepEqual(cu.Params["column_list"], []any{"compound", "lap_duration_ms"}) {
		t.Errorf("compound assertion = %+v", cu)
	}
	if last := as[11]; last.Success || last.Name != "tyre age present" || last.Actual == "" {
		t.Errorf("exception assertion = %+v", last)
	}
}

func TestMetricsFromResults(t *testing.T) {
	res := olResult(t)
	m := res.Metrics()
	lap := m.ColumnMetrics["lap_duration_ms"]
	// Present: 90000 95000 400000 91000 -> sum 676000, median 93000,
	// nearest 0.25 quantile at index round(0.75)=1 -> 91000.
	want := ColumnMetrics{NullCount: ptr(int64(1)), Count: ptr(4.0), Min: ptr(90_000.0), Max: ptr(400_000.0),
		Sum: ptr(676_000.0), Quantiles: map[string]float64{"0.5": 93_000, "0.25": 91_000}}
	if *m.RowCount != 5 || !reflect.DeepEqual(lap, want) {
		b, _ := json.Marshal(lap)
		t.Errorf("lap metrics = %s", b)
	}
	c := m.ColumnMetrics["compound"]
	if *c.DistinctCount != 3 || *c.NullCount != 1 || *c.Count != 4 {
		t.Errorf("compound metrics = %+v", c)
	}
	if _, ok := m.ColumnMetrics["tyre_age"]; ok {
		t.Error("a failed (exception) expectation produced metrics")
	}
}

// The facets built from our values validate against the official schemas.
func TestFacetsValidateAgainstOpenLineageSchemas(t *testing.T) {
	spec := filepath.Join(sharedtest.OpenLineageDir(t), "spec")
	c := jsonschema.NewCompiler()
	for _, f := range []string{"OpenLineage.json", "facets/DataQualityAssertionsDatasetFacet.json",
		"facets/DataQualityMetricsDatasetFacet.json", "facets/DataQualityMetricsInputDatasetFacet.json"} {
		b, err := os.ReadFile(filepath.Join(spec, f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(doc.(map[string]any)["$id"].(string), doc); err != nil {
			t.Fatal(err)
		}
	}
	res := olResult(t)
	mem := checked(t)
	rec := batch(col{"x", f64(mem, 1.5, nil, 2)}, col{"s", str(mem, "a", "b", nil)}, col{"t", ts(mem, nil, nil, nil)})
	defer rec.Release()
	m, err := Profile(context.Background(), FromRecordBatch(rec), ProfileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		schema, key string
		value       any
		bad         bool
	}{
		// Negative controls: the schema does catch broken content.
		{"https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json", "dataQualityAssertions",
			map[string]any{"assertions": []any{map[string]any{"assertion": "x"}}}, true},
		{"https://openlineage.io/spec/facets/1-0-0/DataQualityMetricsDatasetFacet.json", "dataQualityMetrics",
			map[string]any{"rowCount": 999.5, "columnMetrics": map[string]any{}}, true},
		{"https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json", "dataQualityAssertions",
			map[string]any{"assertions": res.Assertions()}, false},
		{"https://openlineage.io/spec/facets/1-0-0/DataQualityMetricsDatasetFacet.json", "dataQualityMetrics", res.Metrics(), false},
		{"https://openlineage.io/spec/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json", "dataQualityMetrics", res.Metrics(), false},
		{"https://openlineage.io/spec/facets/1-0-0/DataQualityMetricsDatasetFacet.json", "dataQualityMetrics", m, false},
	} {
		sch, err := c.Compile(tc.schema)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(tc.value)
		var facet map[string]any
		_ = json.Unmarshal(b, &facet)
		facet["_producer"] = "https://github.com/pitwall-f1/pitwall"
		facet["_schemaURL"] = tc.schema
		b, _ = json.Marshal(map[string]any{tc.key: facet})
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); (err != nil) != tc.bad {
			t.Errorf("%s: bad=%v, err=%v\n%s", tc.schema, tc.bad, err, b)
		}
	}
}
