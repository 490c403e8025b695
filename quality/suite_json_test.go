package quality

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// goLapsSuite is the Go twin of testdata/silver_laps_gx{0,1}.json.
func goLapsSuite() *Suite {
	return NewSuite("silver.laps.small",
		ExpectTableColumnsToMatchSet("session_key", "driver_number", "lap_number", "lap_duration_ms", "compound").With("exact_match", false),
		ExpectColumnValuesToNotBeNull("session_key").WithSeverity(SeverityError),
		ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "lap_number"),
		ExpectColumnValuesToBeBetween("driver_number", 1, 99),
		ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).
			With("result_format", "SUMMARY").WithMeta("notes", "out-laps and red flags").Warn(),
		ExpectColumnValuesToBeInSet("compound", KnownCompounds()...).Warn(),
		ExpectColumnMaxToBeBetween("lap_number", 1, 100).With("strict_min", false),
		ExpectTableRowCountToBeBetween(1, math.Inf(1)),
	)
}

func loadSuite(t *testing.T, name string) *Suite {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSuite(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func TestGXSuiteFilesMatchGoSuite(t *testing.T) {
	mem := checked(t)
	lapMs := make([]any, 0, 104)
	for i := range 100 {
		lapMs = append(lapMs, 80_000+i)
	}
	lapMs[7] = 400_000 // 1 of 100: passes mostly 0.99
	n := len(lapMs)
	sk, dn, ln, cp := make([]any, n), make([]any, n), make([]any, n), make([]any, n)
	for i := range n {
		sk[i], dn[i], ln[i], cp[i] = 9472, 1+i%20, 1+i/20, "SOFT"
	}
	dn[3] = 100 // out of range
	ln[25] = 1  // duplicates (9472, 6, 1) at rows 5 and 25
	cp[9] = "soft"
	rec := batch(col{"session_key", i64(mem, sk...)}, col{"driver_number", i64(mem, dn...)},
		col{"lap_number", i64(mem, ln...)}, col{"lap_duration_ms", i64(mem, lapMs...)}, col{"compound", str(mem, cp...)})
	defer rec.Release()

	goSuite := goLapsSuite()
	suites := map[string]*Suite{"go": goSuite, "gx0": loadSuite(t, "silver_laps_gx0.json"), "gx1": loadSuite(t, "silver_laps_gx1.json")}
	results := map[string]*Result{}
	for name, s := range suites {
		if s.Name != "silver.laps.small" || len(s.Expectations) != len(goSuite.Expectations) {
			t.Fatalf("%s: name %q, %d expectations", name, s.Name, len(s.Expectations))
		}
		for i, e := range s.Expectations {
			g := goSuite.Expectations[i]
			if e.Type != g.Type || !reflect.DeepEqual(e.Kwargs, g.Kwargs) || e.Severity.OrDefault() != g.Severity.OrDefault() ||
				!reflect.DeepEqual(e.Meta, g.Meta) {
				t.Errorf("%s expectation %d:\n got %+v\nwant %+v", name, i, e, g)
			}
		}
		res, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		results[name] = res
	}
	if suites["gx1"].Expectations[4].ID != "3c1d6a51-5e7b-4b7e-8f0b-1a6c2f9e0d05" || suites["gx1"].Notes == "" {
		t.Error("1.x id/notes not read")
	}
	g := results["go"]
	// compound unique, driver_number range and compound set fail; the
	// lap time range passes at exactly 99%.
	var failed []int
	for i, r := range g.Results {
		if !r.Success {
			failed = append(failed, i)
		}
	}
	if !reflect.DeepEqual(failed, []int{2, 3, 5}) || *g.Results[4].Result.UnexpectedCount != 1 {
		t.Errorf("failed = %v", failed)
	}
	for _, name := range []string{"gx0", "gx1"} {
		for i := range g.Results {
			a, b := g.Results[i], results[name].Results[i]
			a.ExpectationConfig.ID, b.ExpectationConfig.ID = "", ""
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) {
				t.Errorf("%s result %d differs:\n go %s\n %s %s", name, i, ja, name, jb)
			}
		}
	}
}

func TestParseSuiteErrors(t *testing.T) {
	_, err := ParseSuite([]byte(`{"name": "s", "expectations": [
		{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
		{"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min_value": 1, "mostly": 2}},
		{"expectation_type": "expect_column_values_to_be_awesome", "kwargs": {"column": "a"}},
		{"type": "expect_column_values_to_not_be_null", "column": "a", "kwargs": {"column": "b"}},
		{"kwargs": {}}
	]}`))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		`expectation 2 (expect_column_values_to_be_awesome): unknown expectation type "expect_column_values_to_be_awesome"`,
		`expectation 1 (expect_column_values_to_be_between): kwarg "mostly"`,
		`expectation 3 (expect_column_values_to_not_be_null): kwarg "column": given both inline and under "kwargs"`,
		`expectation 4 (<no type>)`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if !errors.Is(err, ErrUnknownExpectation) || !errors.Is(err, ErrInvalidKwargs) || !errors.Is(err, ErrInvalidSuite) {
		t.Errorf("sentinels missing: %v", err)
	}
	for _, doc := range []string{`[]`, `{"expectations": []}`, `{"name": 3}`, `{"name": "s", "expectations": {}}`, `{"name":"s"} x`,
		`{"name": "s", "suite_parameters": {"max_laps": 78}}`} {
		if _, err := ParseSuite([]byte(doc)); !errors.Is(err, ErrInvalidSuite) {
			t.Errorf("%s: err = %v", doc, err)
		}
	}
}

func TestSuiteJSONRoundTrip(t *testing.T) {
	for _, name := range BuiltinSuites() {
		layer, table, _ := strings.Cut(name, ".")
		s, err := BuiltinSuite(layer, table)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back := &Suite{}
		if err := json.Unmarshal(b, back); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, b)
		}
		if !reflect.DeepEqual(back.Expectations, s.Expectations) {
			t.Errorf("%s: round trip changed the expectations", name)
		}
	}
}

func TestSuiteEditing(t *testing.T) {
	s := SilverLaps()
	c := s.Clone()
	c.RenameColumn("lap_duration_ms", "lap_time_ms")
	if len(s.Find("", "lap_time_ms")) != 0 || len(c.Find("", "lap_time_ms")) != 1 || len(c.Find("", "lap_duration_ms")) != 0 {
		t.Error("RenameColumn leaked into the original or missed a kwarg")
	}
	c.RenameColumn("lap_number", "lap")
	idx := c.Find("expect_compound_columns_to_be_unique", "lap")
	if len(idx) != 1 || !reflect.DeepEqual(c.Expectations[idx[0]].Kwargs["column_list"], []any{"session_key", "driver_number", "lap"}) {
		t.Errorf("column_list not renamed: %v", idx)
	}
	// lap_number above 200, lap_duration_ms and compound.
	if n := c.Remove(func(e Expectation) bool { return e.Severity == SeverityWarn }); n != 3 {
		t.Errorf("removed %d warn expectations", n)
	}
}
