package lakehouse

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/table"
)

// ScanOptions select what a Scan reads. The zero value reads every row
// and column of the current snapshot.
type ScanOptions struct {
	// Filter keeps matching rows; files and partitions that cannot match
	// are pruned before any data is read. Nil means all rows.
	Filter iceberg.BooleanExpression
	// Columns projects the named columns, in table order; empty means all.
	Columns []string
	// SnapshotID reads the table as of that snapshot (time travel, or a
	// repeatable read of the version recorded in lineage); 0 means current.
	SnapshotID int64
	// Limit caps the number of rows; 0 means no limit.
	Limit int64
	// IgnoreMissingColumns leaves out the Columns the table's schema does
	// not have (a reader that knows columns added later), instead of
	// failing the scan. When none is left, every column is read.
	IgnoreMissingColumns bool
}

// Scan reads a table into a RecordReader. Batches are allocated from mem
// (memory.DefaultAllocator when nil). The caller owns the reader and must
// Release it; releasing early stops the scan. ctx must stay alive while
// the reader is used.
//
// Columns added to the table after a data file was written read back as
// null for that file's rows.
func (l *Lake) Scan(ctx context.Context, mem memory.Allocator, ident Ident, opts ScanOptions) (array.RecordReader, error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	tbl, err := l.LoadTable(ctx, ident)
	if err != nil {
		return nil, err
	}
	columns := opts.Columns
	if opts.IgnoreMissingColumns && len(columns) > 0 {
		sc := tbl.Schema()
		columns = slices.DeleteFunc(slices.Clone(columns), func(c string) bool {
			_, ok := sc.FindFieldByName(c)
			return !ok
		})
	}
	scanOpts := []table.ScanOption{table.WithRowFilter(opts.Filter), table.WithSelectedFields(columns...)}
	if opts.SnapshotID != 0 {
		scanOpts = append(scanOpts, table.WithSnapshotID(opts.SnapshotID))
	}
	if opts.Limit > 0 {
		scanOpts = append(scanOpts, table.WithLimit(opts.Limit))
	}
	sc, records, err := tbl.Scan(scanOpts...).ToArrowRecords(compute.WithAllocator(ctx, mem))
	if err != nil {
		return nil, fmt.Errorf("lakehouse: scan %s: %w", ident, err)
	}

	return array.ReaderFromIter(sc, records), nil
}
