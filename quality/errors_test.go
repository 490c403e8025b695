package quality

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func asError[T error](err error, target *T) bool { return errors.As(err, target) }

func TestErrorsWrapSentinels(t *testing.T) {
	err := NewSuite("s",
		ExpectColumnValuesToNotBeNull("a"),
		NewExpectation("expect_column_values_to_be_purple", map[string]any{"column": "a"}),
		ExpectColumnValuesToBeBetween("a", 1, 2).With("min_val", 3),
		ExpectColumnValuesToBeBetween("a", 1, 2).Mostly(1.5),
	).Check()
	if !errors.Is(err, ErrUnknownExpectation) || !errors.Is(err, ErrInvalidKwargs) {
		t.Fatalf("err = %v", err)
	}
	var ee *ExpectationError
	if !errors.As(err, &ee) || ee.Index != 1 || ee.Type != "expect_column_values_to_be_purple" {
		t.Fatalf("first ExpectationError = %+v", ee)
	}
	msg := err.Error()
	for _, want := range []string{"expectation 1 (expect_column_values_to_be_purple)", `"min_val"`, "expectation 3", "mostly"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestKwargValidation(t *testing.T) {
	for name, e := range map[string]Expectation{
		"no column":        NewExpectation("expect_column_values_to_not_be_null", nil),
		"column not text":  NewExpectation("expect_column_values_to_not_be_null", map[string]any{"column": 3}),
		"no bounds":        NewExpectation("expect_column_values_to_be_between", map[string]any{"column": "a"}),
		"min > max":        ExpectColumnValuesToBeBetween("a", 5, 1),
		"bad strict":       ExpectColumnValuesToBeBetween("a", 1, 2).With("strict_min", "yes"),
		"value_set scalar": NewExpectation("expect_column_values_to_be_in_set", map[string]any{"column": "a", "value_set": 3}),
		"row_condition":    ExpectColumnValuesToNotBeNull("a").With("row_condition", `a > 1`),
		"parameter":        ExpectColumnValuesToBeBetween("a", 1, 2).With("max_value", map[string]any{"$PARAMETER": "x"}),
		"bad result fmt":   ExpectColumnValuesToNotBeNull("a").With("result_format", "VERBOSE"),
		"mostly on agg":    ExpectColumnMeanToBeBetween("a", 1, 2).Mostly(0.5),
		"NaN bound":        ExpectColumnValuesToBeBetween("a", math.NaN(), 2),
		"bad severity":     ExpectColumnValuesToNotBeNull("a").WithSeverity("fatal"),
		"go type":          ExpectColumnValuesToNotBeNull("a").With("mostly", struct{}{}),
		"ignore_row_if":    ExpectCompoundColumnsToBeUnique("a", "b").With("ignore_row_if", "sometimes"),
		"empty col list":   ExpectCompoundColumnsToBeUnique(),
		"quantile ranges":  NewExpectation("expect_column_quantile_values_to_be_between", map[string]any{"column": "a", "quantile_ranges": map[string]any{"quantiles": []any{0.5}}}),
	} {
		if err := NewSuite("s", e).Check(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
