package openf1

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Op is a filter comparison operator.
type Op string

// The five operators OpenF1 understands (API.md §2.1).
const (
	OpEq Op = "="
	OpGt Op = ">"
	OpLt Op = "<"
	OpGe Op = ">="
	OpLe Op = "<="
)

// Predicate is one filter term: Field Op Value. Value is the literal text
// sent to the API (see FormatValue).
type Predicate struct {
	Field string
	Op    Op
	Value string
}

// Query is an ordered list of predicates. Predicates on different fields are
// AND-ed by the API; several "=" predicates on one field are OR-ed, and
// lower/upper bounds on one field pair up into OR-ed ranges (API.md §2.4).
// The zero Query matches everything. Typed per-endpoint filters build a Query.
type Query []Predicate

// Where returns q with the predicate field op value appended. value is
// formatted with FormatValue.
func (q Query) Where(field string, op Op, value any) Query {
	return append(q[:len(q):len(q)], Predicate{Field: field, Op: op, Value: FormatValue(value)})
}

// Eq appends one "=" predicate per value (several values are OR-ed by the API).
func (q Query) Eq(field string, values ...any) Query {
	q = q[:len(q):len(q)]
	for _, v := range values {
		q = append(q, Predicate{Field: field, Op: OpEq, Value: FormatValue(v)})
	}
	return q
}

// Latest is the value that makes the API resolve session_key or meeting_key to
// the most recent session (API.md §1.4). Use it as Eq("session_key", Latest).
const Latest = "latest"

// Encode renders the query string: one url.QueryEscape(field+op+value) token
// per predicate, joined with '&'. This encodes '+' in datetime offsets as
// %2B and spaces as '+', which the API decodes correctly for all operators.
func (q Query) Encode() string {
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Field + string(p.Op) + p.Value))
	}
	return b.String()
}

// String returns the query in readable (unescaped) form, for logs and errors.
func (q Query) String() string {
	parts := make([]string, len(q))
	for i, p := range q {
		parts[i] = p.Field + string(p.Op) + p.Value
	}
	return strings.Join(parts, "&")
}

// Validate checks field names and operators, and rejects inverted ranges
// (a lower bound above every upper bound on the same field), which the API
// would silently turn into "match almost everything" (API.md §2.4), and
// ranges that cannot match anything (x>5&x<5). "latest" is accepted only as
// session_key=latest or meeting_key=latest.
func (q Query) Validate() error {
	for _, p := range q {
		if p.Field == "" || strings.ContainsAny(p.Field, "=<>&") {
			return fmt.Errorf("openf1: invalid filter field %q", p.Field)
		}
		switch p.Op {
		case OpEq, OpGt, OpLt, OpGe, OpLe:
		default:
			return fmt.Errorf("openf1: invalid operator %q on field %q", p.Op, p.Field)
		}
		if p.Value == Latest {
			if p.Field != "session_key" && p.Field != "meeting_key" {
				return fmt.Errorf("openf1: %q is only valid for session_key and meeting_key, not %s", Latest, p.Field)
			}
			if p.Op != OpEq {
				return fmt.Errorf("openf1: %s%s%s: %q can only be compared with =", p.Field, p.Op, p.Value, Latest)
			}
		}
	}
	return q.checkRanges()
}

// ParseQuery parses a raw query string the way the API does (API.md §2.2):
// split on '&', percent-decode ('+' is a space), rebuild "key=value" (or
// "key" when the value is empty) and split it at the first operator found,
// trying ">=", "<=", "=", ">", "<" in that order. Field names are
// lower-cased. A parameter without an operator is an error. "csv" comes back
// as an ordinary predicate.
func ParseQuery(raw string) (Query, error) {
	var q Query
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("openf1: query parameter %q: %w", part, err)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("openf1: query parameter %q: %w", part, err)
		}
		s := key
		if val != "" {
			s = key + "=" + val
		}
		found := false
		for _, op := range []Op{OpGe, OpLe, OpEq, OpGt, OpLt} {
			if f, value, ok := strings.Cut(s, string(op)); ok {
				q = append(q, Predicate{Field: strings.ToLower(f), Op: op, Value: value})
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("openf1: query parameter %q has no operator", s)
		}
	}
	return q, nil
}

// FormatValue formats a filter value the way the API parses it: integers in
// decimal, floats in the shortest exact form, booleans as true/false,
// time.Time and Time in UTC as 2006-01-02T15:04:05.999999+00:00, and strings
// as they are.
func FormatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.999999") + "+00:00"
	case Time:
		return x.Time.UTC().Format("2006-01-02T15:04:05.999999") + "+00:00"
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}
