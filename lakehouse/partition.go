package lakehouse

import (
	"fmt"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// An atomic replace swaps whole data files. That is exact only when the
// replace predicate can be decided from a file's identity partition values
// alone ("aligned"): every file then lies entirely inside or entirely
// outside the replaced partitions. This file holds the two deciders used
// for that: by session key, and by a general filter.

// partitionFilter decides a row filter from the identity partition values
// of a data file written under one partition spec.
type partitionFilter struct {
	eval  func(iceberg.StructLike) (bool, error)
	ptype *iceberg.StructType
}

// newPartitionFilter binds filter to a schema made of the spec's identity
// partition fields under their source column names. Non-identity fields
// get names no filter can reference, so a filter on any other column fails
// to bind: that is the "not aligned" answer.
func newPartitionFilter(sc *iceberg.Schema, spec iceberg.PartitionSpec, filter iceberg.BooleanExpression) (*partitionFilter, error) {
	ptype := spec.PartitionType(sc)
	fields := make([]iceberg.NestedField, 0, spec.NumFields())
	for i, pf := range spec.Fields() {
		f := iceberg.NestedField{ID: i + 1, Name: "\x00" + pf.Name, Type: ptype.FieldList[i].Type}
		if _, ok := pf.Transform.(iceberg.IdentityTransform); ok {
			if src, ok := sc.FindFieldByID(pf.SourceID()); ok {
				f.Name, f.Type = src.Name, src.Type
			}
		}
		fields = append(fields, f)
	}
	eval, err := iceberg.ExpressionEvaluator(iceberg.NewSchema(0, fields...), filter, true)
	if err != nil {
		return nil, err
	}

	return &partitionFilter{eval: eval, ptype: ptype}, nil
}

// matches evaluates the filter on the file's partition values.
func (p *partitionFilter) matches(df iceberg.DataFile) (ok bool, err error) {
	defer func() {
		// The evaluator asserts Go types of partition values; a value of an
		// unexpected type must become an error, not a crash.
		if r := recover(); r != nil {
			ok, err = false, fmt.Errorf("evaluate partition of %s: %v", df.FilePath(), r)
		}
	}()

	return p.eval(table.GetPartitionRecord(df, p.ptype))
}

// attributor maps a data file to the replace unit it belongs to. aligned is
// false when the file's partitioning cannot tell (then unit is -1); an
// aligned file outside every unit has unit -1.
type attributor interface {
	unitOf(df iceberg.DataFile) (unit int, aligned bool)
}

// sessionAttributor reads the key from the identity partition on the key
// column.
type sessionAttributor struct {
	keyField map[int32]int // spec id → partition field id of identity(key)
	units    map[int64]int
}

func newSessionAttributor(meta table.Metadata, keyColumn string, units map[int64]int) *sessionAttributor {
	a := &sessionAttributor{keyField: map[int32]int{}, units: units}
	src, ok := meta.CurrentSchema().FindFieldByName(keyColumn)
	if !ok {
		return a
	}
	for _, spec := range meta.PartitionSpecs() {
		for _, pf := range spec.Fields() {
			if _, id := pf.Transform.(iceberg.IdentityTransform); id && pf.SourceID() == src.ID {
				a.keyField[int32(spec.ID())] = pf.FieldID
			}
		}
	}

	return a
}

// alignedSpec reports whether files written with spec id are attributable.
func (a *sessionAttributor) alignedSpec(specID int) bool {
	_, ok := a.keyField[int32(specID)]

	return ok
}

func (a *sessionAttributor) unitOf(df iceberg.DataFile) (int, bool) {
	fid, ok := a.keyField[df.SpecID()]
	if !ok {
		return -1, false
	}
	k, ok := toInt64(df.Partition()[fid])
	if !ok {
		return -1, false
	}
	if u, ok := a.units[k]; ok {
		return u, true
	}

	return -1, true
}

// filterAttributor evaluates a ReplaceWhere filter per spec.
type filterAttributor struct {
	bySpec map[int32]*partitionFilter // nil entry: spec not aligned
}

func newFilterAttributor(meta table.Metadata, filter iceberg.BooleanExpression) *filterAttributor {
	a := &filterAttributor{bySpec: map[int32]*partitionFilter{}}
	for _, spec := range meta.PartitionSpecs() {
		pf, err := newPartitionFilter(meta.CurrentSchema(), spec, filter)
		if err != nil {
			pf = nil
		}
		a.bySpec[int32(spec.ID())] = pf
	}

	return a
}

func (a *filterAttributor) unitOf(df iceberg.DataFile) (int, bool) {
	pf := a.bySpec[df.SpecID()]
	if pf == nil {
		return -1, false
	}
	ok, err := pf.matches(df)
	if err != nil {
		return -1, false
	}
	if ok {
		return 0, true
	}

	return -1, true
}

func toInt64(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case int:
		return int64(v), true
	case int16:
		return int64(v), true
	case int8:
		return int64(v), true
	default:
		return 0, false
	}
}
