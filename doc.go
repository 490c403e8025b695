// Package pitwall is a Go SDK for Formula 1 data engineering: it turns the
// public OpenF1 API (https://openf1.org) into a medallion lakehouse of
// standard Apache Iceberg tables, with data-quality expectations and
// OpenLineage events, in importable packages that each have one concern:
//
//   - [github.com/pitwall-f1/pitwall/openf1]: a client for all 18 OpenF1
//     endpoints (typed models, filters, retries, rate limiting, auth,
//     streaming, cache/replay);
//   - [github.com/pitwall-f1/pitwall/openf1/openf1test]: an in-process fake
//     OpenF1 server for tests and demos;
//   - [github.com/pitwall-f1/pitwall/openf1/sim]: a deterministic season
//     simulator with exposed ground truth;
//   - [github.com/pitwall-f1/pitwall/bronze]: raw, partitioned Parquet on any
//     object store, with manifests;
//   - [github.com/pitwall-f1/pitwall/lakehouse]: Iceberg catalogs and atomic,
//     idempotent session replace;
//   - [github.com/pitwall-f1/pitwall/silver] and
//     [github.com/pitwall-f1/pitwall/gold]: cleaned and analytics tables;
//   - [github.com/pitwall-f1/pitwall/quality]: expectation checks with Great
//     Expectations semantics;
//   - [github.com/pitwall-f1/pitwall/lineage]: OpenLineage events and
//     transports;
//   - [github.com/pitwall-f1/pitwall/pipeline]: the weekly and backfill
//     pipelines built from them, embeddable in any orchestrator.
//
// The root package holds no code; import the package you need.
package pitwall
