package quality

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
)

func TestBuiltinSuitesCompile(t *testing.T) {
	names := BuiltinSuites()
	if len(names) < 20 {
		t.Fatalf("only %d built-in suites", len(names))
	}
	for _, name := range names {
		layer, table, _ := strings.Cut(name, ".")
		s, err := BuiltinSuite(layer, table)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != name || len(s.Expectations) == 0 {
			t.Errorf("%s: name %q, %d expectations", name, s.Name, len(s.Expectations))
		}
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := BuiltinSuite("silver", "lapz"); err == nil || !strings.Contains(err.Error(), "silver.laps") {
		t.Errorf("err = %v", err)
	}
}

func TestSilverLapsSuite(t *testing.T) {
	mem := checked(t)
	// An 18-minute out-lap after a garage stay is not accurate: no warning.
	good := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024)}, col{"meeting_key", i64(mem, 1229, 1229, 1229, 1229)},
		col{"session_key", i64(mem, 9472, 9472, 9472, 9472)}, col{"driver_number", i64(mem, 1, 1, 1, 44)},
		col{"lap_number", i64(mem, 1, 2, 3, 1)}, col{"lap_duration_ms", i64(mem, nil, 97_284, 1_080_000, 98_011)},
		col{"is_accurate", boolean(mem, false, true, false, true)},
		col{"compound", str(mem, "SOFT", "SOFT", "SOFT", "MEDIUM")})
	defer good.Release()
	res, err := SilverLaps().Validate(context.Background(), FromRecordBatch(good), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Success {
		t.Fatalf("good laps failed: %+v", res.Failures(""))
	}
	// A duplicate lap, a lap 0, lap 201 and an accurate 7-minute lap: the
	// first two block, the others warn.
	bad := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024, 2024)}, col{"meeting_key", i64(mem, 1229, 1229, 1229, 1229, 1229)},
		col{"session_key", i64(mem, 9472, 9472, 9472, 9472, 9472)}, col{"driver_number", i64(mem, 1, 1, 44, 44, 44)},
		col{"lap_number", i64(mem, 2, 2, 0, 1, 201)}, col{"lap_duration_ms", i64(mem, 420_000, 97_284, 98_011, 97_000, 96_000)},
		col{"is_accurate", boolean(mem, true, true, true, true, true)},
		col{"compound", str(mem, "SOFT", "SOFT", "MEDIUM", "MEDIUM", "MEDIUM")})
	defer bad.Release()
	res, err = SilverLaps().Validate(context.Background(), FromRecordBatch(bad), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var errs, warns []string
	for _, f := range res.Failures(SeverityError) {
		errs = append(errs, fmt.Sprintf("%s(%s)%v", f.ExpectationConfig.Type, f.ExpectationConfig.Column(), f.Result.PartialUnexpectedIndexList))
	}
	for _, f := range res.Failures(SeverityWarn) {
		warns = append(warns, fmt.Sprintf("%s(%s)%v", f.ExpectationConfig.Type, f.ExpectationConfig.Column(), f.Result.PartialUnexpectedIndexList))
	}
	wantErrs := []string{"expect_compound_columns_to_be_unique()[0 1]", "expect_column_values_to_be_between(lap_number)[2]"}
	wantWarns := []string{"expect_column_values_to_be_between(lap_number)[4]", "expect_column_values_to_be_between(lap_duration_ms)[0]"}
	if !res.Blocking() || !slices.Equal(errs, wantErrs) || !slices.Equal(warns, wantWarns) {
		t.Errorf("errors %v, want %v; warnings %v, want %v", errs, wantErrs, warns, wantWarns)
	}
	// Missing columns fail clearly instead of panicking.
	partial := batch(col{"session_key", i64(mem, 1)})
	defer partial.Release()
	res, err = SilverLaps().Validate(context.Background(), FromRecordBatch(partial), ValidateOptions{})
	if err != nil || !res.Blocking() {
		t.Fatalf("partial batch: %v", err)
	}
}

func TestChampionshipStandingsSuite(t *testing.T) {
	mem := checked(t)
	rec := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024)}, col{"round", i64(mem, 1, 2, 1, 2)},
		col{"driver_number", i64(mem, 1, 1, 16, 16)}, col{"points", f64(mem, 26, 44, 18, 17)},
		col{"position", i64(mem, 1, 1, 2, 3)})
	defer rec.Release()
	res, err := GoldChampionshipStandings().Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Failures(SeverityError)
	if len(f) != 1 || f[0].ExpectationConfig.Type != TypeIncreasingWithinGroups || f[0].Result.PartialUnexpectedIndexList[0] != 3 {
		t.Errorf("failures = %+v", f)
	}
}

// TestChampionshipTeamStandingsSuite: round 2 of Ferrari has fewer points
// than round 1 (row 3), and McLaren appears twice in round 1 (rows 4 and
// 5, sharing position 2 with Ferrari): both block.
func TestChampionshipTeamStandingsSuite(t *testing.T) {
	mem := checked(t)
	good := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024)}, col{"round", i64(mem, 1, 2, 1, 2)},
		col{"team_name", str(mem, "Red Bull Racing", "Red Bull Racing", "Ferrari", "Ferrari")},
		col{"points", f64(mem, 44, 87, 27, 55)}, col{"position", i64(mem, 1, 1, 2, 2)})
	defer good.Release()
	res, err := GoldChampionshipTeamStandings().Validate(context.Background(), FromRecordBatch(good), ValidateOptions{})
	if err != nil || !res.Success {
		t.Fatalf("good standings: %v %+v", err, res.Failures(""))
	}
	bad := batch(
		col{"year", i64(mem, 2024, 2024, 2024, 2024, 2024, 2024)}, col{"round", i64(mem, 1, 2, 1, 2, 1, 1)},
		col{"team_name", str(mem, "Red Bull Racing", "Red Bull Racing", "Ferrari", "Ferrari", "McLaren", "McLaren")},
		col{"points", f64(mem, 44, 87, 27, 20, 18, 18)}, col{"position", i64(mem, 1, 1, 2, 2, 2, 3)})
	defer bad.Release()
	res, err = GoldChampionshipTeamStandings().Validate(context.Background(), FromRecordBatch(bad), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Failures(SeverityError) {
		got = append(got, fmt.Sprintf("%s%v", f.ExpectationConfig.Type, f.Result.PartialUnexpectedIndexList))
	}
	want := []string{"expect_compound_columns_to_be_unique[4 5]", "expect_compound_columns_to_be_unique[2 4]",
		TypeIncreasingWithinGroups + "[3]"}
	if !slices.Equal(got, want) {
		t.Errorf("failures %v, want %v", got, want)
	}
}

// TestGoldLapAnalyticsRangeOnAccurateLaps: a 420 s practice out-lap (not
// accurate) does not count against the lap-time range; a 420 s lap
// flagged accurate does.
func TestGoldLapAnalyticsRangeOnAccurateLaps(t *testing.T) {
	mem := checked(t)
	laps := func(accurate ...any) arrow.RecordBatch {
		return batch(
			col{"session_key", i64(mem, 9472, 9472, 9472)}, col{"driver_number", i64(mem, 1, 1, 1)},
			col{"lap_number", i64(mem, 1, 2, 3)}, col{"lap_duration_ms", i64(mem, 420_000, 97_284, 96_900)},
			col{"is_accurate", boolean(mem, accurate...)}, col{"position", i64(mem, 1, 1, 1)})
	}
	outLap := laps(false, true, true)
	defer outLap.Release()
	res, err := GoldLapAnalytics().Validate(context.Background(), FromRecordBatch(outLap), ValidateOptions{})
	if err != nil || !res.Success {
		t.Fatalf("an out-lap over 300 s warns: %v %+v", err, res.Failures(""))
	}
	slow := laps(true, true, true)
	defer slow.Release()
	res, err = GoldLapAnalytics().Validate(context.Background(), FromRecordBatch(slow), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Failures(SeverityWarn); len(w) != 1 || w[0].ExpectationConfig.Column() != "lap_duration_ms" || i64p(w[0].Result.ElementCount) != 3 {
		t.Errorf("warnings %+v", w)
	}
}

// fieldKind says how a JSON field becomes an Arrow column.
type fieldKind int

const (
	kindInt fieldKind = iota
	kindFloat
	kindString
	kindBool
)

// jsonBatch converts recorded OpenF1 rows into a record batch (bronze-like).
func jsonBatch(mem memory.Allocator, rows []map[string]any, names []string, kinds []fieldKind) arrow.RecordBatch {
	var cols []col
	for i, name := range names {
		var b array.Builder
		switch kinds[i] {
		case kindInt:
			b = array.NewInt64Builder(mem)
		case kindFloat:
			b = array.NewFloat64Builder(mem)
		case kindBool:
			b = array.NewBooleanBuilder(mem)
		default:
			b = array.NewStringBuilder(mem)
		}
		for _, r := range rows {
			v := r[name]
			switch x := v.(type) {
			case nil:
				b.AppendNull()
			case float64:
				if kinds[i] == kindInt {
					b.(*array.Int64Builder).Append(int64(x))
				} else {
					b.(*array.Float64Builder).Append(x)
				}
			case string:
				b.(*array.StringBuilder).Append(x)
			case bool:
				b.(*array.BooleanBuilder).Append(x)
			default:
				panic(fmt.Sprintf("%s: %T", name, v))
			}
		}
		cols = append(cols, col{name, b.NewArray()})
		b.Release()
	}
	return batch(cols...)
}

func readRows(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func resultOf(t *testing.T, res *Result, typ string) ExpectationResult {
	t.Helper()
	for _, r := range res.Results {
		if r.ExpectationConfig.Type == typ {
			return r
		}
	}
	t.Fatalf("no %s result", typ)
	return ExpectationResult{}
}

// overlappingRows counts, by brute force over all pairs, the stints that
// overlap another stint of the same session and driver.
func overlappingRows(rows []map[string]any, allowShared bool) int {
	bad := map[int]bool{}
	for i, a := range rows {
		for j, b := range rows {
			if i >= j || a["session_key"] != b["session_key"] || a["driver_number"] != b["driver_number"] {
				continue
			}
			aLo, aHi := min(a["lap_start"].(float64), a["lap_end"].(float64)), max(a["lap_start"].(float64), a["lap_end"].(float64))
			bLo, bHi := min(b["lap_start"].(float64), b["lap_end"].(float64)), max(b["lap_start"].(float64), b["lap_end"].(float64))
			lo, hi := max(aLo, bLo), min(aHi, bHi)
			if lo < hi || (lo == hi && !allowShared) {
				bad[i], bad[j] = true, true
			}
		}
	}
	return len(bad)
}

func TestBronzeStintsOnRecordedSessions(t *testing.T) {
	dir := sharedtest.FixturesDir(t)
	names := []string{"session_key", "driver_number", "stint_number", "lap_start", "lap_end", "compound", "tyre_age_at_start"}
	kinds := []fieldKind{kindInt, kindInt, kindInt, kindInt, kindInt, kindString, kindInt}
	for _, tc := range []struct {
		name, path string
	}{
		{"2026 Kuala Lumpur race", "vassilispapadop__openf1ow/f1-app/src/engine/__fixtures__/kuala-lumpur-2026-race/stints.json"},
		{"2024 Australian GP race", "heibylau__F1-pit-strategy-search/data/raw/stints.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := checked(t)
			rows := readRows(t, filepath.Join(dir, tc.path))
			rec := jsonBatch(mem, rows, names, kinds)
			defer rec.Release()
			s := BronzeStints().Add(
				ExpectStintsToNotOverlap([]string{"session_key", "driver_number"}, "lap_start", "lap_end").WithID("strict").Warn())
			res, err := s.Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			reversed := 0
			for _, r := range rows {
				if r["lap_start"].(float64) > r["lap_end"].(float64) {
					reversed++
				}
			}
			pair := resultOf(t, res, "expect_column_pair_values_a_to_be_greater_than_b")
			if int(*pair.Result.UnexpectedCount) != reversed || *pair.Result.ElementCount != int64(len(rows)) {
				t.Errorf("lap_start > lap_end: got %d, recorded data has %d", *pair.Result.UnexpectedCount, reversed)
			}
			var shared, strict ExpectationResult
			for _, r := range res.Results {
				if r.ExpectationConfig.Type == TypeStintsNotOverlapping {
					if r.ExpectationConfig.ID == "strict" {
						strict = r
					} else {
						shared = r
					}
				}
			}
			if got, want := int(*shared.Result.UnexpectedCount), overlappingRows(rows, true); got != want {
				t.Errorf("overlaps (shared boundary allowed) = %d, brute force %d", got, want)
			}
			if got, want := int(*strict.Result.UnexpectedCount), overlappingRows(rows, false); got != want {
				t.Errorf("overlaps (strict) = %d, brute force %d", got, want)
			}
			t.Logf("%d stints, %d reversed, %d rows overlap under the strict rule", len(rows), reversed, *strict.Result.UnexpectedCount)
			if res.Blocking() {
				t.Errorf("bronze stints should only warn: %+v", res.Failures(SeverityError))
			}
		})
	}
}

func TestBronzeLapsOnRecordedSessions(t *testing.T) {
	dir := sharedtest.FixturesDir(t)
	for _, tc := range []struct{ name, path string }{
		{"2026 Kuala Lumpur race", "vassilispapadop__openf1ow/f1-app/src/engine/__fixtures__/kuala-lumpur-2026-race/laps.json"},
		{"2026 Barcelona practice 3", "F1Lllewellyn__f1-data-publisher/latest/session_data_processor/2026_1287_spain_barcelona_catalunya/practice_3_11302/raw/openf1_laps.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := checked(t)
			rows := readRows(t, filepath.Join(dir, tc.path))
			rec := jsonBatch(mem, rows, []string{"session_key", "driver_number", "lap_number", "lap_duration", "is_pit_out_lap"},
				[]fieldKind{kindInt, kindInt, kindInt, kindFloat, kindBool})
			defer rec.Release()
			res, err := BronzeLaps().Validate(context.Background(), FromRecordBatch(rec), ValidateOptions{ResultFormat: ResultFormatComplete})
			if err != nil {
				t.Fatal(err)
			}
			// The lap-time range covers the laps that are not out-laps.
			var checked, present, outside, longOutLaps int
			var outsideRows []int64
			keys := map[string]int{}
			for i, r := range rows {
				keys[fmt.Sprint(r["session_key"], r["driver_number"], r["lap_number"])]++
				if r["is_pit_out_lap"] != false {
					if d, ok := r["lap_duration"].(float64); ok && d > 300 {
						longOutLaps++
					}
					continue
				}
				checked++
				if d, ok := r["lap_duration"].(float64); ok {
					present++
					if d < 60 || d > 300 {
						outside++
						outsideRows = append(outsideRows, int64(i))
					}
				}
			}
			dups := 0
			for _, n := range keys {
				if n > 1 {
					dups += n
				}
			}
			var between ExpectationResult
			for _, r := range res.Results {
				if r.ExpectationConfig.Column() == "lap_duration" && r.ExpectationConfig.Type == "expect_column_values_to_be_between" {
					between = r
				}
			}
			wantMap(t, between, float64(present-outside)/float64(present) >= 0.99, int64(checked), int64(checked-present), int64(outside))
			if !slices.Equal(between.Result.UnexpectedIndexList, outsideRows) {
				t.Errorf("unexpected rows differ")
			}
			if u := resultOf(t, res, "expect_compound_columns_to_be_unique"); int(*u.Result.UnexpectedCount) != dups {
				t.Errorf("duplicate laps = %d, recorded %d", *u.Result.UnexpectedCount, dups)
			}
			if res.Blocking() {
				t.Errorf("recorded laps should not block: %+v", res.Failures(SeverityError))
			}
			if !between.Success {
				t.Errorf("recorded laps warn: %d of %d timed laps outside 60–300 s", outside, present)
			}
			t.Logf("%d laps, %d timed and not out-laps, %d of them outside 60–300 s, %d out-laps over 300 s, %d duplicate keys",
				len(rows), present, outside, longOutLaps, dups)
		})
	}
}

// The brief's and DESIGN's list of GX types is implemented, under GX's names.
func TestExpectationTypes(t *testing.T) {
	types := ExpectationTypes()
	if len(types) != 39 {
		t.Errorf("%d types; doc.go says 39", len(types))
	}
	for _, want := range []string{
		"expect_column_to_exist", "expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list",
		"expect_column_values_to_be_of_type", "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
		"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique", "expect_column_values_to_be_in_set",
		"expect_column_distinct_values_to_be_in_set", "expect_column_values_to_be_between", "expect_column_values_to_match_regex",
		"expect_column_value_lengths_to_be_between", "expect_column_min_to_be_between", "expect_column_max_to_be_between",
		"expect_column_mean_to_be_between", "expect_column_median_to_be_between", "expect_column_stdev_to_be_between",
		"expect_column_proportion_of_unique_values_to_be_between", "expect_column_values_to_be_increasing",
		"expect_column_pair_values_a_to_be_greater_than_b", "expect_table_row_count_to_be_between",
		"expect_table_row_count_to_equal_other_table", TypeValuesInOtherTable, TypeStintsNotOverlapping, TypeIncreasingWithinGroups,
	} {
		if !slices.Contains(types, want) {
			t.Errorf("missing %s", want)
		}
	}
	for _, typ := range types {
		if !strings.HasPrefix(typ, "expect_") && !strings.HasPrefix(typ, "pitwall_expect_") {
			t.Errorf("odd type name %s", typ)
		}
	}
}
