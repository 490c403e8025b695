package lineage

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Iceberg catalog types, spelled as iceberg-go's catalog.Load names them.
const (
	CatalogSQL    = "sql"    // database/sql catalog; SQLite by default in pitwall
	CatalogREST   = "rest"   // Iceberg REST catalog
	CatalogGlue   = "glue"   // AWS Glue Data Catalog
	CatalogHive   = "hive"   // Hive metastore
	CatalogHadoop = "hadoop" // file-system catalog
)

// IcebergCatalog describes the catalog an Iceberg table is registered in,
// as far as naming needs it. It holds no credentials the package would send:
// URIs are stripped of user info and query strings before they appear in an
// event or an error.
type IcebergCatalog struct {
	// Type is CatalogSQL, CatalogREST, CatalogGlue, CatalogHive or CatalogHadoop.
	Type string
	// Name is the catalog's configured name (iceberg-go's catalog name).
	Name string
	// URI is, for sql: the database DSN or SQLite file path; for rest: the
	// catalog URI as configured; for hive: the metastore URI.
	URI string
	// Driver is the database/sql driver of a sql catalog ("sqlite",
	// "sqlite3", "pgx", "postgres", "mysql", ...). Empty means: SQLite when
	// URI is a path or a file:/sqlite: URL.
	Driver string
	// Warehouse is the warehouse location (file:///…/lake, s3://bucket/wh).
	Warehouse string
	// GlueRegion and GlueAccountID identify a Glue catalog.
	GlueRegion, GlueAccountID string
	// SymlinkNamespace, when set, replaces the derived namespace of the
	// catalog name (for DSNs the rules below cannot read).
	SymlinkNamespace string
}

// IcebergTable describes one Iceberg table for lineage. Fill it from
// iceberg-go's table.Table: Location from tbl.Location(), SnapshotID from
// tbl.CurrentSnapshot().SnapshotID, Namespace and Table from
// tbl.Identifier().
type IcebergTable struct {
	Catalog   IcebergCatalog
	Namespace []string // e.g. ["silver"]
	Table     string   // e.g. "laps"
	// Location is the table's base location. When empty the name falls back
	// to {warehouse}/{namespace...}/{table}.
	Location string
	// SnapshotID is the current snapshot id; 0 means "no snapshot yet" and
	// leaves the version facet out.
	SnapshotID int64
	// FileFormat is the data file format; empty means "parquet".
	FileFormat string
}

// DatasetName returns the table's primary name: its physical location
// named by the file-system rules (see [LocationDataset]), which is what Spark,
// Trino and other OpenLineage producers emit for Iceberg tables.
func (t IcebergTable) DatasetName() (DatasetName, error) {
	loc := t.Location
	if loc == "" {
		if t.Catalog.Warehouse == "" {
			return DatasetName{}, fmt.Errorf("%w: iceberg table %s has neither a location nor a warehouse", ErrInvalidLocation, t.qualifiedName())
		}
		parts := append([]string{strings.TrimRight(t.Catalog.Warehouse, "/")}, t.Namespace...)
		loc = strings.Join(append(parts, t.Table), "/")
	}
	n, err := LocationDataset(loc)
	if err != nil {
		return DatasetName{}, fmt.Errorf("iceberg table %s: %w", t.qualifiedName(), err)
	}
	return n, nil
}

// qualifiedName is namespace.table, the logical name inside a catalog.
func (t IcebergTable) qualifiedName() string {
	return strings.Join(append(append([]string(nil), t.Namespace...), t.Table), ".")
}

// CatalogName returns the table's logical name in its catalog, for the
// symlinks facet (type TABLE):
//
//   - sql on SQLite: ("sqlite://" + absolute path of the database file,
//     "namespace.table"), e.g. ("sqlite:///home/me/lake/catalog.db", "silver.laps");
//   - sql on another database: (scheme://host[:port][/database] of the DSN,
//     "namespace.table");
//   - rest: (the catalog URI as configured, without user info or query,
//     "namespace.table");
//   - glue: ("arn:aws:glue:{region}:{account}", "table/{database}/{table}");
//   - hive: ("hive://host:port" of the metastore URI, "namespace.table");
//   - hadoop: (the warehouse location, "namespace.table").
func (t IcebergTable) CatalogName() (SymlinkIdentifier, error) {
	if t.Table == "" {
		return SymlinkIdentifier{}, fmt.Errorf("%w: iceberg table without a name", ErrInvalidLocation)
	}
	name := t.qualifiedName()
	ns := t.Catalog.SymlinkNamespace
	var err error
	if t.Catalog.Type == CatalogGlue {
		if t.Catalog.GlueRegion == "" || t.Catalog.GlueAccountID == "" {
			return SymlinkIdentifier{}, fmt.Errorf("%w: glue catalog needs GlueRegion and GlueAccountID", ErrInvalidLocation)
		}
		g := GlueTableName(t.Catalog.GlueRegion, t.Catalog.GlueAccountID, strings.Join(t.Namespace, "."), t.Table)
		if ns == "" {
			ns = g.Namespace
		}
		return SymlinkIdentifier{Namespace: ns, Name: g.Name, Type: "TABLE"}, nil
	}
	if ns == "" {
		ns, err = t.Catalog.namespace()
		if err != nil {
			return SymlinkIdentifier{}, fmt.Errorf("iceberg table %s: %w", name, err)
		}
	}
	return SymlinkIdentifier{Namespace: ns, Name: name, Type: "TABLE"}, nil
}

// namespace derives the symlink namespace of a non-Glue catalog.
func (c IcebergCatalog) namespace() (string, error) {
	switch c.Type {
	case CatalogSQL:
		if c.isSQLite() {
			return sqliteNamespace(c.URI)
		}
		return serverNamespace(c.URI, "")
	case CatalogREST:
		if ns := redactURI(c.URI); ns != "" {
			return ns, nil
		}
		return "", fmt.Errorf("%w: rest catalog URI is not an absolute URL", ErrInvalidLocation)
	case CatalogHive:
		return serverNamespace(c.URI, "hive")
	case CatalogHadoop:
		if ns := redactURI(c.Warehouse); ns != "" {
			return ns, nil
		}
		n, err := LocationDataset(c.Warehouse)
		if err != nil {
			return "", err
		}
		return "file://" + n.Name, nil
	default:
		if ns := redactURI(c.URI); ns != "" {
			return ns, nil
		}
		if ns := redactURI(c.Warehouse); ns != "" {
			return ns, nil
		}
		return "", fmt.Errorf("%w: catalog type %q needs a URI, a warehouse or SymlinkNamespace", ErrInvalidLocation, c.Type)
	}
}

func (c IcebergCatalog) isSQLite() bool {
	if c.Driver != "" {
		return strings.Contains(strings.ToLower(c.Driver), "sqlite")
	}
	u := strings.ToLower(c.URI)
	if strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "sqlite:") {
		return true
	}
	return !strings.Contains(u, "://") && !strings.ContainsAny(u, "=@")
}

// sqliteNamespace is pitwall's rule for SQLite catalogs: "sqlite://"
// followed by the absolute, cleaned path of the database file, so two
// catalogs in different files never share names. In-memory databases map
// to "sqlite::memory:".
func sqliteNamespace(dsn string) (string, error) {
	p := dsn
	lower := strings.ToLower(p)
	for _, prefix := range []string{"sqlite://", "sqlite:", "file://", "file:"} {
		if strings.HasPrefix(lower, prefix) {
			p = p[len(prefix):]
			break
		}
	}
	query := ""
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p, query = p[:i], p[i+1:]
	}
	if p == "" || p == ":memory:" || strings.Contains(query, "mode=memory") {
		return "sqlite::memory:", nil
	}
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%w: sqlite path: %v", ErrInvalidLocation, err)
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs
	}
	return "sqlite://" + abs, nil
}

// serverNamespace reads scheme://host[:port][/path] from a server DSN,
// optionally replacing the scheme. The DSN itself never appears in errors.
func serverNamespace(dsn, scheme string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("%w: cannot read scheme://host from the catalog URI; set IcebergCatalog.SymlinkNamespace", ErrInvalidLocation)
	}
	if scheme == "" {
		scheme = strings.ToLower(u.Scheme)
	}
	return scheme + "://" + u.Host + strings.TrimRight(u.Path, "/"), nil
}

// CatalogFacet returns the catalog facet of the table's catalog: framework
// iceberg, its type and name, metadataUri = the catalog URI (the SQLite
// namespace for SQLite) and warehouseUri, both stripped of credentials.
func (t IcebergTable) CatalogFacet() *CatalogFacet {
	name := t.Catalog.Name
	if name == "" {
		name = "default"
	}
	meta := ""
	switch {
	case t.Catalog.Type == CatalogGlue:
		if t.Catalog.GlueRegion != "" && t.Catalog.GlueAccountID != "" {
			meta = "arn:aws:glue:" + t.Catalog.GlueRegion + ":" + t.Catalog.GlueAccountID
		}
	case t.Catalog.Type == CatalogSQL && t.Catalog.isSQLite():
		meta, _ = sqliteNamespace(t.Catalog.URI)
	default:
		meta = redactURI(t.Catalog.URI)
	}
	return &CatalogFacet{
		BaseFacet:    BaseFacet{SchemaURL: SchemaURLCatalogDatasetFacet},
		Framework:    "iceberg",
		Type:         t.Catalog.Type,
		Name:         name,
		MetadataURI:  meta,
		WarehouseURI: redactURI(t.Catalog.Warehouse),
		Source:       "pitwall",
	}
}

// Facets returns the dataset facets that identify an Iceberg table:
// dataSource, symlinks (the catalog name), catalog, storage (iceberg plus
// the file format) and, when SnapshotID is set, version (the snapshot id).
// Add schema, quality and lineage facets to the result as needed.
func (t IcebergTable) Facets() (*DatasetFacets, error) {
	n, err := t.DatasetName()
	if err != nil {
		return nil, err
	}
	link, err := t.CatalogName()
	if err != nil {
		return nil, err
	}
	format := t.FileFormat
	if format == "" {
		format = "parquet"
	}
	f := &DatasetFacets{
		DataSource: n.DataSource(),
		Symlinks:   NewSymlinksFacet(link),
		Catalog:    t.CatalogFacet(),
		Storage:    NewStorageFacet("iceberg", format),
	}
	if t.SnapshotID != 0 {
		f.Version = NewDatasetVersionFacet(strconv.FormatInt(t.SnapshotID, 10))
	}
	return f, nil
}

// Input returns the table as an input dataset with the facets of [IcebergTable.Facets].
func (t IcebergTable) Input() (InputDataset, error) {
	n, err := t.DatasetName()
	if err != nil {
		return InputDataset{}, err
	}
	f, err := t.Facets()
	if err != nil {
		return InputDataset{}, err
	}
	in := n.Input()
	in.Facets = f
	return in, nil
}

// Output returns the table as an output dataset with the facets of [IcebergTable.Facets].
func (t IcebergTable) Output() (OutputDataset, error) {
	n, err := t.DatasetName()
	if err != nil {
		return OutputDataset{}, err
	}
	f, err := t.Facets()
	if err != nil {
		return OutputDataset{}, err
	}
	out := n.Output()
	out.Facets = f
	return out, nil
}
