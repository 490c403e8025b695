package lineage_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

func TestNewRunIDIsTimeOrderedUUIDv7(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 10000 {
		id := lineage.NewRunID()
		require.Len(t, id, 36)
		require.False(t, seen[id], "duplicate run id")
		seen[id] = true
		assert.Equal(t, byte('7'), id[14], "version nibble")
		assert.Contains(t, "89ab", string(id[19]), "RFC 9562 variant")
	}
	before := time.Now().UnixMilli()
	id := lineage.NewRunID()
	ms, err := strconv.ParseInt(strings.ReplaceAll(id[:13], "-", ""), 16, 64)
	require.NoError(t, err)
	assert.InDelta(t, before, ms, 1000, "the first 48 bits are the Unix time in ms")
	time.Sleep(2 * time.Millisecond)
	assert.Less(t, id, lineage.NewRunID(), "later ids sort after earlier ones")
}

func TestEventTypes(t *testing.T) {
	t.Parallel()
	terminal := map[lineage.EventType]bool{lineage.EventComplete: true, lineage.EventFail: true, lineage.EventAbort: true}
	for _, et := range []lineage.EventType{lineage.EventStart, lineage.EventRunning, lineage.EventComplete, lineage.EventAbort, lineage.EventFail, lineage.EventOther} {
		assert.True(t, et.Valid())
		assert.Equal(t, terminal[et], et.Terminal(), et)
	}
	assert.False(t, lineage.EventType("SUCCESS").Valid())
}

func TestFillDefaultsByPlacement(t *testing.T) {
	t.Parallel()
	ev := lineage.NewRunEvent(lineage.EventStart, lineage.NewRunID(), "pitwall", "weekly")
	ev.EventTime = time.Time{}
	doc := &lineage.DocumentationFacet{Description: "job doc"}
	dsDoc := &lineage.DocumentationFacet{Description: "dataset doc"}
	dsMetrics, inMetrics := lineage.NewDataQualityMetricsFacet(), lineage.NewDataQualityMetricsFacet()
	kept := lineage.NewStorageFacet("iceberg", "parquet")
	kept.Producer = "https://example.com/other-producer"
	ev.Job.Facets = &lineage.JobFacets{Documentation: doc}
	in := lineage.S3Dataset("b", "k").Input()
	in.Facets = &lineage.DatasetFacets{Documentation: dsDoc, DataQualityMetrics: dsMetrics, Storage: kept}
	in.InputFacets = &lineage.InputDatasetFacets{DataQualityMetrics: inMetrics}
	ev.Inputs = []lineage.InputDataset{in}

	const producer = "https://example.com/pitwall-fork"
	ev.FillDefaults(producer)
	require.NoError(t, ev.Validate())
	assert.WithinDuration(t, time.Now(), ev.EventTime, time.Minute, "a zero eventTime becomes now")
	assert.Equal(t, producer, ev.Producer)
	assert.Equal(t, lineage.SchemaURLRunEvent, ev.SchemaURL)
	assert.Equal(t, lineage.SchemaURLDocumentationJobFacet, doc.SchemaURL)
	assert.Equal(t, lineage.SchemaURLDocumentationDatasetFacet, dsDoc.SchemaURL)
	assert.Equal(t, lineage.SchemaURLDataQualityMetricsDatasetFacet, dsMetrics.SchemaURL)
	assert.Equal(t, lineage.SchemaURLDataQualityMetricsInputDatasetFacet, inMetrics.SchemaURL)
	assert.Equal(t, producer, doc.Producer)
	assert.Equal(t, "https://example.com/other-producer", kept.Producer, "a set producer is kept")
}

func TestClientUsesItsProducer(t *testing.T) {
	t.Parallel()
	rec := new(lineagetest.Recorder)
	c, err := lineage.NewClient(lineage.WithTransport(rec), lineage.WithProducer("https://github.com/pitwall-f1/pitwall/tree/v9.9.9/lineage"))
	require.NoError(t, err)
	ev := startEvent()
	ev.Run.Facets = &lineage.RunFacets{ProcessingEngine: lineage.PitwallEngineFacet()}
	require.NoError(t, c.Emit(context.Background(), ev))
	var got map[string]any
	require.NoError(t, json.Unmarshal(rec.Payloads()[0].Body, &got))
	assert.Equal(t, "https://github.com/pitwall-f1/pitwall/tree/v9.9.9/lineage", got["producer"])
	pe := got["run"].(map[string]any)["facets"].(map[string]any)["processing_engine"].(map[string]any)
	assert.Equal(t, "https://github.com/pitwall-f1/pitwall/tree/v9.9.9/lineage", pe["_producer"])
	assert.Equal(t, "pitwall", pe["name"])

	p := rec.Payloads()[0]
	assert.Equal(t, lineage.KindRunEvent, p.Kind)
	assert.Equal(t, lineage.EventStart, p.EventType)
	assert.Equal(t, "weekly.silver.laps", p.JobName)
	assert.NotContains(t, string(p.Body), "\\u003c", "no HTML escaping")
}

func TestDefaultProducerPointsAtThisPackage(t *testing.T) {
	t.Parallel()
	assert.True(t, strings.HasPrefix(lineage.DefaultProducer, "https://github.com/pitwall-f1/pitwall/tree/"))
	assert.True(t, strings.HasSuffix(lineage.DefaultProducer, "/lineage"))
	assert.Equal(t, "https://github.com/pitwall-f1/pitwall/tree/"+lineage.Version()+"/lineage", lineage.DefaultProducer)
}

func TestClientOptionsAndEmitErrors(t *testing.T) {
	t.Parallel()
	var ce *lineage.ConfigError
	_, err := lineage.NewClient()
	assert.ErrorAs(t, err, &ce, "a transport is required")
	_, err = lineage.NewClient(lineage.WithTransport(nil))
	assert.ErrorAs(t, err, &ce)
	_, err = lineage.NewClient(lineage.WithTransport(lineage.NoopTransport{}), lineage.WithProducer("pitwall"))
	assert.ErrorAs(t, err, &ce, "the producer must be an absolute URI")
	_, err = lineage.NewClient(lineage.WithTransport(lineage.NoopTransport{}), lineage.WithLogger(nil))
	assert.ErrorAs(t, err, &ce)

	c, err := lineage.NewClient(lineage.WithTransport(lineage.NoopTransport{}))
	require.NoError(t, err)
	assert.Error(t, c.Emit(context.Background(), nil))
	assert.Error(t, c.Emit(context.Background(), (*lineage.RunEvent)(nil)))
}

func TestValidateFacetMapProblems(t *testing.T) {
	t.Parallel()
	ev := startEvent()
	ev.Run.Facets = &lineage.RunFacets{
		NominalTime: lineage.NewNominalTimeFacet(time.Time{}, time.Time{}),
		Custom: map[string]lineage.Facet{
			"nominalTime": lineage.NewNominalTimeFacet(fixedTime, time.Time{}),
			"empty":       (*lineage.RawFacet)(nil),
		},
	}
	ev.FillDefaults(lineage.DefaultProducer)
	err := ev.Validate()
	var ve *lineage.ValidationError
	require.ErrorAs(t, err, &ve)
	joined := strings.Join(ve.Problems, "\n")
	assert.Contains(t, joined, "run.facets.nominalTime: set both as a typed field and in Custom")
	assert.Contains(t, joined, "run.facets.nominalTime.nominalStartTime: required")
	assert.Contains(t, joined, "run.facets.empty: nil facet")

	job := lineage.NewJobEvent("", "x")
	job.Extra = map[string]json.RawMessage{"run": json.RawMessage(`{}`)}
	job.FillDefaults(lineage.DefaultProducer)
	err = job.Validate()
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, err.Error(), "job.namespace: required")
	assert.Contains(t, err.Error(), "must not carry a run")
}

func TestCustomFacetsRoundTrip(t *testing.T) {
	t.Parallel()
	body := emitAll(t, fullRunEvent(t, lineage.EventStart, lineage.NewRunID()))[0]
	ev, err := lineage.ParseEvent(body)
	require.NoError(t, err)
	raw, ok := ev.(*lineage.RunEvent).Run.Facets.Custom["pitwall_session"].(*lineage.RawFacet)
	require.True(t, ok)
	assert.Equal(t, lineage.DefaultProducer, raw.Producer)
	assert.JSONEq(t, "9472", string(raw.Fields["sessionKey"]))
	again, err := json.Marshal(ev)
	require.NoError(t, err)
	assert.Equal(t, decode(t, body), decode(t, again))
}

func TestPayloadLogValueHasNoBody(t *testing.T) {
	t.Parallel()
	p := lineage.Payload{Body: []byte(`{"secret":"x"}`), Kind: lineage.KindRunEvent, EventType: lineage.EventFail, RunID: "r", JobNamespace: "ns", JobName: "j"}
	s := p.LogValue().String()
	assert.NotContains(t, s, "secret")
	assert.Contains(t, s, "FAIL")
}
