package openf1

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Value is a type a field filter compares with: int, float64, string, bool,
// or TimeValue for datetime fields.
type Value interface {
	int | float64 | string | bool | TimeValue
}

// Filter is a condition on one field of an endpoint, as the API evaluates it
// (API.md §2.4): a union (OR) of values and ranges. The zero Filter matches
// every row. Build one with Eq, Gt, Ge, Lt, Le, Between or Range, and join
// several with Or:
//
//	openf1.Eq(1, 44)                       // driver_number=1 OR driver_number=44
//	openf1.Between(4, 7).Or(openf1.Between(10, 15))
//	openf1.Lt(90.5)                        // a FloatFilter (note the float literal)
//
// The API pairs lower and upper bounds of one field into ranges itself, so a
// filter is sent as its list of predicates. A lower bound above every upper
// bound (an inverted range, which the API would read as "almost everything")
// is rejected before the request is sent.
type Filter[T Value] struct {
	terms []filterTerm[T]
	err   error
}

type filterTerm[T Value] struct {
	op Op
	v  T
}

// Filter kinds used by the per-endpoint filter structs.
type (
	// IntFilter filters an integer field (driver_number, lap_number, ...).
	IntFilter = Filter[int]
	// FloatFilter filters a number field (lap_duration, interval, ...).
	FloatFilter = Filter[float64]
	// StringFilter filters a string field (team_name, flag, ...). Values are
	// compared exactly and case-sensitively. The API turns values that look
	// like numbers, booleans or dates (even "MAR" or "SAT") into those types
	// before comparing, so such values never match a string field.
	StringFilter = Filter[string]
	// BoolFilter filters a boolean field (is_pit_out_lap, dnf, ...).
	BoolFilter = Filter[bool]
	// TimeFilter filters a datetime field (date, date_start, date_end).
	TimeFilter = Filter[TimeValue]
)

// Eq matches any of values (equality predicates, OR-ed by the API). Eq with
// no values is an error when the query is built, never "match everything".
func Eq[T Value](values ...T) Filter[T] {
	if len(values) == 0 {
		return Filter[T]{err: errors.New("Eq needs at least one value")}
	}
	f := Filter[T]{terms: make([]filterTerm[T], len(values))}
	for i, v := range values {
		f.terms[i] = filterTerm[T]{OpEq, v}
	}
	return f
}

// Gt matches values greater than v.
func Gt[T Value](v T) Filter[T] { return Filter[T]{terms: []filterTerm[T]{{OpGt, v}}} }

// Ge matches values greater than or equal to v.
func Ge[T Value](v T) Filter[T] { return Filter[T]{terms: []filterTerm[T]{{OpGe, v}}} }

// Lt matches values less than v.
func Lt[T Value](v T) Filter[T] { return Filter[T]{terms: []filterTerm[T]{{OpLt, v}}} }

// Le matches values less than or equal to v.
func Le[T Value](v T) Filter[T] { return Filter[T]{terms: []filterTerm[T]{{OpLe, v}}} }

// Between matches lo <= value <= hi. For datetimes given as Day values the
// whole of both days is included.
func Between[T Value](lo, hi T) Filter[T] { return Range(OpGe, lo, OpLe, hi) }

// Range matches the interval from lo to hi; lower is OpGt or OpGe and upper
// is OpLt or OpLe. Range(OpGe, At(t0), OpLt, At(t1)) is the half-open window
// [t0, t1) used to chunk telemetry.
func Range[T Value](lower Op, lo T, upper Op, hi T) Filter[T] {
	if lower != OpGt && lower != OpGe {
		return Filter[T]{err: fmt.Errorf("Range: lower operator must be > or >=, got %q", lower)}
	}
	if upper != OpLt && upper != OpLe {
		return Filter[T]{err: fmt.Errorf("Range: upper operator must be < or <=, got %q", upper)}
	}
	return Filter[T]{terms: []filterTerm[T]{{lower, lo}, {upper, hi}}}
}

// Or returns the union of f and g.
func (f Filter[T]) Or(g Filter[T]) Filter[T] {
	out := Filter[T]{err: errors.Join(f.err, g.err)}
	out.terms = append(append(make([]filterTerm[T], 0, len(f.terms)+len(g.terms)), f.terms...), g.terms...)
	return out
}

// IsZero reports whether the filter is empty (matches every row).
func (f Filter[T]) IsZero() bool { return len(f.terms) == 0 && f.err == nil }

// appendTo appends the filter's predicates on field to q.
func (f Filter[T]) appendTo(q Query, field string) (Query, error) {
	if f.err != nil {
		return q, fmt.Errorf("openf1: filter on %s: %w", field, f.err)
	}
	for _, t := range f.terms {
		s, err := formatFilterValue(t.v)
		if err != nil {
			return q, fmt.Errorf("openf1: filter on %s: %w", field, err)
		}
		q = append(q, Predicate{Field: field, Op: t.op, Value: s})
	}
	return q, nil
}

func formatFilterValue[T Value](v T) (string, error) {
	switch x := any(v).(type) {
	case int:
		return strconv.Itoa(x), nil
	case float64:
		if x != x || x > 1e308 || x < -1e308 {
			return "", fmt.Errorf("cannot filter on %v", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case TimeValue:
		if x.t.IsZero() {
			return "", errors.New("zero time value (use At or Day)")
		}
		return x.String(), nil
	}
	return "", fmt.Errorf("unsupported filter value %T", v)
}

// TimeValue is a datetime filter value: an instant (At) or a whole UTC day
// (Day). The API gives a day without a time of day whole-day meaning
// (API.md §2.5): Eq(Day(...)) is that UTC day, Gt(Day(d)) starts the next
// day, Le(Day(d)) includes all of d.
type TimeValue struct {
	t   time.Time
	day bool
}

// At is the instant t. It is sent in UTC with microsecond precision, the
// API's own resolution, with the '+' of the offset encoded as %2B.
func At(t time.Time) TimeValue { return TimeValue{t: t.UTC().Truncate(time.Microsecond)} }

// Day is the whole UTC day year-month-day (not the local day of the event:
// a Las Vegas night race falls on the next UTC day).
func Day(year int, month time.Month, day int) TimeValue {
	return TimeValue{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC), day: true}
}

// Time returns the instant, or the start of the day for a Day.
func (v TimeValue) Time() time.Time { return v.t }

// IsDay reports whether v is a whole day.
func (v TimeValue) IsDay() bool { return v.day }

// String returns the value as sent: "2024-03-02" for a day,
// "2024-03-02T15:04:05.123456+00:00" for an instant.
func (v TimeValue) String() string {
	if v.day {
		return v.t.Format(time.DateOnly)
	}
	return FormatValue(v.t)
}

// KeyFilter filters session_key or meeting_key: key values and comparisons
// (Filter), and/or the API's "latest" (OR-ed with Filter).
type KeyFilter struct {
	Filter IntFilter
	// Latest asks the API for the most recent session that has started (or
	// its meeting, for meeting_key): resolved by the server, API.md §1.4.
	Latest bool
}

// Key matches any of keys.
func Key(keys ...int) KeyFilter { return KeyFilter{Filter: Eq(keys...)} }

// LatestKey matches the latest session (for session_key) or the meeting of
// the latest session (for meeting_key).
func LatestKey() KeyFilter { return KeyFilter{Latest: true} }

// IsZero reports whether the filter is empty.
func (k KeyFilter) IsZero() bool { return k.Filter.IsZero() && !k.Latest }

func (k KeyFilter) appendTo(q Query, field string) (Query, error) {
	q, err := k.Filter.appendTo(q, field)
	if err != nil {
		return q, err
	}
	if k.Latest {
		q = append(q, Predicate{Field: field, Op: OpEq, Value: Latest})
	}
	return q, nil
}

// queryBuilder collects the predicates of a per-endpoint filter struct.
type queryBuilder struct {
	q   Query
	err error
}

func addFilter[T Value](b *queryBuilder, field string, f Filter[T]) {
	if b.err != nil || f.IsZero() {
		return
	}
	b.q, b.err = f.appendTo(b.q, field)
}

func (b *queryBuilder) key(field string, k KeyFilter) {
	if b.err != nil || k.IsZero() {
		return
	}
	b.q, b.err = k.appendTo(b.q, field)
}

// done appends extra predicates and validates the whole query.
func (b *queryBuilder) done(extra Query) (Query, error) {
	if b.err != nil {
		return nil, b.err
	}
	q := append(b.q, extra...)
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return q, nil
}

// EndpointFilter is implemented by the per-endpoint filter structs
// (LapsFilter, CarDataFilter, ...).
type EndpointFilter interface {
	// Endpoint is the endpoint the filter is for.
	Endpoint() Endpoint
	// Query builds and validates the query the filter stands for.
	Query() (Query, error)
}
