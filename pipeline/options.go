package pipeline

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"go.opentelemetry.io/otel/metric"

	"github.com/pitwall-f1/pitwall/lineage"
	"github.com/pitwall-f1/pitwall/openf1"
	"github.com/pitwall-f1/pitwall/quality"
)

// Option adds an in-process collaborator to a run or a stage call:
// things a Config cannot carry because they are not data (a logger, a
// meter provider, a test transport, a hook).
type Option func(*options)

// SuiteFunc returns the expectation suite for a table ("silver", "laps"),
// or nil for no checks. It replaces the built-in suites of package quality
// (and Config.SuiteDir).
type SuiteFunc func(layer, table string) (*quality.Suite, error)

// Progress reports how far a run is, for progress bars.
type Progress struct {
	Stage string // StageExtract, StageSilver, ... or "run"
	// Done and Total count sessions (or years for calendar and standings).
	Done, Total int
	// SessionKey is the session just finished, when there is one.
	SessionKey int
	Status     Status
}

type options struct {
	logger        *slog.Logger
	meterProvider metric.MeterProvider
	httpClient    *http.Client
	clientOpts    []openf1.Option
	transport     lineage.Transport
	suites        SuiteFunc
	progress      func(Progress)
	mem           memory.Allocator
	now           func() time.Time
	sessionDone   func(*SessionReport)
	fullQuality   bool
	notifyClient  *http.Client
}

func buildOptions(opts []Option) *options {
	o := &options{}
	for _, f := range opts {
		if f != nil {
			f(o)
		}
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	if o.mem == nil {
		o.mem = memory.DefaultAllocator
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o
}

// WithLogger logs stage progress and problems (default: nothing).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMeterProvider sends metrics to mp instead of the global
// otel.GetMeterProvider() (which is a no-op until configured).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.meterProvider = mp }
}

// WithHTTPClient makes the OpenF1 client send its requests through hc (for
// example the client of an in-process openf1test server).
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithClientOptions adds options to the OpenF1 client the pipeline builds
// from Config.API (after its own, so they win).
func WithClientOptions(opts ...openf1.Option) Option {
	return func(o *options) { o.clientOpts = append(o.clientOpts, opts...) }
}

// WithLineageTransport sends OpenLineage events to t instead of the
// transport Config.Lineage describes (tests use lineagetest.Recorder).
func WithLineageTransport(t lineage.Transport) Option {
	return func(o *options) { o.transport = t }
}

// WithSuites chooses the expectation suites (default: Config.SuiteDir, then
// quality.BuiltinSuite).
func WithSuites(f SuiteFunc) Option { return func(o *options) { o.suites = f } }

// WithProgress calls f as sessions and years finish. Calls are serialised.
func WithProgress(f func(Progress)) Option { return func(o *options) { o.progress = f } }

// WithAllocator allocates the Arrow data of builds from mem (tests pass a
// memory.CheckedAllocator).
func WithAllocator(mem memory.Allocator) Option { return func(o *options) { o.mem = mem } }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithSessionDone calls f after each session's last stage, with its report.
// Calls are serialised (and serialised with WithProgress's). Cancelling
// the run's context from f stops the run: sessions in flight end
// cancelled, the others are not started (tests use it to interrupt a
// backfill).
func WithSessionDone(f func(*SessionReport)) Option {
	return func(o *options) { o.sessionDone = f }
}

// WithFullQualityResults stores each table's complete quality.Result (GX
// validation result JSON) in the report, not only its summary.
func WithFullQualityResults() Option { return func(o *options) { o.fullQuality = true } }

// WithNotifyClient sends the webhook notification through hc.
func WithNotifyClient(hc *http.Client) Option { return func(o *options) { o.notifyClient = hc } }
