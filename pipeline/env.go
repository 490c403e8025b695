package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/pitwall-f1/pitwall/bronze"
	"github.com/pitwall-f1/pitwall/lakehouse"
	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/quality"
	"github.com/pitwall-f1/pitwall/silver"
)

// env is what one run or one stage call opens from a Config: the bronze
// store, the Iceberg catalog, the OpenF1 client, the lineage emitter and
// the meters. It lives for one call; nothing in it survives the call.
type env struct {
	cfg Config
	pol Policy
	o   *options

	store   *bronze.Store
	lake    *lakehouse.Lake
	catalog lakehouse.Config
	lin     *emitter
	m       *meters

	clientOnce sync.Once
	client     *openf1.Client
	clientErr  error

	ensureMu sync.Mutex
	ensured  map[lakehouse.Ident]bool

	suiteMu sync.Mutex
	suites  map[string]*quality.Suite

	calendarMu sync.Mutex
	calendar   *silver.Calendar
}

// silverOptions are the options of every silver build of the run. The
// sessions calendar is read from bronze once, at the first build (after the
// calendar stages have extracted it), instead of once per session; a session
// it does not know is still found by silver in its own partitions.
func (e *env) silverOptions(ctx context.Context) silver.BuildOptions {
	e.calendarMu.Lock()
	defer e.calendarMu.Unlock()
	if e.calendar == nil {
		cal, err := silver.LoadCalendar(ctx, e.store, silver.BuildOptions{Allocator: e.o.mem})
		if err != nil {
			e.o.logger.Warn("pipeline: sessions calendar not loaded; silver looks sessions up one by one", "err", err)
		} else {
			e.calendar = cal
		}
	}
	return silver.BuildOptions{Allocator: e.o.mem, RunID: e.cfg.RunID, Now: e.now, Calendar: e.calendar}
}

// openEnv validates cfg and opens the lake. The caller closes the env.
func openEnv(ctx context.Context, cfg Config, opts []Option) (*env, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	if cfg.RunID == "" {
		cfg.RunID = lineage.NewRunID()
	} else if _, err := uuid.Parse(cfg.RunID); err != nil {
		return nil, fmt.Errorf("%w: run id %q is not a UUID (OpenLineage run ids are UUIDs; see lineage.NewRunID)", ErrInvalidConfig, cfg.RunID)
	}
	o := buildOptions(opts)
	e := &env{cfg: cfg, pol: cfg.policy(), o: o, ensured: map[lakehouse.Ident]bool{}, suites: map[string]*quality.Suite{}}
	e.catalog, err = cfg.catalogConfig()
	if err != nil {
		return nil, err
	}
	e.store, err = bronze.OpenStore(ctx, cfg.Lake)
	if err != nil {
		return nil, fmt.Errorf("pipeline: open lake %s: %w", redactURL(cfg.Lake), err)
	}
	e.lake, err = lakehouse.Open(ctx, e.catalog)
	if err != nil {
		e.store.Close()
		return nil, fmt.Errorf("pipeline: open catalog %s: %w", e.catalog, err)
	}
	e.lin, err = newEmitter(cfg, e.catalog, o.transport, o.logger)
	if err != nil {
		e.lake.Close()
		e.store.Close()
		return nil, err
	}
	e.m = newMeters(o.meterProvider, cfg.Mode)
	return e, nil
}

// close flushes lineage (bounded by the policy) and closes the lake.
func (e *env) close(ctx context.Context) error {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.pol.LineageFlushTimeout.D())
	defer cancel()
	var errs []error
	if err := e.lin.close(fctx); err != nil {
		errs = append(errs, fmt.Errorf("pipeline: lineage flush: %w", err))
	}
	if err := e.lake.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := e.store.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (e *env) now() time.Time { return e.o.now() }

// logicalNow is the run's logical time (Config.Now or the clock).
func (e *env) logicalNow() time.Time {
	if !e.cfg.Now.IsZero() {
		return e.cfg.Now
	}
	return e.now()
}

// openf1Client builds the API client once per env.
func (e *env) openf1Client() (*openf1.Client, error) {
	e.clientOnce.Do(func() {
		a := e.cfg.API
		opts := []openf1.Option{openf1.WithLogger(e.o.logger)}
		if !a.Anonymous {
			opts = append(opts, openf1.WithEnvCredentials())
		}
		if a.BaseURL != "" {
			opts = append(opts, openf1.WithBaseURL(a.BaseURL))
		}
		if e.o.httpClient != nil {
			opts = append(opts, openf1.WithHTTPClient(e.o.httpClient))
		}
		if a.CacheDir != "" {
			mode, _ := a.cacheMode()
			opts = append(opts, openf1.WithCache(a.CacheDir, mode))
		}
		if a.NoRateLimit {
			opts = append(opts, openf1.WithoutRateLimit())
		}
		if a.Timeout > 0 {
			opts = append(opts, openf1.WithTimeout(a.Timeout.D()))
		}
		if a.Retries != nil {
			p := openf1.DefaultRetryPolicy()
			p.MaxRetries = max(*a.Retries, 0)
			opts = append(opts, openf1.WithRetryPolicy(p))
		}
		opts = append(opts, e.o.clientOpts...)
		e.client, e.clientErr = openf1.NewClient(opts...)
	})
	return e.client, e.clientErr
}

// baseURL is the API base URL for lineage names.
func (e *env) baseURL() string {
	if e.client != nil {
		return e.client.BaseURL()
	}
	if e.cfg.API.BaseURL != "" {
		return e.cfg.API.BaseURL
	}
	return openf1.DefaultBaseURL
}

// ensure creates or updates a table once per env.
func (e *env) ensure(ctx context.Context, def lakehouse.TableDef) error {
	id := def.Ident()
	e.ensureMu.Lock()
	done := e.ensured[id]
	e.ensureMu.Unlock()
	if done {
		return nil
	}
	if _, err := e.lake.EnsureTable(ctx, def); err != nil {
		return fmt.Errorf("pipeline: ensure table %s: %w", id, err)
	}
	e.ensureMu.Lock()
	e.ensured[id] = true
	e.ensureMu.Unlock()
	return nil
}

// suite returns the expectation suite for a table, or nil for none.
func (e *env) suite(layer, table string) (*quality.Suite, error) {
	key := layer + "." + table
	e.suiteMu.Lock()
	s, ok := e.suites[key]
	e.suiteMu.Unlock()
	if ok {
		return cloneSuite(s), nil
	}
	s, err := e.loadSuite(layer, table)
	if err != nil {
		return nil, err
	}
	e.suiteMu.Lock()
	e.suites[key] = s
	e.suiteMu.Unlock()
	return cloneSuite(s), nil
}

func cloneSuite(s *quality.Suite) *quality.Suite {
	if s == nil {
		return nil
	}
	return s.Clone()
}

func (e *env) loadSuite(layer, table string) (*quality.Suite, error) {
	if e.o.suites != nil {
		return e.o.suites(layer, table)
	}
	if dir := e.cfg.SuiteDir; dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, layer+"."+table+".json"))
		switch {
		case err == nil:
			s, err := quality.ParseSuite(data)
			if err != nil {
				return nil, fmt.Errorf("pipeline: suite %s.%s in %s: %w", layer, table, dir, err)
			}
			return s, nil
		case !errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("pipeline: suite %s.%s: %w", layer, table, err)
		}
	}
	s, err := quality.BuiltinSuite(layer, table)
	if errors.Is(err, quality.ErrNoBuiltinSuite) {
		return nil, nil
	}
	return s, err
}
