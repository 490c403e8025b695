-- Workload "telemetry": silver.car_data with lap_number, as
-- silver.BuildTelemetry builds it (silver/telemetry.go, lap_index.go),
-- summarised by the aggregates of telemetrySums (telemetry_pitwall.go).
-- Inputs: the views b_sessions, b_drivers, b_laps, b_car_data and the cal
-- table from common.sql.

-- The drivers of each session (de-duplicated, driver_number readable):
-- samples of other cars are rejected, unless the session has no drivers.
CREATE TEMP TABLE t_drivers AS
SELECT DISTINCT part_session AS session_key, driver_number
FROM (SELECT * FROM b_drivers
      QUALIFY row_number() OVER (PARTITION BY part_session, session_key, driver_number
                                 ORDER BY _ingested_at DESC, ord DESC) = 1)
WHERE driver_number IS NOT NULL AND i32ok(driver_number);

CREATE TEMP TABLE t_has_drivers AS SELECT DISTINCT session_key FROM t_drivers;

-- Lap spans from the session's bronze laps (silver's LapIndex): only spans
-- with a start and an end after it; a sample belongs to the last span
-- starting at or before it, if it ends after the sample.
CREATE TEMP TABLE t_spans AS
WITH r AS (
  SELECT part_session AS session_key, driver_number::INTEGER AS dn, lap_number::INTEGER AS lap,
         epoch_us(date_start) AS start_us, ms(lap_duration) AS dur
  FROM (SELECT * FROM b_laps
        QUALIFY row_number() OVER (PARTITION BY part_session, session_key, driver_number, lap_number
                                   ORDER BY _ingested_at DESC, ord DESC) = 1)
  WHERE driver_number IS NOT NULL AND lap_number IS NOT NULL AND i32ok(driver_number) AND i32ok(lap_number)
    AND msok(lap_duration)
), n AS (
  SELECT *, lead(start_us) OVER (PARTITION BY session_key, dn ORDER BY lap) AS nstart FROM r
), e AS (
  SELECT *, CASE
      WHEN start_us IS NOT NULL AND dur IS NOT NULL THEN
        CASE WHEN nstart < start_us + dur * 1000 AND nstart > start_us THEN nstart ELSE start_us + dur * 1000 END
      WHEN nstart IS NOT NULL THEN nstart END AS end0
  FROM n
), f AS (
  SELECT *, CASE WHEN start_us IS NULL AND end0 IS NOT NULL AND dur IS NOT NULL THEN end0 - dur * 1000 ELSE start_us END AS sstart
  FROM e
)
SELECT session_key, dn, lap, sstart, end0 AS send
FROM f
WHERE sstart IS NOT NULL AND end0 IS NOT NULL AND end0 > sstart;
