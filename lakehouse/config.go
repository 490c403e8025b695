package lakehouse

import (
	"database/sql"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/iceberg-go"
	icebergio "github.com/apache/iceberg-go/io"
)

// Catalog types understood by Open.
const (
	TypeSQL  = "sql"  // iceberg-go SQL catalog; SQLite by default (pure Go, no cgo)
	TypeREST = "rest" // Iceberg REST catalog (Polaris, Nessie, Tabular, Unity, Lakekeeper, ...)
	TypeGlue = "glue" // AWS Glue Data Catalog
)

// Defaults used when a property is not given.
const (
	// DefaultCatalogName is the catalog name recorded in the SQL catalog's
	// rows and used as the OpenLineage symlink namespace.
	DefaultCatalogName = "pitwall"
	// DefaultLocalDir is where the zero-configuration lake lives, relative
	// to the working directory: DefaultLocalDir/catalog.db and
	// DefaultLocalDir/warehouse.
	DefaultLocalDir = "lake"

	defaultSQLDriver  = "sqliteshim"
	defaultSQLDialect = "sqlite"
)

// Property keys with a meaning in this package. All other keys are passed
// to iceberg-go unchanged (for example "s3.endpoint", "s3.region",
// "s3.access-key-id", "s3.secret-access-key", "s3.force-virtual-addressing",
// "glue.endpoint", "rest.sigv4-enabled", "prefix", "scope").
const (
	PropType       = "type"        // sql | rest | glue (default sql)
	PropName       = "name"        // catalog name (default "pitwall")
	PropURI        = "uri"         // sql: database file or DSN; rest: base URL
	PropWarehouse  = "warehouse"   // file:///abs/dir, s3://bucket/prefix
	PropRegion     = "region"      // shorthand: fills glue.region and s3.region when absent
	PropToken      = "token"       // rest: bearer token
	PropCredential = "credential"  // rest: OAuth2 client credential "id:secret"
	PropSQLDriver  = "sql.driver"  // sql: database/sql driver name (default sqliteshim)
	PropSQLDialect = "sql.dialect" // sql: sqlite | postgres | mysql | mssql | oracle (default sqlite)
	PropGlueRegion = "glue.region" // glue: AWS region of the Data Catalog
)

// Config says which catalog to open and how. Props are iceberg-go catalog
// and FileIO properties; the catalog passes them on to the FileIO of every
// table, which is how S3 credentials reach the data files.
type Config struct {
	Type  string             // TypeSQL, TypeREST or TypeGlue
	Name  string             // catalog name; DefaultCatalogName when empty
	Props iceberg.Properties // "uri", "warehouse", "s3.*", "glue.*", ...
}

// ConfigFromProperties builds a Config from flat key/value properties, as
// found in a YAML file or environment, and validates it.
//
// "type" defaults to "sql" and "name" to "pitwall". For the SQL catalog,
// "sql.driver" defaults to "sqliteshim" and "sql.dialect" to "sqlite"; when
// neither "uri" nor "warehouse" is given the local lake under ./lake is used
// (./lake/catalog.db and file://<abs>/lake/warehouse). A "uri" without a
// "warehouse" is an error rather than a guess. A warehouse given as a plain
// path becomes an absolute file:// URL. "region" is shorthand for
// "glue.region" and "s3.region".
func ConfigFromProperties(props map[string]string) (Config, error) {
	p := iceberg.Properties(maps.Clone(props))
	if p == nil {
		p = iceberg.Properties{}
	}
	cfg := Config{Type: strings.ToLower(strings.TrimSpace(p[PropType])), Name: p[PropName]}
	delete(p, PropType)
	delete(p, PropName)
	if cfg.Type == "" {
		cfg.Type = TypeSQL
	}
	if cfg.Name == "" {
		cfg.Name = DefaultCatalogName
	}
	if r := p[PropRegion]; r != "" {
		delete(p, PropRegion)
		setDefault(p, PropGlueRegion, r)
		setDefault(p, icebergio.S3Region, r)
	}

	if cfg.Type == TypeSQL {
		setDefault(p, PropSQLDriver, defaultSQLDriver)
		setDefault(p, PropSQLDialect, defaultSQLDialect)
		if p[PropURI] == "" && p[PropWarehouse] == "" {
			abs, err := filepath.Abs(DefaultLocalDir)
			if err != nil {
				return Config{}, &ConfigError{Key: PropURI, Reason: "cannot resolve the default ./lake directory: " + err.Error()}
			}
			p[PropURI] = filepath.Join(abs, "catalog.db")
			p[PropWarehouse] = fileURL(filepath.Join(abs, "warehouse"))
		}
	}
	if w := p[PropWarehouse]; w != "" && !strings.Contains(w, "://") {
		abs, err := filepath.Abs(w)
		if err != nil {
			return Config{}, &ConfigError{Key: PropWarehouse, Reason: "cannot resolve local path: " + err.Error()}
		}
		p[PropWarehouse] = fileURL(abs)
	}
	cfg.Props = p

	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}

	return cfg, nil
}

// LocalConfig is the configuration of a self-contained lake in dir: a
// SQLite catalog at dir/catalog.db and a warehouse at file://dir/warehouse.
func LocalConfig(dir string) (Config, error) {
	if dir == "" {
		return Config{}, &ConfigError{Key: "dir", Reason: "local lake directory is empty"}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Config{}, &ConfigError{Key: "dir", Reason: err.Error()}
	}

	return ConfigFromProperties(map[string]string{
		PropType:      TypeSQL,
		PropURI:       filepath.Join(abs, "catalog.db"),
		PropWarehouse: fileURL(filepath.Join(abs, "warehouse")),
	})
}

// Validate checks that the configuration names a known catalog type and
// carries the properties that type needs. Errors are *ConfigError values
// naming the property; they never include property values.
func (c Config) Validate() error {
	p := c.Props
	switch c.Type {
	case TypeSQL:
		if p[PropURI] == "" {
			return &ConfigError{Key: PropURI, Reason: "the sql catalog needs a database (a SQLite file path or a DSN)"}
		}
		if p[PropURI] == ":memory:" || strings.Contains(p[PropURI], "mode=memory") {
			return &ConfigError{Key: PropURI, Reason: "an in-memory SQLite database lives in one connection only; use a file"}
		}
		dialect := strings.ToLower(p[PropSQLDialect])
		if dialect == "" {
			return &ConfigError{Key: PropSQLDialect, Reason: "missing (sqlite, postgres, mysql, mssql or oracle)"}
		}
		if !slices.Contains([]string{"sqlite", "postgres", "mysql", "mssql", "oracle"}, dialect) {
			return &ConfigError{Key: PropSQLDialect, Reason: "unsupported dialect (want sqlite, postgres, mysql, mssql or oracle)"}
		}
		driver := p[PropSQLDriver]
		if driver == "" {
			return &ConfigError{Key: PropSQLDriver, Reason: "missing database/sql driver name"}
		}
		if !slices.Contains(sql.Drivers(), driver) {
			return &ConfigError{Key: PropSQLDriver, Reason: fmt.Sprintf(
				"database/sql driver %q is not registered: add a blank import of its package to your main "+
					"(e.g. _ \"github.com/jackc/pgx/v5/stdlib\" for \"pgx\")", driver)}
		}
		if err := validateWarehouse(p[PropWarehouse], true); err != nil {
			return err
		}
	case TypeREST:
		raw := p[PropURI]
		if raw == "" {
			return &ConfigError{Key: PropURI, Reason: "the rest catalog needs the catalog base URL (e.g. https://catalog.example.com/api/catalog)"}
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Key: PropURI, Reason: "must be an http(s) URL with a host"}
		}
		if p[PropToken] != "" && p[PropCredential] != "" {
			return &ConfigError{Key: PropCredential, Reason: "give either a bearer token or an OAuth2 credential, not both"}
		}
		// The REST server may choose the warehouse itself; only check its form.
		if err := validateWarehouse(p[PropWarehouse], false); err != nil {
			return err
		}
	case TypeGlue:
		if p[PropGlueRegion] == "" {
			return &ConfigError{Key: PropGlueRegion, Reason: "the glue catalog needs an AWS region (glue.region, or region)"}
		}
		if err := validateWarehouse(p[PropWarehouse], true); err != nil {
			return err
		}
		if u, _ := url.Parse(p[PropWarehouse]); u == nil || !isS3Scheme(u.Scheme) {
			return &ConfigError{Key: PropWarehouse, Reason: "the glue catalog needs an s3://bucket/prefix warehouse"}
		}
	case "":
		return &ConfigError{Key: PropType, Reason: "missing catalog type (sql, rest or glue)"}
	default:
		return &ConfigError{Key: PropType, Reason: fmt.Sprintf("unknown catalog type %q (supported: sql, rest, glue)", c.Type)}
	}

	return validateS3Props(p)
}

// String describes the configuration with every secret redacted, for logs.
func (c Config) String() string {
	keys := slices.Sorted(maps.Keys(c.Props))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := c.Props[k]
		if isSecretKey(k) {
			v = "REDACTED"
		} else if k == PropURI {
			v = redactURL(v)
		}
		parts = append(parts, k+"="+v)
	}

	return fmt.Sprintf("%s catalog %q {%s}", c.Type, c.name(), strings.Join(parts, ", "))
}

func (c Config) name() string {
	if c.Name == "" {
		return DefaultCatalogName
	}

	return c.Name
}

func validateWarehouse(w string, required bool) error {
	if w == "" {
		if required {
			return &ConfigError{Key: PropWarehouse, Reason: "missing warehouse location (file:///abs/dir or s3://bucket/prefix)"}
		}

		return nil
	}
	u, err := url.Parse(w)
	if err != nil || u.Scheme == "" {
		return &ConfigError{Key: PropWarehouse, Reason: "must be a URL such as file:///abs/dir or s3://bucket/prefix"}
	}
	switch {
	case u.Scheme == "file":
		if (u.Host != "" && u.Host != "localhost") || !strings.HasPrefix(u.Path, "/") {
			return &ConfigError{Key: PropWarehouse, Reason: "a file:// warehouse must be an absolute path"}
		}
	case isS3Scheme(u.Scheme):
		if u.Host == "" {
			return &ConfigError{Key: PropWarehouse, Reason: "an s3:// warehouse needs a bucket (s3://bucket/prefix)"}
		}
	default:
		if !slices.Contains(icebergio.GetRegisteredSchemes(), u.Scheme) {
			hint := "no FileIO is registered for scheme " + strconv.Quote(u.Scheme)
			switch u.Scheme {
			case "gs":
				hint += `: add _ "github.com/apache/iceberg-go/io/gocloud/gcs" to your imports`
			case "abfs", "abfss", "wasb", "wasbs":
				hint += `: add _ "github.com/apache/iceberg-go/io/gocloud/azure" to your imports`
			}

			return &ConfigError{Key: PropWarehouse, Reason: hint}
		}
	}

	return nil
}

func validateS3Props(p iceberg.Properties) error {
	if v, ok := p[icebergio.S3ForceVirtualAddressing]; ok {
		if _, err := strconv.ParseBool(v); err != nil {
			return &ConfigError{Key: icebergio.S3ForceVirtualAddressing, Reason: "must be true or false"}
		}
	}
	if v := p[icebergio.S3EndpointURL]; v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &ConfigError{Key: icebergio.S3EndpointURL, Reason: "must be an http(s) URL with a host"}
		}
	}
	if (p[icebergio.S3AccessKeyID] == "") != (p[icebergio.S3SecretAccessKey] == "") {
		return &ConfigError{Key: icebergio.S3AccessKeyID, Reason: "s3.access-key-id and s3.secret-access-key must be given together"}
	}

	return nil
}

func isS3Scheme(s string) bool { return s == "s3" || s == "s3a" || s == "s3n" }

func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"secret", "token", "credential", "password", "key-id", "jsonkey", "keypath", "sas-token", "connection-string", "account.key"} {
		if strings.Contains(k, s) {
			return true
		}
	}

	return false
}

// redactURL hides the user info of a URL or DSN ("postgres://u:p@h/db").
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = url.User("REDACTED")

	return u.String()
}

func setDefault(p iceberg.Properties, k, v string) {
	if p[k] == "" {
		p[k] = v
	}
}

func fileURL(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}
