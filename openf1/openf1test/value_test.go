package openf1test

import (
	"math"
	"testing"
	"time"
)

func TestCastValue(t *testing.T) {
	t.Parallel()
	now := mustTime("2026-05-31T10:00:00Z") // a 31st: "2025-09" must clamp to the 30th
	utc := func(s string) time.Time { return mustTime(s) }
	tests := []struct {
		in      string
		kind    valueKind
		num     float64
		t       time.Time
		hasTime bool
	}{
		{in: "true", kind: valBool, num: 1},
		{in: "FALSE", kind: valBool},
		{in: "01", kind: valInt, num: 1},
		{in: "+5", kind: valInt, num: 5},
		{in: "1_000", kind: valInt, num: 1000},
		{in: "-3", kind: valInt, num: -3},
		{in: "0.005", kind: valFloat, num: 0.005},
		{in: "1e3", kind: valFloat, num: 1000},
		{in: ".5", kind: valFloat, num: 0.5},
		{in: "5.", kind: valFloat, num: 5},
		{in: "2023", kind: valInt, num: 2023}, // a bare year is a number (§2.5)
		{in: "2023-09-16", kind: valTime, t: utc("2023-09-16T00:00:00Z")},
		{in: "2023-09-16T13", kind: valTime, t: utc("2023-09-16T13:00:00Z"), hasTime: true},
		{in: "2023-09-16T13:03:35.200", kind: valTime, t: utc("2023-09-16T13:03:35.2Z"), hasTime: true},
		{in: "2023-09-16T13:03:35.2005", kind: valTime, t: utc("2023-09-16T13:03:35.2Z"), hasTime: true}, // BSON dates are ms
		{in: "2023-09-16T15:03:35+02:00", kind: valTime, t: utc("2023-09-16T13:03:35Z"), hasTime: true},
		{in: "2023-09-16T15:03:35+0200", kind: valTime, t: utc("2023-09-16T13:03:35Z"), hasTime: true},
		{in: "2023-09-16 13:59:07.606000+00:00", kind: valTime, t: utc("2023-09-16T13:59:07.606Z"), hasTime: true},
		{in: "2021-09-10 14:30:20 EST", kind: valTime, t: utc("2021-09-10T14:30:20Z"), hasTime: true}, // zone name ignored (§2.3)
		{in: "09/10/2021", kind: valTime, t: utc("2021-09-10T00:00:00Z")},
		{in: "10 September 2021", kind: valTime, t: utc("2021-09-10T00:00:00Z")},
		{in: "Sep 10, 2021 14:30", kind: valTime, t: utc("2021-09-10T14:30:00Z"), hasTime: true},
		{in: "2025-09", kind: valTime, t: utc("2025-09-30T00:00:00Z")}, // day from today, clamped
		{in: "2025-10", kind: valTime, t: utc("2025-10-31T00:00:00Z")},
		{in: "MAR", kind: valTime, t: utc("2026-03-31T00:00:00Z")}, // the name_acronym pitfall
		{in: "SAT", kind: valTime, t: utc("2026-06-06T00:00:00Z")}, // next Saturday on or after today
		{in: "12:30", kind: valTime, t: utc("2026-05-31T12:30:00Z"), hasTime: true},
		{in: "Red Bull Racing", kind: valString},
		{in: "Sprint Qualifying", kind: valString},
		{in: "Practice 1", kind: valString},
		{in: "Day 1", kind: valString},
		{in: "SOFT", kind: valString},
		{in: "BLACK AND WHITE", kind: valString},
		{in: "+1 LAP", kind: valString},
		{in: "latest", kind: valString},
		{in: "PIA", kind: valString},
		{in: "2023-13-01", kind: valString},
		{in: "2023-02-30", kind: valString},
	}
	for _, tc := range tests {
		v := castValue(tc.in, now)
		if v.kind != tc.kind {
			t.Errorf("castValue(%q) kind = %s, want %s", tc.in, v.kind, tc.kind)
			continue
		}
		switch tc.kind {
		case valInt, valFloat:
			if v.num.f != tc.num {
				t.Errorf("castValue(%q) = %v, want %v", tc.in, v.num.f, tc.num)
			}
		case valBool:
			if v.b != (tc.num == 1) {
				t.Errorf("castValue(%q) = %v", tc.in, v.b)
			}
		case valTime:
			if !v.t.Equal(tc.t) || v.hasTime != tc.hasTime {
				t.Errorf("castValue(%q) = %v (hasTime %v), want %v (hasTime %v)", tc.in, v.t, v.hasTime, tc.t, tc.hasTime)
			}
		}
	}
}

func TestPyFloatSpecials(t *testing.T) {
	t.Parallel()
	if f, ok := pyFloat("-inf"); !ok || !math.IsInf(f, -1) {
		t.Errorf("pyFloat(-inf) = %v, %v", f, ok)
	}
	if f, ok := pyFloat("nan"); !ok || !math.IsNaN(f) {
		t.Errorf("pyFloat(nan) = %v, %v", f, ok)
	}
	for _, s := range []string{"0x10", "1__0", "_1", "1e", "", "abc"} {
		if _, ok := pyFloat(s); ok {
			t.Errorf("pyFloat(%q) accepted; Python's float() rejects it", s)
		}
	}
}

func TestTruthy(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"true": true, "True": true, "1": true, "false": false, "0": false, "0.0": false, "yes": true} {
		if got := castValue(in, time.Time{}).truthy(); got != want {
			t.Errorf("truthy(%q) = %v, want %v", in, got, want)
		}
	}
}
