package pipeline

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// TestQualityGatingBlocksOneSession: an error-severity check that fails
// for one session's laps keeps that session out of silver and gold — its
// laps go to silver.rejects with the check's reason — while every other
// session is published; a warn-severity failure on every session is
// reported and published.
func TestQualityGatingBlocksOneSession(t *testing.T) {
	season, srv := simServer(t, smallSeason)
	bad := season.RaceSessionKeys()[0]
	suites := func(layer, table string) (*quality.Suite, error) {
		s, err := quality.BuiltinSuite(layer, table)
		if errors.Is(err, quality.ErrNoBuiltinSuite) {
			s, err = quality.NewSuite(layer+"."+table), nil
		}
		if err != nil {
			return nil, err
		}
		if layer == "silver" && table == silver.TableLaps {
			s.Add(quality.ExpectColumnValuesToNotBeInSet("session_key", bad).WithID("injected-error"))
		}
		if layer == "silver" && table == silver.TableWeather {
			s.Add(quality.ExpectColumnValuesToBeBetween("air_temperature", 100, 200).Warn().WithID("injected-warning"))
		}
		return s, nil
	}
	dir := filepath.Join(t.TempDir(), "lake")
	rec := new(lineagetest.Recorder)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rep, err := Run(t.Context(), testConfig(dir, srv, 2025), WithSuites(suites), WithLineageTransport(rec), WithAllocator(mem))
	mem.AssertSize(t, 0)

	var re *RunError
	if !errors.As(err, &re) || re.Status != StatusPartial || re.Failed != 1 {
		logReport(t, rep)
		t.Fatalf("err %v, want a partial *RunError with one session", err)
	}
	if got := rep.SessionsWith(StatusBlocked); !slices.Equal(got, []int{bad}) {
		t.Fatalf("blocked sessions %v, want [%d]", got, bad)
	}
	if got := len(rep.SessionsWith(StatusOK)); got != len(season.SessionKeys())-1 {
		t.Fatalf("%d sessions ok, want %d", got, len(season.SessionKeys())-1)
	}
	s := rep.Session(bad)
	if !strings.Contains(s.Error, "expect_column_values_to_not_be_in_set(session_key)") || s.Stage(StageGold) != nil {
		t.Fatalf("blocked session: %q, gold stage %+v", s.Error, s.Stage(StageGold))
	}
	// The blocked session's silver run ends in FAIL with the reason; its
	// silver.laps output carries the failed assertion.
	events, err := rec.Events()
	if err != nil {
		t.Fatal(err)
	}
	var fail *lineage.RunEvent
	for _, ev := range events {
		if re := ev.(*lineage.RunEvent); re.Run.RunID == s.Stage(StageSilver).LineageRunID && re.EventType == lineage.EventFail {
			fail = re
		}
	}
	if fail == nil || fail.Run.Facets.ErrorMessage == nil || !strings.Contains(fail.Run.Facets.ErrorMessage.Message, "expect_column_values_to_not_be_in_set") {
		t.Fatalf("no FAIL event with the reason for the blocked session's silver run: %+v", fail)
	}
	failedAssertion := false
	for _, o := range fail.Outputs {
		if o.Facets != nil && o.Facets.DataQualityAssertions != nil {
			for _, a := range o.Facets.DataQualityAssertions.Assertions {
				if !a.Success && a.Name == "injected-error" && a.Severity == "error" {
					failedAssertion = true
				}
			}
		}
	}
	if !failedAssertion {
		t.Error("the FAIL event does not carry the failed assertion")
	}

	// warnings are reported for every session and do not block
	for _, sr := range rep.Sessions {
		st := sr.Stage(StageSilver)
		w := st.Table("silver.weather")
		if w == nil || w.Quality == nil || w.Quality.Blocking || len(w.Quality.Failures) == 0 {
			t.Fatalf("session %d: weather quality %+v", sr.SessionKey, w)
		}
		if sr.SessionKey != bad && !w.Published {
			t.Errorf("session %d: weather with a warning not published", sr.SessionKey)
		}
	}

	// The lake: no silver or gold rows for the blocked session; its laps
	// are in silver.rejects with the check's reason; the others are there.
	for _, table := range []string{silver.TableLaps, silver.TableDrivers, silver.TableResults} {
		if n := countKey(t, dir, silver.Ident(table).String(), bad); n != 0 {
			t.Errorf("silver.%s holds %d rows of the blocked session", table, n)
		}
	}
	for _, table := range gold.SessionTables() {
		if n := countKey(t, dir, gold.Ident(table).String(), bad); n != 0 {
			t.Errorf("gold.%s holds %d rows of the blocked session", table, n)
		}
	}
	other := season.RaceSessionKeys()[1]
	if countKey(t, dir, "silver.laps", other) != len(season.Laps(other)) {
		t.Errorf("silver.laps of session %d: %d rows, want %d", other, countKey(t, dir, "silver.laps", other), len(season.Laps(other)))
	}
	rejected := 0
	for _, r := range tableRows(t, dir, silver.Ident(silver.TableRejects)) {
		if containsAll(r, `"session_key":`+itoa(bad)+`,`, `"table_name":"laps"`, `"reason_code":"quality"`, "expect_column_values_to_not_be_in_set") {
			rejected++
		}
	}
	if rejected != len(season.Laps(bad)) {
		t.Errorf("silver.rejects holds %d quality rejects of session %d's laps, want %d", rejected, bad, len(season.Laps(bad)))
	}
}

// countKey counts a table's rows of one session.
func countKey(t *testing.T, dir, table string, sessionKey int) int {
	t.Helper()
	ns, name, _ := strings.Cut(table, ".")
	id := silver.Ident(name)
	id.Namespace = ns
	n := 0
	for _, r := range tableRows(t, dir, id) {
		if strings.Contains(r, `"session_key":`+itoa(sessionKey)+`,`) || strings.HasSuffix(r, `"session_key":`+itoa(sessionKey)+`}`) {
			n++
		}
	}
	return n
}
