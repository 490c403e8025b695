package lakehouse

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	"github.com/apache/iceberg-go/table"
)

// fingerprintPrefix starts the table properties this package manages itself
// (one per published partition, see fingerprint.go). Definitions may not
// set them.
const fingerprintPrefix = "pitwall.fingerprint."

// TableDef is a table as its builder (silver, gold) defines it. Field ids
// are assigned by the lake; callers only name columns.
type TableDef struct {
	Namespace string
	Name      string
	// Schema is the Arrow schema of the batches that will be published.
	// Non-nullable fields become required Iceberg columns. Nanosecond
	// timestamps are stored as microseconds (Iceberg v2).
	Schema *arrow.Schema
	// PartitionBy lists partition fields in order, e.g. Identity("year",
	// "session_key"): a session is then replaceable atomically (whole
	// files swap) and a year is prunable.
	PartitionBy []PartitionField
	// SortBy optionally declares the table's sort order.
	SortBy []SortField
	// Properties are table properties; definitions and documentation go
	// here (gold writes its metric definitions into them). EnsureTable adds
	// and updates these keys but never removes other keys.
	Properties map[string]string
}

// PartitionField is one field of a partition spec.
type PartitionField struct {
	Column string // source column
	// Transform is an Iceberg transform: "identity" (the default when
	// empty), "year", "month", "day", "hour", "bucket[N]", "truncate[W]".
	Transform string
	// Name of the partition field; defaults to Column for identity and to
	// Column_transform (e.g. "date_start_day") otherwise.
	Name string
}

// Identity returns identity partition fields for the given columns, in
// order.
func Identity(columns ...string) []PartitionField {
	out := make([]PartitionField, len(columns))
	for i, c := range columns {
		out[i] = PartitionField{Column: c, Transform: "identity"}
	}

	return out
}

// SortField is one field of a sort order (nulls sort first ascending and
// last descending, the Iceberg defaults).
type SortField struct {
	Column     string
	Descending bool
}

// Ident is the table's identifier.
func (d TableDef) Ident() Ident { return Ident{Namespace: d.Namespace, Name: d.Name} }

// Validate checks the definition without touching the catalog.
func (d TableDef) Validate() error {
	if err := d.Ident().validate(); err != nil {
		return err
	}
	if d.Schema == nil || d.Schema.NumFields() == 0 {
		return fmt.Errorf("%w: table %s: definition has no schema", ErrInvalidInput, d.Ident())
	}
	seen := map[string]bool{}
	for _, f := range d.Schema.Fields() {
		if f.Name == "" {
			return fmt.Errorf("%w: table %s: a column has an empty name", ErrInvalidInput, d.Ident())
		}
		if seen[f.Name] {
			return fmt.Errorf("%w: table %s: column %q appears twice", ErrInvalidInput, d.Ident(), f.Name)
		}
		seen[f.Name] = true
	}
	for _, p := range d.PartitionBy {
		if !seen[p.Column] {
			return fmt.Errorf("%w: table %s: partition column %q is not in the schema", ErrInvalidInput, d.Ident(), p.Column)
		}
	}
	for _, s := range d.SortBy {
		if !seen[s.Column] {
			return fmt.Errorf("%w: table %s: sort column %q is not in the schema", ErrInvalidInput, d.Ident(), s.Column)
		}
	}
	for k := range d.Properties {
		if strings.HasPrefix(k, fingerprintPrefix) {
			return fmt.Errorf("%w: table %s: property %q is reserved for publish fingerprints", ErrInvalidInput, d.Ident(), k)
		}
	}

	return nil
}

func (d TableDef) icebergSchema() (*iceberg.Schema, error) {
	sc, err := table.ArrowSchemaToIcebergWithFreshIDs(d.Schema, true)
	if err != nil {
		return nil, fmt.Errorf("%w: table %s: schema: %w", ErrInvalidInput, d.Ident(), err)
	}

	return sc, nil
}

func (p PartitionField) resolve() (iceberg.Transform, string, error) {
	tr := p.Transform
	if tr == "" {
		tr = "identity"
	}
	t, err := iceberg.ParseTransform(tr)
	if err != nil {
		return nil, "", fmt.Errorf("%w: partition field %q: transform %q: %w", ErrInvalidInput, p.Column, tr, err)
	}
	name := p.Name
	if name == "" {
		name = p.Column
		if _, ok := t.(iceberg.IdentityTransform); !ok {
			name = p.Column + "_" + strings.NewReplacer("[", "_", "]", "").Replace(tr)
		}
	}

	return t, name, nil
}

// partitionSpec builds the spec against sc (whose field ids it uses).
func (d TableDef) partitionSpec(sc *iceberg.Schema) (iceberg.PartitionSpec, error) {
	opts := make([]iceberg.PartitionOption, 0, len(d.PartitionBy))
	for _, p := range d.PartitionBy {
		t, name, err := p.resolve()
		if err != nil {
			return iceberg.PartitionSpec{}, err
		}
		opts = append(opts, iceberg.AddPartitionFieldByName(p.Column, name, t, sc, nil))
	}
	spec, err := iceberg.NewPartitionSpecOpts(opts...)
	if err != nil {
		return iceberg.PartitionSpec{}, fmt.Errorf("%w: table %s: partition spec: %w", ErrInvalidInput, d.Ident(), err)
	}

	return spec, nil
}

func (d TableDef) sortOrder(sc *iceberg.Schema) (table.SortOrder, error) {
	if len(d.SortBy) == 0 {
		return table.UnsortedSortOrder, nil
	}
	fields := make([]table.SortField, len(d.SortBy))
	for i, s := range d.SortBy {
		f, ok := sc.FindFieldByName(s.Column)
		if !ok {
			return table.SortOrder{}, fmt.Errorf("%w: table %s: sort column %q not found", ErrInvalidInput, d.Ident(), s.Column)
		}
		fields[i] = table.SortField{SourceIDs: []int{f.ID}, Transform: iceberg.IdentityTransform{}, Direction: table.SortASC, NullOrder: table.NullsFirst}
		if s.Descending {
			fields[i].Direction, fields[i].NullOrder = table.SortDESC, table.NullsLast
		}
	}
	order, err := table.NewSortOrder(1, fields)
	if err != nil {
		return table.SortOrder{}, fmt.Errorf("%w: table %s: sort order: %w", ErrInvalidInput, d.Ident(), err)
	}

	return order, nil
}

// EnsureTable creates the table (and its namespace) when missing, and
// otherwise brings it up to the definition:
//
//   - columns in the definition but not in the table are added as optional
//     columns (rows written before read back null);
//   - a required column the definition makes nullable is relaxed;
//   - definition properties are set when they differ; the sort order is
//     replaced when it differs;
//   - columns in the table but not in the definition are kept (never
//     dropped);
//   - a column whose type differs, or a different partition spec, is an
//     *IncompatibleChangeError: nothing is changed.
//
// It is idempotent and safe to call before every publish.
func (l *Lake) EnsureTable(ctx context.Context, def TableDef) (*table.Table, error) {
	if err := def.Validate(); err != nil {
		return nil, err
	}
	want, err := def.icebergSchema()
	if err != nil {
		return nil, err
	}
	spec, err := def.partitionSpec(want)
	if err != nil {
		return nil, err
	}
	order, err := def.sortOrder(want)
	if err != nil {
		return nil, err
	}
	if err := l.EnsureNamespace(ctx, def.Namespace, nil); err != nil {
		return nil, err
	}

	ident := def.Ident()
	tbl, err := l.cat.LoadTable(ctx, ident.identifier())
	if errors.Is(err, catalog.ErrNoSuchTable) {
		// Iceberg's Java defaults, which iceberg-go leaves off: merge small
		// manifests on append so per-session commits do not pile them up.
		props := iceberg.Properties{
			table.ParquetCompressionKey:   "zstd",
			table.ManifestMergeEnabledKey: "true",
		}
		maps.Copy(props, def.Properties)
		tbl, err = l.cat.CreateTable(ctx, ident.identifier(), want,
			catalog.WithPartitionSpec(&spec), catalog.WithSortOrder(order), catalog.WithProperties(props))
		if errors.Is(err, catalog.ErrTableAlreadyExists) {
			tbl, err = l.cat.LoadTable(ctx, ident.identifier()) // lost a creation race: evolve theirs
		} else if err == nil {
			return tbl, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("lakehouse: ensure table %s: %w", ident, err)
	}

	// A pass may leave work for the next one (a sort order over a column the
	// same pass adds), so evolve until a pass changes nothing.
	for attempt, passes := 1, 0; ; {
		next, changed, err := l.evolve(ctx, def, tbl, want, spec)
		if err == nil {
			if !changed || passes >= 2 {
				return next, nil
			}
			tbl, passes = next, passes+1

			continue
		}
		if !isCommitConflict(err) {
			return nil, err
		}
		if attempt >= defaultMaxAttempts {
			return nil, &CommitConflictError{Table: ident.String(), Attempts: attempt, Err: err}
		}
		if err := sleepCtx(ctx, defaultBackoff(attempt)); err != nil {
			return nil, err
		}
		if tbl, err = l.LoadTable(ctx, ident); err != nil {
			return nil, err
		}
		attempt++
	}
}

// evolve applies the definition to tbl in one transaction. It reports
// whether anything was committed.
func (l *Lake) evolve(ctx context.Context, def TableDef, tbl *table.Table, want *iceberg.Schema, spec iceberg.PartitionSpec) (*table.Table, bool, error) {
	ident := def.Ident()
	cur := tbl.Schema()

	if err := compareSpecs(ident, cur, tbl.Spec(), want, spec); err != nil {
		return nil, false, err
	}

	var adds []iceberg.NestedField
	var relax []string
	for _, w := range want.Fields() {
		c, ok := cur.FindFieldByName(w.Name)
		if !ok {
			adds = append(adds, w)

			continue
		}
		if typeSig(c.Type) != typeSig(w.Type) {
			return nil, false, &IncompatibleChangeError{
				Table: ident.String(), What: fmt.Sprintf("column %q", w.Name),
				Have: typeSig(c.Type), Want: typeSig(w.Type),
				Reason: "column types are never changed in place; add a new column instead",
			}
		}
		if c.Required && !w.Required {
			relax = append(relax, w.Name)
		}
	}

	props := iceberg.Properties{}
	for k, v := range def.Properties {
		if old, ok := tbl.Properties()[k]; !ok || old != v {
			props[k] = v
		}
	}

	// A sort order over a column this pass adds is applied by the next pass,
	// once the column has its id.
	wantOrder, err := def.sortOrder(cur)
	orderChanged := err == nil && sortSig(cur, tbl.SortOrder()) != sortSig(cur, wantOrder)

	if len(adds) == 0 && len(relax) == 0 && len(props) == 0 && !orderChanged {
		return tbl, false, nil
	}

	txn := tbl.NewTransaction()
	if len(adds) > 0 || len(relax) > 0 {
		// iceberg-go keeps the table's default name mapping (used by readers
		// of files without field ids) in step only when asked to.
		var opts []table.UpdateSchemaOption
		if nm := tbl.Metadata().NameMapping(); nm != nil {
			opts = append(opts, table.WithNameMapping(nm))
		}
		upd := txn.UpdateSchema(true, false, opts...)
		for _, f := range adds {
			// Iceberg cannot add a required column to a table with rows:
			// old rows would have no value. New columns are optional.
			upd = upd.AddColumn([]string{f.Name}, f.Type, f.Doc, false, nil)
		}
		for _, name := range relax {
			upd = upd.UpdateColumn([]string{name}, table.ColumnUpdate{Required: iceberg.Optional[bool]{Valid: true, Val: false}})
		}
		if err := upd.Commit(); err != nil {
			return nil, false, fmt.Errorf("lakehouse: evolve schema of %s: %w", ident, err)
		}
	}
	if len(props) > 0 {
		if err := txn.SetProperties(props); err != nil {
			return nil, false, fmt.Errorf("lakehouse: set properties of %s: %w", ident, err)
		}
	}
	if orderChanged {
		if err := txn.ReplaceSortOrder(wantOrder); err != nil {
			return nil, false, fmt.Errorf("lakehouse: replace sort order of %s: %w", ident, err)
		}
	}
	next, err := txn.Commit(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("lakehouse: evolve table %s: %w", ident, err)
	}

	return next, true, nil
}

// compareSpecs requires the table's current partition spec to be the one
// the definition asks for, compared by source column name, transform and
// partition field name.
func compareSpecs(ident Ident, curSchema *iceberg.Schema, cur iceberg.PartitionSpec, wantSchema *iceberg.Schema, want iceberg.PartitionSpec) error {
	have, wnt := specSig(curSchema, cur), specSig(wantSchema, want)
	if have != wnt {
		return &IncompatibleChangeError{
			Table: ident.String(), What: "partition spec", Have: "[" + have + "]", Want: "[" + wnt + "]",
			Reason: "partition evolution is not done implicitly; create a new table or evolve it explicitly",
		}
	}

	return nil
}

func specSig(sc *iceberg.Schema, spec iceberg.PartitionSpec) string {
	parts := []string{}
	for _, f := range spec.Fields() {
		src := "?"
		if c, ok := sc.FindFieldByID(f.SourceID()); ok {
			src = c.Name
		}
		parts = append(parts, fmt.Sprintf("%s(%s) as %s", f.Transform, src, f.Name))
	}

	return strings.Join(parts, ", ")
}

func sortSig(sc *iceberg.Schema, order table.SortOrder) string {
	parts := []string{}
	for _, f := range order.Fields() {
		src := "?"
		if c, ok := sc.FindFieldByID(f.SourceID()); ok {
			src = c.Name
		}
		parts = append(parts, fmt.Sprintf("%s %s %s %s", f.Transform, src, f.Direction, f.NullOrder))
	}

	return strings.Join(parts, ", ")
}

// typeSig renders a type without field ids, so that a definition (fresh ids)
// and a table (assigned ids) compare equal when they hold the same shape.
func typeSig(t iceberg.Type) string {
	req := func(r bool) string {
		if r {
			return "!"
		}

		return ""
	}
	switch t := t.(type) {
	case *iceberg.StructType:
		parts := make([]string, len(t.FieldList))
		for i, f := range t.FieldList {
			parts[i] = f.Name + ":" + typeSig(f.Type) + req(f.Required)
		}

		return "struct<" + strings.Join(parts, ",") + ">"
	case *iceberg.ListType:
		return "list<" + typeSig(t.Element) + req(t.ElementRequired) + ">"
	case *iceberg.MapType:
		return "map<" + typeSig(t.KeyType) + "," + typeSig(t.ValueType) + req(t.ValueRequired) + ">"
	default:
		return t.String()
	}
}
