package openf1test

import (
	"context"
	"encoding/json"
	"iter"
	"math"
	"time"

	"github.com/pitwall-f1/pitwall/openf1"
)

// Source supplies records to the server.
type Source interface {
	// Records yields the JSON objects of an endpoint that may match q (the parsed
	// query, `latest` already resolved to concrete keys). A source may use q's
	// equality predicates on session_key, meeting_key and driver_number to narrow
	// its scan; the server re-applies every predicate itself. EqualityKeys
	// reads those keys safely (several predicates on one field are OR-ed, so
	// a range next to an equality forbids narrowing). Records should stop
	// early when yield returns false or ctx ends, and keep one version per
	// natural key, as the API does.
	Records(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error]
}

// SourceFunc adapts a function to the Source interface.
type SourceFunc func(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error]

// Records calls f.
func (f SourceFunc) Records(ctx context.Context, ep openf1.Endpoint, q openf1.Query) iter.Seq2[json.RawMessage, error] {
	return f(ctx, ep, q)
}

// EqualityKeys tells a Source which integer values of field (session_key,
// meeting_key, driver_number, …) a matching record can have. ok is false
// when q does not restrict field to a set of values — because it has no
// predicate on it, or because some predicate on it is not an equality
// (the server OR-s every predicate on one field, so a range next to an
// equality widens the match). With ok true, keys may be empty: then no
// record can match (e.g. session_key=abc).
//
// Values are typed as the server types them: "9488" and "9488.0" both give
// 9488; text, booleans, dates and non-integral numbers give no key.
func EqualityKeys(q openf1.Query, field string) (keys []int64, ok bool) {
	for _, p := range q {
		if p.Field != field {
			continue
		}
		if p.Op != openf1.OpEq {
			return nil, false
		}
		ok = true
		v := castValue(p.Value, time.Time{})
		switch v.kind {
		case valInt:
			keys = append(keys, v.num.i)
		case valFloat:
			if f := v.num.f; f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				keys = append(keys, int64(f))
			}
		}
	}
	return keys, ok
}
