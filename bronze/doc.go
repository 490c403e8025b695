// Package bronze extracts the OpenF1 API into the bronze layer of the lake:
// raw, partitioned Parquet on any blob store (file://, s3://, gs://, mem://),
// incrementally and idempotently.
//
// # Layout
//
// Under the lake root (a gocloud.dev blob URL opened with OpenStore):
//
//	bronze/meetings/year=2024/data.parquet                                   + _manifest.json
//	bronze/sessions/year=2024/data.parquet                                   + _manifest.json
//	bronze/<endpoint>/year=2024/meeting_key=1229/session_key=9472/part-00000.parquet + _manifest.json
//	bronze/_quarantine/<endpoint>/year=…/meeting_key=…/session_key=…/<run_id>.json   (+ .error.json)
//
// One partition per endpoint and session (per year for meetings and
// sessions). car_data and location partitions may have several parts
// (part-00001.parquet, …; one per million rows by default). Files are
// zstd-compressed Parquet with row groups of 128Ki rows.
//
// # Columns
//
// A partition's columns are the API's field names and values, in the order
// of the endpoint registry (openf1.Endpoints), typed by the registry's
// FieldInfo.Kind: int → INT64, float → DOUBLE, string → STRING, bool →
// BOOLEAN, datetime → TIMESTAMP(µs, UTC) parsed exactly, int list →
// LIST<INT32> with nullable elements, union (a field whose JSON type varies,
// such as intervals.gap_to_leader) → the raw JSON text as STRING. Every API
// column is nullable: a field the API leaves out or sends as null is null.
// Then come four metadata columns: _extra (the fields the registry does not
// know, as a JSON object text with sorted keys; null when none), _ingested_at
// (when the response was fetched), _run_id and _request (API path and
// query, never credentials). Schema returns the Arrow form of this schema.
//
// # Manifests
//
// _manifest.json is written last and is what makes a partition visible: it
// lists the data files (path, rows, bytes, SHA-256), the total row count,
// the API requests, extraction time, run id, client and schema versions, and
// a content hash. Readers go through manifests only (Store.Manifests,
// OpenPartition); a data file no manifest lists does not exist for them.
// A session the API had no rows for (404 "No results found.") gets a manifest
// with empty: true and no files, so it is not fetched again needlessly.
//
// The content hash (Manifest.ContentSHA256) is the SHA-256 of the sorted
// SHA-256 digests of the partition's rows, each row encoded canonically from
// its API columns and _extra (not the run metadata). The same API rows thus
// hash the same whatever the run, the fetch time, the way requests were
// split or the order the API returned rows in.
//
// # Idempotency and atomic replace
//
// Extracting a partition whose content hash is unchanged writes nothing (the
// manifest is untouched; the run reports it unchanged). A changed hash — a
// late correction, which OpenF1 publishes weeks after a race — replaces the
// partition atomically: new data files under names the live manifest does not
// use, then the manifest (one blob write, atomic on every store), then the
// old files are deleted. An interrupted or cancelled run therefore leaves
// every partition as it was or fully replaced, at worst with invisible
// orphan files that Store.DeleteOrphans removes. Two runs must not write the
// same partition at the same time; Plan.Split never puts a partition in two
// parts.
//
// # Planning and running
//
// An Extractor plans (Extractor.Plan) and runs (Extractor.Run). The plan is
// plain JSON-serialisable data — a list of independent tasks — so an
// orchestrator can inspect it, store it, split it over workers (Plan.Split)
// and run each part anywhere. Scopes: a list of sessions, a list of
// meetings, a range of years (a backfill; PlanRequest.SkipExisting makes it
// resumable), or incremental: the sessions that ended since the watermark
// minus a look-back window, plus any gap in the same seasons.
//
// Plans use the fewest requests the API allows: meetings and sessions once
// per year (?year=Y); every other non-telemetry endpoint once per meeting
// (?meeting_key=M, rows split by session_key) when two or more of the
// meeting's sessions need it, falling back to one request per session if the
// API finds the meeting too large; race-only endpoints (intervals,
// overtakes, championship_*) only for races and sprints, starting_grid only
// for qualifying sessions. car_data and location are fetched per driver and
// time window (30 minutes by default, covering the session ± 30 minutes,
// with open-ended first and last windows so no sample is lost); a window the
// API rejects as too large (openf1.ErrTooMuchData) is halved and retried.
// All requests go through the Fetcher (an *openf1.Client), so its rate
// limiter paces them; RunOptions.Concurrency bounds parallel tasks and
// RunOptions.Progress reports every request and partition.
//
// # Incremental state
//
// There is no state store: Store.State derives what exists, each
// partition's content hash, and the watermark (the latest date_end of a
// session with partitions) from the manifests themselves, so any worker that
// can read the lake sees the same state.
//
// # Schema drift
//
// A field the API stops sending reads as null. A field the registry does not
// know is kept in _extra and listed in the manifest's unknown_fields. A value
// that does not fit its field's kind — a string where an int belongs, a
// fraction in an int field, a malformed datetime — is never coerced: the
// partition's raw response is quarantined under bronze/_quarantine (with an
// .error.json describing the field, row and value), the previous version of
// the partition stays live, and RunResult lists the quarantined partitions
// with reasons (Store.Quarantined and Store.QuarantinedBody read them back).
// Rows of other sessions in the same meeting-level response are written
// normally.
//
// # Reading bronze (silver)
//
//	store, _ := bronze.OpenStore(ctx, "file:///abs/lake")
//	ms, _ := store.Manifests(ctx, openf1.EndpointLaps, bronze.ManifestFilter{Years: []int{2024}})
//	for _, m := range ms {
//		rr, _ := bronze.OpenPartition(ctx, store, m, mem)
//		for rr.Next() {
//			batch := rr.RecordBatch() // schema: bronze.Schema(openf1.EndpointLaps)
//			...
//		}
//		rr.Release()
//	}
//
// OpenPartition streams: one Parquet row group at a time, in record batches
// of at most 64Ki rows, allocated from the caller's allocator; the caller
// releases the reader (and retains a batch it keeps beyond the next Next).
// Columns a file lacks (written before the registry learned a field) read
// as nulls. Timestamps are arrow.Timestamp(µs, "UTC"); union columns carry
// the Arrow field metadata FieldKindKey = "union".
//
// OpenPartitionWithOptions reads only the columns in ReadOptions.Columns
// (ProjectSchema gives the resulting schema, fields in Schema order): a
// column that is not read is neither decompressed nor decoded. Reading
// only what is used matters most for the run columns, strings repeated on
// every row: silver's telemetry build reads car_data without _request,
// _run_id and _extra. Projected and full reads of a partition yield the
// same rows in the same batches, so row ordinals line up.
//
// Each data file is opened once: a file of up to 8 MiB (every bronze file
// but large telemetry parts) is fetched whole with one request, a larger
// one is read through one blob reader that streams the column chunks in
// file order (a request per jump, not per read).
package bronze
