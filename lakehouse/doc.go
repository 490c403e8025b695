// Package lakehouse publishes Arrow data as Apache Iceberg tables: it opens
// a catalog from configuration, ensures namespaces and tables from small
// definitions, replaces partitions atomically and idempotently, reads
// tables back, and maintains them.
//
// In pitwall, silver and gold build Arrow batches and never decide
// publication; this package publishes them (see DESIGN §1). It depends on
// iceberg-go and arrow-go only, and the tables it writes are standard
// Iceberg v2 tables that Spark, Trino, Athena, DuckDB or PyIceberg read.
//
// # Catalogs and properties
//
// A Config names a catalog type and carries iceberg-go properties;
// ConfigFromProperties builds one from flat key/values and validates it:
//
//	type       sql (default) | rest | glue
//	name       catalog name (default "pitwall")
//	uri        sql: SQLite file or DSN (default ./lake/catalog.db); rest: base URL
//	warehouse  file:///abs/dir or s3://bucket/prefix (sql default file://<abs>/lake/warehouse)
//	token, credential               rest authentication (bearer token, or OAuth2 "id:secret")
//	glue.region (or region)          glue
//	s3.endpoint, s3.region, s3.access-key-id, s3.secret-access-key,
//	s3.session-token, s3.force-virtual-addressing   S3 FileIO
//
// The SQL catalog defaults to SQLite through the pure-Go sqliteshim driver
// (no cgo), with WAL, a busy timeout and immediate transactions so several
// writers can share it. Other databases work with sql.driver/sql.dialect
// and a blank import of their driver; an unregistered driver, an unknown
// type or a missing property is a *ConfigError naming the property (never
// its value). The sql, rest and glue catalogs and the S3 FileIO are
// imported by this package; other storage schemes (gs://, abfs://) need the
// matching iceberg-go io/gocloud blank import, which the error names.
// OpenLocal(ctx, dir) is the zero-setup lake used by examples and tests.
//
// # Tables
//
// A TableDef gives a namespace, a name, an Arrow schema, a partition spec
// (Identity("year", "session_key") for session-level tables: a session is
// replaced atomically and a year pruned), an optional sort order and table
// properties, where gold documents its definitions. EnsureTable creates the
// table or brings it up to the definition: new columns are added as
// optional (older rows read back null), properties are set, nothing is
// ever dropped, and a changed column type or partition spec is an
// *IncompatibleChangeError rather than a silent rewrite.
//
// # Idempotent replace
//
// ReplaceSessions(ctx, ident, keys, reader, opts) replaces the rows of the
// given sessions with the reader's rows in one commit, however many
// sessions (a backfill publishes a season at once). Rows whose key is not
// listed are refused (*OutsideRowsError); a listed session without rows is
// emptied. With an identity partition on the key column, the commit swaps
// whole data files, so other sessions' files are untouched.
//
// Each replaced session gets a fingerprint, a table property written in
// the same commit: an order-insensitive digest of its rows plus a digest of
// the file paths now holding it. A re-run first compares: sessions whose
// incoming rows are identical, and whose files are still exactly those the
// fingerprint recorded, are skipped; if all are, nothing is committed and
// PublishResult.Changed is false — no snapshot, no data file, no metadata
// file. Inputs up to PublishOptions.BufferBytes (64 MiB) are decided before
// any file is written; larger ones are streamed to data files first and
// the files of unchanged sessions deleted after the decision. Because the file digest is re-checked, a fingerprint never hides a
// change made by another writer (a DELETE from Spark, a compaction): that
// session is simply rewritten. Columns that change on every run without
// changing the data (load timestamps) can be left out of the digest with
// PublishOptions.FingerprintExclude.
//
// ReplaceWhere does the same for a filter on identity partition columns
// (meetings of a year), ReplaceAll for a whole small table, and Append adds
// rows without any idempotency.
//
// Snapshot summaries record the run (pitwall.run-id), the replaced keys
// (pitwall.session-keys) and the operation, for lineage and audits.
//
// # Commit conflicts
//
// Data files are written once, then a commit is attempted against the
// freshly loaded table. When another writer committed first, iceberg-go
// reports either table.ErrCommitFailed (the catalog's compare-and-swap
// lost) or a plain error whose text says "requirement failed" (the catalog
// re-validated the commit's requirements against the newer table). Both
// are treated alike: reload the table, redo the whole decision (which
// sessions changed, which files to remove) and commit again, with jittered
// exponential backoff, up to PublishOptions.MaxAttempts. PublishResult.Attempts
// says how many were needed; running out yields a *CommitConflictError and
// removes the data files written. An unknown commit outcome (REST 5xx) is
// not retried and its files are kept (ErrCommitStateUnknown).
//
// # Reading
//
// Scan reads a table, or a past snapshot, with a row filter and column
// projection into an arrow RecordReader (the caller releases it). Project
// to the columns you use: with many small data files (one per session),
// setting up each column's reader is much of a scan's cost.
// ScanOptions.IgnoreMissingColumns lets a reader ask for columns a table
// gained later without first loading its schema. Describe
// returns the location, the current snapshot id (the lineage dataset
// version) and the history with summaries.
//
// # Maintenance
//
// ExpireSnapshots drops old snapshots (keeping at least RetainLast) and
// deletes the files only they referenced; RemoveOrphanFiles deletes files
// under the table location that no metadata references and that are older
// than a minimum age (default 72h, so in-flight writes are safe);
// CompactManifests merges the small manifests per-session commits leave.
// A weekly expire + orphan removal + compaction keeps planning fast.
//
// # Memory
//
// Publishing reads the caller's RecordReader to its end without releasing
// it. Scan allocates from the allocator it is given. Nothing in this
// package retains Arrow data after a call returns.
package lakehouse
