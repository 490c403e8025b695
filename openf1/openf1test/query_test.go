package openf1test

import (
	"errors"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestParseQueryEncodings(t *testing.T) {
	t.Parallel()
	now := time.Now()
	// Every raw form of API.md §2.2's table parses to the same predicate.
	for _, tc := range []struct {
		raws  []string
		field string
		op    openf1.Op
		num   float64
	}{
		{[]string{"speed>=315", "speed%3E%3D315", "speed%3E=315", "speed%3e%3d315"}, "speed", openf1.OpGe, 315},
		{[]string{"interval<0.005", "interval%3C0.005", "INTERVAL%3c0.005"}, "interval", openf1.OpLt, 0.005},
		{[]string{"driver_number=1", "driver_number%3D1", "Driver_Number=1", "DRIVER_NUMBER%3D1"}, "driver_number", openf1.OpEq, 1},
		{[]string{"position<=3", "position%3C%3D3", "position%3C=3"}, "position", openf1.OpLe, 3},
		{[]string{"lap_number>1", "lap_number%3E1"}, "lap_number", openf1.OpGt, 1},
	} {
		for _, raw := range tc.raws {
			pq, err := parseQuery(raw, now)
			if err != nil {
				t.Fatalf("parseQuery(%q): %v", raw, err)
			}
			if len(pq.params) != 1 {
				t.Fatalf("parseQuery(%q): %d params", raw, len(pq.params))
			}
			p := pq.params[0]
			if p.field != tc.field || p.op != tc.op || p.val.num.f != tc.num {
				t.Errorf("parseQuery(%q) = %s %s %v, want %s %s %v", raw, p.field, p.op, p.val.num.f, tc.field, tc.op, tc.num)
			}
		}
	}
}

func TestParseQueryOperatorOrder(t *testing.T) {
	t.Parallel()
	// ">=" is looked for before "=", so "a=b>=c" splits at ">=".
	pq, err := parseQuery("a%3Db%3E%3D5", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p := pq.params[0]; p.field != "a=b" || p.op != openf1.OpGe || p.val.num.i != 5 {
		t.Errorf("got %q %s %v", p.field, p.op, p.val)
	}
	// "=" comes before ">": "x>1=2" splits at "=".
	pq, _ = parseQuery("x%3E1=2", time.Now())
	if p := pq.params[0]; p.field != "x>1" || p.op != openf1.OpEq {
		t.Errorf("got %q %s", p.field, p.op)
	}
}

func TestParseQuerySpacesAndPlus(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for raw, want := range map[string]string{
		"session_name=Sprint%20Qualifying": "Sprint Qualifying",
		"session_name=Sprint+Qualifying":   "Sprint Qualifying",
		"flag=BLACK%20AND%20WHITE":         "BLACK AND WHITE",
		"gap_to_leader=%2B1%20LAP":         "+1 LAP",
		"gap_to_leader=+1 LAP":             " 1 LAP", // a literal '+' is a space
		"country_name=S%C3%A3o%20Paulo":    "São Paulo",
		"bad=%ZZ%4":                        "%ZZ%4", // invalid escapes stay as written
	} {
		pq, err := parseQuery(raw, now)
		if err != nil {
			t.Fatal(err)
		}
		if got := pq.params[0].val.text; got != want {
			t.Errorf("parseQuery(%q) value = %q, want %q", raw, got, want)
		}
	}
}

func TestParseQueryDateOffsetRepair(t *testing.T) {
	t.Parallel()
	now := time.Now()
	want := mustTime("2023-09-16T13:03:35Z")
	// Encoded '+', and the server's repair of a literal '+' (decoded as a
	// space) before a trailing HH:MM in a date parameter, give the same time.
	for _, raw := range []string{
		"date%3E%3D2023-09-16T15:03:35%2B02:00",
		"date>=2023-09-16T15:03:35+02:00",
	} {
		pq, err := parseQuery(raw, now)
		if err != nil {
			t.Fatal(err)
		}
		if v := pq.params[0].val; v.kind != valTime || !v.t.Equal(want) {
			t.Errorf("parseQuery(%q) = %v, want %v", raw, v, want)
		}
	}
	// The repair replaces the first space, so a space-separated datetime with
	// a literal '+' is mangled into text that is no date (API.md §2.2 rule 3).
	pq, _ := parseQuery("date>=2023-09-16 13:00:00+02:00", now)
	if v := pq.params[0].val; v.kind != valString || v.text != "2023-09-16+13:00:00 02:00" {
		t.Errorf("mangled date parsed as %v", v)
	}
	// No repair for keys without "date".
	pq, _ = parseQuery("gap=1 02:00", now)
	if v := pq.params[0].val; v.text != "1 02:00" {
		t.Errorf("non-date key repaired: %v", v)
	}
}

func TestParseQueryExemptFields(t *testing.T) {
	t.Parallel()
	now := time.Now()
	pq, _ := parseQuery("gmt_offset=08:00:00&team_colour=229971", now)
	for _, p := range pq.params {
		if p.val.kind != valString {
			t.Errorf("%s coerced to %s", p.field, p.val.kind)
		}
	}
	// The exemption looks at the field as sent, before lower-casing.
	pq, _ = parseQuery("TEAM_COLOUR=229971&GMT_OFFSET=08:00:00", now)
	if p := pq.params[0]; p.field != "team_colour" || p.val.kind != valInt {
		t.Errorf("TEAM_COLOUR: %s %s", p.field, p.val.kind)
	}
	if p := pq.params[1]; p.field != "gmt_offset" || p.val.kind != valTime {
		t.Errorf("GMT_OFFSET: %s %s", p.field, p.val.kind)
	}
}

func TestParseQueryCSVAndErrors(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for raw, want := range map[string]bool{
		"csv=true&year=2023": true, "CSV=True": true, "csv=1": true, "csv=false": false,
		"csv=0": false, "year=2023": false, "csv=true&csv=false": true, "csv=false&csv=true": false,
	} {
		pq, err := parseQuery(raw, now)
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if pq.csv != want {
			t.Errorf("parseQuery(%q).csv = %v, want %v", raw, pq.csv, want)
		}
		for _, p := range pq.params {
			if p.field == "csv" {
				t.Errorf("parseQuery(%q): csv left as a filter", raw)
			}
		}
	}
	for _, raw := range []string{"foo", "session_key=9161&driver_number", "csv"} {
		_, err := parseQuery(raw, now)
		var qe *queryError
		if !errors.As(err, &qe) {
			t.Errorf("parseQuery(%q) error = %v, want a queryError (HTTP 500)", raw, err)
		}
	}
	pq, err := parseQuery("&&a=1&", now)
	if err != nil || len(pq.params) != 1 {
		t.Errorf("empty pieces: %v %v", pq.params, err)
	}
}

func TestParseQueryPartialDates(t *testing.T) {
	t.Parallel()
	now := time.Now()
	day := mustTime("2023-09-16T00:00:00Z")
	next := day.AddDate(0, 0, 1)
	type bound struct {
		op openf1.Op
		t  time.Time
	}
	for raw, want := range map[string][]bound{
		"date=2023-09-16":    {{openf1.OpGe, day}, {openf1.OpLt, next}},
		"date>2023-09-16":    {{openf1.OpGe, next}},
		"date>=2023-09-16":   {{openf1.OpGe, day}},
		"date<2023-09-16":    {{openf1.OpLt, day}},
		"date<=2023-09-16":   {{openf1.OpLt, next}},
		"date>2023-09-16T00": {{openf1.OpGt, day}}, // has a time: literal
	} {
		pq, err := parseQuery(raw, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(pq.params) != len(want) {
			t.Fatalf("%q: %d params, want %d", raw, len(pq.params), len(want))
		}
		for i, b := range want {
			if p := pq.params[i]; p.op != b.op || !p.val.t.Equal(b.t) {
				t.Errorf("%q param %d = %s %v, want %s %v", raw, i, p.op, p.val.t, b.op, b.t)
			}
		}
		if len(pq.terms) != 1 || pq.terms[0].Value != raw[len("date")+len(pq.terms[0].Op):] {
			t.Errorf("%q: terms for the source = %v", raw, pq.terms)
		}
	}
}
