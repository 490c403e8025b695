package bronze

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitwall-f1/pitwall/openf1"
)

func TestDriftUnknownFieldKeptInExtra(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	// the API adds two fields to one pit stop
	for i, r := range api.recs[openf1.EndpointPit] {
		if string(r["session_key"]) == "9488" && string(r["driver_number"]) == "16" {
			api.recs[openf1.EndpointPit][i]["tyre_change"] = json.RawMessage(`{"from": "MEDIUM", "to": ["HARD", null]}`)
			api.recs[openf1.EndpointPit][i]["crew"] = json.RawMessage(`18`)
			break
		}
	}
	s := memStore(t)
	x := NewExtractor(api, s)
	plan, err := x.Plan(ctx, PlanRequest{SessionKeys: []int{9488}, Endpoints: []openf1.Endpoint{openf1.EndpointPit}, Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Run(ctx, plan, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Partitions[0].Outcome != OutcomeCreated || strings.Join(res.Partitions[0].UnknownFields, ",") != "crew,tyre_change" {
		t.Fatalf("result %+v", res.Partitions[0])
	}
	m, err := s.Manifest(ctx, race9488.Partition(openf1.EndpointPit))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.UnknownFields, ",") != "crew,tyre_change" {
		t.Fatalf("manifest unknown fields %v", m.UnknownFields)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	recs := readPartition(t, s, m, mem)
	defer releaseAll(recs)
	var want []map[string]json.RawMessage
	for _, r := range api.recs[openf1.EndpointPit] {
		if string(r["session_key"]) == "9488" {
			want = append(want, r)
		}
	}
	// assertRowsMatch compares _extra with the unknown fields as JSON values
	assertRowsMatch(t, openf1.EndpointPit, want, recs, "")
	extra := recs[0].Column(recs[0].Schema().FieldIndices(ColumnExtra)[0])
	nonNull := 0
	for i := 0; i < extra.Len(); i++ {
		if extra.IsValid(i) {
			nonNull++
			if got := extra.ValueStr(i); got != `{"crew":18,"tyre_change":{"from":"MEDIUM","to":["HARD",null]}}` {
				t.Fatalf("_extra = %s", got)
			}
		}
	}
	if nonNull != 1 {
		t.Fatalf("%d rows with _extra, want 1", nonNull)
	}
}

func TestDriftTypeChangeQuarantines(t *testing.T) {
	ctx := context.Background()
	api := australia2024(t)
	s := memStore(t)
	x := NewExtractor(api, s)
	req := PlanRequest{MeetingKeys: []int{1231}, Endpoints: []openf1.Endpoint{openf1.EndpointLaps, openf1.EndpointDrivers}, Now: planNow}
	plan, err := x.Plan(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Run(ctx, plan, RunOptions{RunID: "good"}); err != nil {
		t.Fatal(err)
	}
	before := manifestSnapshot(t, s)

	// the API turns lap_number into a string in one race lap, and
	// driver_number into a string in one qualifying driver row
	for i, r := range api.recs[openf1.EndpointLaps] {
		if string(r["lap_number"]) == "12" && string(r["driver_number"]) == "4" {
			api.recs[openf1.EndpointLaps][i]["lap_number"] = json.RawMessage(`"12"`)
		}
	}
	for i, r := range api.recs[openf1.EndpointDrivers] {
		if string(r["session_key"]) == "9484" && string(r["driver_number"]) == "1" {
			api.recs[openf1.EndpointDrivers][i]["driver_number"] = json.RawMessage(`"1"`)
		}
	}
	api.reindex()
	res, err := x.Run(ctx, plan, RunOptions{RunID: "drifted"})
	if err != nil {
		t.Fatalf("quarantine is not a run error: %v", err)
	}
	q := res.Quarantined()
	if len(q) != 2 || res.Count(OutcomeQuarantined) != 2 {
		t.Fatalf("quarantined %d: %s", len(q), res.Summary())
	}
	// only the affected partitions: the meeting-level drivers response had
	// good rows for the four other sessions, which stay unchanged
	wantKeys := map[PartitionKey]string{
		race9488.Partition(openf1.EndpointLaps):                                            "lap_number",
		{Endpoint: openf1.EndpointDrivers, Year: 2024, MeetingKey: 1231, SessionKey: 9484}: "driver_number",
	}
	for _, rec := range q {
		field, ok := wantKeys[rec.Partition]
		if !ok || rec.Field != field || rec.Expected != "int" || rec.Value == "" || rec.RunID != "drifted" {
			t.Fatalf("quarantine record %+v", rec)
		}
		if !strings.HasPrefix(rec.RawPath, "bronze/_quarantine/"+string(rec.Partition.Endpoint)+"/year=2024/meeting_key=1231/session_key=") ||
			!strings.HasSuffix(rec.RawPath, "/drifted.json") {
			t.Fatalf("raw path %s", rec.RawPath)
		}
		// the raw bytes are retrievable and are the API's response
		body, err := s.QuarantinedBody(ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		served, _ := api.Raw(ctx, rec.Partition.Endpoint, openf1.Query{}.Eq("meeting_key", 1231))
		if !bytes.Equal(body, served.Body) {
			t.Fatal("quarantined body differs from the API response")
		}
		if !strings.Contains(rec.Reason, `"`+field+`"`) {
			t.Fatalf("reason %q", rec.Reason)
		}
	}
	if res.Count(OutcomeUnchanged) != len(res.Partitions)-2 {
		t.Fatalf("result %s", res.Summary())
	}
	// the previous good versions stay live, byte for byte
	assertSameManifests(t, before, manifestSnapshot(t, s), nil)
	listed, err := s.Quarantined(ctx, "")
	if err != nil || len(listed) != 2 {
		t.Fatalf("Quarantined: %d %v", len(listed), err)
	}
}

func TestDecodeMismatches(t *testing.T) {
	info, _ := openf1.LookupEndpoint(openf1.EndpointLaps)
	cases := []struct {
		body  string
		field string
	}{
		{`[{"session_key":1,"lap_number":"3"}]`, "lap_number"},                                 // string in int
		{`[{"session_key":1,"lap_number":3.5}]`, "lap_number"},                                 // fraction in int
		{`[{"session_key":1,"lap_duration":"90.1"}]`, "lap_duration"},                          // string in float
		{`[{"session_key":1,"is_pit_out_lap":0}]`, "is_pit_out_lap"},                           // number in bool
		{`[{"session_key":1,"date_start":12}]`, "date_start"},                                  // number in datetime
		{`[{"session_key":1,"date_start":"yesterday"}]`, "date_start"},                         // not a datetime
		{`[{"session_key":1,"date_start":"2024-03-24T04:03:53.1234567+00:00"}]`, "date_start"}, // below µs
		{`[{"session_key":1,"segments_sector_1":[2048,"x"]}]`, "segments_sector_1"},            // string element
		{`[{"session_key":1,"segments_sector_1":[4294967296]}]`, "segments_sector_1"},          // beyond int32
		{`[{"session_key":1,"segments_sector_1":{"a":1}}]`, "segments_sector_1"},               // object for list
	}
	for _, c := range cases {
		d := newDecoder(info, "r")
		var got *FieldError
		err := d.decode([]byte(c.body), responseMeta{}, func(r *decodedRow) { got = r.err })
		if err != nil || got == nil || got.Field != c.field || !errors.Is(got, ErrSchemaDrift) {
			t.Errorf("%s: field error %v (decode err %v)", c.body, got, err)
		}
	}
	// accepted: integral float in an int field, int in a float field, nulls, absent fields
	for _, body := range []string{
		`[{"session_key":1,"lap_number":3.0,"lap_duration":90,"date_start":null,"segments_sector_1":[null,2049]}]`,
		`[{"session_key":1}]`, `[]`, ` [ ] `,
	} {
		d := newDecoder(info, "r")
		err := d.decode([]byte(body), responseMeta{}, func(r *decodedRow) {
			if r.err != nil {
				t.Errorf("%s: %v", body, r.err)
			}
		})
		if err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	for _, body := range []string{`{"detail":"x"}`, `[1,2]`, `[{"a":1}`, `not json`, `[{"lap_number":1,"lap_number":2}]`} {
		d := newDecoder(info, "r")
		var rowErr error
		err := d.decode([]byte(body), responseMeta{}, func(r *decodedRow) {
			if r.err != nil {
				rowErr = r.err
			}
		})
		if err == nil && rowErr == nil {
			t.Errorf("%s: accepted", body)
		}
		if err != nil && !errors.Is(err, ErrSchemaDrift) {
			t.Errorf("%s: %v does not match ErrSchemaDrift", body, err)
		}
	}
}
