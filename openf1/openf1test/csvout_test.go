package openf1test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Expected strings are what CPython prints for the same values.
func TestPythonFormatting(t *testing.T) {
	t.Parallel()
	for f, want := range map[float64]string{
		1.5: "1.5", 15: "15.0", 0.1: "0.1", 0: "0.0", 1e-05: "1e-05", 0.0001: "0.0001",
		1e16: "1e+16", 1e15: "1000000000000000.0", 82.15899999999999: "82.15899999999999",
		123456789012345678: "1.2345678901234568e+17", 2.5e-7: "2.5e-07",
		math.Inf(1): "inf", math.NaN(): "nan",
	} {
		if got := pyFloatRepr(f); got != want {
			t.Errorf("pyFloatRepr(%v) = %q, want %q", f, got, want)
		}
	}
	if got := pyFloatRepr(math.Copysign(0, -1)); got != "-0.0" {
		t.Errorf("pyFloatRepr(-0) = %q", got)
	}
	for in, want := range map[string]string{
		`[2049, 2049, null]`:       `[2049, 2049, None]`,
		`[75.717, 75.228, 74.679]`: `[75.717, 75.228, 74.679]`,
		`[0.092, 0.0, 0]`:          `[0.092, 0.0, 0]`,
		`["+1 LAP", true, false]`:  `['+1 LAP', True, False]`,
		`["it's", "a\"b", "x\ny"]`: `["it's", 'a"b', 'x\ny']`,
		`{"a": [1], "b": null}`:    `{'a': [1], 'b': None}`,
		`[]`:                       `[]`,
	} {
		if got := pyRepr([]byte(in)); got != want {
			t.Errorf("pyRepr(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	recs := []string{
		`{"session_key":1,"date":"2023-09-16T13:59:07.606000+00:00","b":1.5,"c":15.0,"d":null,"e":true,"f":[2049,null],"g":"x,y","h":1e-05,"i":"say \"hi\""}`,
		`{"session_key":2,"date":"2023-09-16T14:00:00+00:00","z":"only here"}`,
	}
	var rows []row
	for _, r := range recs {
		rows = append(rows, row{raw: json.RawMessage(r)})
	}
	var b bytes.Buffer
	if err := writeCSV(&b, rows, kindsOf(openf1.EndpointPosition)); err != nil {
		t.Fatal(err)
	}
	want := "b,c,d,date,e,f,g,h,i,session_key,z\r\n" +
		`1.5,15.0,,2023-09-16 13:59:07.606000+00:00,True,"[2049, None]","x,y",1e-05,"say ""hi""",1,` + "\r\n" +
		",,,2023-09-16 14:00:00+00:00,,,,,,2,only here\r\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
