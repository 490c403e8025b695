package lineage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the client configuration, in the YAML shape of the
// openlineage-python client (openlineage.yml). Only the transport section
// is used; the facets, filters and tags sections are accepted and ignored.
// String and LogValue hide every credential.
type Config struct {
	Transport TransportConfig `yaml:"transport" json:"transport"`
	// Source says where the configuration came from: a file path,
	// "OPENLINEAGE_URL", "OPENLINEAGE_DISABLED" or "default".
	Source string `yaml:"-" json:"-"`
}

// TransportConfig is one transport section. Keys follow the Python client:
//
//	transport:
//	  type: http            # http, async_http, file, console, composite, noop
//	  url: http://localhost:5000
//	  endpoint: api/v1/lineage
//	  timeout: 5            # seconds, or a Go duration such as 2.5s
//	  auth: {type: api_key, apiKey: ...}
//	  compression: gzip
//	  custom_headers: {X-Team: pitwall}
//	  retry: {total: 5, backoff_factor: 0.3, status_forcelist: [500, 502, 503, 504]}
//	  max_queue_size: 10000 # async_http only
//
//	transport:
//	  type: file
//	  log_file_path: lake/_lineage/events.ndjson
//	  append: true          # pitwall default; false = one file per event
//
//	transport:
//	  type: composite
//	  continue_on_failure: true
//	  transports:           # a list, or a map of name → transport
//	    - {type: http, url: http://marquez:5000}
//	    - {type: file, log_file_path: events.ndjson}
type TransportConfig struct {
	Type string `yaml:"type" json:"type"`
	// Name labels a composite member (set from the key in the map form).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`

	URL           string            `yaml:"url,omitempty" json:"url,omitempty"`
	Endpoint      string            `yaml:"endpoint,omitempty" json:"endpoint,omitempty"`
	Timeout       Duration          `yaml:"timeout,omitempty" json:"timeout,omitempty"`
	Auth          AuthConfig        `yaml:"auth,omitempty" json:"auth,omitempty"`
	Compression   string            `yaml:"compression,omitempty" json:"compression,omitempty"`
	CustomHeaders map[string]Secret `yaml:"custom_headers,omitempty" json:"custom_headers,omitempty"`
	Retry         *RetryConfig      `yaml:"retry,omitempty" json:"retry,omitempty"`
	MaxQueueSize  int               `yaml:"max_queue_size,omitempty" json:"max_queue_size,omitempty"`

	LogFilePath string `yaml:"log_file_path,omitempty" json:"log_file_path,omitempty"`
	Append      *bool  `yaml:"append,omitempty" json:"append,omitempty"`

	Transports        TransportList `yaml:"transports,omitempty" json:"transports,omitempty"`
	ContinueOnFailure *bool         `yaml:"continue_on_failure,omitempty" json:"continue_on_failure,omitempty"`
	ContinueOnSuccess *bool         `yaml:"continue_on_success,omitempty" json:"continue_on_success,omitempty"`
}

// AuthConfig is the auth section of an http transport.
type AuthConfig struct {
	Type   string `yaml:"type,omitempty" json:"type,omitempty"` // api_key (the only supported type)
	APIKey Secret `yaml:"apiKey,omitempty" json:"apiKey,omitempty"`
}

// RetryConfig is the retry section of an http transport.
type RetryConfig struct {
	Total           *int     `yaml:"total,omitempty" json:"total,omitempty"`
	BackoffFactor   *float64 `yaml:"backoff_factor,omitempty" json:"backoff_factor,omitempty"` // seconds
	StatusForcelist []int    `yaml:"status_forcelist,omitempty" json:"status_forcelist,omitempty"`
}

// Duration is a timeout given in YAML as seconds (5, 2.5) or as a Go
// duration string ("5s").
type Duration time.Duration

// UnmarshalYAML accepts a number of seconds or a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return errors.New("timeout: want seconds or a duration")
	}
	if secs, err := strconv.ParseFloat(n.Value, 64); err == nil {
		if secs < 0 || secs > 1e6 {
			return errors.New("timeout: out of range")
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return errors.New("timeout: want seconds or a duration such as 5s")
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration as a Go duration string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// TransportList is the transports of a composite: a YAML list, or a map
// from member name to transport (names kept, in file order).
type TransportList []TransportConfig

// UnmarshalYAML accepts the list and the map form.
func (l *TransportList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.SequenceNode:
		var list []TransportConfig
		if err := n.Decode(&list); err != nil {
			return err
		}
		*l = list
		return nil
	case yaml.MappingNode:
		var list []TransportConfig
		for i := 0; i+1 < len(n.Content); i += 2 {
			var tc TransportConfig
			if err := n.Content[i+1].Decode(&tc); err != nil {
				return err
			}
			if tc.Name == "" {
				tc.Name = n.Content[i].Value
			}
			list = append(list, tc)
		}
		*l = list
		return nil
	}
	return errors.New("transports: want a list or a map of transports")
}

// ConfigError reports an invalid configuration value. It never contains
// credentials.
type ConfigError struct {
	Field  string // e.g. "transport.url"
	Reason string
}

// Error describes the problem.
func (e *ConfigError) Error() string {
	return "lineage: config: " + e.Field + ": " + e.Reason
}

// safeCopy returns the config with URLs stripped of user info and query,
// for display; secrets print as [REDACTED] on their own.
func (c TransportConfig) safeCopy() TransportConfig {
	if c.URL != "" {
		c.URL = redactURI(c.URL)
	}
	if c.Endpoint != "" && strings.Contains(c.Endpoint, "://") {
		c.Endpoint = redactURI(c.Endpoint)
	}
	if len(c.Transports) > 0 {
		members := make(TransportList, len(c.Transports))
		for i, m := range c.Transports {
			members[i] = m.safeCopy()
		}
		c.Transports = members
	}
	return c
}

// String renders the config as one line of flow-style YAML, with the API
// key, header values and URL credentials hidden.
func (c TransportConfig) String() string {
	var n yaml.Node
	if err := n.Encode(c.safeCopy()); err != nil {
		return "transport(unprintable)"
	}
	n.Style = yaml.FlowStyle
	b, err := yaml.Marshal(&n)
	if err != nil {
		return "transport(unprintable)"
	}
	return strings.TrimSpace(string(b))
}

// MarshalYAML writes the config with URL credentials removed (the API key
// and header values write as [REDACTED] on their own).
func (c TransportConfig) MarshalYAML() (any, error) {
	type plain TransportConfig
	return plain(c.safeCopy()), nil
}

// MarshalJSON writes the config with credentials removed, as MarshalYAML.
func (c TransportConfig) MarshalJSON() ([]byte, error) {
	type plain TransportConfig
	return json.Marshal(plain(c.safeCopy()))
}

// GoString keeps %#v from showing credentials.
func (c TransportConfig) GoString() string { return "lineage.TransportConfig" + c.String() }

// LogValue hides credentials from log/slog.
func (c TransportConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// String renders the config with its source, credentials hidden.
func (c Config) String() string {
	return "source=" + c.Source + " transport=" + c.Transport.String()
}

// GoString keeps %#v from showing credentials.
func (c Config) GoString() string { return "lineage.Config{" + c.String() + "}" }

// LogValue hides credentials from log/slog.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("source", c.Source), slog.String("transport", c.Transport.String()))
}

// backquoted matches the values yaml.v3 quotes in its error messages.
var backquoted = regexp.MustCompile("`[^`]*`")

// ParseConfig decodes an openlineage.yml document. Decoding errors are
// stripped of the document's values, so a misplaced key cannot leak.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		msg := backquoted.ReplaceAllString(err.Error(), "`…`")
		return Config{}, &ConfigError{Field: "yaml", Reason: msg}
	}
	return c, nil
}

// LoadConfigFile reads and decodes an openlineage.yml file.
func LoadConfigFile(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("lineage: config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.Field = path
		}
		return Config{}, err
	}
	c.Source = path
	return c, nil
}

// Transport types accepted by NewTransport.
var transportTypes = []string{"http", "async_http", "file", "console", "composite", "noop"}

// NewTransport builds the transport a config describes. logger receives
// HTTP retry warnings, async delivery failures and console events; nil
// means slog.Default().
func NewTransport(cfg TransportConfig, logger *slog.Logger) (Transport, error) {
	if logger == nil {
		logger = slog.Default()
	}
	return buildTransport("transport", cfg, logger)
}

func buildTransport(field string, cfg TransportConfig, logger *slog.Logger) (Transport, error) {
	switch strings.ToLower(cfg.Type) {
	case "http", "async_http":
		hc, err := httpConfig(field, cfg, logger)
		if err != nil {
			return nil, err
		}
		t, err := NewHTTPTransport(hc)
		if err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) {
				ce.Field = field + "." + ce.Field
			}
			return nil, err
		}
		if strings.EqualFold(cfg.Type, "async_http") {
			if cfg.MaxQueueSize < 0 {
				return nil, &ConfigError{Field: field + ".max_queue_size", Reason: "negative"}
			}
			return NewAsyncTransport(t, AsyncConfig{QueueSize: cfg.MaxQueueSize, Logger: logger})
		}
		return t, nil
	case "file":
		if cfg.LogFilePath == "" {
			return nil, &ConfigError{Field: field + ".log_file_path", Reason: "required"}
		}
		return NewFileTransport(FileConfig{Path: cfg.LogFilePath, PerEventFiles: cfg.Append != nil && !*cfg.Append})
	case "console":
		return NewLogTransport(logger), nil
	case "noop":
		return NoopTransport{}, nil
	case "composite":
		if len(cfg.Transports) == 0 {
			return nil, &ConfigError{Field: field + ".transports", Reason: "required"}
		}
		var members []Transport
		for i, m := range cfg.Transports {
			t, err := buildTransport(fmt.Sprintf("%s.transports[%d]", field, i), m, logger)
			if err != nil {
				for _, built := range members {
					_ = built.Close(context.Background())
				}
				return nil, err
			}
			members = append(members, t)
		}
		return NewCompositeTransport(CompositeConfig{
			Transports:    members,
			FailFast:      cfg.ContinueOnFailure != nil && !*cfg.ContinueOnFailure,
			StopOnSuccess: cfg.ContinueOnSuccess != nil && !*cfg.ContinueOnSuccess,
		})
	case "":
		return nil, &ConfigError{Field: field + ".type", Reason: "required (one of " + strings.Join(transportTypes, ", ") + ")"}
	default:
		return nil, &ConfigError{Field: field + ".type", Reason: fmt.Sprintf("unsupported %q (want one of %s)", cfg.Type, strings.Join(transportTypes, ", "))}
	}
}

func httpConfig(field string, cfg TransportConfig, logger *slog.Logger) (HTTPConfig, error) {
	hc := HTTPConfig{
		URL:         cfg.URL,
		Endpoint:    cfg.Endpoint,
		Timeout:     time.Duration(cfg.Timeout),
		Compression: cfg.Compression,
		Logger:      logger,
	}
	switch strings.ToLower(cfg.Auth.Type) {
	case "api_key":
		if cfg.Auth.APIKey == "" {
			return hc, &ConfigError{Field: field + ".auth.apiKey", Reason: "required for auth type api_key"}
		}
		hc.APIKey = cfg.Auth.APIKey
	case "":
		hc.APIKey = cfg.Auth.APIKey
	default:
		return hc, &ConfigError{Field: field + ".auth.type", Reason: fmt.Sprintf("unsupported %q (want api_key)", cfg.Auth.Type)}
	}
	if len(cfg.CustomHeaders) > 0 {
		hc.Headers = make(map[string]string, len(cfg.CustomHeaders))
		for k, v := range cfg.CustomHeaders {
			hc.Headers[k] = v.Reveal()
		}
	}
	if r := cfg.Retry; r != nil {
		p := DefaultRetryPolicy()
		if r.Total != nil {
			if *r.Total < 0 {
				return hc, &ConfigError{Field: field + ".retry.total", Reason: "negative"}
			}
			p.MaxRetries = *r.Total
		}
		if r.BackoffFactor != nil {
			if *r.BackoffFactor < 0 || *r.BackoffFactor > 3600 {
				return hc, &ConfigError{Field: field + ".retry.backoff_factor", Reason: "out of range"}
			}
			p.Backoff = time.Duration(*r.BackoffFactor * float64(time.Second))
		}
		if len(r.StatusForcelist) > 0 {
			list := slices.Clone(r.StatusForcelist)
			p.RetryStatus = func(status int) bool { return slices.Contains(list, status) }
		}
		hc.Retry = &p
	}
	return hc, nil
}
