package bronze

import (
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrUnknownColumn is matched by errors about a projected column the
// endpoint's bronze schema does not have.
var ErrUnknownColumn = errors.New("bronze: no such column")

// ReadOptions select what OpenPartitionWithOptions reads. The zero value
// reads every column, like OpenPartition.
type ReadOptions struct {
	// Columns are the columns to read, by bronze name (API field names and
	// the metadata columns ColumnExtra, ColumnIngestedAt, ColumnRunID,
	// ColumnRequest). Batches hold them in Schema order, whatever the order
	// here; duplicates are ignored. Empty reads every column.
	//
	// Projection is what makes a read cheap: each Parquet column is
	// decompressed and decoded separately, and a reader that never looks
	// at _request, _run_id or _extra does not pay for those strings.
	Columns []string
}

// ProjectSchema returns the schema of a projected read of an endpoint: the
// fields of Schema(ep) named in columns, in Schema order, with their
// metadata and the schema's metadata. The error matches ErrUnknownColumn
// for a name Schema(ep) lacks; an unknown endpoint is an error too.
func ProjectSchema(ep openf1.Endpoint, columns []string) (*arrow.Schema, error) {
	full := Schema(ep)
	if full == nil {
		return nil, fmt.Errorf("bronze: unknown endpoint %q", ep)
	}
	want := make(map[string]bool, len(columns))
	for _, c := range columns {
		if !full.HasField(c) {
			return nil, fmt.Errorf("%w: %s has no column %q", ErrUnknownColumn, ep, c)
		}
		want[c] = true
	}
	fields := make([]arrow.Field, 0, len(want))
	for _, f := range full.Fields() {
		if want[f.Name] {
			fields = append(fields, f)
		}
	}
	md := full.Metadata()
	return arrow.NewSchema(fields, &md), nil
}
