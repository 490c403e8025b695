package quality

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

type compound string

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want any
	}{
		{uint8(7), int64(7)},
		{uint64(1 << 40), int64(1 << 40)},
		{float32(0.5), 0.5},
		{60000.0, int64(60000)},
		{json.Number("300000"), int64(300000)},
		{json.Number("300000.0"), int64(300000)},
		{json.Number("0.99"), 0.99},
		{compound("SOFT"), "SOFT"},
		{[]compound{"SOFT", "HARD"}, []any{"SOFT", "HARD"}},
		{[]int{1, 2}, []any{int64(1), int64(2)}},
		{map[string]int{"a": 1}, map[string]any{"a": int64(1)}},
		{time.Date(2024, 3, 2, 15, 0, 0, 0, time.UTC), "2024-03-02T15:00:00Z"},
	} {
		got, err := normalize(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("normalize(%#v) = %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []any{math.NaN(), math.Inf(1), uint64(math.MaxUint64), struct{}{}, make(chan int)} {
		if _, err := normalize(bad); err == nil {
			t.Errorf("normalize(%T) accepted", bad)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"": SeverityError, "critical": SeverityError, "ERROR": SeverityError,
		"warning": SeverityWarn, "warn": SeverityWarn, "info": SeverityInfo} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("fatal accepted")
	}
	if !Severity("").Blocking() || SeverityWarn.Blocking() || SeverityInfo.Blocking() {
		t.Error("only error blocks")
	}
}
