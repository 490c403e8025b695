// Package lineage emits OpenLineage events (https://openlineage.io) that
// validate against the official JSON schemas (core 2-0-2), and sends them
// over HTTP (Marquez or any OpenLineage backend), to an NDJSON file, to a
// log, or to several of those. In pitwall the pipeline describes every
// stage run with it; the layer packages never import it.
//
// # Model
//
// A [RunEvent] reports a state change of a run of a job: one START, any
// number of RUNNING or OTHER, and one terminal COMPLETE, FAIL or ABORT, all
// with the same run id ([NewRunID] makes a UUIDv7). It names the [Job]
// (namespace and name, e.g. "pitwall" / "weekly.silver.laps") and the
// datasets the run reads ([InputDataset]) and writes ([OutputDataset]).
// [DatasetEvent] and [JobEvent] carry metadata outside of a run.
//
// Everything else is a facet, kept in one of five facet maps:
//
//	run.facets        RunFacets           nominalTime, parent, errorMessage, processing_engine
//	job.facets        JobFacets           jobType, documentation
//	<dataset>.facets  DatasetFacets       schema, dataSource, storage, symlinks, version, catalog,
//	                                      documentation, columnLineage, dataQualityMetrics,
//	                                      dataQualityAssertions
//	inputs[].inputFacets   InputDatasetFacets   dataQualityMetrics (input variant), dataQualityAssertions
//	outputs[].outputFacets OutputDatasetFacets  outputStatistics
//
// Each map has a typed field per facet above and a Custom map for any other
// facet: a struct embedding [BaseFacet] is a [Facet]. Parsing ([ParseEvent]
// or json.Unmarshal) puts facets without a type here into Custom as
// [*RawFacet], and every object keeps the members it has no field for in
// its Extra map, so a parsed event re-encodes to the same JSON value.
//
// Facet constructors (NewSchemaFacet, NewOutputStatisticsFacet, ...) set the
// facet's versioned _schemaURL, e.g.
// https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet
// (the SchemaURL... constants). Two facets depend on where they sit:
// documentation (job or dataset) and dataQualityMetrics (the current
// DataQualityMetricsDatasetFacet in facets, the older
// DataQualityMetricsInputDatasetFacet in inputFacets); their constructors
// leave _schemaURL empty and [Client.Emit] fills the right one.
//
// Data-quality results go into [DataQualityAssertionsFacet] (one
// [Assertion] per check, success true or false; a failed check does not
// make the run FAIL) and [DataQualityMetricsFacet]. Checks on data a run
// writes belong on that output's facets; checks on data it reads may sit in
// the input's facets or inputFacets.
//
// # Producer
//
// Every event and facet names its producer. The default, [DefaultProducer],
// is https://github.com/pitwall-f1/pitwall/tree/<version>/lineage, where
// <version> is the pitwall module version of the binary (a tag, the commit
// of a pseudo-version, or "main" in development), so the URI leads to the
// code that wrote the event. [WithProducer] overrides it.
//
// # Emitting
//
// [Client.Emit] completes an event in place ([Event.FillDefaults]: producer,
// schemaURL, eventTime, each facet's _producer and default _schemaURL),
// validates it ([Event.Validate]: UUIDs, absolute URIs, required members,
// the rules the schema checks that Go types cannot guarantee), encodes it
// and hands it to the transport. An invalid event is never sent; Emit
// returns a [*ValidationError] naming each problem by path.
//
// # Naming datasets
//
// Lineage joins datasets only on exact (namespace, name) equality, so the
// package derives names by the OpenLineage naming spec:
//
//   - local files ([FileDataset], [LocationDataset]): namespace "file", name
//     the absolute cleaned path with its leading slash and no trailing one
//     ("/" for the root);
//   - S3 ([S3Dataset]): namespace "s3://{bucket}", name the key without
//     leading or trailing slash ("/" for the bucket); s3a:// and s3n:// are
//     s3://. GCS likewise with "gs://{bucket}". Query strings and user info
//     of a location URL are never part of a name;
//   - Glue tables ([GlueTableName]): "arn:aws:glue:{region}:{account}" and
//     "table/{database}/{table}".
//
// An Iceberg table ([IcebergTable]) is named by its physical location
// under the rules above, which is what Spark, Trino and the other
// OpenLineage integrations emit, so pitwall's lineage joins theirs. Its
// catalog name goes into a symlinks facet (type TABLE), next to catalog,
// storage (iceberg, parquet) and version (the snapshot id) facets:
//
//   - REST catalog: (the catalog URI as configured, "{namespace}.{table}");
//   - Glue catalog: the Glue name above;
//   - Hive: ("hive://{host}:{port}", "{namespace}.{table}"); Hadoop: (the
//     warehouse location, "{namespace}.{table}");
//   - SQL catalog on SQLite, pitwall's default: ("sqlite://" + the absolute,
//     cleaned path of the catalog database file, "{namespace}.{table}"), e.g.
//     ("sqlite:///home/me/lake/catalog.db", "silver.laps"). The naming spec
//     has no SQLite entry; the Great Expectations integration uses the bare
//     namespace "sqlite", which makes tables of two different database files
//     collide. The file path is what identifies an SQLite catalog (the
//     warehouse does not: two catalogs may share one), so it is the
//     namespace. Relative paths, file: DSNs with pragmas and sqlite:// URLs
//     all resolve to the same absolute path; in-memory databases map to
//     "sqlite::memory:". This rule is stable: changing it would break
//     lineage history;
//   - SQL catalog on a server database: (scheme://host[:port][/database] of
//     the DSN, "{namespace}.{table}"), credentials never included.
//
// Multi-level namespaces are joined with dots.
//
// # Transports
//
// A [Transport] takes an encoded [Payload]:
//
//   - [HTTPTransport] posts to {url}/{endpoint} (endpoint default
//     api/v1/lineage, joined as url.JoinPath does: a base path is kept),
//     with an optional "Authorization: Bearer" API key and gzip. Any 2xx is
//     success (Marquez answers 201). Network errors, attempt timeouts
//     (default 5 s) and 5xx are retried with exponential backoff (default
//     5 retries from 0.3 s, as the Python client; Retry-After honoured but
//     capped); other answers fail at once. Failures are [*HTTPError] with
//     the status and the start of the response body;
//   - [FileTransport] appends NDJSON, one event per line, safe for
//     concurrent emitters (a mutex and one write per line on an O_APPEND
//     file), or writes one file per event;
//   - [ConsoleTransport] prints JSON lines to a writer or logs them with
//     log/slog; [NoopTransport] discards;
//   - [CompositeTransport] sends to several transports; by default it tries
//     all and joins the failures (errors.Join), or stops at the first
//     failure (FailFast) or the first success (StopOnSuccess);
//   - [AsyncTransport] wraps any transport with a bounded queue and one
//     delivery goroutine (events stay in order). When the queue is full it
//     drops the new event or blocks up to a timeout, and counts the drop;
//     Close(ctx) flushes but always returns by ctx's deadline, reporting the
//     undelivered count in a [*FlushError].
//
// # Configuration
//
// [NewClientFromEnvironment] resolves a transport like the openlineage-python
// client: OPENLINEAGE_DISABLED=true gives noop; else the YAML file named by
// OPENLINEAGE_CONFIG (or ./openlineage.yml, or ~/.openlineage/openlineage.yml)
// with a transport section (see [TransportConfig] for the keys: type http,
// async_http, file, console, composite or noop); else OPENLINEAGE_URL with
// OPENLINEAGE_ENDPOINT and OPENLINEAGE_API_KEY gives http; else console, with
// a warning. One difference from Python: the file transport appends to one
// NDJSON file unless append: false is given.
//
// # Credentials
//
// API keys and custom header values never appear in events, errors or logs.
// Configuration holds them as [Secret], which prints, logs and marshals as
// "[REDACTED]"; the HTTP transport removes them from every error and log
// line, including server responses that echo them, and URLs are shown
// without user info or query.
//
// # Testing
//
// Package lineagetest validates events, and every facet in them, against
// the official schemas offline, and records emitted events in memory;
// package schemafacet builds schema facets from Arrow and Iceberg schemas.
package lineage
