package lineage

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
)

// Environment variables read by ConfigFromEnvironment, as in the
// openlineage-python client.
const (
	EnvDisabled = "OPENLINEAGE_DISABLED" // "true" → noop transport
	EnvConfig   = "OPENLINEAGE_CONFIG"   // path of an openlineage.yml
	EnvURL      = "OPENLINEAGE_URL"      // base URL → http transport
	EnvEndpoint = "OPENLINEAGE_ENDPOINT" // endpoint below EnvURL
	EnvAPIKey   = "OPENLINEAGE_API_KEY"  // Bearer API key for EnvURL
)

// ConfigFromEnvironment resolves the configuration the way the
// openlineage-python client does:
//
//  1. OPENLINEAGE_DISABLED=true → noop;
//  2. the YAML file named by OPENLINEAGE_CONFIG (an error if it cannot be
//     read), else ./openlineage.yml, else ~/.openlineage/openlineage.yml,
//     when it has a transport section;
//  3. OPENLINEAGE_URL (+ OPENLINEAGE_ENDPOINT, OPENLINEAGE_API_KEY) → http;
//  4. otherwise console (Source "default"); NewClientFromEnvironment logs a
//     warning in that case.
func ConfigFromEnvironment() (Config, error) {
	var candidates []string
	candidates = append(candidates, "openlineage.yml")
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".openlineage", "openlineage.yml"))
	}
	return configFromEnv(os.LookupEnv, candidates)
}

func configFromEnv(lookup func(string) (string, bool), candidates []string) (Config, error) {
	if v, ok := lookup(EnvDisabled); ok {
		if off, err := strconv.ParseBool(v); err == nil && off {
			return Config{Transport: TransportConfig{Type: "noop"}, Source: EnvDisabled}, nil
		}
	}
	if path, ok := lookup(EnvConfig); ok && path != "" {
		c, err := LoadConfigFile(path)
		if err != nil {
			return Config{}, err
		}
		if c.Transport.Type != "" {
			return c, nil
		}
	} else {
		for _, path := range candidates {
			c, err := LoadConfigFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return Config{}, err
			}
			if c.Transport.Type != "" {
				return c, nil
			}
			break
		}
	}
	if u, ok := lookup(EnvURL); ok && u != "" {
		tc := TransportConfig{Type: "http", URL: u}
		if e, ok := lookup(EnvEndpoint); ok {
			tc.Endpoint = e
		}
		if k, ok := lookup(EnvAPIKey); ok && k != "" {
			tc.Auth = AuthConfig{Type: "api_key", APIKey: Secret(k)}
		}
		return Config{Transport: tc, Source: EnvURL}, nil
	}
	return Config{Transport: TransportConfig{Type: "console"}, Source: "default"}, nil
}

// NewClientFromEnvironment returns a client configured by the environment
// (see ConfigFromEnvironment). Options apply as for NewClient; a
// WithTransport option takes precedence over the environment, except that
// OPENLINEAGE_DISABLED=true always wins.
func NewClientFromEnvironment(opts ...Option) (*Client, error) {
	return newClientFromConfig(ConfigFromEnvironment, opts...)
}

func newClientFromConfig(resolve func() (Config, error), opts ...Option) (*Client, error) {
	c := &Client{producer: DefaultProducer, logger: slog.Default()}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	cfg, err := resolve()
	if err != nil {
		return nil, err
	}
	if cfg.Source == EnvDisabled {
		if c.transport != nil {
			_ = c.transport.Close(context.Background())
		}
		c.transport = NoopTransport{}
		c.logger.Debug("lineage: disabled by " + EnvDisabled)
		return c, nil
	}
	if c.transport != nil {
		return c, nil
	}
	t, err := NewTransport(cfg.Transport, c.logger)
	if err != nil {
		return nil, err
	}
	c.transport = t
	if cfg.Source == "default" {
		c.logger.Warn("lineage: no OpenLineage transport configured (set " + EnvURL + " or " + EnvConfig + "); logging events to the console")
	} else {
		c.logger.Debug("lineage: transport configured", "config", cfg)
	}
	return c, nil
}
