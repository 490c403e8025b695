package openf1_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestFilterEncoding(t *testing.T) {
	t.Parallel()
	cet := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		f    openf1.EndpointFilter
		want string // Query.String() form
		enc  string // Query.Encode() form, when checked
	}{
		{"eq OR", openf1.LapsFilter{SessionKey: openf1.Key(9161), DriverNumber: openf1.Eq(63, 81)},
			"session_key=9161&driver_number=63&driver_number=81", "session_key%3D9161&driver_number%3D63&driver_number%3D81"},
		{"latest", openf1.DriversFilter{SessionKey: openf1.LatestKey(), MeetingKey: openf1.LatestKey()},
			"meeting_key=latest&session_key=latest", ""},
		{"bool and float", openf1.LapsFilter{IsPitOutLap: openf1.Eq(true), LapDuration: openf1.Ge(120.0)},
			"is_pit_out_lap=true&lap_duration>=120", "is_pit_out_lap%3Dtrue&lap_duration%3E%3D120"},
		{"open interval", openf1.IntervalsFilter{Interval: openf1.Range(openf1.OpGt, 0.0, openf1.OpLt, 0.005)},
			"interval>0&interval<0.005", "interval%3E0&interval%3C0.005"},
		{"two ranges", openf1.PositionFilter{Position: openf1.Between(4, 7).Or(openf1.Between(10, 15))},
			"position>=4&position<=7&position>=10&position<=15", ""},
		{"instant with offset", openf1.LocationFilter{Date: openf1.Ge(openf1.At(time.Date(2023, 9, 16, 15, 3, 35, 200_000_000, cet)))},
			"date>=2023-09-16T14:03:35.2+00:00", "date%3E%3D2023-09-16T14%3A03%3A35.2%2B00%3A00"},
		{"whole days", openf1.SessionsFilter{DateStart: openf1.Ge(openf1.Day(2023, 9, 1)), DateEnd: openf1.Le(openf1.Day(2023, 9, 30))},
			"date_start>=2023-09-01&date_end<=2023-09-30", ""},
		{"strings with spaces", openf1.RaceControlFilter{Flag: openf1.Eq("BLACK AND WHITE"), DriverNumber: openf1.Eq(1)},
			"flag=BLACK AND WHITE&driver_number=1", "flag%3DBLACK+AND+WHITE&driver_number%3D1"},
		{"extra", openf1.CarDataFilter{Speed: openf1.Ge(315), Extra: openf1.Query{}.Where("new_field", openf1.OpLt, 3)},
			"speed>=315&new_field<3", ""},
	}
	for _, tt := range tests {
		q, err := tt.f.Query()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if q.String() != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, q, tt.want)
		}
		if tt.enc != "" && q.Encode() != tt.enc {
			t.Errorf("%s: encoded %s, want %s", tt.name, q.Encode(), tt.enc)
		}
		back, err := openf1.ParseQuery(q.Encode())
		if err != nil || !reflect.DeepEqual(back, q) {
			t.Errorf("%s: ParseQuery(Encode()) = %v, %v", tt.name, back, err)
		}
	}
}

func TestValidateRanges(t *testing.T) {
	t.Parallel()
	ok := []string{
		"date>2023-09-01&date<2023-10-01",
		"position>=4&position<=7&position>=10&position<=15",
		"position>=10&position<=7&position<=15", // 10..15, and ≤7
		"lap_duration>=90&lap_duration<=90",
		"date>=2023-09-16&date<=2023-09-16", // the whole day
		"x>5",
		"speed>=315&date<2023-09-16", // different fields
		"session_key=latest&meeting_key=latest",
	}
	bad := []string{
		"date>2023-10-01&date<2023-09-01",
		"lap_number>10&lap_number<5",
		"lap_duration>90&lap_duration<90",
		"date>2023-09-16&date<2023-09-17", // > D means from D+1: empty
		"date>=2023-09-17T00:00:00&date<2023-09-17",
		"team_name>Z&team_name<A",
		"driver_number=latest",
		"session_key>latest",
	}
	for _, s := range ok {
		q, err := openf1.ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Validate(); err != nil {
			t.Errorf("%s rejected: %v", s, err)
		}
	}
	for _, s := range bad {
		q, err := openf1.ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Validate(); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
}

// TestParseQueryLikeTheServer checks the equivalent spellings of API.md §2.2.
func TestParseQueryLikeTheServer(t *testing.T) {
	t.Parallel()
	want := openf1.Query{{Field: "speed", Op: openf1.OpGe, Value: "315"}}
	for _, raw := range []string{"speed>=315", "speed%3E%3D315", "speed%3E=315", "SPEED>=315"} {
		q, err := openf1.ParseQuery(raw)
		if err != nil || !reflect.DeepEqual(q, want) {
			t.Errorf("%s: %v, %v", raw, q, err)
		}
	}
	q, err := openf1.ParseQuery("interval<0.005&session_name=Sprint+Qualifying&date>=2023-09-16T15:03:35%2B02:00")
	if err != nil {
		t.Fatal(err)
	}
	if q.String() != "interval<0.005&session_name=Sprint Qualifying&date>=2023-09-16T15:03:35+02:00" {
		t.Errorf("parsed %s", q)
	}
	for _, raw := range []string{"foo", "foo=", "a=%zz"} {
		if _, err := openf1.ParseQuery(raw); err == nil {
			t.Errorf("%q accepted", raw)
		}
	}
	// A literal '+' decodes to a space: why Encode writes %2B.
	q, _ = openf1.ParseQuery("date>=2023-09-16T15:03:35+02:00")
	if !strings.Contains(q[0].Value, " ") {
		t.Errorf("'+' not decoded as a space: %q", q[0].Value)
	}
}

func TestTimeValue(t *testing.T) {
	t.Parallel()
	d := openf1.Day(2024, time.March, 2)
	if !d.IsDay() || d.String() != "2024-03-02" {
		t.Fatalf("Day = %s", d)
	}
	a := openf1.At(time.Date(2024, 3, 2, 15, 0, 0, 1500, time.UTC))
	if a.IsDay() || a.String() != "2024-03-02T15:00:00.000001+00:00" {
		t.Fatalf("At = %s (the API has microseconds)", a)
	}
	if _, err := (openf1.LapsFilter{DateStart: openf1.Eq(openf1.TimeValue{})}).Query(); err == nil {
		t.Fatal("zero TimeValue accepted")
	}
}
