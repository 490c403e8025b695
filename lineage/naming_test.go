package lineage_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitwall-f1/pitwall/lineage"
)

func TestFileDataset(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	require.NoError(t, err)
	cases := map[string]string{
		"/data/orders.csv":         "/data/orders.csv",
		"/warehouse/location/":     "/warehouse/location", // trailing slash stripped
		"/":                        "/",
		"/lake/./bronze/../silver": "/lake/silver",
		"lake/bronze":              filepath.ToSlash(filepath.Join(wd, "lake", "bronze")),
	}
	for in, want := range cases {
		got, err := lineage.FileDataset(in)
		require.NoError(t, err, in)
		assert.Equal(t, lineage.DatasetName{Namespace: "file", Name: want}, got, in)
	}
	_, err = lineage.FileDataset("")
	assert.ErrorIs(t, err, lineage.ErrInvalidLocation)
}

// TestLocationDataset follows the OpenLineage naming spec and the Java
// FilesystemDatasetUtils cases quoted in the research notes.
func TestLocationDataset(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, ns, name string }{
		{"file:///warehouse/location", "file", "/warehouse/location"},
		{"file:///warehouse/location/", "file", "/warehouse/location"},
		{"file:///", "file", "/"},
		{"file://localhost/data/x", "file", "/data/x"},
		{"file://nas01/data/x", "file://nas01", "/data/x"},
		{"/srv/lake/bronze/laps", "file", "/srv/lake/bronze/laps"},
		{"s3://bucket/warehouse/orders", "s3://bucket", "warehouse/orders"},
		{"s3://bucket/warehouse/orders/", "s3://bucket", "warehouse/orders"},
		{"s3a://bucket/warehouse/orders", "s3://bucket", "warehouse/orders"},
		{"s3n://bucket/warehouse/orders", "s3://bucket", "warehouse/orders"},
		{"s3://bucket", "s3://bucket", "/"},
		{"s3://bucket/", "s3://bucket", "/"},
		{"s3://pitwall-lake/bronze?region=eu-west-1&endpoint=http://minio:9000", "s3://pitwall-lake", "bronze"},
		{"s3://AKIAEXAMPLE:secret@bucket/key", "s3://bucket", "key"},
		{"gs://bucket/a/b", "gs://bucket", "a/b"},
		{"gcs://bucket/a/b", "gs://bucket", "a/b"},
		{"hdfs://namenode:8020/warehouse/x", "hdfs://namenode:8020", "/warehouse/x"},
		{"mem://lake/bronze/laps", "mem://lake", "bronze/laps"},
	}
	for _, tc := range cases {
		got, err := lineage.LocationDataset(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, lineage.DatasetName{Namespace: tc.ns, Name: tc.name}, got, tc.in)
	}
	for _, bad := range []string{"", "s3:///key", "gs://", "weird://"} {
		_, err := lineage.LocationDataset(bad)
		assert.ErrorIs(t, err, lineage.ErrInvalidLocation, bad)
	}
	assert.Equal(t, lineage.DatasetName{Namespace: "s3://b", Name: "/"}, lineage.S3Dataset("b", "/"))
}

func TestGlueTableName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, lineage.DatasetName{Namespace: "arn:aws:glue:eu-west-1:123456789012", Name: "table/silver/laps"},
		lineage.GlueTableName("eu-west-1", "123456789012", "silver", "laps"))
}

func TestDataSourceOfNamespaces(t *testing.T) {
	t.Parallel()
	for ns, uri := range map[string]string{
		"file":                                "file:///",
		"s3://bucket":                         "s3://bucket",
		"arn:aws:glue:eu-west-1:123456789012": "arn:aws:glue:eu-west-1:123456789012",
		"sqlite:///srv/lake/catalog.db":       "sqlite:///srv/lake/catalog.db",
		"not a uri":                           "",
	} {
		ds := lineage.DatasetName{Namespace: ns, Name: "x"}.DataSource()
		assert.Equal(t, ns, ds.Name)
		assert.Equal(t, uri, ds.URI, ns)
	}
}

func TestIcebergTableNames(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	require.NoError(t, err)
	absDB := filepath.ToSlash(filepath.Join(wd, "lake", "catalog.db"))
	sqlite := func(uri string) lineage.IcebergCatalog {
		return lineage.IcebergCatalog{Type: lineage.CatalogSQL, Name: "pitwall", URI: uri, Warehouse: "file:///srv/lake/warehouse"}
	}
	cases := []struct {
		name     string
		catalog  lineage.IcebergCatalog
		ns       []string
		table    string
		location string
		primary  lineage.DatasetName
		symlink  lineage.SymlinkIdentifier
	}{
		{"sqlite absolute path", sqlite("/srv/lake/catalog.db"), []string{"silver"}, "laps", "file:///srv/lake/warehouse/silver.db/laps",
			lineage.DatasetName{Namespace: "file", Name: "/srv/lake/warehouse/silver.db/laps"},
			lineage.SymlinkIdentifier{Namespace: "sqlite:///srv/lake/catalog.db", Name: "silver.laps", Type: "TABLE"}},
		{"sqlite relative path", sqlite("lake/catalog.db"), []string{"silver"}, "laps", "file:///srv/lake/warehouse/silver.db/laps",
			lineage.DatasetName{Namespace: "file", Name: "/srv/lake/warehouse/silver.db/laps"},
			lineage.SymlinkIdentifier{Namespace: "sqlite://" + absDB, Name: "silver.laps", Type: "TABLE"}},
		{"sqlite file: DSN with pragmas", sqlite("file:lake/catalog.db?_pragma=busy_timeout(5000)&_txlock=immediate"), []string{"silver"}, "laps", "/srv/lake/warehouse/silver.db/laps",
			lineage.DatasetName{Namespace: "file", Name: "/srv/lake/warehouse/silver.db/laps"},
			lineage.SymlinkIdentifier{Namespace: "sqlite://" + absDB, Name: "silver.laps", Type: "TABLE"}},
		{"sqlite URL", sqlite("sqlite:///srv/lake/catalog.db"), []string{"gold"}, "session_summary", "s3://pitwall-lake/warehouse/gold/session_summary",
			lineage.DatasetName{Namespace: "s3://pitwall-lake", Name: "warehouse/gold/session_summary"},
			lineage.SymlinkIdentifier{Namespace: "sqlite:///srv/lake/catalog.db", Name: "gold.session_summary", Type: "TABLE"}},
		{"sqlite in memory", sqlite("file::memory:?cache=shared"), []string{"silver"}, "laps", "file:///tmp/wh/silver/laps",
			lineage.DatasetName{Namespace: "file", Name: "/tmp/wh/silver/laps"},
			lineage.SymlinkIdentifier{Namespace: "sqlite::memory:", Name: "silver.laps", Type: "TABLE"}},
		{"postgres catalog", lineage.IcebergCatalog{Type: lineage.CatalogSQL, Driver: "pgx", URI: "postgres://iceberg:pw-3141@db.internal:5432/catalog?sslmode=disable"},
			[]string{"silver"}, "laps", "s3://pitwall-lake/warehouse/silver/laps",
			lineage.DatasetName{Namespace: "s3://pitwall-lake", Name: "warehouse/silver/laps"},
			lineage.SymlinkIdentifier{Namespace: "postgres://db.internal:5432/catalog", Name: "silver.laps", Type: "TABLE"}},
		// The Spark integration's REST test: namespace = catalog URI, name = db.table.
		{"rest catalog", lineage.IcebergCatalog{Type: lineage.CatalogREST, URI: "http://rest-host:8080"},
			[]string{"database"}, "table", "s3://wh-bucket/warehouse/database/table",
			lineage.DatasetName{Namespace: "s3://wh-bucket", Name: "warehouse/database/table"},
			lineage.SymlinkIdentifier{Namespace: "http://rest-host:8080", Name: "database.table", Type: "TABLE"}},
		{"rest catalog with credentials", lineage.IcebergCatalog{Type: lineage.CatalogREST, URI: "https://svc:tok-2718@polaris.example.com/api/catalog"},
			[]string{"database"}, "table", "s3://wh-bucket/warehouse/database/table",
			lineage.DatasetName{Namespace: "s3://wh-bucket", Name: "warehouse/database/table"},
			lineage.SymlinkIdentifier{Namespace: "https://polaris.example.com/api/catalog", Name: "database.table", Type: "TABLE"}},
		{"glue catalog", lineage.IcebergCatalog{Type: lineage.CatalogGlue, GlueRegion: "us-east-1", GlueAccountID: "123456789012"},
			[]string{"database"}, "table", "s3://wh-bucket/warehouse/database/table",
			lineage.DatasetName{Namespace: "s3://wh-bucket", Name: "warehouse/database/table"},
			lineage.SymlinkIdentifier{Namespace: "arn:aws:glue:us-east-1:123456789012", Name: "table/database/table", Type: "TABLE"}},
		{"hive catalog", lineage.IcebergCatalog{Type: lineage.CatalogHive, URI: "thrift://metastore:9083"},
			[]string{"db"}, "table", "hdfs://nn:8020/warehouse/db/table",
			lineage.DatasetName{Namespace: "hdfs://nn:8020", Name: "/warehouse/db/table"},
			lineage.SymlinkIdentifier{Namespace: "hive://metastore:9083", Name: "db.table", Type: "TABLE"}},
		// No location yet: {warehouse}/{namespace}/{table}, as the notes prescribe.
		{"no location", lineage.IcebergCatalog{Type: lineage.CatalogHadoop, Warehouse: "s3://wh-bucket/warehouse"},
			[]string{"db"}, "table", "",
			lineage.DatasetName{Namespace: "s3://wh-bucket", Name: "warehouse/db/table"},
			lineage.SymlinkIdentifier{Namespace: "s3://wh-bucket/warehouse", Name: "db.table", Type: "TABLE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tbl := lineage.IcebergTable{Catalog: tc.catalog, Namespace: tc.ns, Table: tc.table, Location: tc.location, SnapshotID: 42}
			got, err := tbl.DatasetName()
			require.NoError(t, err)
			assert.Equal(t, tc.primary, got)
			link, err := tbl.CatalogName()
			require.NoError(t, err)
			assert.Equal(t, tc.symlink, link)

			facets, err := tbl.Facets()
			require.NoError(t, err)
			assert.Equal(t, []lineage.SymlinkIdentifier{tc.symlink}, facets.Symlinks.Identifiers)
			assert.Equal(t, "42", facets.Version.DatasetVersion)
			assert.Equal(t, "iceberg", facets.Storage.StorageLayer)
			assert.Equal(t, "parquet", facets.Storage.FileFormat)
			assert.Equal(t, "iceberg", facets.Catalog.Framework)
			assert.Equal(t, tc.catalog.Type, facets.Catalog.Type)
			for _, s := range []string{facets.Catalog.MetadataURI, facets.Catalog.WarehouseURI, link.Namespace} {
				assert.NotContains(t, s, "pw-3141")
				assert.NotContains(t, s, "tok-2718")
			}
		})
	}
}

func TestIcebergTableErrors(t *testing.T) {
	t.Parallel()
	base := lineage.IcebergTable{Namespace: []string{"silver"}, Table: "laps", Location: "file:///wh/silver/laps"}

	glue := base
	glue.Catalog = lineage.IcebergCatalog{Type: lineage.CatalogGlue, GlueRegion: "eu-west-1"}
	_, err := glue.CatalogName()
	assert.ErrorIs(t, err, lineage.ErrInvalidLocation, "glue needs an account id")

	mysql := base
	mysql.Catalog = lineage.IcebergCatalog{Type: lineage.CatalogSQL, Driver: "mysql", URI: "iceberg:pw-1618@tcp(db:3306)/catalog"}
	_, err = mysql.CatalogName()
	require.ErrorIs(t, err, lineage.ErrInvalidLocation)
	assert.NotContains(t, err.Error(), "pw-1618", "a DSN never appears in an error")
	mysql.Catalog.SymlinkNamespace = "mysql://db:3306/catalog"
	link, err := mysql.CatalogName()
	require.NoError(t, err)
	assert.Equal(t, "mysql://db:3306/catalog", link.Namespace)

	noPlace := lineage.IcebergTable{Table: "laps", Catalog: lineage.IcebergCatalog{Type: lineage.CatalogREST, URI: "http://rest"}}
	_, err = noPlace.DatasetName()
	assert.True(t, errors.Is(err, lineage.ErrInvalidLocation))

	f, err := base.Facets()
	assert.Error(t, err, "a table without a catalog type cannot be named in a catalog")
	assert.Nil(t, f)

	noSnap := base
	noSnap.Catalog = lineage.IcebergCatalog{Type: lineage.CatalogREST, URI: "http://rest"}
	f, err = noSnap.Facets()
	require.NoError(t, err)
	assert.Nil(t, f.Version, "no snapshot, no version facet")
}
