package gold

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

func TestTablesDefinitions(t *testing.T) {
	defs := Tables()
	if len(defs) != len(SessionTables())+len(StandingsTables()) {
		t.Fatalf("%d tables", len(defs))
	}
	for _, d := range defs {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
		for _, g := range Grain(d.Name) {
			if d.Schema.FieldIndices(g) == nil {
				t.Errorf("%s: grain column %s not in the schema", d.Name, g)
			}
		}
		n := 0
		for k, v := range d.Properties {
			if strings.HasPrefix(k, PropDefinitionPrefix) {
				n++
				if v == "" || Definitions()[strings.TrimPrefix(k, PropDefinitionPrefix)] != v {
					t.Errorf("%s: property %s does not hold its definition", d.Name, k)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no definitions in the properties", d.Name)
		}
	}
	if d, _ := Table(TableStintAnalysis); d.Properties[PropFuelCorrection] != "0.06" ||
		!strings.Contains(d.Properties[PropDefinitionPrefix+"degradation"], "least-squares") {
		t.Errorf("stint_analysis properties %v", d.Properties)
	}
	// the lap flags' definitions are silver's texts, which say where they
	// are computed
	lap, _ := Table(TableLapAnalytics)
	for name, def := range map[string]string{"accurate_lap": silver.DefAccurateLap, "safety_car": silver.DefSafetyCar, "deleted_lap": silver.DefDeletedLap} {
		if p := lap.Properties[PropDefinitionPrefix+name]; !strings.HasPrefix(p, def) || !strings.Contains(p, "silver.laps") {
			t.Errorf("lap_analytics %s definition %q is not silver's", name, p)
		}
	}
	if _, ok := Table("nope"); ok || Schema("nope") != nil {
		t.Error("unknown table found")
	}
}

// TestBuiltinGoldSuites runs quality's built-in gold suites on the
// simulated season's gold batches: no error-severity expectation may fail.
func TestBuiltinGoldSuites(t *testing.T) {
	mem := checkedMem(t)
	season, in := simInputs(t)
	sb, err := ComputeSessions(in, nil, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Release()
	cb, err := ComputeStandings(in, season.Truth().Year, BuildOptions{Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Release()
	for _, b := range []*Build{sb, cb} {
		for _, table := range b.Tables() {
			suite, err := quality.BuiltinSuite("gold", table)
			if errors.Is(err, quality.ErrNoBuiltinSuite) {
				t.Logf("%s: no built-in suite", table)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			res, err := suite.Validate(context.Background(), quality.FromRecordBatch(b.Record(table)), quality.ValidateOptions{})
			if err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			if res.Blocking() {
				for _, f := range res.Failures(quality.SeverityError) {
					t.Errorf("%s: %+v", table, f)
				}
			}
			var warns []string
			for _, f := range res.Failures(quality.SeverityWarn) {
				warns = append(warns, fmt.Sprintf("%s(%v) %.2f%% unexpected", f.ExpectationConfig.Type, f.ExpectationConfig.Kwargs["column"], derefPct(f.Result.UnexpectedPercent)))
			}
			t.Logf("%s: %d rows, %d expectations, warnings %v", table, b.Record(table).NumRows(), len(res.Results), warns)
		}
	}
}

func derefPct(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
