package quality

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
)

// normalize converts a Go or decoded-JSON value into the canonical kwarg
// form: nil, bool, string, int64, float64, []any or map[string]any.
// Integral floats become int64 so that a Go suite (60000) and a JSON suite
// (60000 or 60000.0) compare equal. time.Time becomes an RFC 3339 string,
// which is how GX suites write datetimes.
func normalize(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string, int64:
		return x, nil
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		return normalizeUint(uint64(x))
	case uint64:
		return normalizeUint(x)
	case float32:
		return canonFloat(float64(x))
	case float64:
		return canonFloat(x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("bad number %q", x)
		}
		return canonFloat(f)
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = n
		}
		return out, nil
	}
	// Named types ([]Compound, type Lap int ...) by kind.
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return normalizeUint(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return canonFloat(rv.Float())
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			n, err := normalize(rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			n, err := normalize(it.Value().Interface())
			if err != nil {
				return nil, err
			}
			out[it.Key().String()] = n
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of Go type %T", v)
}

func normalizeUint(u uint64) (any, error) {
	if u > math.MaxInt64 {
		return nil, fmt.Errorf("integer %d overflows int64", u)
	}
	return int64(u), nil
}

func canonFloat(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%v cannot be written as JSON", f)
	}
	if f == math.Trunc(f) && math.Abs(f) <= 1<<53 {
		return int64(f), nil
	}
	return f, nil
}

// normalizeKwargs normalizes every value; the first failure is returned
// as a *KwargError naming the kwarg.
func normalizeKwargs(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		n, err := normalize(v)
		if err != nil {
			return nil, kwargErr(k, "%v", err)
		}
		out[k] = n
	}
	return out, nil
}

// commonKwargs are accepted by every expectation type. Those that change
// nothing here (we always catch exceptions and always include the config)
// are accepted so that real GX suites load.
var commonKwargs = map[string]bool{
	"result_format":                true, // honoured (see compile)
	"catch_exceptions":             true,
	"include_config":               true,
	"batch_id":                     true,
	"parse_strings_as_datetimes":   true, // datetime bounds are parsed anyway
	"allow_cross_type_comparisons": true,
	"row_condition":                true, // boolean-column conditions only (see parseRowCondition)
	"condition_parser":             true,
}

// kwargs reads one expectation's kwargs, remembering which were consumed so
// that finish can reject unknown ones (GX 1.x forbids extra kwargs too).
type kwargs struct {
	m    map[string]any
	used map[string]bool
}

func newKwargs(m map[string]any) *kwargs {
	return &kwargs{m: m, used: map[string]bool{}}
}

func (k *kwargs) get(name string) (any, bool) {
	k.used[name] = true
	v, ok := k.m[name]
	if ok && v == nil {
		return nil, false
	}
	if p, isMap := v.(map[string]any); isMap {
		if _, param := p["$PARAMETER"]; param {
			return nil, false
		}
	}
	return v, ok
}

// checkParams rejects suite parameters ({"$PARAMETER": ...}), which this
// package does not resolve.
func (k *kwargs) checkParams() error {
	for name, v := range k.m {
		if p, ok := v.(map[string]any); ok {
			if _, param := p["$PARAMETER"]; param {
				return kwargErr(name, "suite parameters ($PARAMETER) are not supported; put the value in the suite")
			}
		}
	}
	return nil
}

func (k *kwargs) column(name string) (string, error) {
	v, ok := k.get(name)
	if !ok {
		return "", kwargErr(name, "required")
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return "", kwargErr(name, "must be a non-empty string, got %s", describe(v))
	}
	return s, nil
}

func (k *kwargs) optString(name, def string) (string, error) {
	v, ok := k.get(name)
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", kwargErr(name, "must be a string, got %s", describe(v))
	}
	return s, nil
}

func (k *kwargs) optBool(name string, def bool) (bool, error) {
	v, ok := k.get(name)
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, kwargErr(name, "must be true or false, got %s", describe(v))
	}
	return b, nil
}

// number returns a numeric kwarg as float64 and whether it is present.
func (k *kwargs) number(name string) (float64, bool, error) {
	v, ok := k.get(name)
	if !ok {
		return 0, false, nil
	}
	switch x := v.(type) {
	case int64:
		return float64(x), true, nil
	case float64:
		return x, true, nil
	}
	return 0, false, kwargErr(name, "must be a number, got %s", describe(v))
}

func (k *kwargs) integer(name string, required bool) (int64, bool, error) {
	v, ok := k.get(name)
	if !ok {
		if required {
			return 0, false, kwargErr(name, "required")
		}
		return 0, false, nil
	}
	i, isInt := v.(int64)
	if !isInt {
		return 0, false, kwargErr(name, "must be an integer, got %s", describe(v))
	}
	return i, true, nil
}

// mostly reads GX's mostly: a fraction in [0, 1], default 1.
func (k *kwargs) mostly() (float64, error) {
	f, ok, err := k.number("mostly")
	if err != nil {
		return 0, err
	}
	if !ok {
		return 1, nil
	}
	if f < 0 || f > 1 {
		return 0, kwargErr("mostly", "must be between 0 and 1, got %v", f)
	}
	return f, nil
}

func (k *kwargs) list(name string, required bool) ([]any, error) {
	v, ok := k.get(name)
	if !ok {
		if required {
			return nil, kwargErr(name, "required")
		}
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, kwargErr(name, "must be a list, got %s", describe(v))
	}
	return l, nil
}

func (k *kwargs) stringList(name string, required bool, minLen int) ([]string, error) {
	l, err := k.list(name, required)
	if err != nil || l == nil {
		return nil, err
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok || s == "" {
			return nil, kwargErr(name, "item %d must be a non-empty string, got %s", i, describe(e))
		}
		out[i] = s
	}
	if len(out) < minLen {
		return nil, kwargErr(name, "needs at least %d names, got %d", minLen, len(out))
	}
	return out, nil
}

// bounds reads min_value, max_value, strict_min and strict_max. GX requires
// at least one bound; so do we, to catch typos such as "min_val".
func (k *kwargs) bounds(strictAllowed bool) (bounds, error) {
	var b bounds
	var err error
	for _, side := range []struct {
		name string
		dst  *any
	}{{"min_value", &b.min}, {"max_value", &b.max}} {
		v, ok := k.get(side.name)
		if !ok {
			continue
		}
		switch v.(type) {
		case int64, float64, string:
			*side.dst = v
		default:
			return b, kwargErr(side.name, "must be a number or a date/time string, got %s", describe(v))
		}
	}
	if strictAllowed {
		if b.strictMin, err = k.optBool("strict_min", false); err != nil {
			return b, err
		}
		if b.strictMax, err = k.optBool("strict_max", false); err != nil {
			return b, err
		}
	}
	if b.min == nil && b.max == nil {
		return b, kwargErr("min_value", "min_value and max_value cannot both be null")
	}
	if lo, ok := asFloat(b.min); ok {
		if hi, ok := asFloat(b.max); ok && lo > hi {
			return b, kwargErr("min_value", "min_value %v is greater than max_value %v", lo, hi)
		}
	}
	return b, nil
}

// finish reports kwargs nobody consumed (row conditions are read by
// compile).
func (k *kwargs) finish() error {
	if v, ok := k.m["result_format"]; ok && v != nil {
		if _, _, err := resultFormatKwarg(v); err != nil {
			return kwargErr("result_format", "%v", err)
		}
	}
	var unknown []string
	for name := range k.m {
		if !k.used[name] && !commonKwargs[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return kwargErr(unknown[0], "not accepted by this expectation type (unknown: %s)", strings.Join(unknown, ", "))
	}
	return nil
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", v)
	case int64, float64:
		return fmt.Sprintf("number %v", v)
	case bool:
		return fmt.Sprintf("boolean %v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
