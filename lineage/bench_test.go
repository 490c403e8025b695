package lineage_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pitwall-f1/pitwall/lineage"
)

// BenchmarkEncodeRunEvent measures encoding the fully faceted event of the
// spec tests (5 datasets, every facet type).
func BenchmarkEncodeRunEvent(b *testing.B) {
	ev := fullRunEvent(b, lineage.EventComplete, lineage.NewRunID())
	ev.FillDefaults(lineage.DefaultProducer)
	body, _ := json.Marshal(ev)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(ev); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRunEvent measures ParseEvent on the same event.
func BenchmarkParseRunEvent(b *testing.B) {
	ev := fullRunEvent(b, lineage.EventComplete, lineage.NewRunID())
	ev.FillDefaults(lineage.DefaultProducer)
	body, _ := json.Marshal(ev)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lineage.ParseEvent(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmitFile measures Client.Emit (fill, validate, encode) into the
// NDJSON file transport.
func BenchmarkEmitFile(b *testing.B) {
	tr, err := lineage.NewFileTransport(lineage.FileConfig{Path: b.TempDir() + "/events.ndjson"})
	if err != nil {
		b.Fatal(err)
	}
	c, _ := lineage.NewClient(lineage.WithTransport(tr))
	ev := fullRunEvent(b, lineage.EventComplete, lineage.NewRunID())
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Emit(context.Background(), ev); err != nil {
			b.Fatal(err)
		}
	}
	_ = c.Close(context.Background())
}
