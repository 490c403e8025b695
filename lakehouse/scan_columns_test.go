package lakehouse

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanIgnoreMissingColumns reads columns a table has next to one it
// does not: without the option the scan fails naming the column; with it
// the missing one is left out and the rest read as without it.
func TestScanIgnoreMissingColumns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l, _ := openTestLake(t)
	_, err := l.EnsureTable(ctx, lapsDef())
	require.NoError(t, err)
	gen := lapGen{drivers: 3, laps: 4}
	in := gen.reader(t, mem, []int64{24001, 24002})
	_, err = l.ReplaceSessions(ctx, lapsIdent, []int64{24001, 24002}, in, PublishOptions{Allocator: mem})
	in.Release()
	require.NoError(t, err)

	cols := []string{"session_key", "added_later", "driver_number"}
	_, err = l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: cols})
	assert.ErrorContains(t, err, "added_later")

	rdr, err := l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: cols, IgnoreMissingColumns: true})
	require.NoError(t, err)
	var rows int64
	for rdr.Next() {
		assert.Equal(t, []string{"session_key", "driver_number"}, fieldNames(rdr.RecordBatch().Schema()))
		rows += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err())
	rdr.Release()
	assert.Equal(t, int64(2*3*4), rows)

	// nothing left: every column
	rdr, err = l.Scan(ctx, mem, lapsIdent, ScanOptions{Columns: []string{"added_later"}, IgnoreMissingColumns: true})
	require.NoError(t, err)
	assert.Equal(t, fieldNames(lapSchema), fieldNames(rdr.Schema()))
	rdr.Release()
}
