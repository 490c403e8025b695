package quality

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestResultFormatShapes(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"c", str(mem, "b", "a", "b", "c", "a", "b", nil, "z")})
	defer rec.Release()
	inSet := ExpectColumnValuesToBeInSet("c", "z")
	basic := []string{"element_count", "missing_count", "missing_percent", "partial_unexpected_list",
		"unexpected_count", "unexpected_percent", "unexpected_percent_nonmissing", "unexpected_percent_total"}
	summary := append(slices.Clone(basic), "partial_unexpected_counts", "partial_unexpected_index_list")
	complete := append(slices.Clone(summary), "unexpected_index_list", "unexpected_list")
	for _, keys := range [][]string{basic, summary, complete} {
		slices.Sort(keys)
	}
	for _, tc := range []struct {
		format ResultFormat
		keys   []string
	}{
		{ResultFormatBooleanOnly, nil},
		{ResultFormatBasic, basic},
		{ResultFormatSummary, summary},
		{ResultFormatComplete, complete},
	} {
		r := run(t, rec, inSet, ValidateOptions{ResultFormat: tc.format})
		if got := keysOf(resultJSON(t, r)); !slices.Equal(got, tc.keys) {
			t.Errorf("%s keys = %v\nwant %v", tc.format, got, tc.keys)
		}
		agg := run(t, rec, ExpectColumnUniqueValueCountToBeBetween("c", 1, 10), ValidateOptions{ResultFormat: tc.format})
		if got, want := keysOf(resultJSON(t, agg)), []string{"observed_value"}; tc.format != ResultFormatBooleanOnly && !slices.Equal(got, want) {
			t.Errorf("%s aggregate keys = %v", tc.format, got)
		}
	}
}

func TestResultSummaryJSON(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"c", str(mem, "b", "a", "b", "c", "a", "b", nil, "z")})
	defer rec.Release()
	r := run(t, rec, ExpectColumnValuesToBeInSet("c", "z"))
	b, err := json.Marshal(r.Result)
	if err != nil {
		t.Fatal(err)
	}
	// 8 rows, 1 missing, 6 of the 7 present unexpected; counts sorted by
	// count descending, then value.
	want := `{"element_count":8,"unexpected_count":6,"unexpected_percent":85.71428571428571,` +
		`"partial_unexpected_list":["b","a","b","c","a","b"],"missing_count":1,"missing_percent":12.5,` +
		`"unexpected_percent_total":75,"unexpected_percent_nonmissing":85.71428571428571,` +
		`"partial_unexpected_counts":[{"value":"b","count":3},{"value":"a","count":2},{"value":"c","count":1}],` +
		`"partial_unexpected_index_list":[0,1,2,3,4,5]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestPartialUnexpectedCount(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"c", str(mem, "b", "a", "b", "c", "a", "b")})
	defer rec.Release()
	e := ExpectColumnValuesToBeInSet("c", "z")
	// SUMMARY counts only the partial list (GX computes the unexpected
	// values metric with the partial limit): first two are b, a.
	r := run(t, rec, e, ValidateOptions{PartialUnexpectedCount: 2})
	if want := []ValueCount{{"a", 1}, {"b", 1}}; !reflect.DeepEqual(r.Result.PartialUnexpectedCounts, want) {
		t.Errorf("summary counts = %v", r.Result.PartialUnexpectedCounts)
	}
	// COMPLETE counts the full list, most common 2.
	r = run(t, rec, e, ValidateOptions{ResultFormat: ResultFormatComplete, PartialUnexpectedCount: 2})
	if want := []ValueCount{{"b", 3}, {"a", 2}}; !reflect.DeepEqual(r.Result.PartialUnexpectedCounts, want) {
		t.Errorf("complete counts = %v", r.Result.PartialUnexpectedCounts)
	}
	if len(r.Result.UnexpectedList) != 6 || len(r.Result.PartialUnexpectedList) != 2 {
		t.Errorf("lists = %v / %v", r.Result.UnexpectedList, r.Result.PartialUnexpectedList)
	}
	// Negative: no partial lists, and GX leaves the counts out.
	r = run(t, rec, e, ValidateOptions{PartialUnexpectedCount: -1})
	m := resultJSON(t, r)
	if l := m["partial_unexpected_list"].([]any); len(l) != 0 || r.Result.Has("partial_unexpected_counts") {
		t.Errorf("partial 0: %v", m)
	}
	// A per-expectation result_format kwarg wins over the run's.
	r = run(t, rec, e.With("result_format", map[string]any{"result_format": "BOOLEAN_ONLY"}), ValidateOptions{ResultFormat: ResultFormatComplete})
	if len(resultJSON(t, r)) != 0 || r.Success {
		t.Errorf("override: %v", resultJSON(t, r))
	}
}

func TestResultDocumentJSON(t *testing.T) {
	mem := checked(t)
	rec := batch(col{"position", i64(mem, 1, 2, 30)})
	defer rec.Release()
	s := NewSuite("silver.results",
		ExpectColumnValuesToBeBetween("position", 1, 22).WithID("pos-range"),
		ExpectColumnValuesToNotBeNull("position").Warn())
	res, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{BatchName: "silver.results 9472", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Success    bool
		SuiteName  string `json:"suite_name"`
		Statistics map[string]any
		Results    []struct {
			Success           bool
			ExpectationConfig struct {
				Type   string
				Kwargs map[string]any
				Meta   map[string]any
				ID     string
			} `json:"expectation_config"`
			ExceptionInfo map[string]any `json:"exception_info"`
		}
		Meta map[string]any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Success || doc.SuiteName != "silver.results" || doc.Statistics["success_percent"] != 50.0 ||
		doc.Statistics["evaluated_expectations"] != 2.0 || doc.Meta["validation_time"] != "2026-03-08T12:00:00Z" {
		t.Errorf("document = %s", b)
	}
	c := doc.Results[0].ExpectationConfig
	if c.Type != "expect_column_values_to_be_between" || c.ID != "pos-range" || c.Kwargs["max_value"] != 22.0 {
		t.Errorf("config = %+v", c)
	}
	if doc.Results[1].ExpectationConfig.Meta["severity"] != "warn" {
		t.Errorf("severity not in meta: %+v", doc.Results[1].ExpectationConfig)
	}
	if !strings.Contains(string(b), `"exception_info":{"raised_exception":false,"exception_traceback":null,"exception_message":null}`) {
		t.Errorf("exception_info shape: %s", b)
	}
	if !res.Blocking() || len(res.Failures(SeverityWarn)) != 0 || len(res.Failures("")) != 1 {
		t.Error("the failed between is error severity and blocks")
	}
}
