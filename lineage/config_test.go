package lineage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/pitwall-f1/pitwall/lineage"
)

func TestParseConfigHTTP(t *testing.T) {
	t.Parallel()
	m := newMarquez(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	doc := fmt.Sprintf(`
transport:
  type: http
  url: %s
  endpoint: api/v1/lineage
  timeout: 2.5
  auth:
    type: api_key
    apiKey: %s
  compression: gzip
  custom_headers:
    X-Team: pitwall
  retry:
    total: 1
    backoff_factor: 0.001
    status_forcelist: [500, 502]
facets: {disabled: [spark_unknown]}   # other sections are accepted
`, m.url(), testAPIKey)
	cfg, err := lineage.ParseConfig([]byte(doc))
	require.NoError(t, err)
	tc := cfg.Transport
	assert.Equal(t, "http", tc.Type)
	assert.Equal(t, lineage.Duration(2500*time.Millisecond), tc.Timeout)
	assert.Equal(t, testAPIKey, tc.Auth.APIKey.Reveal())
	assert.Equal(t, "pitwall", tc.CustomHeaders["X-Team"].Reveal())

	tr, err := lineage.NewTransport(tc, quiet)
	require.NoError(t, err)
	ht, ok := tr.(*lineage.HTTPTransport)
	require.True(t, ok, "got %T", tr)
	assert.Equal(t, m.url()+"/api/v1/lineage", ht.Endpoint())

	// The retry section took effect: total 1 → two attempts on a 500.
	err = emitOver(t, tr, startEvent())
	var he *lineage.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 2, he.Attempts)
	assert.Equal(t, "Bearer "+testAPIKey, m.header(0).Get("Authorization"))
	assert.Equal(t, "pitwall", m.header(0).Get("X-Team"))
	assert.Equal(t, "gzip", m.header(0).Get("Content-Encoding"))
}

func TestParseConfigOtherTransports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		yaml string
		want string // %T of the built transport
	}{
		{"transport: {type: console}", "*lineage.ConsoleTransport"},
		{"transport: {type: noop}", "lineage.NoopTransport"},
		{"transport: {type: file, log_file_path: " + filepath.Join(dir, "a.ndjson") + "}", "*lineage.FileTransport"},
		{"transport: {type: async_http, url: 'http://marquez:5000', max_queue_size: 50}", "*lineage.AsyncTransport"},
		{`transport:
  type: composite
  continue_on_failure: false
  transports:
    - {type: http, url: 'http://marquez:5000', timeout: 3s}
    - {type: file, log_file_path: ` + filepath.Join(dir, "b.ndjson") + `}`, "*lineage.CompositeTransport"},
		{`transport:
  type: composite
  transports:
    marquez: {type: http, url: 'http://marquez:5000'}
    local: {type: console}`, "*lineage.CompositeTransport"},
	}
	for _, tc := range cases {
		cfg, err := lineage.ParseConfig([]byte(tc.yaml))
		require.NoError(t, err, tc.yaml)
		tr, err := lineage.NewTransport(cfg.Transport, quiet)
		require.NoError(t, err, tc.yaml)
		assert.Equal(t, tc.want, fmt.Sprintf("%T", tr), tc.yaml)
		require.NoError(t, tr.Close(context.Background()))
	}

	cfg, err := lineage.ParseConfig([]byte(cases[5].yaml))
	require.NoError(t, err)
	var names []string
	for _, m := range cfg.Transport.Transports {
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{"marquez", "local"}, names, "map form keeps names in file order")
}

func TestFileConfigAppendFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		append    string
		wantFiles int
	}{{"", 1}, {"append: true", 1}, {"append: false", 2}} {
		sub := filepath.Join(dir, strings.ReplaceAll(tc.append+"x", " ", ""))
		doc := "transport: {type: file, log_file_path: " + filepath.Join(sub, "ol") + "}"
		if tc.append != "" {
			doc = "transport: {type: file, log_file_path: " + filepath.Join(sub, "ol") + ", " + tc.append + "}"
		}
		cfg, err := lineage.ParseConfig([]byte(doc))
		require.NoError(t, err)
		tr, err := lineage.NewTransport(cfg.Transport, nil)
		require.NoError(t, err)
		for range 2 {
			require.NoError(t, emitOver(t, tr, startEvent()))
		}
		require.NoError(t, tr.Close(context.Background()))
		files, _ := os.ReadDir(sub)
		assert.Len(t, files, tc.wantFiles, "%q", tc.append)
	}
}

func TestConfigErrorsNameTheFieldAndHideValues(t *testing.T) {
	t.Parallel()
	cases := []struct{ yaml, field string }{
		{"transport: {url: 'http://x'}", "transport.type"},
		{"transport: {type: kafka, topic: ol}", "transport.type"},
		{"transport: {type: http}", "transport.url"},
		{"transport: {type: http, url: 'marquez:5000'}", "transport.url"},
		{"transport: {type: http, url: 'http://x', auth: {type: jwt, apiKey: " + testAPIKey + "}}", "transport.auth.type"},
		{"transport: {type: http, url: 'http://x', auth: {type: api_key}}", "transport.auth.apiKey"},
		{"transport: {type: file}", "transport.log_file_path"},
		{"transport: {type: composite}", "transport.transports"},
		{"transport: {type: composite, transports: [{type: console}, {type: http}]}", "transport.transports[1].url"},
		{"transport: {type: http, url: 'http://x', compression: br}", "transport.compression"},
		{"transport: {type: http, url: 'http://x', retry: {total: -1}}", "transport.retry.total"},
	}
	for _, tc := range cases {
		cfg, err := lineage.ParseConfig([]byte(tc.yaml))
		require.NoError(t, err, tc.yaml)
		_, err = lineage.NewTransport(cfg.Transport, quiet)
		var ce *lineage.ConfigError
		require.ErrorAs(t, err, &ce, tc.yaml)
		assert.Equal(t, tc.field, ce.Field, tc.yaml)
		assert.NotContains(t, err.Error(), testAPIKey)
	}
	// A key in the wrong place: yaml.v3 would quote it in its message.
	for _, doc := range []string{
		"transport: {type: async_http, url: 'http://x', max_queue_size: " + testAPIKey + "}",
		"transport: {type: http, url: 'http://x', timeout: " + testAPIKey + "}",
		"transport: {type: http, url: 'http://x', auth: " + testAPIKey + "}",
	} {
		_, err := lineage.ParseConfig([]byte(doc))
		require.Error(t, err, doc)
		assert.NotContains(t, err.Error(), testAPIKey)
	}
}

// TestConfigNeverShowsTheKey prints, logs and marshals a config holding an
// API key, a secret header and URL credentials in every way a program
// might, and checks none of them shows up.
func TestConfigNeverShowsTheKey(t *testing.T) {
	t.Parallel()
	const pw, hdr = "urlpass-91d2", "hdrval-4e7a"
	cfg := lineage.Config{Source: "test", Transport: lineage.TransportConfig{
		Type: "composite",
		Transports: lineage.TransportList{{
			Type: "http", URL: "https://ol:" + pw + "@gw.example.com/lineage?token=" + pw,
			Auth:          lineage.AuthConfig{Type: "api_key", APIKey: testAPIKey},
			CustomHeaders: map[string]lineage.Secret{"X-Token": hdr},
		}},
	}}
	var out []string
	for _, v := range []any{cfg, &cfg, cfg.Transport, cfg.Transport.Transports[0], cfg.Transport.Transports[0].Auth, cfg.Transport.Transports[0].Auth.APIKey} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
		j, err := json.Marshal(v)
		require.NoError(t, err)
		y, err := yaml.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(j), string(y))
	}
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("cfg", "config", cfg, "transport", cfg.Transport, "auth", cfg.Transport.Transports[0].Auth, "key", cfg.Transport.Transports[0].Auth.APIKey)
	}
	out = append(out, logs.String())
	for _, s := range out {
		assert.NotContains(t, s, testAPIKey)
		assert.NotContains(t, s, pw)
		assert.NotContains(t, s, hdr)
	}
	assert.Contains(t, cfg.String(), "gw.example.com", "the description stays useful")
	assert.Contains(t, logs.String(), "[REDACTED]")
}

// clearEnv unsets the OpenLineage variables and points HOME at an empty
// directory for the duration of a test.
func clearEnv(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{lineage.EnvDisabled, lineage.EnvConfig, lineage.EnvURL, lineage.EnvEndpoint, lineage.EnvAPIKey} {
		t.Setenv(k, "")
	}
	return home
}

func TestConfigFromEnvironmentOrder(t *testing.T) {
	home := clearEnv(t)

	cfg, err := lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, "console", cfg.Transport.Type, "nothing set: console")
	assert.Equal(t, "default", cfg.Source)

	t.Setenv(lineage.EnvURL, "http://marquez:5000")
	t.Setenv(lineage.EnvEndpoint, "api/v2/lineage")
	t.Setenv(lineage.EnvAPIKey, testAPIKey)
	cfg, err = lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, lineage.EnvURL, cfg.Source)
	assert.Equal(t, "http", cfg.Transport.Type)
	assert.Equal(t, "api/v2/lineage", cfg.Transport.Endpoint)
	assert.Equal(t, "api_key", cfg.Transport.Auth.Type)
	assert.Equal(t, testAPIKey, cfg.Transport.Auth.APIKey.Reveal())

	// ~/.openlineage/openlineage.yml beats the URL variable.
	homeCfg := filepath.Join(home, ".openlineage", "openlineage.yml")
	require.NoError(t, os.MkdirAll(filepath.Dir(homeCfg), 0o755))
	require.NoError(t, os.WriteFile(homeCfg, []byte("transport: {type: console}\n"), 0o600))
	cfg, err = lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, homeCfg, cfg.Source)

	// OPENLINEAGE_CONFIG beats the home file.
	explicit := filepath.Join(t.TempDir(), "ol.yml")
	require.NoError(t, os.WriteFile(explicit, []byte("transport:\n  type: file\n  log_file_path: x.ndjson\n"), 0o600))
	t.Setenv(lineage.EnvConfig, explicit)
	cfg, err = lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, explicit, cfg.Source)
	assert.Equal(t, "file", cfg.Transport.Type)

	// A config file without a transport section falls through to the URL.
	require.NoError(t, os.WriteFile(explicit, []byte("facets: {}\n"), 0o600))
	cfg, err = lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, lineage.EnvURL, cfg.Source)

	// A named config file that does not exist is an error, not a fallback.
	t.Setenv(lineage.EnvConfig, filepath.Join(t.TempDir(), "missing.yml"))
	_, err = lineage.ConfigFromEnvironment()
	assert.ErrorIs(t, err, os.ErrNotExist)

	// OPENLINEAGE_DISABLED wins over everything.
	t.Setenv(lineage.EnvDisabled, "true")
	cfg, err = lineage.ConfigFromEnvironment()
	require.NoError(t, err)
	assert.Equal(t, "noop", cfg.Transport.Type)
	assert.Equal(t, lineage.EnvDisabled, cfg.Source)
}

func TestNewClientFromEnvironment(t *testing.T) {
	clearEnv(t)
	m := newMarquez(t, created)
	t.Setenv(lineage.EnvURL, m.url())
	t.Setenv(lineage.EnvAPIKey, testAPIKey)

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := lineage.NewClientFromEnvironment(lineage.WithLogger(logger))
	require.NoError(t, err)
	require.NoError(t, c.Emit(context.Background(), startEvent()))
	assert.Equal(t, "Bearer "+testAPIKey, m.header(0).Get("Authorization"))
	assert.NotContains(t, logs.String(), testAPIKey)
	assert.Contains(t, logs.String(), lineage.EnvURL, "the chosen source is logged")

	// An explicit transport wins over the environment...
	var out bytes.Buffer
	c, err = lineage.NewClientFromEnvironment(lineage.WithTransport(lineage.NewConsoleTransport(&out)), lineage.WithLogger(logger))
	require.NoError(t, err)
	require.NoError(t, c.Emit(context.Background(), startEvent()))
	assert.NotZero(t, out.Len())
	assert.Equal(t, int32(1), m.hits.Load())

	// ...but not over OPENLINEAGE_DISABLED.
	t.Setenv(lineage.EnvDisabled, "TRUE")
	c, err = lineage.NewClientFromEnvironment(lineage.WithTransport(lineage.NewConsoleTransport(&out)))
	require.NoError(t, err)
	assert.IsType(t, lineage.NoopTransport{}, c.Transport())

	// Nothing configured: console, with a warning.
	clearEnv(t)
	logs.Reset()
	c, err = lineage.NewClientFromEnvironment(lineage.WithLogger(logger))
	require.NoError(t, err)
	assert.IsType(t, &lineage.ConsoleTransport{}, c.Transport())
	assert.Contains(t, logs.String(), "level=WARN")
}
