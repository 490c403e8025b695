//go:build !pitwallonly

package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/openf1"
)

// duck is one in-memory DuckDB connection. Temporary tables live on a
// connection, so everything runs on the same *sql.Conn.
type duck struct {
	db   *sql.DB
	conn *sql.Conn
}

func openDuck(ctx context.Context, threads int) (*duck, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	d := &duck{db: db, conn: conn}
	if threads > 0 {
		if err := d.exec(ctx, fmt.Sprintf("SET threads = %d", threads)); err != nil {
			d.Close()
			return nil, err
		}
	}
	// The workloads compare results, not insertion order.
	if err := d.exec(ctx, "SET preserve_insertion_order = false"); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func (d *duck) Close() error {
	d.conn.Close()
	return d.db.Close()
}

// exec runs a script of ';'-separated statements one by one, so an error
// names the statement that failed.
func (d *duck) exec(ctx context.Context, script string) error {
	for _, stmt := range splitSQL(script) {
		if _, err := d.conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("duckdb: %w\nin statement:\n%s", err, stmt)
		}
	}
	return nil
}

// aggregates runs a one-row query and returns its columns as aggregates
// named by the column aliases; the column "rows" becomes the row count.
func (d *duck) aggregates(ctx context.Context, query string) (aggs, int64, error) {
	rows, err := d.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, 0, fmt.Errorf("duckdb: %w\nin query:\n%s", err, query)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, 0, err
	}
	if !rows.Next() {
		return nil, 0, fmt.Errorf("duckdb: aggregate query returned no row")
	}
	vals := make([]sql.NullFloat64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, 0, err
	}
	var out aggs
	var n int64
	for i, c := range cols {
		if c == "rows" {
			n = int64(vals[i].Float64)
			continue
		}
		out.add(c, vals[i].Float64) // a SUM over no rows is NULL: 0, as on the Go side
	}
	return out, n, rows.Err()
}

// splitSQL splits a script on semicolons outside quotes and comments.
func splitSQL(script string) []string {
	var out []string
	var cur strings.Builder
	inQuote, inComment := false, false
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case inComment:
			if c == '\n' {
				inComment = false
				cur.WriteByte(c)
			}
			continue
		case inQuote:
			if c == '\'' {
				inQuote = false
			}
		case c == '\'':
			inQuote = true
		case c == '-' && i+1 < len(script) && script[i+1] == '-':
			inComment = true
			continue
		case c == ';':
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// quote renders a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// localDir turns a file:// URL into a directory path.
func localDir(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: DuckDB reads local files only here", rawURL)
	}
	return u.Path, nil
}

// bronzePart is one data file of a bronze partition.
type bronzePart struct {
	path       string
	sessionKey int // 0 for calendar partitions
	year       int
	fileIndex  int // position in the manifest's file list
}

// bronzeFiles lists the data files of an endpoint's partitions through
// their manifests (never by globbing), optionally for some sessions only.
func bronzeFiles(ctx context.Context, store *bronze.Store, root string, ep openf1.Endpoint, filter bronze.ManifestFilter) ([]bronzePart, int64, error) {
	ms, err := store.Manifests(ctx, ep, filter)
	if err != nil {
		return nil, 0, err
	}
	var out []bronzePart
	var rows int64
	for _, m := range ms {
		rows += m.Rows
		for i, f := range m.Files {
			out = append(out, bronzePart{path: filepath.Join(root, filepath.FromSlash(f.Path)),
				sessionKey: m.SessionKey, year: m.Year, fileIndex: i})
		}
	}
	return out, rows, nil
}

// bronzeView creates the temporary view b_<endpoint> over the files: the
// bronze columns plus part_session and part_year (the partition's keys) and
// ord, the row's position in the partition's read order (file, then row),
// which de-duplication uses as its last tie-breaker like silver does. An
// endpoint without files gets an empty table of the same shape.
func (d *duck) bronzeView(ctx context.Context, ep openf1.Endpoint, parts []bronzePart) error {
	name := "b_" + string(ep)
	if len(parts) == 0 {
		var cols []string
		for _, f := range bronze.Schema(ep).Fields() {
			cols = append(cols, fmt.Sprintf("%q %s", f.Name, duckType(f.Type)))
		}
		cols = append(cols, "part_session BIGINT", "part_year BIGINT", "ord BIGINT")
		return d.exec(ctx, fmt.Sprintf("CREATE TEMP TABLE %s (%s)", name, strings.Join(cols, ", ")))
	}
	var files, vals []string
	for _, p := range parts {
		files = append(files, quote(p.path))
		vals = append(vals, fmt.Sprintf("(%s, %d, %d, %d)", quote(p.path), p.sessionKey, p.year, p.fileIndex))
	}
	partsTable := "parts_" + string(ep)
	return d.exec(ctx, fmt.Sprintf(`
CREATE TEMP TABLE %[1]s (path VARCHAR, session_key BIGINT, year BIGINT, file_index BIGINT);
INSERT INTO %[1]s VALUES %[2]s;
CREATE TEMP VIEW %[3]s AS
SELECT r.* EXCLUDE (filename, file_row_number), p.session_key AS part_session, p.year AS part_year,
       p.file_index * 4294967296 + r.file_row_number AS ord
FROM read_parquet([%[4]s], filename = true, file_row_number = true) r
JOIN %[1]s p ON p.path = r.filename`,
		partsTable, strings.Join(vals, ", "), name, strings.Join(files, ", ")))
}

// duckType maps a bronze Arrow type to DuckDB's.
func duckType(t arrow.DataType) string {
	switch t.ID() {
	case arrow.INT64:
		return "BIGINT"
	case arrow.INT32:
		return "INTEGER"
	case arrow.FLOAT64:
		return "DOUBLE"
	case arrow.BOOL:
		return "BOOLEAN"
	case arrow.TIMESTAMP:
		return "TIMESTAMPTZ"
	case arrow.LIST:
		return duckType(t.(*arrow.ListType).Elem()) + "[]"
	default:
		return "VARCHAR"
	}
}

// duckdbVersion returns the linked DuckDB library version.
func duckdbVersion(ctx context.Context) string {
	d, err := openDuck(ctx, 1)
	if err != nil {
		return "unknown"
	}
	defer d.Close()
	var v string
	if err := d.conn.QueryRowContext(ctx, "SELECT version()").Scan(&v); err != nil {
		return "unknown"
	}
	return v
}
