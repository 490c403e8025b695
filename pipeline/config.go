package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/openf1"
)

// ErrInvalidConfig is matched (errors.Is) by every error about a Config or
// Policy that cannot work.
var ErrInvalidConfig = errors.New("pipeline: invalid configuration")

// DefaultNamespace is the OpenLineage job namespace of pipeline runs.
const DefaultNamespace = "pitwall"

// Config is everything a run or a single stage needs to find its data. It
// is small, plain and JSON-serialisable, so an orchestrator can hand the
// same value to every task of a DAG run (as an Airflow XCom, a Temporal
// activity argument or a Kubernetes job's environment) and each task opens
// what it needs itself: no state is kept in memory between calls.
//
// Credentials are never part of a Config: the OpenF1 client reads
// OPENF1_TOKEN or OPENF1_USERNAME/OPENF1_PASSWORD, object stores and
// catalogs their usual environment (AWS_*, GOOGLE_*), and lineage
// OPENLINEAGE_API_KEY.
type Config struct {
	// Lake is the lake root on a blob store (gocloud.dev URL): bronze/
	// lives under it, with the pipeline's session markers (_pipeline/) and
	// its lock (_locks/). Examples: file:///data/lake, s3://bucket/lake?region=eu-west-1,
	// gs://bucket/lake, mem:// (tests). A plain path is made absolute.
	Lake string `json:"lake"`
	// Catalog holds the Iceberg catalog properties of package lakehouse
	// ("type", "uri", "warehouse", "s3.*", "glue.*", ...). When empty and
	// Lake is a local folder, the self-contained lake is used: a SQLite
	// catalog at <lake>/catalog.db and the warehouse at <lake>/warehouse.
	Catalog map[string]string `json:"catalog,omitempty"`
	// API says where OpenF1 data comes from.
	API APIConfig `json:"api"`
	// Lineage says where OpenLineage events go.
	Lineage LineageConfig `json:"lineage"`
	// Mode is weekly (default) or backfill; it selects the default Policy
	// and names the lineage jobs.
	Mode Mode `json:"mode,omitempty"`
	// Policy overrides the mode's default policy (PolicyFor) when set.
	Policy *Policy `json:"policy,omitempty"`
	// Scope of a backfill: years, meetings or sessions (the first non-empty
	// one is used, sessions first). A weekly run ignores them unless set, in
	// which case it behaves like a backfill of that scope with the weekly
	// policy.
	Years       []int `json:"years,omitempty"`
	MeetingKeys []int `json:"meeting_keys,omitempty"`
	SessionKeys []int `json:"session_keys,omitempty"`
	// Since overrides the weekly watermark (sessions that ended after Since
	// minus the look-back are in scope). Needed for the first weekly run on
	// an empty lake.
	Since time.Time `json:"since,omitzero"`
	// Telemetry includes car_data and location (the largest endpoints; off
	// by default).
	Telemetry bool `json:"telemetry,omitempty"`
	// Endpoints restricts extraction (default: every endpoint except
	// telemetry unless Telemetry is set).
	Endpoints []openf1.Endpoint `json:"endpoints,omitempty"`
	// RunID identifies the pipeline run: bronze manifests, Iceberg snapshot
	// summaries, rejects and the parent OpenLineage run all carry it. It
	// must be a UUID (lineage.NewRunID); empty means a fresh one. Stage
	// functions called by an orchestrator should all get the DAG run's id.
	RunID string `json:"run_id,omitempty"`
	// Now is the logical time of the run (weekly planning, nominal time);
	// zero means the wall clock.
	Now time.Time `json:"now,omitzero"`
	// SuiteDir, when set, holds Great Expectations suite JSON files named
	// "<layer>.<table>.json" (e.g. "silver.laps.json") that replace the
	// built-in suites of package quality for those tables.
	SuiteDir string `json:"suite_dir,omitempty"`
	// NotifyURL, when set, receives a JSON POST with the run summary when a
	// run completes or fails (a Slack-compatible "text" member included).
	NotifyURL string `json:"notify_url,omitempty"`
}

// APIConfig says how the OpenF1 API is reached.
type APIConfig struct {
	// BaseURL is the API (default https://api.openf1.org); point it at a
	// fake server or a proxy.
	BaseURL string `json:"base_url,omitempty"`
	// CacheDir keeps responses on disk (openf1.WithCache); Cache is its
	// mode: "read-through" (default when CacheDir is set), "record" or
	// "replay" (offline: a request that was never recorded fails).
	CacheDir string `json:"cache_dir,omitempty"`
	Cache    string `json:"cache,omitempty"`
	// NoRateLimit turns the client-side rate limiter off (fake servers and
	// replays only: the real API answers 429).
	NoRateLimit bool `json:"no_rate_limit,omitempty"`
	// Anonymous ignores OPENF1_TOKEN, OPENF1_USERNAME and OPENF1_PASSWORD
	// (for fake servers, which accept no account).
	Anonymous bool `json:"anonymous,omitempty"`
	// Timeout bounds one API attempt (default openf1.DefaultTimeout).
	Timeout Duration `json:"timeout,omitempty"`
	// Retries, when set, is the number of times the client retries a
	// failed request (default openf1.DefaultRetryPolicy's).
	Retries *int `json:"retries,omitempty"`
}

// LineageConfig says where OpenLineage events go.
type LineageConfig struct {
	// URL is an OpenLineage HTTP endpoint base (http://marquez:5000), a
	// file path or file:// URL for an NDJSON file, "console" for stderr, or
	// "none". Empty means: the environment (OPENLINEAGE_URL,
	// OPENLINEAGE_CONFIG, openlineage.yml, OPENLINEAGE_DISABLED) when it
	// configures a transport, otherwise none.
	URL string `json:"url,omitempty"`
	// Namespace is the job namespace (default "pitwall").
	Namespace string `json:"namespace,omitempty"`
}

// cacheMode parses APIConfig.Cache.
func (a APIConfig) cacheMode() (openf1.CacheMode, error) {
	switch strings.ToLower(a.Cache) {
	case "", "read-through", "readthrough":
		return openf1.CacheReadThrough, nil
	case "record":
		return openf1.CacheRecord, nil
	case "replay", "offline":
		return openf1.CacheReplay, nil
	}
	return 0, fmt.Errorf("%w: api cache mode %q (want read-through, record or replay)", ErrInvalidConfig, a.Cache)
}

// normalized returns a copy with defaults filled in and paths made
// absolute, or an error naming what is wrong.
func (c Config) normalized() (Config, error) {
	if c.Mode == "" {
		c.Mode = Weekly
	}
	if _, err := ParseMode(string(c.Mode)); err != nil {
		return c, err
	}
	if c.Lake == "" {
		return c, fmt.Errorf("%w: lake URL is empty (e.g. file:///data/lake or s3://bucket/lake)", ErrInvalidConfig)
	}
	lake, err := lakeURL(c.Lake)
	if err != nil {
		return c, err
	}
	c.Lake = lake
	if c.Lineage.Namespace == "" {
		c.Lineage.Namespace = DefaultNamespace
	}
	if _, err := c.API.cacheMode(); err != nil {
		return c, err
	}
	for _, ep := range c.Endpoints {
		if _, ok := openf1.LookupEndpoint(ep); !ok {
			return c, fmt.Errorf("%w: unknown endpoint %q", ErrInvalidConfig, ep)
		}
	}
	p := PolicyFor(c.Mode)
	if c.Policy != nil {
		p = c.Policy.withDefaults()
	}
	c.Policy = &p
	return c, nil
}

// policy returns the effective policy (normalized configs always have one).
func (c Config) policy() Policy {
	if c.Policy == nil {
		return PolicyFor(c.Mode)
	}
	return c.Policy.withDefaults()
}

// endpoints returns the endpoints to extract.
func (c Config) endpoints() []openf1.Endpoint {
	if len(c.Endpoints) > 0 {
		return slices.Clone(c.Endpoints)
	}
	var out []openf1.Endpoint
	for _, info := range openf1.Endpoints() {
		if !c.Telemetry && (info.Name == openf1.EndpointCarData || info.Name == openf1.EndpointLocation) {
			continue
		}
		out = append(out, info.Name)
	}
	return out
}

// lakeURL turns a plain path into an absolute file:// URL and checks that
// a URL has a scheme.
func lakeURL(s string) (string, error) {
	if !strings.Contains(s, "://") {
		abs, err := filepath.Abs(s)
		if err != nil {
			return "", fmt.Errorf("%w: lake path: %v", ErrInvalidConfig, err)
		}
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("%w: lake URL is not a valid URL", ErrInvalidConfig)
	}
	return s, nil
}

// localLakeDir returns the folder of a file:// lake URL.
func localLakeDir(lake string) (string, bool) {
	u, err := url.Parse(lake)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	return filepath.FromSlash(u.Path), true
}

// catalogConfig resolves the Iceberg catalog configuration.
func (c Config) catalogConfig() (lakehouse.Config, error) {
	dir, local := localLakeDir(c.Lake)
	props := c.Catalog
	if len(props) == 0 {
		if !local {
			return lakehouse.Config{}, fmt.Errorf("%w: a lake that is not a local folder needs catalog properties (type, uri, warehouse)", ErrInvalidConfig)
		}
		return lakehouse.LocalConfig(dir)
	}
	typ := strings.ToLower(props[lakehouse.PropType])
	if local && (typ == "" || typ == lakehouse.TypeSQL) && props[lakehouse.PropURI] == "" && props[lakehouse.PropWarehouse] == "" {
		// Extra properties on the local SQLite lake: keep it in the lake folder.
		local, err := lakehouse.LocalConfig(dir)
		if err != nil {
			return lakehouse.Config{}, err
		}
		merged := map[string]string{}
		for k, v := range local.Props {
			merged[k] = v
		}
		for k, v := range props {
			merged[k] = v
		}
		merged[lakehouse.PropType] = lakehouse.TypeSQL
		return lakehouse.ConfigFromProperties(merged)
	}
	return lakehouse.ConfigFromProperties(props)
}

// String renders the config as JSON for logs. A Config holds no
// credentials (see Config), but catalog properties that may carry secrets
// (s3.secret-access-key, token, credential) are redacted, and so are URL
// user info, query strings and webhook paths.
func (c Config) String() string {
	red := c
	if len(c.Catalog) > 0 {
		red.Catalog = map[string]string{}
		for k, v := range c.Catalog {
			if secretKey(k) {
				v = "[REDACTED]"
			}
			red.Catalog[k] = v
		}
	}
	red.Lake = redactURL(c.Lake)
	red.NotifyURL = redactWebhook(c.NotifyURL)
	red.Lineage.URL = redactURL(c.Lineage.URL)
	b, _ := json.Marshal(red)
	return string(b)
}

func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"secret", "token", "credential", "password", "key-id", "session"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// redactURL drops user info and query parameters (tokens, signed URLs)
// from a URL for reports and logs.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return s
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// redactWebhook keeps only the scheme and host of a webhook URL: Slack,
// Teams and most others carry their secret in the path.
func redactWebhook(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/…"
}
