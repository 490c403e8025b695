// Package lineagetest helps test code that emits OpenLineage events with
// package lineage: a [Validator] that checks events, and every facet in
// them, against the official OpenLineage JSON schemas kept in the shared
// fixtures (offline, with format assertions), and a [Recorder] transport
// that keeps emitted events in memory.
//
// Typical use in a test:
//
//	v, err := lineagetest.NewValidator(lineagetest.FixturesDir(t)) // skips without ../shared
//	rec := new(lineagetest.Recorder)
//	client, _ := lineage.NewClient(lineage.WithTransport(rec))
//	// ... run the code under test with client ...
//	for _, p := range rec.Payloads() {
//		if err := v.ValidateEvent(p.Body); err != nil {
//			t.Error(err)
//		}
//	}
//
// The package imports github.com/santhosh-tekuri/jsonschema/v6; import it
// from tests only.
package lineagetest
