package quality

import (
	"errors"
	"maps"
	"slices"
)

// Suite is a named list of expectations, checked together against one
// batch (GX's ExpectationSuite). Build it in Go with NewSuite and the
// Expect… constructors, load it from GX JSON with ParseSuite, or start from a
// BuiltinSuite and adjust it.
type Suite struct {
	Name         string
	ID           string
	Expectations []Expectation
	Meta         map[string]any
	Notes        string
}

// NewSuite returns a suite with the given expectations.
func NewSuite(name string, expectations ...Expectation) *Suite {
	return &Suite{Name: name, Expectations: slices.Clone(expectations)}
}

// Add appends expectations and returns s for chaining.
func (s *Suite) Add(expectations ...Expectation) *Suite {
	s.Expectations = append(s.Expectations, expectations...)
	return s
}

// Check compiles every expectation and returns all configuration problems
// joined; each is an *ExpectationError (wrapping ErrUnknownExpectation or a
// *KwargError). Validate calls it first.
func (s *Suite) Check() error {
	_, err := s.compile()
	return err
}

func (s *Suite) compile() ([]*compiled, error) {
	out := make([]*compiled, 0, len(s.Expectations))
	var errs []error
	for i, e := range s.Expectations {
		c, err := compile(e)
		if err != nil {
			errs = append(errs, &ExpectationError{Index: i, Type: e.Type, Err: err})
			continue
		}
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

// Clone returns a deep copy that can be changed without affecting s.
func (s *Suite) Clone() *Suite {
	c := *s
	c.Meta = cloneValue(s.Meta)
	c.Expectations = make([]Expectation, len(s.Expectations))
	for i, e := range s.Expectations {
		e.Kwargs = cloneValue(e.Kwargs)
		e.Meta = cloneValue(e.Meta)
		c.Expectations[i] = e
	}
	return &c
}

func cloneValue[T any](v T) T {
	var out any
	switch x := any(v).(type) {
	case map[string]any:
		if x == nil {
			return v
		}
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = cloneValue(e)
		}
		out = m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = cloneValue(e)
		}
		out = l
	default:
		return v
	}
	return out.(T)
}

// RenameColumn rewrites every reference to column old (column, column_A,
// column_B, column_list, group_by, order_by, lap start/end columns) to new,
// so a suite follows a renamed table column. It returns s for chaining.
// Columns of other tables (other_column) are not touched.
func (s *Suite) RenameColumn(old, new string) *Suite {
	for i, e := range s.Expectations {
		kw := maps.Clone(e.Kwargs)
		for _, k := range columnKwargs {
			switch v := kw[k].(type) {
			case string:
				if v == old {
					kw[k] = new
				}
			case []any:
				l := slices.Clone(v)
				for j, x := range l {
					if x == old {
						l[j] = new
					}
				}
				kw[k] = l
			}
		}
		renameCondition(kw, old, new)
		s.Expectations[i].Kwargs = kw
	}
	return s
}

// Remove deletes the expectations for which match returns true and reports
// how many were removed.
func (s *Suite) Remove(match func(Expectation) bool) int {
	n := len(s.Expectations)
	s.Expectations = slices.DeleteFunc(s.Expectations, match)
	return n - len(s.Expectations)
}

// Find returns the indices of the expectations of type typ (all types when
// typ is "") that name column (any column when column is "").
func (s *Suite) Find(typ, column string) []int {
	var out []int
	for i, e := range s.Expectations {
		if (typ == "" || e.Type == typ) && (column == "" || slices.Contains(e.Columns(), column)) {
			out = append(out, i)
		}
	}
	return out
}
