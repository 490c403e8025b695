-- Workload "gold": gold.driver_session_summary (its lap-derived columns)
-- and gold.stint_analysis (pace and degradation), as gold computes them
-- (gold/session.go, driver_summary.go, stint_analysis.go, stats.go;
-- definitions in gold/definitions.go). Inputs: the views g_sessions,
-- g_drivers, g_laps, g_stints, g_pit_stops and g_results over the silver
-- Iceberg tables' data files (silver columns plus fno, rno: file and row
-- order of the scan). {{FUEL}} and
-- {{MIN_LAPS}} are gold's defaults.

CREATE TEMP TABLE g_sess AS
SELECT session_key, any_value(year) AS year, any_value(meeting_key) AS meeting_key,
       any_value(session_type) = 'Race' AS is_race
FROM g_sessions GROUP BY session_key;

CREATE TEMP TABLE g_lap AS
SELECT session_key, driver_number AS driver, lap_number AS lap, epoch_us(date_start) AS start_us,
       lap_duration_ms AS dur, sector_1_ms AS s1, sector_2_ms AS s2, sector_3_ms AS s3,
       i1_speed, i2_speed, st_speed,
       coalesce(is_pit_out_lap, false) AS pit_out, coalesce(is_pit_in_lap, false) AS pit_in, tyre_age,
       coalesce(under_sc, false) AS under_sc, coalesce(under_vsc, false) AS under_vsc,
       coalesce(is_deleted, false) AS deleted, coalesce(is_accurate, false) AS accurate
FROM g_laps;

CREATE TEMP TABLE g_last_lap AS SELECT session_key, max(lap) AS last_lap FROM g_lap GROUP BY session_key;

-- Every lap with what gold derives for it. Deletion, SC/VSC and accuracy
-- are silver's lap flags (gold reads them, never recomputes them).
CREATE TEMP TABLE g_info AS
WITH f AS (
  SELECT l.*, s.is_race,
         CASE WHEN s.is_race AND l.dur IS NOT NULL THEN l.dur - {{FUEL}} * 1000 * (ll.last_lap - l.lap) END AS fuel_corrected,
         coalesce(l.tyre_age, (SELECT arg_max(coalesce(st.tyre_age_at_start, 0) + l.lap - st.lap_start, st.stint_number)
                               FROM g_stints st WHERE st.session_key = l.session_key AND st.driver_number = l.driver
                               AND l.lap BETWEEN st.lap_start AND st.lap_end)) AS age,
         CASE WHEN lead(l.lap) OVER w = l.lap + 1 AND lead(l.start_us) OVER w IS NOT NULL THEN lead(l.start_us) OVER w
              WHEN l.start_us IS NOT NULL AND l.dur IS NOT NULL THEN l.start_us + l.dur * 1000 END AS lap_end
  FROM g_lap l
  JOIN g_sess s ON s.session_key = l.session_key
  JOIN g_last_lap ll ON ll.session_key = l.session_key
  WINDOW w AS (PARTITION BY l.session_key, l.driver ORDER BY l.lap)
), pos AS (
  -- DefLapPosition in races: the order the cars completed each lap, and
  -- the interval to the car ahead.
  SELECT session_key, driver, lap,
         (lap_end - lag(lap_end) OVER (PARTITION BY session_key, lap ORDER BY lap_end, driver)) // 1000 AS interval_ms
  FROM f WHERE is_race AND lap_end IS NOT NULL
)
SELECT f.*,
       coalesce(p.interval_ms < 500, false) OR coalesce(pp.interval_ms < 1000, false) AS traffic
FROM f
LEFT JOIN pos p ON p.session_key = f.session_key AND p.driver = f.driver AND p.lap = f.lap
LEFT JOIN pos pp ON pp.session_key = f.session_key AND pp.driver = f.driver AND pp.lap = f.lap - 1;

-- The drivers of a session: anyone in drivers, results, laps, pit stops or
-- stints.
CREATE TEMP TABLE g_driver_set AS
SELECT DISTINCT session_key, driver FROM (
  SELECT session_key, driver_number AS driver FROM g_drivers
  UNION ALL SELECT session_key, driver_number FROM g_results
  UNION ALL SELECT session_key, driver FROM g_lap
  UNION ALL SELECT session_key, driver_number FROM g_pit_stops
  UNION ALL SELECT session_key, driver_number FROM g_stints
) WHERE session_key IN (SELECT session_key FROM g_sess);

CREATE TEMP TABLE gold_summary AS
WITH lapstats AS (
  SELECT session_key, driver,
         count(*) FILTER (WHERE start_us IS NOT NULL OR dur IS NOT NULL OR s1 IS NOT NULL OR s2 IS NOT NULL OR s3 IS NOT NULL) AS any_timing,
         count(dur) AS timed_laps,
         count(*) FILTER (WHERE accurate) AS accurate_laps,
         count(*) FILTER (WHERE deleted) AS deleted_laps,
         min(dur) FILTER (WHERE NOT deleted) AS best_lap_ms,
         arg_min(lap, (dur, lap)) FILTER (WHERE dur IS NOT NULL AND NOT deleted) AS best_lap_number,
         quantile_cont(dur, 0.5) FILTER (WHERE accurate) AS median_accurate_ms,
         avg(dur) FILTER (WHERE accurate) AS mean_accurate_ms,
         stddev_samp(dur) FILTER (WHERE accurate) AS stddev_accurate_ms,
         quantile_cont(dur, 0.75) FILTER (WHERE accurate) - quantile_cont(dur, 0.25) FILTER (WHERE accurate) AS iqr_accurate_ms,
         max(list_max([i1_speed, i2_speed, st_speed])) AS top_speed_kmh
  FROM g_info GROUP BY session_key, driver
), pits AS (
  SELECT session_key, driver_number AS driver, count(*) AS pit_stops,
         sum(lane_duration_ms) AS pit_lane_total_ms, sum(stop_duration_ms) AS pit_stop_total_ms
  FROM g_pit_stops GROUP BY ALL
), res AS (
  SELECT session_key, driver_number AS driver, arg_max(number_of_laps, (fno, rno)) AS number_of_laps,
         arg_max(position, (fno, rno)) AS position, count(*) AS n
  FROM g_results GROUP BY ALL
)
SELECT s.year, s.meeting_key, ds.session_key, ds.driver AS driver_number,
       CASE WHEN r.number_of_laps IS NOT NULL THEN r.number_of_laps ELSE coalesce(ls.any_timing, 0) END AS laps_completed,
       coalesce(ls.timed_laps, 0) AS timed_laps, coalesce(ls.accurate_laps, 0) AS accurate_laps,
       coalesce(ls.deleted_laps, 0) AS deleted_laps, ls.best_lap_ms, ls.best_lap_number,
       ls.median_accurate_ms, ls.mean_accurate_ms, ls.stddev_accurate_ms, ls.iqr_accurate_ms, ls.top_speed_kmh,
       coalesce(p.pit_stops, 0) AS pit_stops, p.pit_lane_total_ms, p.pit_stop_total_ms,
       r.position AS finish_position
FROM g_driver_set ds
JOIN g_sess s ON s.session_key = ds.session_key
LEFT JOIN lapstats ls ON ls.session_key = ds.session_key AND ls.driver = ds.driver
LEFT JOIN pits p ON p.session_key = ds.session_key AND p.driver = ds.driver
LEFT JOIN res r ON r.session_key = ds.session_key AND r.driver = ds.driver;

-- stint_analysis: pace of the stint's accurate laps and DefDegradation,
-- the least-squares slope of fuel-corrected time (+ c × lap) on tyre age
-- over accurate laps not in traffic, in two passes like gold's fit.
CREATE TEMP TABLE gold_stints AS
WITH st AS (
  SELECT st.session_key, st.driver_number AS driver, st.stint_number, coalesce(nullif(st.compound, ''), 'UNKNOWN') AS compound,
         st.lap_start, st.lap_end, st.tyre_age_at_start
  FROM g_stints st JOIN g_sess s ON s.session_key = st.session_key
), sl AS (
  SELECT st.session_key, st.driver, st.stint_number, i.lap, i.dur, i.accurate, i.traffic, i.age, i.fuel_corrected
  FROM st JOIN g_info i ON i.session_key = st.session_key AND i.driver = st.driver AND i.lap BETWEEN st.lap_start AND st.lap_end
), pace AS (
  SELECT session_key, driver, stint_number,
         count(*) FILTER (WHERE accurate) AS accurate_laps,
         avg(dur) FILTER (WHERE accurate) AS mean_pace_ms,
         quantile_cont(dur, 0.5) FILTER (WHERE accurate) AS median_pace_ms,
         avg(fuel_corrected) FILTER (WHERE accurate AND fuel_corrected IS NOT NULL) AS fuel_corrected_mean_ms
  FROM sl GROUP BY ALL
), pts AS (
  SELECT session_key, driver, stint_number, age::DOUBLE AS x, dur::DOUBLE / 1000 + {{FUEL}} * lap AS y
  FROM sl WHERE accurate AND NOT traffic AND age IS NOT NULL
), centred AS (
  SELECT *, avg(x) OVER k AS mx, avg(y) OVER k AS my
  FROM pts WINDOW k AS (PARTITION BY session_key, driver, stint_number)
), fit AS (
  SELECT session_key, driver, stint_number, count(*) AS n, any_value(mx) AS mx, any_value(my) AS my,
         sum((x - mx) * (x - mx)) AS sxx, sum((x - mx) * (y - my)) AS sxy
  FROM centred GROUP BY ALL
), line AS (
  SELECT *, CASE WHEN n >= {{MIN_LAPS}} AND sxx <> 0 THEN sxy / sxx END AS slope FROM fit
), err AS (
  SELECT c.session_key, c.driver, c.stint_number,
         sum(pow(c.y - ((l.my - l.slope * l.mx) + l.slope * c.x), 2)) AS sse
  FROM centred c JOIN line l USING (session_key, driver, stint_number)
  WHERE l.slope IS NOT NULL GROUP BY ALL
)
SELECT st.session_key, st.driver AS driver_number, st.stint_number, st.compound, st.lap_start, st.lap_end,
       st.lap_end - st.lap_start + 1 AS laps, st.tyre_age_at_start AS tyre_age_start,
       st.tyre_age_at_start + st.lap_end - st.lap_start AS tyre_age_end,
       coalesce(p.accurate_laps, 0) AS accurate_laps, p.mean_pace_ms, p.median_pace_ms, p.fuel_corrected_mean_ms,
       l.slope AS degradation_s_per_lap,
       CASE WHEN l.slope IS NOT NULL AND l.n > 2 THEN sqrt(e.sse / (l.n - 2) / l.sxx) END AS degradation_stderr,
       coalesce(l.n, 0) AS degradation_laps
FROM st
LEFT JOIN pace p ON p.session_key = st.session_key AND p.driver = st.driver AND p.stint_number = st.stint_number
LEFT JOIN line l ON l.session_key = st.session_key AND l.driver = st.driver AND l.stint_number = st.stint_number
LEFT JOIN err e ON e.session_key = st.session_key AND e.driver = st.driver AND e.stint_number = st.stint_number;
