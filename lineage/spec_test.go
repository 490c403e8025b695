package lineage_test

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

// facetsAt lists the facet maps of a decoded event with their location.
func facetsAt(doc map[string]any) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	add := func(loc string, v any) {
		if m, ok := v.(map[string]any); ok {
			out[loc] = append(out[loc], m)
		}
	}
	if run, ok := doc["run"].(map[string]any); ok {
		add(lineagetest.LocRun, run["facets"])
	}
	if job, ok := doc["job"].(map[string]any); ok {
		add(lineagetest.LocJob, job["facets"])
	}
	if ds, ok := doc["dataset"].(map[string]any); ok {
		add(lineagetest.LocDataset, ds["facets"])
	}
	for _, side := range []struct{ key, extra, loc string }{
		{"inputs", "inputFacets", lineagetest.LocInputFacets},
		{"outputs", "outputFacets", lineagetest.LocOutputFacets},
	} {
		list, _ := doc[side.key].([]any)
		for _, item := range list {
			d, _ := item.(map[string]any)
			add(lineagetest.LocDataset, d["facets"])
			add(side.loc, d[side.extra])
		}
	}
	return out
}

// checkFacets validates every facet of a decoded event against the schema
// its own _schemaURL names (resolved from the published mirror), checks
// that the wrapper schema used by ValidateEvent covers that key at that
// location with the very same definition, and returns the keys seen per
// location. Custom facets (not under openlineage.io) are only counted.
func checkFacets(t *testing.T, v *lineagetest.Validator, body []byte) map[string][]string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string][]string{}
	for loc, maps := range facetsAt(doc) {
		for _, m := range maps {
			for key, f := range m {
				if !slices.Contains(seen[loc], key) {
					seen[loc] = append(seen[loc], key)
				}
				fm := f.(map[string]any)
				url, _ := fm["_schemaURL"].(string)
				if !strings.HasPrefix(url, "https://openlineage.io/spec/") {
					continue // a custom facet: only the core BaseFacet rules apply
				}
				ref, ok := v.FacetSchemaRef(key, loc)
				if !ok {
					t.Errorf("%s %q: the wrapper schema does not check this key here", loc, key)
				} else if ref != url {
					t.Errorf("%s %q: _schemaURL %s, but the spec defines this facet here as %s", loc, key, url, ref)
				}
				fb, _ := json.Marshal(f)
				if err := v.ValidateAgainst(url, fb); err != nil {
					if errors.Is(err, lineagetest.ErrNoMirror) {
						t.Skip("published schema mirror absent")
					}
					t.Errorf("%s %q against its _schemaURL: %v", loc, key, err)
				}
			}
		}
	}
	for loc := range seen {
		sort.Strings(seen[loc])
	}
	return seen
}

func TestRunEventsOfEveryTypeValidateAgainstSpec(t *testing.T) {
	v := newValidator(t)
	want := map[string][]string{
		lineagetest.LocRun: {"errorMessage", "nominalTime", "parent", "pitwall_session", "processing_engine"},
		lineagetest.LocJob: {"documentation", "jobType"},
		lineagetest.LocDataset: {"catalog", "columnLineage", "dataQualityAssertions", "dataQualityMetrics",
			"dataSource", "documentation", "schema", "storage", "symlinks", "version"},
		lineagetest.LocInputFacets:  {"dataQualityAssertions", "dataQualityMetrics"},
		lineagetest.LocOutputFacets: {"outputStatistics"},
	}
	for _, et := range []lineage.EventType{
		lineage.EventStart, lineage.EventRunning, lineage.EventComplete,
		lineage.EventAbort, lineage.EventFail, lineage.EventOther,
	} {
		t.Run(string(et), func(t *testing.T) {
			t.Parallel()
			body := emitAll(t, fullRunEvent(t, et, lineage.NewRunID()))[0]
			if err := v.ValidateEvent(body); err != nil {
				t.Fatalf("event does not validate:\n%v\n%s", err, body)
			}
			if err := v.ValidateAgainst(lineage.SchemaURLRunEvent, body); err != nil && !errors.Is(err, lineagetest.ErrNoMirror) {
				t.Errorf("event against its schemaURL: %v", err)
			}
			got := checkFacets(t, v, body)
			for loc, keys := range want {
				if !slices.Equal(got[loc], keys) {
					t.Errorf("%s: facets %v, want %v", loc, got[loc], keys)
				}
			}
			if doc := decode(t, body).(map[string]any); doc["eventType"] != string(et) {
				t.Errorf("eventType = %v", doc["eventType"])
			}
		})
	}
}

func TestDatasetAndJobEventsValidateAgainstSpec(t *testing.T) {
	v := newValidator(t)
	full := fullRunEvent(t, lineage.EventComplete, lineage.NewRunID())
	out := full.Outputs[0]
	dsEv := lineage.NewDatasetEvent(lineage.DatasetName{Namespace: out.Namespace, Name: out.Name}, out.Facets)
	jobEv := lineage.NewJobEvent("pitwall", "weekly.silver.laps")
	jobEv.Job.Facets = full.Job.Facets
	jobEv.Inputs = full.Inputs
	jobEv.Outputs = full.Outputs

	bodies := emitAll(t, dsEv, jobEv)
	for i, url := range []string{lineage.SchemaURLDatasetEvent, lineage.SchemaURLJobEvent} {
		if err := v.ValidateEvent(bodies[i]); err != nil {
			t.Errorf("%s does not validate: %v\n%s", url, err, bodies[i])
		}
		if err := v.ValidateAgainst(url, bodies[i]); err != nil && !errors.Is(err, lineagetest.ErrNoMirror) {
			t.Errorf("against %s: %v", url, err)
		}
		checkFacets(t, v, bodies[i])
	}
	for i, kind := range []lineage.EventKind{lineage.KindDatasetEvent, lineage.KindJobEvent} {
		ev, err := lineage.ParseEvent(bodies[i])
		if err != nil || ev.Kind() != kind {
			t.Errorf("ParseEvent = %v, %v; want %s", ev, err, kind)
		}
	}
}

// setPath replaces (or, with del, removes) the member at path in a decoded
// JSON document.
func setPath(t *testing.T, doc any, path []any, value any, del bool) {
	t.Helper()
	cur := doc
	for i, step := range path {
		last := i == len(path)-1
		switch s := step.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("path %v: %v is not an object", path, step)
			}
			if last {
				if del {
					delete(m, s)
				} else {
					m[s] = value
				}
				return
			}
			cur = m[s]
		case int:
			a, ok := cur.([]any)
			if !ok || s >= len(a) {
				t.Fatalf("path %v: no element %d", path, s)
			}
			if last {
				a[s] = value
				return
			}
			cur = a[s]
		}
	}
}

// TestValidatorChecksFacetContents shows the validation above is not
// vacuous: each broken document below is accepted by the core schema's
// facet rules (any object with _producer and _schemaURL) yet rejected by
// ValidateEvent, because the wrapper applies each facet's own schema.
func TestValidatorChecksFacetContents(t *testing.T) {
	v := newValidator(t)
	body := emitAll(t, fullRunEvent(t, lineage.EventComplete, "01900000-0000-7000-8000-0000000000aa"))[0]
	outF := []any{"outputs", 0, "facets"}
	inF := []any{"inputs", 0, "inputFacets"}
	at := func(base []any, rest ...any) []any { return append(append([]any(nil), base...), rest...) }
	cases := []struct {
		name  string
		path  []any
		value any
		del   bool
	}{
		{"schema field without name", at(outF, "schema", "fields", 0, "name"), nil, true},
		{"ordinal_position as string", at(outF, "schema", "fields", 0, "ordinal_position"), "1", false},
		{"nested field type as number", at(outF, "schema", "fields", 8, "fields", 0, "type"), 5, false},
		{"assertion without success", at(outF, "dataQualityAssertions", "assertions", 0, "success"), nil, true},
		{"input assertion without assertion", at(inF, "dataQualityAssertions", "assertions", 0, "assertion"), nil, true},
		{"metrics without columnMetrics", at(inF, "dataQualityMetrics", "columnMetrics"), nil, true},
		{"fractional rowCount", at([]any{"outputs", 0, "outputFacets"}, "outputStatistics", "rowCount"), 1126.5, false},
		{"nullCount as string", at(inF, "dataQualityMetrics", "columnMetrics", "driver_number", "nullCount"), "0", false},
		{"lastUpdated not a date-time", at(inF, "dataQualityMetrics", "lastUpdated"), "2024-03-02", false},
		{"nominalTime without start", []any{"run", "facets", "nominalTime", "nominalStartTime"}, nil, true},
		{"nominal start without offset", []any{"run", "facets", "nominalTime", "nominalStartTime"}, "2024-03-04T06:00:00", false},
		{"parent run id not a uuid", []any{"run", "facets", "parent", "run", "runId"}, "weekly-2024-10", false},
		{"parent without job", []any{"run", "facets", "parent", "job"}, nil, true},
		{"errorMessage without language", []any{"run", "facets", "errorMessage", "programmingLanguage"}, nil, true},
		{"processing_engine without version", []any{"run", "facets", "processing_engine", "version"}, nil, true},
		{"jobType without integration", []any{"job", "facets", "jobType", "integration"}, nil, true},
		{"documentation without description", []any{"job", "facets", "documentation", "description"}, nil, true},
		{"symlink without type", at(outF, "symlinks", "identifiers", 0, "type"), nil, true},
		{"storage without storageLayer", at(outF, "storage", "storageLayer"), nil, true},
		{"version without datasetVersion", at(outF, "version", "datasetVersion"), nil, true},
		{"catalog without framework", at(outF, "catalog", "framework"), nil, true},
		{"dataSource uri relative", at(outF, "dataSource", "uri"), "warehouse/silver", false},
		{"column lineage input without field", at(outF, "columnLineage", "fields", "driver_number", "inputFields", 0, "field"), nil, true},
		{"transformation without type", at(outF, "columnLineage", "dataset", 0, "transformations", 0, "type"), nil, true},
		// Core-schema rules, for completeness.
		{"run id not a uuid", []any{"run", "runId"}, "run-1", false},
		{"unknown eventType", []any{"eventType"}, "FINISHED", false},
		{"eventTime without offset", []any{"eventTime"}, "2024-03-02T17:00:00", false},
		{"relative producer", []any{"producer"}, "pitwall/lineage", false},
		{"custom facet without _schemaURL", []any{"run", "facets", "pitwall_session", "_schemaURL"}, nil, true},
	}
	if err := v.ValidateEvent(body); err != nil {
		t.Fatalf("baseline event invalid: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := decode(t, body)
			setPath(t, doc, tc.path, tc.value, tc.del)
			b, _ := json.Marshal(doc)
			if err := v.ValidateEvent(b); err == nil {
				t.Errorf("broken event accepted")
			}
		})
	}
}

// TestValidateAgreesWithSchema checks that Client.Emit refuses, before any
// transport sees them, the events the official schema would reject.
func TestValidateAgreesWithSchema(t *testing.T) {
	v := newValidator(t)
	cases := []struct {
		name   string
		mutate func(ev *lineage.RunEvent)
		where  string
	}{
		{"run id", func(ev *lineage.RunEvent) { ev.Run.RunID = "9472" }, "run.runId"},
		{"producer", func(ev *lineage.RunEvent) { ev.Producer = "pitwall" }, "producer"},
		{"schemaURL", func(ev *lineage.RunEvent) { ev.SchemaURL = "OpenLineage.json" }, "schemaURL"},
		{"event type", func(ev *lineage.RunEvent) { ev.EventType = "DONE" }, "eventType"},
		{"parent run id", func(ev *lineage.RunEvent) { ev.Run.Facets.Parent.Run.RunID = "weekly" }, "run.facets.parent.run.runId"},
		{"custom facet schemaURL", func(ev *lineage.RunEvent) {
			ev.Run.Facets.Custom["pitwall_session"].FacetBase().SchemaURL = "SessionRunFacet.json"
		}, "run.facets.pitwall_session._schemaURL"},
		{"facet producer", func(ev *lineage.RunEvent) { ev.Job.Facets.JobType.Producer = "me" }, "job.facets.jobType._producer"},
		{"dataSource uri", func(ev *lineage.RunEvent) { ev.Outputs[0].Facets.DataSource.URI = "lake/warehouse" }, "outputs[0].facets.dataSource.uri"},
		{"window duration", func(ev *lineage.RunEvent) {
			ev.Job.Facets.JobType.EmissionPattern = &lineage.EmissionPattern{EventTrigger: "PERIODIC", EventContentMode: "ACCUMULATIVE", WindowDuration: -300}
		}, "job.facets.jobType.emissionPattern.windowDuration"},
		{"event time year", func(ev *lineage.RunEvent) {
			// A time before year 1 cannot be written as RFC 3339.
			ev.EventTime = ev.EventTime.AddDate(-3000, 0, 0)
		}, "eventTime"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := fullRunEvent(t, lineage.EventComplete, lineage.NewRunID())
			ev.FillDefaults(lineage.DefaultProducer)
			tc.mutate(ev)
			err := ev.Validate()
			var ve *lineage.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want *ValidationError", err)
			}
			if !strings.Contains(err.Error(), tc.where) {
				t.Errorf("error %q does not name %s", err, tc.where)
			}
			b, merr := json.Marshal(ev)
			if merr == nil {
				if err := v.ValidateEvent(b); err == nil {
					t.Errorf("the official schema accepts what Validate rejects")
				}
			}
			rec := new(lineagetest.Recorder)
			c, _ := lineage.NewClient(lineage.WithTransport(rec))
			if err := c.Emit(t.Context(), ev); !errors.As(err, &ve) {
				t.Errorf("Emit = %v, want *ValidationError", err)
			}
			if n := len(rec.Payloads()); n != 0 {
				t.Errorf("invalid event reached the transport (%d payloads)", n)
			}
		})
	}
}
