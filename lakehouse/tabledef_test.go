package lakehouse

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withTyreAge is lapSchema plus a nullable tyre_age column, as a later
// silver version might add.
func withTyreAge(sc *arrow.Schema) *arrow.Schema {
	fields := append(sc.Fields(), arrow.Field{Name: "tyre_age", Type: arrow.PrimitiveTypes.Int32, Nullable: true})

	return arrow.NewSchema(fields, nil)
}

// tyreAgeReader builds laps of one session with tyre_age = lap number.
func tyreAgeReader(t testing.TB, mem memory.Allocator, g lapGen, session int64) array.RecordReader {
	t.Helper()
	base := g.batch(mem, session)
	defer base.Release()
	b := array.NewInt32Builder(mem)
	defer b.Release()
	laps := base.Column(4).(*array.Int32)
	for i := range laps.Len() {
		b.Append(laps.Value(i))
	}
	age := b.NewArray()
	defer age.Release()
	cols := append(base.Columns(), age)
	rec := array.NewRecordBatch(withTyreAge(lapSchema), cols, base.NumRows())
	defer rec.Release()
	rdr, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	require.NoError(t, err)

	return rdr
}

func TestEnsureTableCreatesWithSpecSortAndProperties(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, dir := openTestLake(t)
	def := lapsDef()
	def.SortBy = []SortField{{Column: "driver_number"}, {Column: "lap_number", Descending: true}}

	tbl, err := l.EnsureTable(ctx, def)
	require.NoError(t, err)
	assert.Equal(t, "identity(year) as year, identity(session_key) as session_key", specSig(tbl.Schema(), tbl.Spec()))
	assert.Equal(t, "identity driver_number asc nulls-first, identity lap_number desc nulls-last", sortSig(tbl.Schema(), tbl.SortOrder()))
	assert.Equal(t, "one row per driver lap", tbl.Properties()["comment"])
	assert.Contains(t, tbl.Location(), "file://"+dir+"/warehouse/silver.db/laps")
	key, ok := tbl.Schema().FindFieldByName("session_key")
	require.True(t, ok)
	assert.True(t, key.Required, "non-nullable Arrow fields become required columns")
	dur, _ := tbl.Schema().FindFieldByName("lap_duration_ms")
	assert.False(t, dur.Required)

	// Idempotent: the same definition changes nothing.
	before := tbl.MetadataLocation()
	again, err := l.EnsureTable(ctx, def)
	require.NoError(t, err)
	assert.Equal(t, before, again.MetadataLocation())
}

func TestEnsureTableEvolvesSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)

	gen := lapGen{drivers: 2, laps: 3}
	rdr := gen.reader(t, mem, []int64{24001})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001}, rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	require.NoError(t, err)

	v2 := lapsDef()
	v2.Schema = withTyreAge(lapSchema)
	v2.Properties = map[string]string{"comment": "one row per driver lap", "pitwall.definition.tyre_age": "laps on the tyre"}
	tbl, err := l.EnsureTable(ctx, v2)
	require.NoError(t, err)
	age, ok := tbl.Schema().FindFieldByName("tyre_age")
	require.True(t, ok)
	assert.False(t, age.Required)
	assert.Equal(t, "laps on the tyre", tbl.Properties()["pitwall.definition.tyre_age"])
	assert.Contains(t, tbl.Properties()[table.DefaultNameMappingKey], `"names":["tyre_age"]`,
		"the name mapping follows the schema")

	rdr = tyreAgeReader(t, mem, gen, 24002)
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24002}, rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	require.NoError(t, err)

	scan, err := l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: []string{"session_key", "lap_number", "tyre_age"}})
	require.NoError(t, err)
	defer scan.Release()
	nulls, values := map[int64]int{}, map[int64]int{}
	for scan.Next() {
		rec := scan.RecordBatch()
		require.Equal(t, []string{"session_key", "lap_number", "tyre_age"}, fieldNames(rec.Schema()))
		keys, laps, ages := rec.Column(0).(*array.Int64), rec.Column(1).(*array.Int32), rec.Column(2).(*array.Int32)
		for i := range int(rec.NumRows()) {
			if ages.IsNull(i) {
				nulls[keys.Value(i)]++

				continue
			}
			values[keys.Value(i)]++
			assert.Equal(t, laps.Value(i), ages.Value(i))
		}
	}
	require.NoError(t, scan.Err())
	assert.Equal(t, map[int64]int{24001: 6}, nulls, "rows written before the column existed read back null")
	assert.Equal(t, map[int64]int{24002: 6}, values)

	// Going back to v1 drops nothing.
	tbl, err = l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	_, ok = tbl.Schema().FindFieldByName("tyre_age")
	assert.True(t, ok, "columns missing from a definition are kept")
}

func TestEnsureTableRefusesIncompatibleChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l, _ := openTestLake(t)
	tbl, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)

	retyped := lapsDef()
	fields := lapSchema.Fields()
	fields[5].Type = arrow.PrimitiveTypes.Float64 // lap_duration_ms long → double
	retyped.Schema = arrow.NewSchema(fields, nil)
	_, err = l.EnsureTable(ctx, retyped)
	var ice *IncompatibleChangeError
	require.ErrorAs(t, err, &ice)
	assert.ErrorIs(t, err, ErrIncompatibleChange)
	assert.Equal(t, `column "lap_duration_ms"`, ice.What)
	assert.Equal(t, "long", ice.Have)
	assert.Equal(t, "double", ice.Want)

	repartitioned := lapsDef()
	repartitioned.PartitionBy = Identity("session_key")
	_, err = l.EnsureTable(ctx, repartitioned)
	require.ErrorAs(t, err, &ice)
	assert.Equal(t, "partition spec", ice.What)

	now, err := l.LoadTable(ctx, lapsIdent)
	require.NoError(t, err)
	assert.Equal(t, tbl.MetadataLocation(), now.MetadataLocation(), "a refused definition changes nothing")
}

func TestTableDefValidation(t *testing.T) {
	t.Parallel()
	ok := lapsDef()
	cases := map[string]func(*TableDef){
		"no namespace":        func(d *TableDef) { d.Namespace = "" },
		"dotted namespace":    func(d *TableDef) { d.Namespace = "a.b" },
		"no schema":           func(d *TableDef) { d.Schema = nil },
		"unknown partition":   func(d *TableDef) { d.PartitionBy = Identity("season") },
		"unknown sort column": func(d *TableDef) { d.SortBy = []SortField{{Column: "x"}} },
		"reserved property":   func(d *TableDef) { d.Properties = map[string]string{fingerprintPrefix + "x": "1"} },
	}
	for name, mutate := range cases {
		d := ok
		mutate(&d)
		assert.ErrorIs(t, d.Validate(), ErrInvalidInput, name)
	}
	bad := lapsDef()
	bad.PartitionBy = []PartitionField{{Column: "year", Transform: "bucket[x]"}}
	_, err := bad.partitionSpec(iceberg.NewSchema(0))
	assert.ErrorIs(t, err, ErrInvalidInput)

	day := PartitionField{Column: "date_start", Transform: "day"}
	_, name, err := day.resolve()
	require.NoError(t, err)
	assert.Equal(t, "date_start_day", name)
}

func fieldNames(sc *arrow.Schema) []string {
	out := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		out[i] = f.Name
	}

	return out
}
