// Package pipeline wires pitwall's layers into the two runs of a Formula 1
// lakehouse: a weekly incremental run and a historical backfill. It is the
// only package that knows them all: openf1 fetches, bronze stores raw
// Parquet, silver and gold build Arrow batches, quality judges them,
// lakehouse publishes them as Iceberg snapshots and lineage describes every
// step in OpenLineage.
//
//	rep, err := pipeline.Run(ctx, pipeline.Config{
//		Lake:  "lake",                 // ./lake: bronze, SQLite catalog, warehouse
//		Mode:  pipeline.Backfill,
//		Years: []int{2024},
//		Lineage: pipeline.LineageConfig{URL: "lake/lineage.ndjson"},
//	})
//	rep.WriteSummary(os.Stdout)
//
// # Stages
//
// Per session, in order: extract (bronze partitions of every endpoint) →
// validate bronze (the bronze suites) → silver build → check → publish →
// gold build → check → publish → lineage → metrics → notify. Per year,
// before the sessions, the calendar (silver.meetings, silver.sessions: gold
// needs a session's row) and, after them, the championship standings
// (gold.championship_standings and gold.championship_team_standings,
// computed from every session silver holds for the year).
//
// A Run processes the sessions of one meeting together — one API request
// per endpoint for the meeting, one Iceberg commit per table for all of its
// sessions that passed their checks — and Policy.Concurrency meetings at
// once. One session's failure does not stop the others.
//
// # Modes and policies
//
// Both modes run the same stages (the seed's REUSE strategy); they differ
// only in scope and Policy:
//
//	mode      scope                                     retries     silver  gold   bronze
//	weekly    sessions ended since the bronze           2 × 5 min   30 min  20 min re-fetch the
//	          watermark, minus a 14-day look-back                                  look-back window
//	backfill  years, meetings or sessions (combinable)  3 × 10 min  40 min  30 min skip partitions
//	                                                                              already stored
//
// Retries and timeouts apply per task (one stage of one meeting); a retry
// redoes only the sessions (or bronze tasks) that failed. Quality failures
// and permanent errors (configuration, an incompatible table change, an
// unknown session) are not retried. Tests set RetryDelay to milliseconds.
//
// At most one run per warehouse: Run holds a lock object in the lake
// (LockKey, written with if-not-exists semantics: an exclusive hard link on
// a local lake, IfNotExist on S3/GCS/Azure) with its owner, run id and a
// heartbeat renewed every LockTTL/3. A second run fails fast with a
// *LockedError; a lock whose heartbeat is older than LockTTL (a crashed
// run) is taken over, by exactly one of the runs that find it.
//
// # Resuming and incremental runs
//
// State lives in the lake, never in memory: bronze manifests (what was
// fetched, with content hashes), Iceberg snapshots (what was published) and
// one marker per finished session under _pipeline/sessions/ recording the
// fingerprint of the bronze input it was built from. A session whose
// fingerprint is unchanged is skipped; a cancelled backfill run again picks
// up where it stopped, and a weekly run processes only new sessions and
// those OpenF1 corrected. Policy.Force rebuilds regardless; publishing
// stays idempotent (identical rows commit nothing).
//
// # Quality gating
//
// Every batch is checked before it is published, with the built-in suites
// of package quality (or Config.SuiteDir, or WithSuites). An error-severity
// failure blocks the session: none of its new silver or gold data is
// published (the previous good snapshots stay), the rows of the failing
// tables go to silver.rejects with the check as reason, and the session is
// reported "blocked" while the others publish. Warn-severity failures are
// published and reported.
//
// # Reports, metrics, notifications, lineage
//
// Run returns a Report (JSON): per session and stage the timings, row
// counts, quality results, publish outcomes (snapshot ids, changed or not)
// and lineage run ids; totals; errors. Metrics go through the OpenTelemetry
// metric API (no-op until a MeterProvider is configured, globally or with
// WithMeterProvider) under the seed's names: bronze.rows_extracted,
// silver.rows_published, silver.rows_rejected, silver.build_seconds,
// gold.build_seconds, dag.run_seconds, dag.sessions_failed and others (the
// Metric… constants). Config.NotifyURL receives a JSON POST (Slack
// compatible) when a run completes or fails.
//
// Each stage of each session is one OpenLineage run (job
// "<dag>.<stage>", e.g. "f1_historical_backfill.silver") with a parent
// facet pointing at the pipeline run (job "<dag>", run id Config.RunID),
// START and COMPLETE or FAIL, inputs and outputs named by package lineage's
// rules (bronze folders by location, Iceberg tables by location with a
// symlink to their catalog name), and facets: schema, dataSource,
// outputStatistics, dataQualityAssertions, columnLineage (silver, gold),
// version (the Iceberg snapshot id, or the bronze content hash),
// nominalTime (the session's start and end), errorMessage,
// processing_engine and jobType. Events are queued and sent by a
// background goroutine; a slow or dead backend costs a run at most
// Policy.LineageFlushTimeout.
//
// # Embedding a stage in an orchestrator
//
// Every stage is also a public, idempotent function taking the run's Config
// — small, plain, JSON-serialisable — and a session key or a year: Plan,
// ExtractCalendar, BuildCalendar, ExtractSession, BuildSilverSession,
// BuildGoldSession, BuildStandings. Each opens what it needs from the
// Config and closes it again, so it runs on any worker. They neither lock
// nor retry: the orchestrator schedules and retries. Give every task of a
// DAG run the same Config (with the same RunID, a UUID) so their lineage
// shares one parent run.
//
// A Temporal activity per stage:
//
//	func SilverActivity(ctx context.Context, cfg pipeline.Config, session int) (*pipeline.StageReport, error) {
//		return pipeline.BuildSilverSession(ctx, cfg, session)
//	}
//	// workflow: plan := Plan activity; for each session (in parallel):
//	//   ExtractSession → SilverActivity → GoldActivity; then BuildStandings.
//
// An Airflow DAG (or Kubernetes Jobs) running one stage per task with the
// example command, which reads the Config as JSON:
//
//	silver = KubernetesPodOperator(
//	    task_id="silver", image="pitwall:latest",
//	    cmds=["pipeline", "-stage", "silver", "-config", "/etc/pitwall/config.json",
//	          "-session-keys", "{{ params.session_key }}"],
//	    retries=2, retry_delay=timedelta(minutes=5), execution_timeout=timedelta(minutes=30))
//
// The same command runs as a Kubernetes Job (restartPolicy: OnFailure,
// backoffLimit for the retries, activeDeadlineSeconds for the timeout).
// Run itself is what a single cron job (schedule "0 6 * * 1") calls.
package pipeline
