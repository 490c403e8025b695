package lineage

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Every JSON object type in this package has an Extra map for members it has
// no field for. Two helpers keep that uniform:
//
//   - marshalObject encodes a method-free copy of the struct and appends the
//     Extra members the struct did not already write;
//   - unmarshalObject decodes the struct and returns, as Extra, every member
//     of the input that re-encoding the struct would not reproduce. That
//     covers unknown members and also known members whose value is a zero
//     that omitempty would drop (Spark writes "description": "" and
//     "masking": false), so parsed documents re-encode to the same JSON value.
//
// Typed fields always win over Extra when both hold a member.

// encodeJSON is json.Marshal without HTML escaping, so "<", ">" and "&" in
// SQL, expectations and error messages stay readable.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// marshalObject encodes v (a value of a method-free alias type) and merges
// extra into the resulting JSON object.
func marshalObject(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := encodeJSON(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var written map[string]json.RawMessage
	if err := json.Unmarshal(b, &written); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if _, ok := written[k]; !ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return b, nil
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	buf.Grow(len(b) + 64*len(keys))
	buf.Write(b[:len(b)-1]) // drop the closing brace
	first := len(written) == 0
	for _, k := range keys {
		raw := extra[k]
		if !json.Valid(raw) {
			return nil, &json.UnsupportedValueError{Str: "invalid JSON in Extra member " + k}
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		kb, _ := encodeJSON(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// errNotObject reports a JSON value that should have been an object.
var errNotObject = errors.New("not a JSON object")

// unmarshalObject decodes data into v (a pointer to a method-free alias
// type) and returns the members of data that v does not re-encode.
func unmarshalObject(data []byte, v any) (map[string]json.RawMessage, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	if all == nil {
		return nil, errNotObject
	}
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	rv := reflect.ValueOf(v).Elem()
	var extra map[string]json.RawMessage
	for k, raw := range all {
		if writes(rv, k) {
			continue
		}
		if extra == nil {
			extra = make(map[string]json.RawMessage)
		}
		extra[k] = raw
	}
	return extra, nil
}

// jsonField is one member encoding/json writes for a struct type.
type jsonField struct {
	index     []int
	omitEmpty bool
	omitZero  bool
}

var jsonFieldCache sync.Map // reflect.Type → map[string]jsonField

// writes reports whether encoding/json would write member key for the
// struct value v: the same tag rules (name, "-", omitempty, omitzero,
// embedded structs) without encoding anything.
func writes(v reflect.Value, key string) bool {
	f, ok := jsonFields(v.Type())[key]
	if !ok {
		return false
	}
	fv := v.FieldByIndex(f.index)
	switch {
	case f.omitZero && isZero(fv):
		return false
	case f.omitEmpty && isEmpty(fv):
		return false
	}
	return true
}

func jsonFields(t reflect.Type) map[string]jsonField {
	if m, ok := jsonFieldCache.Load(t); ok {
		return m.(map[string]jsonField)
	}
	m := map[string]jsonField{}
	collectJSONFields(t, nil, m)
	jsonFieldCache.Store(t, m)
	return m
}

func collectJSONFields(t reflect.Type, index []int, m map[string]jsonField) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			collectJSONFields(sf.Type, idx, m)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		var f jsonField
		f.index = idx
		for _, o := range strings.Split(opts, ",") {
			f.omitEmpty = f.omitEmpty || o == "omitempty"
			f.omitZero = f.omitZero || o == "omitzero"
		}
		m[name] = f
	}
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZero is encoding/json's omitzero test: an IsZero method if there is
// one, else the zero value.
func isZero(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}
