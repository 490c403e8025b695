// Command bench measures pitwall against DuckDB on the same data and
// prints the numbers BENCHMARKS.md publishes.
//
// It lives in its own Go module (github.com/pitwall-f1/pitwall/bench) so the
// library does not depend on DuckDB or cgo; a replace directive points it
// at the repository's pitwall.
//
//	cd bench
//	go run .                       # full size: a 24-meeting season, car_data for 18 weekends (~20M rows), 3 runs
//	go run . -smoke                # CI: 1 meeting, 1 weekend of car_data at 1 Hz, 1 run (outputs still compared)
//	go run . -workloads laps -runs 5 -meetings 12
//	go run . -cpuprofile /tmp/prof  # plus one profiled pitwall run per workload: go tool pprof -top /tmp/prof/pitwall-laps.pprof
//
// # Data
//
// The input is a simulated season (openf1/sim with every real-API quirk
// on), served by the fake API server (openf1/openf1test) and extracted by
// the real bronze extractor into Parquet with manifests, then built into
// silver and published to a local Iceberg lake. The prepared dataset is
// cached under -data (default $TMPDIR/pitwall-bench) by size and seed;
// preparing it is never timed. -fresh rebuilds it.
//
// # Workloads
//
//   - laps: silver.laps from bronze (de-duplication, typing, the stint join,
//     pit in-laps, SC/VSC and deleted laps from race control), for the
//     season. pitwall: silver.BuildSession per session, with the calendar
//     read once per run (silver.LoadCalendar, timed) as a backfill does (a
//     bronze root that holds only laps' sources, so it builds no unrelated
//     table). DuckDB: SQL over the bronze Parquet files the manifests list
//     (sql/laps.sql).
//   - gold: gold driver_session_summary and stint_analysis (degradation
//     slopes) for the season from the silver Iceberg tables. pitwall:
//     gold.BuildSessions. DuckDB: SQL over the data files of the tables'
//     Iceberg scan plans (sql/gold.sql).
//   - telemetry: silver.car_data with lap numbers for several race weekends
//     (tens of millions of rows at full size). pitwall: silver.BuildTelemetry
//     per session, streamed (calendar loaded once per run). DuckDB: one SQL query with an ASOF join
//     (sql/telemetry*.sql).
//
// Before any time is reported, the two outputs are compared: row counts and
// aggregates (sums of durations, tyre ages, slopes, flag counts...) to a
// relative 1e-9. A difference fails the run loudly, naming the workload and
// every aggregate that differs.
//
// # Measurement
//
// Each engine runs in its own child process, so each peak RSS is that
// engine's alone, DuckDB's C++ heap included: the worker reports its own
// VmHWM (rusage's ru_maxrss would also count the parent, whose high-water
// mark Linux folds into a vforked child at exec). Pitwall workers run a
// build of this program with -tags pitwallonly, without DuckDB linked in;
// the dataset is prepared in a child too, keeping the parent small. Time is
// measured inside the worker around the work (from listing manifests or
// planning scans to a materialized result); runs alternate which engine
// goes first, and the report gives the median of -runs. Both engines get
// -threads threads: GOMAXPROCS and a pool of that many sessions at once for
// pitwall, SET threads for DuckDB. The machine, the load average before and
// after, and the command to reproduce are printed with the table.
package main
