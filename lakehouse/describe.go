package lakehouse

import (
	"context"
	"maps"
	"time"

	"github.com/apache/iceberg-go"
)

// TableInfo is what lineage and reports need to know about a table.
type TableInfo struct {
	Ident Ident
	// Location is the table's root URL (file:///…/silver.db/laps,
	// s3://bucket/…); OpenLineage names Iceberg datasets by it.
	Location string
	// MetadataLocation is the current metadata file.
	MetadataLocation string
	// CurrentSnapshotID is 0 for a table that has never held data; it is
	// the dataset version for lineage.
	CurrentSnapshotID int64
	FormatVersion     int
	Schema            *iceberg.Schema
	Properties        map[string]string
	Snapshots         []SnapshotInfo // oldest first
}

// SnapshotInfo describes one snapshot.
type SnapshotInfo struct {
	ID        int64
	ParentID  int64 // 0 for the first snapshot
	Timestamp time.Time
	Operation string            // append, overwrite, delete, replace
	Summary   map[string]string // includes pitwall.run-id, pitwall.session-keys
}

// Describe returns the current metadata of a table.
func (l *Lake) Describe(ctx context.Context, ident Ident) (*TableInfo, error) {
	tbl, err := l.LoadTable(ctx, ident)
	if err != nil {
		return nil, err
	}
	meta := tbl.Metadata()
	info := &TableInfo{
		Ident:            ident,
		Location:         tbl.Location(),
		MetadataLocation: tbl.MetadataLocation(),
		FormatVersion:    meta.Version(),
		Schema:           tbl.Schema(),
		Properties:       maps.Clone(map[string]string(tbl.Properties())),
	}
	if s := tbl.CurrentSnapshot(); s != nil {
		info.CurrentSnapshotID = s.SnapshotID
	}
	for _, s := range meta.Snapshots() {
		si := SnapshotInfo{ID: s.SnapshotID, Timestamp: time.UnixMilli(s.TimestampMs).UTC()}
		if s.ParentSnapshotID != nil {
			si.ParentID = *s.ParentSnapshotID
		}
		if s.Summary != nil {
			si.Operation = string(s.Summary.Operation)
			si.Summary = maps.Clone(map[string]string(s.Summary.Properties))
		}
		info.Snapshots = append(info.Snapshots, si)
	}

	return info, nil
}
