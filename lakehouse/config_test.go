package lakehouse

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/iceberg-go/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigFromPropertiesDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := ConfigFromProperties(nil)
	require.NoError(t, err)
	abs, err := filepath.Abs("lake")
	require.NoError(t, err)
	assert.Equal(t, TypeSQL, cfg.Type)
	assert.Equal(t, DefaultCatalogName, cfg.Name)
	assert.Equal(t, filepath.Join(abs, "catalog.db"), cfg.Props[PropURI])
	assert.Equal(t, "file://"+filepath.ToSlash(filepath.Join(abs, "warehouse")), cfg.Props[PropWarehouse])
	assert.Equal(t, "sqliteshim", cfg.Props[PropSQLDriver])
	assert.Equal(t, "sqlite", cfg.Props[PropSQLDialect])

	cfg, err = ConfigFromProperties(map[string]string{"uri": "/tmp/x/catalog.db", "warehouse": "relative/wh", "name": "dev"})
	require.NoError(t, err)
	assert.Equal(t, "dev", cfg.Name)
	assert.True(t, strings.HasPrefix(cfg.Props[PropWarehouse], "file:///"), cfg.Props[PropWarehouse])
	assert.NotContains(t, cfg.Props, PropName, "name and type are not passed on as catalog properties")

	cfg, err = ConfigFromProperties(map[string]string{"type": "GLUE", "region": "eu-west-1", "warehouse": "s3://bucket/lake"})
	require.NoError(t, err)
	assert.Equal(t, TypeGlue, cfg.Type)
	assert.Equal(t, "eu-west-1", cfg.Props["glue.region"])
	assert.Equal(t, "eu-west-1", cfg.Props["s3.region"])
}

func TestConfigErrorsNameTheProperty(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		props map[string]string
		key   string
		text  string
	}{
		{"unknown type", map[string]string{"type": "hive2"}, "type", `unknown catalog type "hive2"`},
		{"sql uri without warehouse", map[string]string{"uri": "/tmp/c.db"}, "warehouse", "missing warehouse"},
		{"relative file url", map[string]string{"uri": "/tmp/c.db", "warehouse": "file://rel/dir"}, "warehouse", "absolute"},
		{"unregistered driver", map[string]string{"uri": "postgres://u:p@h/db", "warehouse": "s3://b/w", "sql.driver": "pgx", "sql.dialect": "postgres"}, "sql.driver", `_ "github.com/jackc/pgx/v5/stdlib"`},
		{"in-memory sqlite", map[string]string{"uri": ":memory:", "warehouse": "file:///tmp/w"}, "uri", "use a file"},
		{"bad dialect", map[string]string{"uri": "/tmp/c.db", "warehouse": "file:///tmp/w", "sql.dialect": "db2"}, "sql.dialect", "unsupported"},
		{"rest without uri", map[string]string{"type": "rest"}, "uri", "base URL"},
		{"rest with bad uri", map[string]string{"type": "rest", "uri": "catalog.example.com"}, "uri", "http(s)"},
		{"rest token and credential", map[string]string{"type": "rest", "uri": "https://c.example.com", "token": "tok-999", "credential": "id:secret"}, "credential", "not both"},
		{"glue without region", map[string]string{"type": "glue", "warehouse": "s3://b/w"}, "glue.region", "AWS region"},
		{"glue without warehouse", map[string]string{"type": "glue", "glue.region": "eu-west-1"}, "warehouse", "missing warehouse"},
		{"glue with local warehouse", map[string]string{"type": "glue", "glue.region": "eu-west-1", "warehouse": "file:///tmp/w"}, "warehouse", "s3://"},
		{"s3 without bucket", map[string]string{"uri": "/tmp/c.db", "warehouse": "s3:///w"}, "warehouse", "bucket"},
		{"gcs not imported", map[string]string{"uri": "/tmp/c.db", "warehouse": "gs://b/w"}, "warehouse", `_ "github.com/apache/iceberg-go/io/gocloud/gcs"`},
		{"bad addressing flag", map[string]string{"warehouse": "s3://b/w", "uri": "/tmp/c.db", "s3.force-virtual-addressing": "maybe"}, "s3.force-virtual-addressing", "true or false"},
		{"bad endpoint", map[string]string{"warehouse": "s3://b/w", "uri": "/tmp/c.db", "s3.endpoint": "localhost:9000"}, "s3.endpoint", "http(s)"},
		{"half credentials", map[string]string{"warehouse": "s3://b/w", "uri": "/tmp/c.db", "s3.secret-access-key": "sekrit"}, "s3.access-key-id", "together"},
	} {
		_, err := ConfigFromProperties(tc.props)
		var ce *ConfigError
		require.ErrorAs(t, err, &ce, tc.name)
		assert.ErrorIs(t, err, ErrConfig, tc.name)
		assert.Equal(t, tc.key, ce.Key, tc.name)
		assert.Contains(t, err.Error(), tc.text, tc.name)
		for k, v := range tc.props {
			if isSecretKey(k) || k == "uri" {
				assert.NotContains(t, err.Error(), v, "%s: values never appear in errors", tc.name)
			}
		}
	}

	_, err := Open(context.Background(), Config{Type: "nessie"})
	assert.ErrorIs(t, err, ErrConfig)
}

func TestConfigStringRedactsSecrets(t *testing.T) {
	t.Parallel()
	cfg := Config{Type: TypeSQL, Props: map[string]string{
		"uri":                  "postgres://etl:hunter2@db.internal/catalog",
		"s3.secret-access-key": "wJalrXUtnFEMI",
		"s3.access-key-id":     "AKIAIOSFODNN7",
		"s3.session-token":     "FQoGZXIvYXdz",
		"token":                "eyJhbGciOi",
		"credential":           "client:secret",
		"warehouse":            "s3://bucket/lake",
	}}
	s := cfg.String()
	for _, secret := range []string{"hunter2", "wJalrXUtnFEMI", "AKIAIOSFODNN7", "FQoGZXIvYXdz", "eyJhbGciOi", "client:secret"} {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, s, "s3://bucket/lake")
	assert.Contains(t, s, "db.internal")
}

func TestOpenLocalCreatesTheLake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "nested", "lake")
	l, err := OpenLocal(ctx, dir)
	require.NoError(t, err)
	assert.True(t, fileExists(filepath.Join(dir, "catalog.db")))
	assert.True(t, fileExists(filepath.Join(dir, "warehouse")))
	require.NoError(t, l.EnsureNamespace(ctx, "silver", map[string]string{"owner": "pitwall"}))
	require.NoError(t, l.EnsureNamespace(ctx, "silver", nil), "idempotent")
	require.NoError(t, l.Close())

	// Reopening sees what was created.
	l, err = OpenLocal(ctx, dir)
	require.NoError(t, err)
	defer l.Close()
	ok, err := l.Catalog().CheckNamespaceExists(ctx, []string{"silver"})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.ErrorIs(t, l.EnsureNamespace(ctx, "a.b", nil), ErrInvalidInput)
	_, err = ParseIdent("laps")
	assert.ErrorIs(t, err, ErrInvalidInput)
	id, err := ParseIdent("gold.session_summary")
	require.NoError(t, err)
	assert.Equal(t, Ident{Namespace: "gold", Name: "session_summary"}, id)

	_, err = OpenLocal(ctx, "")
	assert.ErrorIs(t, err, ErrConfig)
	fi, err := os.Stat(filepath.Join(dir, "catalog.db"))
	require.NoError(t, err)
	assert.Positive(t, fi.Size())
}

// Opening a Glue catalog needs no network (AWS calls happen per request),
// so the wiring is checkable offline.
func TestOpenGlueCatalogOffline(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	cfg, err := ConfigFromProperties(map[string]string{
		"type": "glue", "region": "eu-west-1", "warehouse": "s3://f1-lake/warehouse",
		"glue.access-key-id": "AKIAFAKE", "glue.secret-access-key": "fake",
	})
	require.NoError(t, err)
	l, err := Open(context.Background(), cfg)
	require.NoError(t, err)
	defer l.Close()
	assert.Equal(t, catalog.Glue, l.Catalog().CatalogType())
}

// A REST catalog is opened through iceberg-go's REST client: this fake
// answers only GET /v1/config and the namespace existence check, which is
// enough to show the URI, warehouse and bearer token are wired through.
// The full REST protocol (table commits) is not faked here.
func TestOpenRESTCatalogWiring(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	mux := http.NewServeMux()
	mux.HandleFunc("/api/catalog/v1/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery+" auth="+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/catalog/v1/config":
			_, _ = w.Write([]byte(`{"defaults":{},"overrides":{}}`))
		case strings.HasPrefix(r.URL.Path, "/api/catalog/v1/namespaces/silver"):
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusNoContent)

				return
			}
			_, _ = w.Write([]byte(`{"namespace":["silver"],"properties":{}}`))
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg, err := ConfigFromProperties(map[string]string{
		"type": "rest", "uri": srv.URL + "/api/catalog", "token": "tok-123", "warehouse": "s3://bucket/lake",
	})
	require.NoError(t, err)
	ctx := context.Background()
	l, err := Open(ctx, cfg)
	require.NoError(t, err)
	defer l.Close()
	require.NoError(t, l.EnsureNamespace(ctx, "silver", nil))

	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, len(seen), 2)
	assert.Equal(t, "GET /api/catalog/v1/config?warehouse=s3%3A%2F%2Fbucket%2Flake auth=Bearer tok-123", seen[0])
	assert.Contains(t, seen[len(seen)-1], "/api/catalog/v1/namespaces/silver")
	assert.Contains(t, seen[len(seen)-1], "auth=Bearer tok-123")
}
