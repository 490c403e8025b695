package lineage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/lineage/lineagetest"
)

func TestCompositeContinuesOnFailureAndJoinsErrors(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(422) })
	httpT, err := lineage.NewHTTPTransport(lineage.HTTPConfig{URL: m.url(), Logger: quiet})
	require.NoError(t, err)
	rec := new(lineagetest.Recorder)
	boom := errors.New("disk full")
	comp, err := lineage.NewCompositeTransport(lineage.CompositeConfig{
		Transports: []lineage.Transport{httpT, rec, failing{boom}},
	})
	require.NoError(t, err)

	err = emitOver(t, comp, startEvent())
	require.Error(t, err)
	assert.Len(t, rec.Payloads(), 1, "the healthy member still got the event")
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he, "errors.As reaches into the joined errors")
	assert.Equal(t, 422, he.StatusCode)
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "member 0 http(")
	assert.Contains(t, err.Error(), "member 2 ")
	assert.NotContains(t, err.Error(), "member 1")
}

func TestCompositeFailFastAndStopOnSuccess(t *testing.T) {
	t.Parallel()
	boom := errors.New("down")
	first, second := new(lineagetest.Recorder), new(lineagetest.Recorder)

	ff, err := lineage.NewCompositeTransport(lineage.CompositeConfig{Transports: []lineage.Transport{failing{boom}, first}, FailFast: true})
	require.NoError(t, err)
	assert.ErrorIs(t, emitOver(t, ff, startEvent()), boom)
	assert.Empty(t, first.Payloads(), "fail-fast stops at the first failure")

	sos, err := lineage.NewCompositeTransport(lineage.CompositeConfig{Transports: []lineage.Transport{first, second}, StopOnSuccess: true})
	require.NoError(t, err)
	require.NoError(t, emitOver(t, sos, startEvent()))
	assert.Len(t, first.Payloads(), 1)
	assert.Empty(t, second.Payloads(), "a later member is only a fallback")

	fallback, err := lineage.NewCompositeTransport(lineage.CompositeConfig{Transports: []lineage.Transport{failing{boom}, second}, StopOnSuccess: true})
	require.NoError(t, err)
	assert.NoError(t, emitOver(t, fallback, startEvent()), "the fallback accepted the event")
	assert.Len(t, second.Payloads(), 1)

	_, err = lineage.NewCompositeTransport(lineage.CompositeConfig{})
	var ce *lineage.ConfigError
	assert.ErrorAs(t, err, &ce)
	_, err = lineage.NewCompositeTransport(lineage.CompositeConfig{Transports: []lineage.Transport{nil}})
	assert.ErrorAs(t, err, &ce)
}

func TestCompositeClosesEveryMember(t *testing.T) {
	t.Parallel()
	a, b := new(lineagetest.Recorder), new(lineagetest.Recorder)
	comp, err := lineage.NewCompositeTransport(lineage.CompositeConfig{Transports: []lineage.Transport{a, b}})
	require.NoError(t, err)
	require.NoError(t, comp.Close(context.Background()))
	assert.ErrorIs(t, a.Send(context.Background(), lineage.Payload{}), lineage.ErrClosed)
	assert.ErrorIs(t, b.Send(context.Background(), lineage.Payload{}), lineage.ErrClosed)
	assert.Equal(t, "composite(recorder, recorder)", comp.String())
}

func TestConsoleTransports(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, emitOver(t, lineage.NewConsoleTransport(&out), startEvent()))
	line, err := out.ReadBytes('\n')
	require.NoError(t, err)
	_, err = lineage.ParseEvent(line)
	assert.NoError(t, err, "one whole event per line")

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	require.NoError(t, emitOver(t, lineage.NewLogTransport(logger), startEvent()))
	var rec struct {
		Level, Msg, EventType, Job, RunID string
		Event                             map[string]any
	}
	require.NoError(t, json.Unmarshal(logs.Bytes(), &rec))
	assert.Equal(t, "INFO", rec.Level)
	assert.Equal(t, "START", rec.EventType)
	assert.Equal(t, "pitwall/weekly.silver.laps", rec.Job)
	assert.Equal(t, "01900000-0000-7000-8000-000000000001", rec.RunID)
	assert.Equal(t, "START", rec.Event["eventType"], "the event is logged as JSON, not as a string")

	assert.NoError(t, lineage.NoopTransport{}.Send(context.Background(), lineage.Payload{}))
}
