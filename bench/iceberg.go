package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/silver"
)

// icebergFile is one data file of a table's current snapshot.
type icebergFile struct {
	path string
	rows int64
}

// icebergFiles plans a full scan of a silver table and returns its data
// files. Delete files are refused: pitwall replaces whole files, and
// reading data files alone would be wrong with deletes.
func icebergFiles(ctx context.Context, lake *lakehouse.Lake, table string) ([]icebergFile, error) {
	tbl, err := lake.LoadTable(ctx, silver.Ident(table))
	if err != nil {
		return nil, err
	}
	tasks, err := tbl.Scan().PlanFiles(ctx)
	if err != nil {
		return nil, err
	}
	var out []icebergFile
	for _, t := range tasks {
		if len(t.DeleteFiles)+len(t.EqualityDeleteFiles)+len(t.DeletionVectorFiles) > 0 {
			return nil, fmt.Errorf("silver.%s: data file %s has delete files; the DuckDB side reads data files only", table, t.File.FilePath())
		}
		p := t.File.FilePath()
		if u, err := url.Parse(p); err == nil && u.Scheme == "file" {
			p = u.Path
		}
		out = append(out, icebergFile{path: p, rows: t.File.Count()})
	}
	return out, nil
}
