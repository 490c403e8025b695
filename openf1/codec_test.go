package openf1

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

const lapRow = `{"meeting_key":1231,"session_key":9488,"driver_number":55,"lap_number":2,` +
	`"date_start":"2024-03-24T04:05:11.427000+00:00","duration_sector_1":30.3,"duration_sector_2":17.0,` +
	`"duration_sector_3":34.3,"i1_speed":287,"i2_speed":null,"is_pit_out_lap":false,"lap_duration":81.6,` +
	`"segments_sector_1":[null,2049,2051],"segments_sector_2":[],"st_speed":301}`

func decodeLaps(t *testing.T, body string) ([]Lap, error) {
	t.Helper()
	var out []Lap
	for l, err := range DecodeStream[Lap](strings.NewReader(body)) {
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	return out, nil
}

func TestDecodeNonNullableErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, row, field, msg string
	}{
		{"null", strings.Replace(lapRow, `"driver_number":55`, `"driver_number":null`, 1), "driver_number", "null in a non-nullable field"},
		{"missing", strings.Replace(lapRow, `"lap_number":2,`, ``, 1), "lap_number", "required field is missing"},
		{"string for int", strings.Replace(lapRow, `"driver_number":55`, `"driver_number":"55"`, 1), "driver_number", "expected a number"},
		{"fraction in int", strings.Replace(lapRow, `"driver_number":55`, `"driver_number":55.5`, 1), "driver_number", "expected an integer, got 55.5"},
		{"exponent in int", strings.Replace(lapRow, `"driver_number":55`, `"driver_number":5.5e1`, 1), "driver_number", "expected an integer"},
		{"bad time", strings.Replace(lapRow, `"2024-03-24T04:05:11.427000+00:00"`, `"yesterday"`, 1), "date_start", "too short"},
		{"bool as string", strings.Replace(lapRow, `"is_pit_out_lap":false`, `"is_pit_out_lap":"false"`, 1), "is_pit_out_lap", "expected true or false"},
		{"float segment", strings.Replace(lapRow, `2051]`, `2051.0]`, 1), "segments_sector_1", "element 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			laps, err := decodeLaps(t, "["+lapRow+",\n"+tt.row+"]")
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *DecodeError", err, err)
			}
			if len(laps) != 1 || de.Endpoint != EndpointLaps || de.Row != 1 || de.Field != tt.field {
				t.Fatalf("got %d laps, error %+v; want row 1 field %s", len(laps), de, tt.field)
			}
			want := `openf1: decode laps row 1 field "` + tt.field + `": `
			if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("message %q, want prefix %q and %q", err, want, tt.msg)
			}
		})
	}
}

func TestDecodeMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		truncated  bool
	}{
		{"not an array", `{"meeting_key":1}`, false},
		{"element not object", `[1]`, false},
		{"bad literal", `[{"meeting_key":tru}]`, false},
		{"missing colon", `[{"meeting_key" 1}]`, false},
		{"trailing garbage", "[]x", false},
		{"garbage after record", `[{"meeting_key":1} 2]`, false},
		{"control char", "[{\"x\":\"a\x01\"}]", false},
		{"cut in record", `[{"meeting_key":1231,"sess`, true},
		{"cut after record", `[` + lapRow, true},
		{"cut after comma", `[` + lapRow + `,`, true},
		{"empty body", ``, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := decodeLaps(t, tt.body)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DecodeError", err)
			}
			if got := errors.Is(err, ErrTruncatedBody); got != tt.truncated {
				t.Fatalf("errors.Is(ErrTruncatedBody) = %v, want %v (%v)", got, tt.truncated, err)
			}
		})
	}
}

func TestAbsentNullAndExtraRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"meeting_key":1,"session_key":2,"driver_number":3,"lap_number":4,"is_pit_out_lap":true,` +
		`"lap_duration":null,"i1_speed":2.0,"segments_sector_1":[],"z_new":{"k":"v"},"a_new":[1,"x"]}`
	var l Lap
	if err := json.Unmarshal([]byte(in), &l); err != nil {
		t.Fatal(err)
	}
	if l.DateStart.Present() || !l.LapDuration.Null || l.LapDuration.Valid {
		t.Fatalf("absent/null mixed up: date_start %+v lap_duration %+v", l.DateStart, l.LapDuration)
	}
	if v, ok := l.I1Speed.Get(); !ok || v != 2 {
		t.Fatalf("i1_speed 2.0 decoded as %+v", l.I1Speed)
	}
	out, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"meeting_key":1,"session_key":2,"driver_number":3,"lap_number":4,"i1_speed":2.0,` +
		`"is_pit_out_lap":true,"lap_duration":null,"segments_sector_1":[],"a_new":[1,"x"],"z_new":{"k":"v"}}`
	if string(out) != want {
		t.Fatalf("encode\n got %s\nwant %s", out, want)
	}
	// A record built in Go encodes its ints as ints.
	l.I1Speed = Of(2)
	l.forms = 0
	out, _ = json.Marshal(l)
	if !strings.Contains(string(out), `"i1_speed":2,`) {
		t.Fatalf("Go-built int encoded as %s", out)
	}
}

func TestUnmarshalNullIsNoOp(t *testing.T) {
	t.Parallel()
	l := Lap{LapNumber: 7}
	if err := json.Unmarshal([]byte("null"), &l); err != nil || l.LapNumber != 7 {
		t.Fatalf("null: %v %+v", err, l)
	}
}

// TestAppendPyFloat compares with what Python's repr() prints (the OpenF1
// server is written in Python).
func TestAppendPyFloat(t *testing.T) {
	t.Parallel()
	tests := map[float64]string{
		0.1: "0.1", 15: "15.0", 1e16: "1e+16", 1e-5: "1e-05", 0.0001: "0.0001", -2.5: "-2.5",
		1234567890123456: "1234567890123456.0", 1e22: "1e+22", 82.15899999999999: "82.15899999999999",
		123456789012345678: "1.2345678901234568e+17", 1.5e-7: "1.5e-07", 0: "0.0", 100: "100.0",
		9999999999999998: "9999999999999998.0", 0.001: "0.001", 1.7976931348623157e308: "1.7976931348623157e+308",
	}
	for f, want := range tests {
		if got := string(appendPyFloat(nil, f)); got != want {
			t.Errorf("appendPyFloat(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestAppendStringMatchesJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", `quote " back \ slash`, "tab\tnl\ncr\r\x00\x1f", "Pérez ünïcode 🏁", "<&>", "bad \xff utf8"} {
		b := appendString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q encoded as invalid JSON %s: %v", s, b, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back != want {
			t.Fatalf("%q → %s → %q", s, b, back)
		}
	}
}

func TestDecodeStringEscapes(t *testing.T) {
	t.Parallel()
	in := `{"meeting_key":1,"session_key":2,"date":null,"category":"Fl\u00e4g \"x\" \ud83c\udfc1 \/ \\",` +
		`"message":"a\nb","flag":null,"scope":null,"sector":null,"driver_number":null,"lap_number":null}`
	var rc RaceControl
	if err := json.Unmarshal([]byte(in), &rc); err != nil {
		t.Fatal(err)
	}
	if got := rc.Category.V; got != "Fläg \"x\" 🏁 / \\" {
		t.Fatalf("category = %q", got)
	}
	if rc.Message.V != "a\nb" {
		t.Fatalf("message = %q", rc.Message.V)
	}
}

// TestScannerSmallReads feeds the decoder one byte at a time and through
// records larger than the read buffer.
func TestScannerSmallReads(t *testing.T) {
	t.Parallel()
	big := strings.Repeat(`\"x`, scanBufSize) // a string longer than the buffer, full of escaped quotes
	rows := []string{lapRow, strings.Replace(lapRow, `"st_speed":301`, `"st_speed":301,"note":"`+big+`"`, 1), lapRow}
	body := " \n[ " + strings.Join(rows, " ,\n") + " ] \n"
	for name, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(strings.NewReader(body)),
		"half":     iotest.HalfReader(strings.NewReader(body)),
		"whole":    strings.NewReader(body),
	} {
		n := 0
		for l, err := range DecodeStream[Lap](r) {
			if err != nil {
				t.Fatalf("%s: row %d: %v", name, n, err)
			}
			if l.DriverNumber != 55 {
				t.Fatalf("%s: row %d: driver %d", name, n, l.DriverNumber)
			}
			if n == 1 && len(l.Extra["note"]) != len(big)+2 {
				t.Fatalf("%s: big extra field has %d bytes", name, len(l.Extra["note"]))
			}
			n++
		}
		if n != 3 {
			t.Fatalf("%s: %d rows", name, n)
		}
	}
}

func TestParseTimeFastAgreesWithTimeParse(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2024-03-24T04:03:12.429000+00:00", "2023-06-04T14:21:01+00:00", "2024-03-24 04:03:12.429000+00:00",
		"2023-09-16T15:03:35+02:00", "2023-09-16T08:03:35.5-04:30", "2024-02-29T00:00:00Z",
		"2023-09-16T13:59:07.123456789+00:00", "2023-09-16T13:59:07",
	} {
		fast, ok := parseTimeFast([]byte(s))
		if !ok {
			t.Fatalf("parseTimeFast(%q) refused", s)
		}
		norm := strings.Replace(s, " ", "T", 1)
		if !strings.HasSuffix(norm, "Z") && !strings.Contains(norm[19:], "+") && !strings.Contains(norm[19:], "-") {
			norm += "Z"
		}
		ref, err := time.Parse(time.RFC3339Nano, norm)
		if err != nil {
			t.Fatal(err)
		}
		if !fast.Equal(ref) {
			t.Fatalf("%s: fast %v, time.Parse %v", s, fast.Time, ref)
		}
		if got := fast.String(); got != s {
			t.Fatalf("%s re-encoded as %s", s, got)
		}
	}
	for _, s := range []string{"2023-02-29T00:00:00+00:00", "2023-09-16T24:00:00+00:00", "2023-09-16T13:60:00Z",
		"2023-09-16T13:00:60Z", "2023-09-16T13:00:00+0200", "2023-09-16T13:00:00.+00:00", "2023-13-01T00:00:00Z"} {
		if _, ok := parseTimeFast([]byte(s)); ok {
			t.Errorf("parseTimeFast(%q) accepted an invalid time", s)
		}
	}
}

// FuzzParseTime checks that the allocation-free parser never accepts what
// time.Parse rejects, agrees with it, and re-encodes its input exactly.
func FuzzParseTime(f *testing.F) {
	f.Add("2024-03-24T04:03:12.429000+00:00")
	f.Add("2024-03-24 04:03:12+05:30")
	f.Add("2024-02-29T23:59:59.9Z")
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseTimeFast([]byte(s))
		if !ok {
			return
		}
		norm := strings.Replace(s, " ", "T", 1)
		if len(norm) == 19 || (len(norm) > 19 && norm[19] == '.' && !strings.ContainsAny(norm[19:], "Z+-")) {
			norm += "Z"
		}
		ref, err := time.Parse(time.RFC3339Nano, norm)
		if err != nil {
			t.Fatalf("fast accepted %q, time.Parse: %v", s, err)
		}
		if !fast.Equal(ref) {
			t.Fatalf("%q: fast %v, time.Parse %v", s, fast.Time, ref)
		}
		if fast.String() != s {
			t.Fatalf("%q re-encoded as %q", s, fast.String())
		}
	})
}

func TestDecodeAllocsPerRow(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation count")
	}
	row := `{"meeting_key":1229,"session_key":9472,"date":"2024-03-02T15:03:35.200000+00:00","driver_number":1,` +
		`"rpm":11000,"speed":300,"n_gear":8,"throttle":100,"brake":0,"drs":12}`
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := range 2000 {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(row)
	}
	buf.WriteByte(']')
	body := buf.Bytes()
	allocs := testing.AllocsPerRun(5, func() {
		for _, err := range DecodeStream[CarData](bytes.NewReader(body)) {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
	// A constant number per body (buffer, scanner, closures), none per row.
	if allocs > 20 {
		t.Fatalf("%.0f allocations for 2000 rows: the streaming decoder allocates per row", allocs)
	}
}

func TestDecodeIntRange(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{"0": 0, "-7": -7, "123456789012345678": 123456789012345678,
		"9223372036854775807": 9223372036854775807, "-9223372036854775808": -9223372036854775808, "-12.000": -12} {
		d := decoder{b: []byte(in)}
		got, err := d.int()
		if err != nil || got != want {
			t.Errorf("int(%s) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"9223372036854775808", "-9223372036854775809", "99999999999999999999.0", "01", "-", "1.", ".5"} {
		d := decoder{b: []byte(in)}
		if v, err := d.int(); err == nil && d.i == len(in) {
			t.Errorf("int(%s) accepted as %d", in, v)
		}
	}
}
