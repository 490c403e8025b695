package lakehouse

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/internal/sharedtest"
)

// meeting is a record of the OpenF1 /meetings endpoint (fields we keep).
type meeting struct {
	MeetingKey  int64     `json:"meeting_key"`
	MeetingName string    `json:"meeting_name"`
	CountryName string    `json:"country_name"`
	DateStart   time.Time `json:"date_start"`
	Year        int32     `json:"year"`
}

var meetingSchema = arrow.NewSchema([]arrow.Field{
	{Name: "year", Type: arrow.PrimitiveTypes.Int32},
	{Name: "meeting_key", Type: arrow.PrimitiveTypes.Int64},
	{Name: "meeting_name", Type: arrow.BinaryTypes.String},
	{Name: "country_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "date_start", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
}, nil)

var meetingsIdent = Ident{Namespace: "silver", Name: "meetings"}

// loadMeetings reads the recorded /meetings response (70 meetings,
// 2023–2025, the API's own bytes), or skips the test without ../shared.
func loadMeetings(t testing.TB) []meeting {
	t.Helper()
	raw := sharedtest.ReadFile(t, "fixtures", "openf1", "alberto231090__database._f1", "meetings.json")
	var ms []meeting
	require.NoError(t, json.Unmarshal(raw, &ms))
	require.NotEmpty(t, ms)

	return ms
}

func meetingsReader(t testing.TB, mem memory.Allocator, ms []meeting) array.RecordReader {
	t.Helper()
	b := array.NewRecordBuilder(mem, meetingSchema)
	defer b.Release()
	for _, m := range ms {
		b.Field(0).(*array.Int32Builder).Append(m.Year)
		b.Field(1).(*array.Int64Builder).Append(m.MeetingKey)
		b.Field(2).(*array.StringBuilder).Append(m.MeetingName)
		b.Field(3).(*array.StringBuilder).Append(m.CountryName)
		b.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(m.DateStart.UnixMicro()))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(meetingSchema, []arrow.RecordBatch{rec})
	require.NoError(t, err)

	return rdr
}

func byYear(ms []meeting, year int32) []meeting {
	return slices.DeleteFunc(slices.Clone(ms), func(m meeting) bool { return m.Year != year })
}

func yearFilter(y int32) iceberg.BooleanExpression {
	return iceberg.EqualTo(iceberg.Reference("year"), y)
}

// scanMeetings returns meeting names by key.
func scanMeetings(t testing.TB, l *Lake, ident Ident) map[int64]string {
	t.Helper()
	rdr, err := l.Scan(context.Background(), memory.NewGoAllocator(), ident, ScanOptions{Columns: []string{"meeting_key", "meeting_name"}})
	require.NoError(t, err)
	defer rdr.Release()
	out := map[int64]string{}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		keys, names := rec.Column(0).(*array.Int64), rec.Column(1).(*array.String)
		for i := range int(rec.NumRows()) {
			out[keys.Value(i)] = names.Value(i)
		}
	}
	require.NoError(t, rdr.Err())

	return out
}

func TestReplaceWhereByYearOnRecordedMeetings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	all := loadMeetings(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l, dir := openTestLake(t)
	_, err := l.EnsureTable(ctx, TableDef{Namespace: "silver", Name: "meetings", Schema: meetingSchema, PartitionBy: Identity("year")})
	require.NoError(t, err)

	want := map[int64]string{}
	for _, year := range []int32{2023, 2024, 2025} {
		ms := byYear(all, year)
		rdr := meetingsReader(t, mem, ms)
		res, err := l.ReplaceWhere(ctx, meetingsIdent, yearFilter(year), rdr, PublishOptions{Allocator: mem})
		rdr.Release()
		require.NoError(t, err)
		assert.True(t, res.Changed)
		assert.Equal(t, int64(len(ms)), res.RowsWritten)
		for _, m := range ms {
			want[m.MeetingKey] = m.MeetingName
		}
	}
	require.Len(t, want, len(all), "meeting keys are unique in the recording")
	assert.Equal(t, want, scanMeetings(t, l, meetingsIdent))

	// Re-publishing a year with the same rows changes nothing.
	before := treeFiles(t, filepath.Join(dir, "warehouse"))
	rdr := meetingsReader(t, mem, byYear(all, 2024))
	res, err := l.ReplaceWhere(ctx, meetingsIdent, yearFilter(2024), rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	require.NoError(t, err)
	assert.False(t, res.Changed)
	assert.Equal(t, before, treeFiles(t, filepath.Join(dir, "warehouse")))

	// A corrected 2024 list replaces 2024 only.
	fixed := byYear(all, 2024)
	fixed[0].MeetingName += " (corrected)"
	want[fixed[0].MeetingKey] = fixed[0].MeetingName
	rdr = meetingsReader(t, mem, fixed)
	res, err = l.ReplaceWhere(ctx, meetingsIdent, yearFilter(2024), rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	require.NoError(t, err)
	assert.True(t, res.Changed)
	assert.Equal(t, 1, res.FilesRemoved)
	assert.Equal(t, 1, res.FilesAdded)
	assert.Equal(t, want, scanMeetings(t, l, meetingsIdent))

	// Rows of 2025 under a 2024 filter would survive the next replace of
	// 2024 forever: refused.
	rdr = meetingsReader(t, mem, append(byYear(all, 2024), byYear(all, 2025)[0]))
	_, err = l.ReplaceWhere(ctx, meetingsIdent, yearFilter(2024), rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	assert.ErrorIs(t, err, ErrRowsOutsideReplace)

	// A filter on a non-partition column cannot swap whole files.
	rdr = meetingsReader(t, mem, byYear(all, 2024))
	_, err = l.ReplaceWhere(ctx, meetingsIdent, iceberg.EqualTo(iceberg.Reference("country_name"), "Bahrain"), rdr, PublishOptions{Allocator: mem})
	rdr.Release()
	assert.ErrorIs(t, err, ErrFilterNotAligned)
	assert.Equal(t, want, scanMeetings(t, l, meetingsIdent), "refused publishes change nothing")
}

func TestReplaceAllOnUnpartitionedTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	all := loadMeetings(t)
	mem := memory.NewGoAllocator()
	l, _ := openTestLake(t)
	ident := Ident{Namespace: "gold", Name: "meeting_index"}
	_, err := l.EnsureTable(ctx, TableDef{Namespace: "gold", Name: "meeting_index", Schema: meetingSchema})
	require.NoError(t, err)

	publish := func(ms []meeting) *PublishResult {
		rdr := meetingsReader(t, mem, ms)
		defer rdr.Release()
		res, err := l.ReplaceAll(ctx, ident, rdr, PublishOptions{RunID: "r"})
		require.NoError(t, err)

		return res
	}
	first := publish(all)
	assert.True(t, first.Changed)
	assert.False(t, publish(all).Changed)
	// Order does not matter to the fingerprint.
	rev := slices.Clone(all)
	slices.Reverse(rev)
	assert.False(t, publish(rev).Changed)

	only2025 := byYear(all, 2025)
	res := publish(only2025)
	assert.True(t, res.Changed)
	assert.Equal(t, 1, res.FilesRemoved)
	got := scanMeetings(t, l, ident)
	assert.Len(t, got, len(only2025))
	info, err := l.Describe(ctx, ident)
	require.NoError(t, err)
	assert.Equal(t, "replace-where", info.Snapshots[len(info.Snapshots)-1].Summary[SummaryOperation])
	assert.Equal(t, "AlwaysTrue()", info.Snapshots[len(info.Snapshots)-1].Summary[SummaryFilter])
}
