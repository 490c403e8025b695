package pipeline

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// MeterName is the instrumentation scope of the pipeline's metrics.
const MeterName = "github.com/pitwall-f1/pitwall/pipeline"

// Metric names, in the seed's namespaces. Every instrument carries the
// attribute "dag.mode" (weekly or backfill); others are listed per metric.
const (
	MetricBronzeRowsExtracted = "bronze.rows_extracted" // counter; endpoint
	MetricBronzeRequests      = "bronze.requests"       // counter
	MetricBronzePartitions    = "bronze.partitions"     // counter; outcome
	MetricBronzeSeconds       = "bronze.extract_seconds"
	MetricSilverRowsPublished = "silver.rows_published" // counter; table (rows in committed data files)
	MetricSilverRowsRejected  = "silver.rows_rejected"  // counter; table
	MetricSilverBuildSeconds  = "silver.build_seconds"  // histogram
	MetricSilverChecksFailed  = "silver.checks_failed"  // counter; table, severity
	MetricGoldRowsPublished   = "gold.rows_published"   // counter; table
	MetricGoldBuildSeconds    = "gold.build_seconds"    // histogram
	MetricGoldChecksFailed    = "gold.checks_failed"    // counter; table, severity
	MetricDagRunSeconds       = "dag.run_seconds"       // histogram; status
	MetricDagSessions         = "dag.sessions"          // counter; status
	MetricDagSessionsFailed   = "dag.sessions_failed"   // counter
	MetricDagRetries          = "dag.task_retries"      // counter; stage
)

// meters holds the pipeline's instruments. With no MeterProvider
// configured (neither WithMeterProvider nor otel.SetMeterProvider) every
// instrument is a no-op.
type meters struct {
	mode attribute.KeyValue

	bronzeRows, bronzeRequests, bronzePartitions metric.Int64Counter
	bronzeSeconds                                metric.Float64Histogram
	silverRows, silverRejected, silverChecks     metric.Int64Counter
	silverSeconds                                metric.Float64Histogram
	goldRows, goldChecks                         metric.Int64Counter
	goldSeconds                                  metric.Float64Histogram
	runSeconds                                   metric.Float64Histogram
	sessions, sessionsFailed, retries            metric.Int64Counter
}

func newMeters(mp metric.MeterProvider, mode Mode) *meters {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(MeterName)
	ms := &meters{mode: attribute.String("dag.mode", string(mode))}
	// Instrument constructors only fail for invalid names; ours are
	// constants, and the returned instrument is a usable no-op anyway.
	ms.bronzeRows, _ = m.Int64Counter(MetricBronzeRowsExtracted, metric.WithUnit("{row}"), metric.WithDescription("Rows written to bronze partitions (created or changed)."))
	ms.bronzeRequests, _ = m.Int64Counter(MetricBronzeRequests, metric.WithUnit("{request}"), metric.WithDescription("OpenF1 API requests made by extraction."))
	ms.bronzePartitions, _ = m.Int64Counter(MetricBronzePartitions, metric.WithUnit("{partition}"), metric.WithDescription("Bronze partitions by outcome."))
	ms.bronzeSeconds, _ = m.Float64Histogram(MetricBronzeSeconds, metric.WithUnit("s"), metric.WithDescription("Duration of a meeting's extraction."))
	ms.silverRows, _ = m.Int64Counter(MetricSilverRowsPublished, metric.WithUnit("{row}"), metric.WithDescription("Rows committed to silver tables."))
	ms.silverRejected, _ = m.Int64Counter(MetricSilverRowsRejected, metric.WithUnit("{row}"), metric.WithDescription("Rows sent to silver.rejects."))
	ms.silverChecks, _ = m.Int64Counter(MetricSilverChecksFailed, metric.WithUnit("{check}"), metric.WithDescription("Failed silver expectations."))
	ms.silverSeconds, _ = m.Float64Histogram(MetricSilverBuildSeconds, metric.WithUnit("s"), metric.WithDescription("Duration of a meeting's silver stage (build, check, publish)."))
	ms.goldRows, _ = m.Int64Counter(MetricGoldRowsPublished, metric.WithUnit("{row}"), metric.WithDescription("Rows committed to gold tables."))
	ms.goldChecks, _ = m.Int64Counter(MetricGoldChecksFailed, metric.WithUnit("{check}"), metric.WithDescription("Failed gold expectations."))
	ms.goldSeconds, _ = m.Float64Histogram(MetricGoldBuildSeconds, metric.WithUnit("s"), metric.WithDescription("Duration of a meeting's gold stage (build, check, publish)."))
	ms.runSeconds, _ = m.Float64Histogram(MetricDagRunSeconds, metric.WithUnit("s"), metric.WithDescription("Duration of a pipeline run."))
	ms.sessions, _ = m.Int64Counter(MetricDagSessions, metric.WithUnit("{session}"), metric.WithDescription("Sessions by final status."))
	ms.sessionsFailed, _ = m.Int64Counter(MetricDagSessionsFailed, metric.WithUnit("{session}"), metric.WithDescription("Sessions that failed or were blocked by quality checks."))
	ms.retries, _ = m.Int64Counter(MetricDagRetries, metric.WithUnit("{retry}"), metric.WithDescription("Task retries by stage."))
	return ms
}

func (m *meters) attrs(kv ...attribute.KeyValue) metric.MeasurementOption {
	return metric.WithAttributes(append([]attribute.KeyValue{m.mode}, kv...)...)
}

func (m *meters) add(ctx context.Context, c metric.Int64Counter, n int64, kv ...attribute.KeyValue) {
	if n != 0 {
		c.Add(context.WithoutCancel(ctx), n, m.attrs(kv...))
	}
}

func (m *meters) record(ctx context.Context, h metric.Float64Histogram, v float64, kv ...attribute.KeyValue) {
	h.Record(context.WithoutCancel(ctx), v, m.attrs(kv...))
}

func attrStage(s string) attribute.KeyValue { return attribute.String("stage", s) }

func attrString(k, v string) attribute.KeyValue { return attribute.String(k, v) }
