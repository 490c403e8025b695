package main

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// columns looks up typed columns of a batch by name, remembering the first
// missing or mistyped one.
type columns struct {
	rec arrow.RecordBatch
	err error
}

func (c *columns) get(name string) arrow.Array {
	idx := c.rec.Schema().FieldIndices(name)
	if len(idx) != 1 {
		if c.err == nil {
			c.err = fmt.Errorf("batch has no column %q", name)
		}
		return nil
	}
	return c.rec.Column(idx[0])
}

func typed[T arrow.Array](c *columns, name string) T {
	a := c.get(name)
	v, ok := a.(T)
	if !ok && c.err == nil {
		c.err = fmt.Errorf("column %q is %T, want %T", name, a, v)
	}
	return v
}

func (c *columns) i64(name string) *array.Int64       { return typed[*array.Int64](c, name) }
func (c *columns) i32(name string) *array.Int32       { return typed[*array.Int32](c, name) }
func (c *columns) f64(name string) *array.Float64     { return typed[*array.Float64](c, name) }
func (c *columns) str(name string) *array.String      { return typed[*array.String](c, name) }
func (c *columns) ts(name string) *array.Timestamp    { return typed[*array.Timestamp](c, name) }
func (c *columns) boolean(name string) *array.Boolean { return typed[*array.Boolean](c, name) }
func (c *columns) list(name string) *array.List       { return typed[*array.List](c, name) }

func i64v(a *array.Int64, i int) float64 {
	if a.IsNull(i) {
		return 0
	}
	return float64(a.Value(i))
}

func i32v(a *array.Int32, i int) float64 {
	if a.IsNull(i) {
		return 0
	}
	return float64(a.Value(i))
}

func b2f(a *array.Boolean, i int) float64 {
	if a.IsValid(i) && a.Value(i) {
		return 1
	}
	return 0
}
