//go:build !pitwallonly

package main

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/pitwall-f1/pitwall/gold"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/silver"
)

var (
	//go:embed sql/gold.sql
	goldSQL string
	//go:embed sql/gold_aggregates.sql
	goldAggregatesSQL string
)

// goldTables are the silver tables the gold query reads.
var goldTables = []string{silver.TableSessions, silver.TableDrivers, silver.TableLaps, silver.TableStints,
	silver.TablePitStops, silver.TableResults}

// goldDuckDB computes the same gold columns with DuckDB SQL over the
// Parquet data files the silver tables' Iceberg scan plans list (DuckDB's
// iceberg extension cannot be installed here, and reading the planned
// files is what it would do).
func goldDuckDB(ctx context.Context, d *Dataset, threads int) (*Result, error) {
	lake, err := lakehouse.OpenLocal(ctx, d.SilverDir())
	if err != nil {
		return nil, err
	}
	defer lake.Close()
	db, err := openDuck(ctx, threads)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var input int64
	secs, err := timed(func() error {
		for _, t := range goldTables {
			files, err := icebergFiles(ctx, lake, t)
			if err != nil {
				return err
			}
			if t == silver.TableLaps {
				for _, f := range files {
					input += f.rows
				}
			}
			if err := db.icebergView(ctx, "g_"+t, t, files); err != nil {
				return err
			}
		}
		script := strings.NewReplacer(
			"{{FUEL}}", strconv.FormatFloat(gold.DefaultFuelCorrection, 'g', -1, 64)+"::DOUBLE",
			"{{MIN_LAPS}}", strconv.Itoa(gold.DefaultMinDegradationLaps),
		).Replace(goldSQL)
		return db.exec(ctx, script)
	})
	if err != nil {
		return nil, err
	}
	a, rows, err := db.aggregates(ctx, goldAggregatesSQL)
	if err != nil {
		return nil, err
	}
	return &Result{Seconds: secs, InputRows: input, OutputRows: rows, Aggregates: a}, nil
}

// icebergView creates a view over a silver table's data files with the
// silver columns plus fno and rno (file and row order of the scan), or an
// empty table of the silver schema when the table has no files.
func (d *duck) icebergView(ctx context.Context, name, table string, files []icebergFile) error {
	if len(files) == 0 {
		var cols []string
		for _, f := range silver.Schema(table).Fields() {
			cols = append(cols, fmt.Sprintf("%q %s", f.Name, duckType(f.Type)))
		}
		cols = append(cols, "fno BIGINT", "rno BIGINT")
		return d.exec(ctx, fmt.Sprintf("CREATE TEMP TABLE %s (%s)", name, strings.Join(cols, ", ")))
	}
	var list, vals []string
	for i, f := range files {
		list = append(list, quote(f.path))
		vals = append(vals, fmt.Sprintf("(%s, %d)", quote(f.path), i))
	}
	return d.exec(ctx, fmt.Sprintf(`
CREATE TEMP TABLE %[1]s_files (path VARCHAR, fno BIGINT);
INSERT INTO %[1]s_files VALUES %[2]s;
CREATE TEMP VIEW %[1]s AS
SELECT r.* EXCLUDE (filename, file_row_number), f.fno, r.file_row_number AS rno
FROM read_parquet([%[3]s], filename = true, file_row_number = true, union_by_name = true) r
JOIN %[1]s_files f ON f.path = r.filename`, name, strings.Join(vals, ", "), strings.Join(list, ", ")))
}
