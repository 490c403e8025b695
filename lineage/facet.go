package lineage

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
)

// BaseFacet holds the members every OpenLineage facet carries. Embed it in a
// custom facet type to make that type a [Facet].
type BaseFacet struct {
	// Producer is the _producer URI. Client.Emit fills it with the client's
	// producer when empty.
	Producer string `json:"_producer,omitempty"`
	// SchemaURL is the _schemaURL of the facet's JSON schema, versioned and
	// with a #/$defs/... fragment. The constructors in this package set it;
	// Client.Emit fills it for typed facets left without one.
	SchemaURL string `json:"_schemaURL,omitempty"`
	// Deleted is the _deleted flag of dataset and job facets: it asks
	// consumers to delete the facet.
	Deleted bool `json:"_deleted,omitempty"`
}

// FacetBase returns b itself; it is how the package reaches the common
// members of any facet.
func (b *BaseFacet) FacetBase() *BaseFacet { return b }

// Facet is any OpenLineage facet. Every facet type in this package
// implements it, and so does any struct pointer that embeds [BaseFacet]:
//
//	type SessionFacet struct {
//		lineage.BaseFacet
//		SessionKey int `json:"sessionKey"`
//	}
//	facets.Custom["pitwall_session"] = &SessionFacet{BaseFacet: lineage.BaseFacet{
//		SchemaURL: "https://example.com/schemas/SessionFacet.json#/$defs/SessionFacet"}, SessionKey: 9472}
//
// A custom facet's _schemaURL must be set by its author; the package cannot
// know it.
type Facet interface {
	FacetBase() *BaseFacet
}

// RawFacet is a facet this package has no type for. Parsing keeps unknown
// facets as RawFacet so they re-encode unchanged.
type RawFacet struct {
	BaseFacet
	// Fields holds every member other than _producer, _schemaURL and _deleted.
	Fields map[string]json.RawMessage
}

// MarshalJSON encodes the base members and Fields as one object.
func (f RawFacet) MarshalJSON() ([]byte, error) {
	return marshalObject(f.BaseFacet, f.Fields)
}

// UnmarshalJSON decodes any JSON object.
func (f *RawFacet) UnmarshalJSON(data []byte) error {
	var base BaseFacet
	extra, err := unmarshalObject(data, &base)
	if err != nil {
		return err
	}
	*f = RawFacet{BaseFacet: base, Fields: extra}
	return nil
}

// facetSlot binds one well-known facet key of a facet map to its typed
// field, so the five facet maps share one encoder, decoder and walker.
type facetSlot struct {
	key        string
	defaultURL string
	get        func() Facet
	decode     func(json.RawMessage) error
}

// slotFor builds the slot for a typed facet field.
func slotFor[T any, PT interface {
	*T
	Facet
}](key, defaultURL string, field *PT) facetSlot {
	return facetSlot{
		key:        key,
		defaultURL: defaultURL,
		get: func() Facet {
			if *field == nil {
				return nil
			}
			return *field
		},
		decode: func(raw json.RawMessage) error {
			v := PT(new(T))
			if err := json.Unmarshal(raw, v); err != nil {
				return err
			}
			*field = v
			return nil
		},
	}
}

// isNilFacet reports a nil interface or a typed nil pointer.
func isNilFacet(f Facet) bool {
	if f == nil {
		return true
	}
	v := reflect.ValueOf(f)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// marshalFacets encodes the typed slots and the custom facets as one JSON
// object. A typed facet wins over a custom one with the same key (Validate
// reports such a clash).
func marshalFacets(slots []facetSlot, custom map[string]Facet) ([]byte, error) {
	m := make(map[string]any, len(slots)+len(custom))
	for k, f := range custom {
		if !isNilFacet(f) {
			m[k] = f
		}
	}
	for _, s := range slots {
		if f := s.get(); f != nil {
			m[s.key] = f
		}
	}
	return encodeJSON(m)
}

// unmarshalFacets decodes a facet map: well-known keys into their typed
// fields, anything else into custom as *RawFacet.
func unmarshalFacets(kind string, data []byte, slots []facetSlot, custom *map[string]Facet) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw == nil {
		return fmt.Errorf("%s facets: %w", kind, errNotObject)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic error reporting
next:
	for _, k := range keys {
		v := raw[k]
		for _, s := range slots {
			if s.key == k {
				if err := s.decode(v); err != nil {
					return fmt.Errorf("%s facet %q: %w", kind, k, err)
				}
				continue next
			}
		}
		rf := new(RawFacet)
		if err := json.Unmarshal(v, rf); err != nil {
			return fmt.Errorf("%s facet %q: %w", kind, k, err)
		}
		if *custom == nil {
			*custom = make(map[string]Facet)
		}
		(*custom)[k] = rf
	}
	return nil
}

// fillFacets sets _producer and the default _schemaURL where they are empty.
func fillFacets(slots []facetSlot, custom map[string]Facet, producer string) {
	for _, s := range slots {
		f := s.get()
		if f == nil {
			continue
		}
		b := f.FacetBase()
		if b.Producer == "" {
			b.Producer = producer
		}
		if b.SchemaURL == "" {
			b.SchemaURL = s.defaultURL
		}
		if n, ok := f.(nestedFacets); ok {
			n.fillNested(producer)
		}
	}
	for _, f := range custom {
		if isNilFacet(f) {
			continue
		}
		if b := f.FacetBase(); b != nil && b.Producer == "" {
			b.Producer = producer
		}
	}
}

// nestedFacets is implemented by facets that hold facet maps themselves
// (the parent facet forwards the parent's run and job facets).
type nestedFacets interface {
	fillNested(producer string)
	checkNested(path string, p *problems)
}

// checker is implemented by typed facets with rules beyond the base members.
type checker interface {
	check(path string, p *problems)
}

// checkFacets validates every facet of one facet map.
func checkFacets(path string, slots []facetSlot, custom map[string]Facet, p *problems) {
	for _, s := range slots {
		f := s.get()
		if f == nil {
			continue
		}
		fp := path + "." + s.key
		if cf, ok := custom[s.key]; ok && !isNilFacet(cf) {
			p.addf(fp, "set both as a typed field and in Custom")
		}
		checkBase(fp, f.FacetBase(), p)
		if c, ok := f.(checker); ok {
			c.check(fp, p)
		}
		if n, ok := f.(nestedFacets); ok {
			n.checkNested(fp, p)
		}
	}
	keys := make([]string, 0, len(custom))
	for k := range custom {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f := custom[k]
		fp := path + "." + k
		if isNilFacet(f) {
			p.addf(fp, "nil facet")
			continue
		}
		if k == "" {
			p.addf(path, "facet with an empty key")
		}
		if f.FacetBase() == nil {
			p.addf(fp, "facet without a BaseFacet (embed lineage.BaseFacet, not a pointer to it)")
			continue
		}
		checkBase(fp, f.FacetBase(), p)
	}
}

// checkBase validates the members every facet must carry.
func checkBase(path string, b *BaseFacet, p *problems) {
	if !isAbsoluteURI(b.Producer) {
		p.addf(path+"._producer", "must be an absolute URI, got %q", b.Producer)
	}
	if !isAbsoluteURI(b.SchemaURL) {
		p.addf(path+"._schemaURL", "must be an absolute URI, got %q", b.SchemaURL)
	}
}
