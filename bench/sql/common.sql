-- Helpers shared by the silver workloads: the value rules of silver's
-- rowReader (silver/values.go).

-- An integer column silver stores as INTEGER must fit int32.
CREATE OR REPLACE TEMP MACRO i32ok(v) AS (v IS NULL OR v BETWEEN -2147483648 AND 2147483647);
-- A duration in seconds must convert to integer milliseconds.
CREATE OR REPLACE TEMP MACRO msok(v) AS (v IS NULL OR (NOT isnan(v) AND NOT isinf(v) AND abs(v) <= 1e12));
-- Seconds to milliseconds, rounded half away from zero like math.Round.
CREATE OR REPLACE TEMP MACRO ms(v) AS CAST(round(v * 1000) AS BIGINT);
-- Text columns are trimmed; empty text is null.
CREATE OR REPLACE TEMP MACRO txt(v) AS nullif(trim(v), '');

-- The calendar: each session's meeting and whether it is a race or sprint
-- (silver's normalized session_type "Race"), from the bronze sessions
-- partitions, de-duplicated on session_key (latest ingested, then last).
CREATE TEMP TABLE cal AS
WITH s AS (
  SELECT *, lower(trim(regexp_replace(session_name, '\s+', ' ', 'g'))) AS n, lower(trim(session_type)) AS t
  FROM (SELECT * FROM b_sessions
        QUALIFY row_number() OVER (PARTITION BY part_year, session_key ORDER BY _ingested_at DESC, ord DESC) = 1)
  WHERE session_key IS NOT NULL AND meeting_key IS NOT NULL AND year IS NOT NULL
    AND i32ok(session_key) AND i32ok(meeting_key) AND i32ok(year) AND year = part_year
)
SELECT session_key,
       arg_max(meeting_key, part_year) AS meeting_key,
       max(part_year) AS year,
       arg_max(CASE
         WHEN n IN ('sprint', 'sprint race', 'race') THEN true
         WHEN n IN ('sprint shootout', 'sprint qualifying') THEN t = 'race'
         WHEN n IN ('practice 1', 'free practice 1', 'fp1', 'practice 2', 'free practice 2', 'fp2',
                    'practice 3', 'free practice 3', 'fp3', 'qualifying') THEN false
         ELSE t IN ('race', 'sprint') END, part_year) AS is_race
FROM s
GROUP BY session_key;
