package lakehouse

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	"github.com/apache/iceberg-go/table"

	// Catalog backends and the S3 FileIO register themselves with
	// iceberg-go; importing them here makes every documented Config work
	// without extra imports in user code.
	_ "github.com/apache/iceberg-go/catalog/glue"
	_ "github.com/apache/iceberg-go/catalog/rest"
	_ "github.com/apache/iceberg-go/catalog/sql"
	_ "github.com/apache/iceberg-go/io/gocloud/s3"
	// Pure-Go SQLite (modernc.org/sqlite) on the usual platforms; no cgo.
	_ "github.com/uptrace/bun/driver/sqliteshim"
)

// sqlitePragmas make the SQLite catalog safe for several writers (goroutines
// or processes): WAL lets readers proceed during a commit, busy_timeout
// waits for the lock instead of failing with "database is locked", and
// immediate transactions take the write lock up front so two commits never
// deadlock upgrading a read lock.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"

// Lake is an open Iceberg catalog plus the publishing rules of pitwall:
// tables ensured from definitions, atomic idempotent replaces, scans and
// maintenance. A Lake is safe for concurrent use; state lives in the
// catalog, not in the Lake.
type Lake struct {
	cat catalog.Catalog
	cfg Config

	// beforeCommit, when set (tests only), runs after a publish attempt has
	// loaded the table and staged its transaction, right before the commit.
	beforeCommit func(ident Ident, attempt int)
}

// Open connects to the catalog described by cfg. For the SQL catalog on
// SQLite it creates the database directory and the catalog tables when
// they do not exist yet. Close the Lake when done.
func Open(ctx context.Context, cfg Config) (*Lake, error) {
	if cfg.Name == "" {
		cfg.Name = DefaultCatalogName
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	props := maps.Clone(cfg.Props)
	props[PropType] = cfg.Type

	if cfg.Type == TypeSQL && strings.EqualFold(props[PropSQLDialect], "sqlite") {
		dsn, err := sqliteDSN(props[PropURI])
		if err != nil {
			return nil, err
		}
		props[PropURI] = dsn
	}
	if w, err := url.Parse(props[PropWarehouse]); err == nil && w.Scheme == "file" {
		if err := os.MkdirAll(filepath.FromSlash(w.Path), 0o755); err != nil {
			return nil, fmt.Errorf("lakehouse: create warehouse directory: %w", err)
		}
	}

	cat, err := catalog.Load(ctx, cfg.Name, props)
	if err != nil {
		return nil, fmt.Errorf("lakehouse: open %s catalog %q: %w", cfg.Type, cfg.Name, err)
	}

	return &Lake{cat: cat, cfg: cfg}, nil
}

// OpenLocal opens (creating if needed) a self-contained lake in dir: a
// SQLite catalog at dir/catalog.db and a warehouse at file://dir/warehouse.
// It needs nothing installed and no cgo.
func OpenLocal(ctx context.Context, dir string) (*Lake, error) {
	cfg, err := LocalConfig(dir)
	if err != nil {
		return nil, err
	}

	return Open(ctx, cfg)
}

// sqliteDSN turns a SQLite file path into a DSN with the pragmas above and
// creates its directory. A DSN that already has a query string is used as
// given: its author chose the pragmas.
func sqliteDSN(uri string) (string, error) {
	if strings.Contains(uri, "?") {
		return uri, nil
	}
	path := strings.TrimPrefix(uri, "file:")
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &ConfigError{Key: PropURI, Reason: "cannot resolve SQLite path: " + err.Error()}
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", fmt.Errorf("lakehouse: create catalog directory: %w", err)
	}

	return "file:" + abs + "?" + sqlitePragmas, nil
}

// Close releases the catalog's resources (the SQLite connection pool).
func (l *Lake) Close() error {
	if c, ok := l.cat.(catalog.Closer); ok {
		return c.Close()
	}

	return nil
}

// Catalog is the underlying iceberg-go catalog, for operations this package
// does not wrap.
func (l *Lake) Catalog() catalog.Catalog { return l.cat }

// Config is the configuration the Lake was opened with. Print it with
// String, which redacts secrets.
func (l *Lake) Config() Config { return l.cfg }

// Ident names a table: a namespace ("silver", "gold") and a table name.
type Ident struct {
	Namespace string
	Name      string
}

// String is "namespace.name".
func (i Ident) String() string { return i.Namespace + "." + i.Name }

func (i Ident) identifier() table.Identifier { return table.Identifier{i.Namespace, i.Name} }

func (i Ident) validate() error {
	if i.Namespace == "" || i.Name == "" {
		return fmt.Errorf("%w: table identifier %q needs a namespace and a name", ErrInvalidInput, i.String())
	}
	if strings.Contains(i.Namespace, ".") {
		return fmt.Errorf("%w: namespace %q must be a single level (no dots)", ErrInvalidInput, i.Namespace)
	}

	return nil
}

// ParseIdent parses "namespace.name".
func ParseIdent(s string) (Ident, error) {
	ns, name, ok := strings.Cut(s, ".")
	id := Ident{Namespace: ns, Name: name}
	if !ok {
		return Ident{}, fmt.Errorf("%w: table identifier %q is not namespace.name", ErrInvalidInput, s)
	}

	return id, id.validate()
}

// EnsureNamespace creates the namespace when it does not exist. Existing
// namespaces are left alone (their properties are not changed).
func (l *Lake) EnsureNamespace(ctx context.Context, namespace string, props map[string]string) error {
	if namespace == "" || strings.Contains(namespace, ".") {
		return fmt.Errorf("%w: namespace %q must be a non-empty single level", ErrInvalidInput, namespace)
	}
	ns := table.Identifier{namespace}
	exists, err := l.cat.CheckNamespaceExists(ctx, ns)
	if err != nil {
		return fmt.Errorf("lakehouse: check namespace %s: %w", namespace, err)
	}
	if exists {
		return nil
	}
	err = l.cat.CreateNamespace(ctx, ns, iceberg.Properties(props))
	if err != nil && !errors.Is(err, catalog.ErrNamespaceAlreadyExists) {
		return fmt.Errorf("lakehouse: create namespace %s: %w", namespace, err)
	}

	return nil
}

// LoadTable loads the current state of a table. A missing table is an
// error matching catalog.ErrNoSuchTable.
func (l *Lake) LoadTable(ctx context.Context, ident Ident) (*table.Table, error) {
	if err := ident.validate(); err != nil {
		return nil, err
	}
	tbl, err := l.cat.LoadTable(ctx, ident.identifier())
	if err != nil {
		return nil, fmt.Errorf("lakehouse: load table %s: %w", ident, err)
	}

	return tbl, nil
}
