package lakehouse

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScanFilterProjectionLimitAndErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)

	// An empty table scans to no rows but a known schema.
	rdr, err := l.Scan(ctx, mem, lapsIdent, ScanOptions{})
	require.NoError(t, err)
	assert.Equal(t, fieldNames(lapSchema), fieldNames(rdr.Schema()))
	assert.False(t, rdr.Next())
	require.NoError(t, rdr.Err())
	rdr.Release()

	gen := lapGen{drivers: 4, laps: 5}
	in := gen.reader(t, mem, []int64{24001, 24002, 24003})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002, 24003}, in, PublishOptions{Allocator: mem})
	in.Release()
	require.NoError(t, err)

	// Filter on a partition column and on a data column.
	got := scanStats(t, l, mem, ScanOptions{Filter: iceberg.NewAnd(
		iceberg.IsIn(iceberg.Reference("session_key"), int64(24001), int64(24003)),
		iceberg.EqualTo(iceberg.Reference("driver_number"), int32(2)),
	)})
	assert.Equal(t, map[int64]sessionStats{24001: driverStats(gen, 24001, 2), 24003: driverStats(gen, 24003, 2)}, got)

	rdr, err = l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: []string{"session_key"}, Limit: 7})
	require.NoError(t, err)
	var rows int64
	for rdr.Next() {
		assert.Equal(t, []string{"session_key"}, fieldNames(rdr.RecordBatch().Schema()))
		rows += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	rdr.Release()
	assert.Equal(t, int64(7), rows)

	// Releasing a reader before the end stops the scan cleanly.
	rdr, err = l.Scan(ctx, mem, lapsIdent, ScanOptions{})
	require.NoError(t, err)
	require.True(t, rdr.Next())
	rdr.Release()

	_, err = l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: []string{"no_such_column"}})
	assert.ErrorContains(t, err, "no_such_column")
	_, err = l.Scan(ctx, mem, Ident{Namespace: "silver", Name: "stints"}, ScanOptions{})
	assert.ErrorIs(t, err, catalog.ErrNoSuchTable)
}

// driverStats is the generator's content for one driver of a session.
func driverStats(g lapGen, session int64, driver int) sessionStats {
	var st sessionStats
	for lap := 1; lap <= g.laps; lap++ {
		st.Rows++
		if v, ok := g.duration(session, driver, lap); ok {
			st.Duration += v
		} else {
			st.Nulls++
		}
	}

	return st
}
