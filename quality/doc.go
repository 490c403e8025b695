// Package quality checks Arrow data against expectation suites with Great
// Expectations (GX) semantics, before pitwall publishes a batch (DESIGN
// §2.4): silver and gold build Arrow batches, quality judges them, the
// pipeline decides. It depends only on arrow-go.
//
// # Concepts
//
// An Expectation is one check, named by its GX type
// ("expect_column_values_to_be_between") with GX kwargs
// ({"column": "lap_duration_ms", "min_value": 60000, "max_value": 300000,
// "mostly": 0.99}), free-form meta, an id and a Severity. A Suite is a named
// list of them. Suites are written in Go with the Expect… constructors, or
// loaded from GX suite JSON (0.x and 1.x) with ParseSuite, or taken from
// BuiltinSuite for the pitwall tables. ExpectationTypes lists the 39
// supported types: 36 GX core types and three pitwall_ ones GX has no
// equivalent for (a foreign-key lookup in another table, non-overlapping
// stints, values increasing within groups).
//
// Suite.Validate runs a suite against Data — FromRecordBatch or FromTable
// (chunked columns are fine) — plus named other tables for cross-table
// checks, and returns a Result that marshals to GX's validation result JSON:
// success, statistics and one result per expectation with
// expectation_config, result and exception_info.
//
// # Semantics (as in GX on pandas)
//
//   - Missing values are Arrow nulls and, in float columns, NaN (pandas
//     treats NaN as missing). Column map expectations skip them: the mostly
//     fraction is (non-missing − unexpected) / non-missing, and success is
//     that fraction ≥ mostly, computed in float64 exactly like GX, so
//     mostly=0.99 passes with exactly 99 of 100 values expected and fails with
//     98. not_be_null and be_null count nulls instead: their denominator is
//     every row and their results have no missing_* keys.
//   - No rows, or no non-missing rows, is vacuously successful for column map
//     expectations; unexpected_percent and the other percentages are then
//     null (JSON null, nil pointers). Aggregates of nothing (min of an empty
//     column, stdev of one value) fail with observed_value null.
//   - between bounds are inclusive unless strict_min/strict_max; a missing
//     bound is unbounded (±Inf in the Go constructors). Date/time columns
//     take RFC 3339 or YYYY-MM-DD strings as bounds; naive strings are UTC.
//   - expect_column_values_to_be_unique flags every occurrence of a repeated
//     value; stdev is the sample standard deviation; median averages the two
//     middle values; quantiles use pandas' "nearest" interpolation, as GX.
//   - Regexes use Go's RE2 syntax with search semantics (re.search).
//   - row_condition (Expectation.RowCondition) restricts an expectation to
//     the rows where a boolean column is True (or False): "is_accurate==True"
//     with condition_parser "pandas", or col("is_accurate")==True with
//     "great_expectations". The expectation sees only those rows
//     (element_count counts them) and index lists keep the rows' positions
//     in the whole batch, as GX's pandas index does. Other conditions are
//     rejected by Check; filter the Arrow data before validating instead.
//
// # Results
//
// ValidateOptions.ResultFormat selects BOOLEAN_ONLY, BASIC, SUMMARY (the
// default) or COMPLETE, shaped like GX's _format_map_output: counts and
// percentages (0–100) from BASIC, partial_unexpected_counts and
// partial_unexpected_index_list from SUMMARY, the full unexpected_list and
// unexpected_index_list in COMPLETE. Partial lists hold 20 items unless
// PartialUnexpectedCount says otherwise; as in GX, SUMMARY's value counts are
// computed over that partial list. Row indices are 0-based positions in the
// validated data.
//
// A check that cannot run — a column missing from the batch, an unsupported
// column type, an absent other table — does not panic or abort the run: that
// expectation fails with exception_info.raised_exception = true and a
// message naming the problem (errors ErrColumnNotFound, ErrUnsupportedType,
// ErrTableNotFound). Validate itself fails only for an invalid suite or a
// cancelled context.
//
// # Severity and publication
//
// Severity is error (the default), warn or info. Result.Success is GX's
// (everything passed); Result.Blocking says whether an error-severity
// expectation failed, i.e. whether the batch must not be published. In GX
// JSON, severity is read from an expectation's "severity" (GX 1.x names
// critical/warning are accepted) or meta.severity, and written to
// meta.severity.
//
// # OpenLineage
//
// Result.Assertions returns []Assertion shaped for the dataQualityAssertions
// facet (assertion = expectation type, success, column, severity...),
// Result.Metrics and Profile return Metrics shaped for the
// dataQualityMetrics facet (rowCount, columnMetrics with nullCount,
// distinctCount, sum, count, min, max, quantiles). They are plain structs;
// the lineage package converts them.
//
// # Performance and memory
//
// Simple column checks (not_null, between, in_set, ...) switch on the Arrow
// type once per chunk and loop over the typed value slices and validity
// bitmaps with no per-row allocation or interface boxing; only unexpected
// values are materialized, and only as many as the result format keeps.
// Validate and Profile allocate no Arrow memory and keep no reference to
// the caller's Arrow data once they return (a row condition takes
// zero-copy slices of the columns it reads and releases them before the
// next expectation runs), so the caller releases the batch as usual.
//
// # Example
//
//	suite := quality.NewSuite("silver.laps",
//		quality.ExpectCompoundColumnsToBeUnique("session_key", "driver_number", "lap_number"),
//		quality.ExpectColumnValuesToBeBetween("lap_duration_ms", 60_000, 300_000).Mostly(0.99).Warn(),
//	)
//	res, err := suite.Validate(ctx, quality.FromRecordBatch(rec), quality.ValidateOptions{})
//	if err != nil { ... }
//	if res.Blocking() { ... keep the previous snapshot ... }
package quality
