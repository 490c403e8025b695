package lineagetest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	specPrefix = "https://openlineage.io/spec/"
	coreID     = specPrefix + "2-0-2/OpenLineage.json"
	wrapperID  = "urn:pitwall:lineagetest:event"
)

// Locations of facet maps in an event, as named by Validator.Locations.
const (
	LocRun          = "run.facets"
	LocJob          = "job.facets"
	LocDataset      = "dataset facets"
	LocInputFacets  = "inputs[].inputFacets"
	LocOutputFacets = "outputs[].outputFacets"
)

// Validator checks OpenLineage documents against the official JSON schemas,
// offline, with format assertions on (date-time, uri, uuid).
//
// The core schema alone accepts any facet that has _producer and
// _schemaURL, so ValidateEvent uses a wrapper schema: the core schema plus,
// for every facet map of the event (run, job, dataset facets of inputs,
// outputs and the DatasetEvent dataset, inputFacets, outputFacets), a
// property per known facet key that $refs that facet's own schema
// definition. Which key goes where is read from the facet schemas
// themselves (the core $defs each facet extends). Input-facet keys with no
// dataset-facet twin (dataQualityAssertions) are also checked in dataset
// facet maps, where the OpenLineage docs place them.
type Validator struct {
	event     *jsonschema.Schema
	locations map[string]map[string]string // location → facet key → schema ref
	published string                       // mirror of https://openlineage.io/spec/, or ""

	mu       sync.Mutex
	compiler *jsonschema.Compiler // resolves https://openlineage.io/spec/ from published
	byURL    map[string]*jsonschema.Schema
}

// NewValidator loads spec/OpenLineage.json, spec/facets/*.json and
// spec/registry/**/facets/*.json from fixturesDir (see FixturesDir), each
// registered under its $id so no network is needed, and compiles the
// wrapper schema. When fixturesDir also has published/ (the versioned
// mirror of https://openlineage.io/spec/), ValidateAgainst can resolve any
// _schemaURL or schemaURL.
func NewValidator(fixturesDir string) (*Validator, error) {
	spec := filepath.Join(fixturesDir, "spec")
	files := []string{filepath.Join(spec, "OpenLineage.json")}
	facetFiles, err := filepath.Glob(filepath.Join(spec, "facets", "*.json"))
	if err != nil {
		return nil, err
	}
	files = append(files, facetFiles...)
	err = filepath.WalkDir(filepath.Join(spec, "registry"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Base(filepath.Dir(path)) == "facets" && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(offlineLoader{})
	v := &Validator{locations: map[string]map[string]string{}}
	for _, loc := range []string{LocRun, LocJob, LocDataset, LocInputFacets, LocOutputFacets} {
		v.locations[loc] = map[string]string{}
	}
	inputOnly := map[string]string{}
	for _, f := range files {
		doc, err := loadJSON(f)
		if err != nil {
			return nil, err
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			return nil, fmt.Errorf("lineagetest: %s has no $id", f)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("lineagetest: %s: %w", f, err)
		}
		if id == coreID {
			continue
		}
		for key, refs := range facetPlacements(m) {
			for base, def := range refs {
				ref := id + "#/$defs/" + def
				switch base {
				case "RunFacet":
					v.locations[LocRun][key] = ref
				case "JobFacet":
					v.locations[LocJob][key] = ref
				case "DatasetFacet":
					v.locations[LocDataset][key] = ref
				case "InputDatasetFacet":
					v.locations[LocInputFacets][key] = ref
					inputOnly[key] = ref
				case "OutputDatasetFacet":
					v.locations[LocOutputFacets][key] = ref
				}
			}
		}
	}
	for key, ref := range inputOnly {
		if _, twin := v.locations[LocDataset][key]; !twin && key != "subset" {
			v.locations[LocDataset][key] = ref
		}
	}
	if err := c.AddResource(wrapperID, v.wrapper()); err != nil {
		return nil, err
	}
	if v.event, err = c.Compile(wrapperID); err != nil {
		return nil, fmt.Errorf("lineagetest: compile wrapper schema: %w", err)
	}

	published := filepath.Join(fixturesDir, "published")
	if st, err := os.Stat(published); err == nil && st.IsDir() {
		v.published = published
		pc := jsonschema.NewCompiler()
		pc.AssertFormat()
		pc.UseLoader(mirrorLoader{dir: published})
		v.compiler = pc
		v.byURL = map[string]*jsonschema.Schema{}
	}
	return v, nil
}

var baseRef = regexp.MustCompile(`OpenLineage\.json#/\$defs/(RunFacet|JobFacet|DatasetFacet|InputDatasetFacet|OutputDatasetFacet)$`)

// facetPlacements reads, from one facet schema file, each facet key with the
// core base type(s) its definition extends: key → base → $defs name.
func facetPlacements(doc map[string]any) map[string]map[string]string {
	defs, _ := doc["$defs"].(map[string]any)
	props, _ := doc["properties"].(map[string]any)
	out := map[string]map[string]string{}
	var visit func(key, def string, depth int)
	visit = func(key, def string, depth int) {
		d, _ := defs[def].(map[string]any)
		if d == nil || depth > 3 {
			return
		}
		if all, ok := d["allOf"].([]any); ok && len(all) > 0 {
			if first, _ := all[0].(map[string]any); first != nil {
				if r, _ := first["$ref"].(string); r != "" {
					if m := baseRef.FindStringSubmatch(r); m != nil {
						if out[key] == nil {
							out[key] = map[string]string{}
						}
						out[key][m[1]] = def
						return
					}
				}
			}
		}
		for _, kw := range []string{"oneOf", "anyOf"} {
			alts, _ := d[kw].([]any)
			for _, a := range alts {
				if am, _ := a.(map[string]any); am != nil {
					if r, _ := am["$ref"].(string); strings.HasPrefix(r, "#/$defs/") {
						visit(key, strings.TrimPrefix(r, "#/$defs/"), depth+1)
					}
				}
			}
		}
	}
	for key, p := range props {
		pm, _ := p.(map[string]any)
		if r, _ := pm["$ref"].(string); strings.HasPrefix(r, "#/$defs/") {
			visit(key, strings.TrimPrefix(r, "#/$defs/"), 0)
		}
		for _, kw := range []string{"oneOf", "anyOf"} {
			alts, _ := pm[kw].([]any)
			for _, a := range alts {
				if am, _ := a.(map[string]any); am != nil {
					if r, _ := am["$ref"].(string); strings.HasPrefix(r, "#/$defs/") {
						visit(key, strings.TrimPrefix(r, "#/$defs/"), 0)
					}
				}
			}
		}
	}
	return out
}

// wrapper builds the wrapper schema document.
func (v *Validator) wrapper() map[string]any {
	facetMap := func(loc string) map[string]any {
		props := map[string]any{}
		for key, ref := range v.locations[loc] {
			props[key] = map[string]any{"$ref": ref}
		}
		return map[string]any{"properties": props}
	}
	datasetProps := func(extraKey, extraLoc string) map[string]any {
		props := map[string]any{"facets": facetMap(LocDataset)}
		if extraKey != "" {
			props[extraKey] = facetMap(extraLoc)
		}
		return map[string]any{"properties": props}
	}
	return map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$id":     wrapperID,
		"allOf":   []any{map[string]any{"$ref": coreID}},
		"properties": map[string]any{
			"run":     map[string]any{"properties": map[string]any{"facets": facetMap(LocRun)}},
			"job":     map[string]any{"properties": map[string]any{"facets": facetMap(LocJob)}},
			"inputs":  map[string]any{"items": datasetProps("inputFacets", LocInputFacets)},
			"outputs": map[string]any{"items": datasetProps("outputFacets", LocOutputFacets)},
			"dataset": datasetProps("", ""),
		},
	}
}

// Locations returns, for each facet-map location (LocRun, ...), the facet
// keys whose contents ValidateEvent checks there, sorted.
func (v *Validator) Locations() map[string][]string {
	out := map[string][]string{}
	for loc, keys := range v.locations {
		for k := range keys {
			out[loc] = append(out[loc], k)
		}
		sort.Strings(out[loc])
	}
	return out
}

// ValidateEvent validates one JSON event (run, dataset or job event)
// against the core schema and the contents of every known facet.
func (v *Validator) ValidateEvent(doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("lineagetest: not JSON: %w", err)
	}
	return v.event.Validate(inst)
}

// ErrNoMirror is returned by ValidateAgainst when the fixtures have no
// published/ folder.
var ErrNoMirror = errors.New("lineagetest: no published schema mirror")

// ValidateAgainst validates doc against the schema at schemaURL, which must
// be under https://openlineage.io/spec/ and is resolved from the published
// mirror; use it to check that a facet's _schemaURL (or an event's
// schemaURL) names a schema the facet actually satisfies.
func (v *Validator) ValidateAgainst(schemaURL string, doc []byte) error {
	if v.compiler == nil {
		return ErrNoMirror
	}
	if !strings.HasPrefix(schemaURL, specPrefix) {
		return fmt.Errorf("lineagetest: %s is not under %s", schemaURL, specPrefix)
	}
	v.mu.Lock()
	sch, ok := v.byURL[schemaURL]
	if !ok {
		var err error
		sch, err = v.compiler.Compile(schemaURL)
		if err != nil {
			v.mu.Unlock()
			return fmt.Errorf("lineagetest: compile %s: %w", schemaURL, err)
		}
		v.byURL[schemaURL] = sch
	}
	v.mu.Unlock()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("lineagetest: not JSON: %w", err)
	}
	return sch.Validate(inst)
}

// FacetSchemaRef returns the schema definition ValidateEvent applies to the
// facet key at a location, e.g. ("schema", LocDataset) →
// "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
// ok is false for keys it does not check there.
func (v *Validator) FacetSchemaRef(key, location string) (ref string, ok bool) {
	ref, ok = v.locations[location][key]
	return ref, ok
}

func loadJSON(path string) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("lineagetest: %s: %w", path, err)
	}
	return doc, nil
}

// offlineLoader refuses every URL: all schemas are registered up front, so
// a load attempt means a reference the fixtures do not cover.
type offlineLoader struct{}

func (offlineLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("lineagetest: %s is not in the local fixtures (no network access)", url)
}

// mirrorLoader maps https://openlineage.io/spec/ to the published folder.
type mirrorLoader struct{ dir string }

func (l mirrorLoader) Load(url string) (any, error) {
	rest, ok := strings.CutPrefix(url, specPrefix)
	if !ok || strings.Contains(rest, "..") {
		return nil, fmt.Errorf("lineagetest: %s is not in the published mirror", url)
	}
	return loadJSON(filepath.Join(l.dir, filepath.FromSlash(rest)))
}
