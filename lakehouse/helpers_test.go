package lakehouse

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
)

// lapSchema is shaped like silver.laps: the keys every session-level table
// carries, plus a few measures with real-world nulls (OpenF1 has no
// duration for many first laps).
var lapSchema = arrow.NewSchema([]arrow.Field{
	{Name: "year", Type: arrow.PrimitiveTypes.Int32},
	{Name: "meeting_key", Type: arrow.PrimitiveTypes.Int64},
	{Name: "session_key", Type: arrow.PrimitiveTypes.Int64},
	{Name: "driver_number", Type: arrow.PrimitiveTypes.Int32},
	{Name: "lap_number", Type: arrow.PrimitiveTypes.Int32},
	{Name: "lap_duration_ms", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "compound", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

var lapsIdent = Ident{Namespace: "silver", Name: "laps"}

func lapsDef() TableDef {
	return TableDef{
		Namespace:   "silver",
		Name:        "laps",
		Schema:      lapSchema,
		PartitionBy: Identity("year", "session_key"),
		Properties:  map[string]string{"comment": "one row per driver lap"},
	}
}

// lapGen generates laps for sessions: drivers × laps rows per session.
// Values are a pure function of (session, driver, lap) plus bump[session],
// so a test knows what the table must hold.
type lapGen struct {
	drivers, laps int
	bump          map[int64]int64 // ms added to every lap of a session
}

func (g lapGen) duration(session int64, driver, lap int) (int64, bool) {
	if lap == 1 {
		return 0, false
	}

	return 80_000 + (int64(driver)*37+int64(lap)*101+session)%5_000 + g.bump[session], true
}

func compoundOf(lap int) string { return []string{"SOFT", "MEDIUM", "HARD"}[lap%3] }

// batch builds one record batch holding the given sessions in order.
func (g lapGen) batch(mem memory.Allocator, sessions ...int64) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, lapSchema)
	defer b.Release()
	for _, s := range sessions {
		for d := 1; d <= g.drivers; d++ {
			for lap := 1; lap <= g.laps; lap++ {
				b.Field(0).(*array.Int32Builder).Append(int32(2000 + s/1000))
				b.Field(1).(*array.Int64Builder).Append(s / 10)
				b.Field(2).(*array.Int64Builder).Append(s)
				b.Field(3).(*array.Int32Builder).Append(int32(d))
				b.Field(4).(*array.Int32Builder).Append(int32(lap))
				if v, ok := g.duration(s, d, lap); ok {
					b.Field(5).(*array.Int64Builder).Append(v)
				} else {
					b.Field(5).AppendNull()
				}
				b.Field(6).(*array.StringBuilder).Append(compoundOf(lap))
			}
		}
	}

	return b.NewRecordBatch()
}

// reader returns a reader over one batch per group of sessions; the caller
// releases it.
func (g lapGen) reader(t testing.TB, mem memory.Allocator, groups ...[]int64) array.RecordReader {
	t.Helper()
	recs := make([]arrow.RecordBatch, 0, len(groups))
	for _, grp := range groups {
		recs = append(recs, g.batch(mem, grp...))
	}
	rdr, err := array.NewRecordReader(lapSchema, recs)
	require.NoError(t, err)
	for _, r := range recs {
		r.Release() // the reader holds its own references
	}

	return rdr
}

// sessionStats is what a test compares per session after a scan.
type sessionStats struct {
	Rows     int64
	Nulls    int64 // null lap durations
	Duration int64 // sum of non-null lap durations
}

// expected computes the stats the generator put in a session.
func (g lapGen) expected(session int64) sessionStats {
	var st sessionStats
	for d := 1; d <= g.drivers; d++ {
		for lap := 1; lap <= g.laps; lap++ {
			st.Rows++
			if v, ok := g.duration(session, d, lap); ok {
				st.Duration += v
			} else {
				st.Nulls++
			}
		}
	}

	return st
}

// scanStats scans the laps table and aggregates per session.
func scanStats(t testing.TB, l *Lake, mem memory.Allocator, opts ScanOptions) map[int64]sessionStats {
	t.Helper()
	rdr, err := l.Scan(context.Background(), mem, lapsIdent, opts)
	require.NoError(t, err)
	defer rdr.Release()
	out := map[int64]sessionStats{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		sc := rec.Schema()
		keys := rec.Column(sc.FieldIndices("session_key")[0]).(*array.Int64)
		durs := rec.Column(sc.FieldIndices("lap_duration_ms")[0]).(*array.Int64)
		for i := range int(rec.NumRows()) {
			st := out[keys.Value(i)]
			st.Rows++
			if durs.IsNull(i) {
				st.Nulls++
			} else {
				st.Duration += durs.Value(i)
			}
			out[keys.Value(i)] = st
		}
	}
	require.NoError(t, rdr.Err())

	return out
}

// treeFiles lists every file under dir (data and metadata), sorted.
func treeFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}

		return nil
	})
	require.NoError(t, err)
	slices.Sort(out)

	return out
}

func parquetFiles(files []string) []string {
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, ".parquet") {
			out = append(out, f)
		}
	}

	return out
}

func snapshotIDsOf(t testing.TB, l *Lake, ident Ident) []int64 {
	t.Helper()
	info, err := l.Describe(context.Background(), ident)
	require.NoError(t, err)
	ids := make([]int64, len(info.Snapshots))
	for i, s := range info.Snapshots {
		ids[i] = s.ID
	}

	return ids
}

// openTestLake opens a local lake in a temp dir and returns its directory.
func openTestLake(t testing.TB) (*Lake, string) {
	t.Helper()
	dir := t.TempDir()
	l, err := OpenLocal(context.Background(), dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })

	return l, dir
}

func fileExists(p string) bool {
	_, err := os.Stat(p)

	return err == nil
}
