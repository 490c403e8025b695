-- Workload "laps": silver.laps from bronze, as silver.BuildSession builds
-- it (silver/laps.go, stints.go, pit_stops.go, race_control.go,
-- track_status.go, dedup.go). Inputs: the views b_sessions, b_drivers,
-- b_stints, b_pit, b_race_control, b_laps (bronze columns + part_session,
-- part_year, ord) and the cal table from common.sql.
--
-- De-duplication everywhere: one row per natural key within a partition,
-- the latest _ingested_at winning, then the last row read (ord); it runs
-- before the value checks, as in silver.

-- Published drivers: of duplicates the row with team_name and full_name
-- wins, then the latest.
CREATE TEMP TABLE s_drivers AS
SELECT x.part_session AS session_key, x.driver_number
FROM (SELECT * FROM b_drivers
      QUALIFY row_number() OVER (
        PARTITION BY part_session, session_key, driver_number
        ORDER BY (CASE WHEN txt(team_name) IS NOT NULL THEN 1 ELSE 0 END)
               + (CASE WHEN txt(full_name) IS NOT NULL THEN 1 ELSE 0 END) DESC,
                 _ingested_at DESC, ord DESC) = 1) x
JOIN cal c ON c.session_key = x.part_session
WHERE x.driver_number IS NOT NULL AND i32ok(x.driver_number)
  AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
  AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key;

-- Sessions with drivers rows: only those check driver_number references.
CREATE TEMP TABLE s_has_drivers AS SELECT DISTINCT session_key FROM s_drivers;

-- Stints: lap_start > lap_end rejected; a stint starting on the previous
-- stint's lap_end (the API counts the pit lap twice) repaired to start one
-- lap later; a deeper overlap rejected. (silver compares with the previous
-- *published* stint; LAG here compares with the previous valid one, which
-- differs only after an overlap rejection; the output comparison would
-- catch it.)
CREATE TEMP TABLE s_stints AS
WITH a AS (
  SELECT x.*
  FROM (SELECT * FROM b_stints
        QUALIFY row_number() OVER (PARTITION BY part_session, session_key, driver_number, stint_number
                                   ORDER BY _ingested_at DESC, ord DESC) = 1) x
  JOIN cal c ON c.session_key = x.part_session
  LEFT JOIN s_has_drivers hd ON hd.session_key = x.part_session
  LEFT JOIN s_drivers kd ON kd.session_key = x.part_session AND kd.driver_number = x.driver_number
  WHERE x.driver_number IS NOT NULL AND x.stint_number IS NOT NULL AND x.lap_start IS NOT NULL AND x.lap_end IS NOT NULL
    AND i32ok(x.driver_number) AND i32ok(x.stint_number) AND i32ok(x.lap_start) AND i32ok(x.lap_end)
    AND i32ok(x.tyre_age_at_start)
    AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
    AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key
    AND (hd.session_key IS NULL OR kd.driver_number IS NOT NULL)
    AND x.lap_start <= x.lap_end
), l AS (
  SELECT *, lag(lap_end) OVER w AS prev_end, lag(stint_number) OVER w AS prev_number
  FROM a WINDOW w AS (PARTITION BY part_session, driver_number ORDER BY stint_number)
)
SELECT part_session AS session_key, meeting_key, driver_number::INTEGER AS driver_number,
       stint_number::INTEGER AS stint_number,
       (CASE WHEN lap_start = prev_end THEN lap_start + 1 ELSE lap_start END)::INTEGER AS lap_start,
       lap_end::INTEGER AS lap_end,
       upper(coalesce(txt(compound), 'UNKNOWN')) AS compound,
       tyre_age_at_start::INTEGER AS tyre_age_at_start,
       (lap_end - (CASE WHEN lap_start = prev_end THEN lap_start + 1 ELSE lap_start END) + 1)::INTEGER AS laps,
       lap_start = prev_end AS repaired,
       CASE WHEN lap_start = prev_end THEN
         printf('lap_start %d -> %d: lap %d is also the last lap of stint %d (pit in-lap)',
                lap_start, lap_start + 1, lap_start, prev_number) END AS repair_note
FROM l
WHERE prev_end IS NULL OR lap_start > prev_end OR (lap_start = prev_end AND lap_start + 1 <= lap_end);

-- Pit stops (their laps are the in-laps). lane_duration falls back to the
-- deprecated pit_duration.
CREATE TEMP TABLE s_pit AS
SELECT x.part_session AS session_key, x.meeting_key, x.driver_number, x.lap_number, x.date,
       ms(coalesce(x.lane_duration, x.pit_duration)) AS lane_duration_ms, ms(x.stop_duration) AS stop_duration_ms
FROM (SELECT * FROM b_pit
      QUALIFY row_number() OVER (PARTITION BY part_session, session_key, driver_number, lap_number
                                 ORDER BY _ingested_at DESC, ord DESC) = 1) x
JOIN cal c ON c.session_key = x.part_session
LEFT JOIN s_has_drivers hd ON hd.session_key = x.part_session
LEFT JOIN s_drivers kd ON kd.session_key = x.part_session AND kd.driver_number = x.driver_number
WHERE x.driver_number IS NOT NULL AND x.lap_number IS NOT NULL AND i32ok(x.driver_number) AND i32ok(x.lap_number)
  AND msok(x.lane_duration) AND (x.lane_duration IS NOT NULL OR msok(x.pit_duration)) AND msok(x.stop_duration)
  AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
  AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key
  AND (hd.session_key IS NULL OR kd.driver_number IS NOT NULL);

-- Race control messages, in silver's order: by date (nulls first), then
-- as read.
CREATE TEMP TABLE s_rc AS
SELECT x.part_session AS session_key, x.meeting_key, x.date, epoch_us(x.date) AS date_us,
       txt(x.category) AS category, txt(x.flag) AS flag, txt(x.scope) AS scope, x.sector, x.driver_number,
       x.lap_number, x.qualifying_phase, txt(x.message) AS message,
       upper(coalesce(trim(x.message), '')) AS text, upper(coalesce(trim(x.flag), '')) AS flag_upper,
       row_number() OVER (PARTITION BY x.part_session ORDER BY x.date ASC NULLS FIRST, x.ord) AS seq
FROM (SELECT * FROM b_race_control
      QUALIFY row_number() OVER (PARTITION BY part_session, session_key, date, driver_number, lap_number,
                                              category, flag, scope, sector
                                 ORDER BY _ingested_at DESC, ord DESC) = 1) x
JOIN cal c ON c.session_key = x.part_session
WHERE i32ok(x.sector) AND i32ok(x.driver_number) AND i32ok(x.lap_number) AND i32ok(x.qualifying_phase)
  AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
  AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key;

-- Accepted laps, typed.
CREATE TEMP TABLE s_lap_rows AS
SELECT x.part_session AS session_key, c.year, x.meeting_key, x.driver_number::INTEGER AS dn, x.lap_number::INTEGER AS lap,
       x.date_start, epoch_us(x.date_start) AS start_us,
       ms(x.lap_duration) AS dur, ms(x.duration_sector_1) AS s1, ms(x.duration_sector_2) AS s2, ms(x.duration_sector_3) AS s3,
       x.i1_speed::INTEGER AS i1, x.i2_speed::INTEGER AS i2, x.st_speed::INTEGER AS st,
       coalesce(x.is_pit_out_lap, false) AS pit_out,
       x.segments_sector_1, x.segments_sector_2, x.segments_sector_3, c.is_race
FROM (SELECT * FROM b_laps
      QUALIFY row_number() OVER (PARTITION BY part_session, session_key, driver_number, lap_number
                                 ORDER BY _ingested_at DESC, ord DESC) = 1) x
JOIN cal c ON c.session_key = x.part_session
LEFT JOIN s_has_drivers hd ON hd.session_key = x.part_session
LEFT JOIN s_drivers kd ON kd.session_key = x.part_session AND kd.driver_number = x.driver_number
WHERE x.driver_number IS NOT NULL AND x.lap_number IS NOT NULL AND i32ok(x.driver_number) AND i32ok(x.lap_number)
  AND msok(x.lap_duration) AND msok(x.duration_sector_1) AND msok(x.duration_sector_2) AND msok(x.duration_sector_3)
  AND i32ok(x.i1_speed) AND i32ok(x.i2_speed) AND i32ok(x.st_speed)
  AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
  AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key
  AND (hd.session_key IS NULL OR kd.driver_number IS NOT NULL);

-- When each lap was driven (silver's lapSpans): date_start to date_start +
-- lap_duration, cut at the next lap's start; without a duration, to the
-- next lap's start; without a start, lap_duration before its end.
CREATE TEMP TABLE s_spans AS
WITH n AS (
  SELECT session_key, dn, lap, start_us, dur,
         lead(start_us) OVER (PARTITION BY session_key, dn ORDER BY lap) AS nstart
  FROM s_lap_rows
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
SELECT session_key, dn, lap, sstart, CASE WHEN sstart IS NOT NULL AND end0 < sstart THEN NULL ELSE end0 END AS send
FROM f;

-- DefDeletedLap: a message "CAR n ... DELETED" deletes the lap of car n
-- whose time is the quoted "TIME m:ss.fff" (±1 ms, the named lap
-- preferred), else the first "LAP n" after DELETED; REINSTATED (without
-- DELETED) undoes it; the last message about a lap decides.
CREATE TEMP TABLE s_deleted AS
WITH m AS (
  SELECT session_key, seq, text,
         TRY_CAST(regexp_extract(text, '^CAR (\d+)\b', 1) AS INTEGER) AS car,
         contains(text, 'DELETED') AS del, contains(text, 'REINSTATED') AS rein
  FROM s_rc
  WHERE regexp_matches(text, '^CAR \d+\b')
), n AS (
  SELECT *,
         coalesce(TRY_CAST(regexp_extract(CASE WHEN del THEN substr(text, strpos(text, 'DELETED')) ELSE text END,
                                          '\bLAP (\d+)\b', 1) AS INTEGER), 0) AS named,
         regexp_matches(text, '\bTIME (\d+):(\d{2})\.(\d{3})\b') AS has_time,
         coalesce(TRY_CAST(regexp_extract(text, '\bTIME (\d+):(\d{2})\.(\d{3})\b', 1) AS BIGINT), 0) * 60000
           + coalesce(TRY_CAST(regexp_extract(text, '\bTIME (\d+):(\d{2})\.(\d{3})\b', 2) AS BIGINT), 0) * 1000
           + coalesce(TRY_CAST(regexp_extract(text, '\bTIME (\d+):(\d{2})\.(\d{3})\b', 3) AS BIGINT), 0) AS quoted
  FROM m WHERE car IS NOT NULL AND (del OR rein)
), k AS (
  SELECT n.*, CASE WHEN NOT has_time THEN 0
                   WHEN EXISTS (SELECT 1 FROM s_lap_rows l WHERE l.session_key = n.session_key AND l.dn = n.car
                                AND l.dur IS NOT NULL AND abs(l.dur - n.quoted) <= 1 AND l.lap = n.named) THEN n.named
                   ELSE coalesce((SELECT min(l.lap) FROM s_lap_rows l WHERE l.session_key = n.session_key AND l.dn = n.car
                                  AND l.dur IS NOT NULL AND abs(l.dur - n.quoted) <= 1), 0) END AS matched
  FROM n
)
SELECT session_key, car AS driver_number, lap AS lap_number
FROM (SELECT *, CASE WHEN matched <> 0 THEN matched ELSE named END AS lap FROM k)
WHERE lap <> 0
GROUP BY session_key, car, lap
HAVING NOT arg_max(rein AND NOT del, seq);

-- The lap a message belongs to (DefSafetyCar): its lap_number, else the
-- highest lap_number started at or before it.
CREATE TEMP TABLE s_rc_lap AS
SELECT m.session_key, m.seq, m.date_us, m.flag_upper,
       upper(trim(regexp_replace(coalesce(m.message, ''), '\s+', ' ', 'g'))) AS text_norm,
       upper(replace(coalesce(m.category, ''), ' ', '')) AS cat,
       CASE WHEN m.lap_number > 0 THEN m.lap_number
            WHEN m.date_us IS NOT NULL THEN (
              SELECT nullif(coalesce(max(l.lap), 0), 0) FROM s_lap_rows l
              WHERE l.session_key = m.session_key AND l.start_us <= m.date_us) END AS msg_lap
FROM s_rc m;

-- Safety-car events in message order: chequered flags, and SafetyCar
-- messages that deploy or end a period and have a lap. An SC ends in time
-- when the first car starts the lap after "IN THIS LAP".
CREATE TEMP TABLE s_events AS
SELECT session_key, row_number() OVER (PARTITION BY session_key ORDER BY seq) AS rn,
       ev, kind, msg_lap, date_us,
       CASE WHEN ev = 'END' AND kind = 'SC' AND date_us IS NOT NULL THEN coalesce((
         SELECT min(l.start_us) FROM s_lap_rows l
         WHERE l.session_key = e.session_key AND l.lap = e.msg_lap + 1 AND l.start_us >= e.date_us), 9223372036854775807)
       ELSE date_us END AS end_at
FROM (
  SELECT *, CASE WHEN flag_upper = 'CHEQUERED' THEN 'CHQ'
                 WHEN kind IS NOT NULL AND msg_lap IS NOT NULL THEN (CASE WHEN deploy THEN 'DEPLOY' ELSE 'END' END) END AS ev
  FROM (
    SELECT *, CASE WHEN cat <> 'SAFETYCAR' THEN NULL
                   WHEN virtual AND text_norm LIKE '%DEPLOYED%' THEN 'VSC'
                   WHEN virtual AND (text_norm LIKE '%ENDING%' OR text_norm LIKE '%ENDED%') THEN 'VSC'
                   WHEN NOT virtual AND text_norm LIKE '%SAFETY CAR DEPLOYED%' THEN 'SC'
                   WHEN NOT virtual AND text_norm LIKE '%SAFETY CAR IN THIS LAP%' THEN 'SC' END AS kind,
              (virtual AND text_norm LIKE '%DEPLOYED%') OR (NOT virtual AND text_norm LIKE '%SAFETY CAR DEPLOYED%') AS deploy
    FROM (SELECT *, text_norm LIKE '%VIRTUAL SAFETY CAR%' OR text_norm LIKE 'VSC %' AS virtual FROM s_rc_lap)
  )
) e
WHERE ev IS NOT NULL;

-- DefSafetyCar's state machine, one event per step. A deployment opens a
-- period when none is open and closes one of the other kind on its lap;
-- an ending message closes the open period of its kind; a chequered flag
-- is remembered by the open period. Closing in time needs the period to
-- have started in time and to end at or after its start.
CREATE TEMP TABLE s_machine AS
WITH RECURSIVE sm(session_key, rn, okind, ostartlap, ostart, otimed, chqlap, chqat,
                  pkind, pstartlap, pendlap, pstart, pend, ptimed) AS (
  SELECT DISTINCT session_key, 0::BIGINT, NULL::VARCHAR, NULL::BIGINT, NULL::BIGINT, false, NULL::BIGINT, NULL::BIGINT,
         NULL::VARCHAR, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT, false
  FROM s_events
  UNION ALL
  SELECT session_key, rn,
         CASE WHEN opens THEN kind WHEN closes THEN NULL ELSE okind END,
         CASE WHEN opens THEN msg_lap WHEN closes THEN NULL ELSE ostartlap END,
         CASE WHEN opens THEN date_us WHEN closes THEN NULL ELSE ostart END,
         CASE WHEN opens THEN date_us IS NOT NULL WHEN closes THEN false ELSE otimed END,
         CASE WHEN opens OR closes THEN NULL WHEN ev = 'CHQ' AND okind IS NOT NULL THEN coalesce(chqlap, msg_lap) ELSE chqlap END,
         CASE WHEN opens OR closes THEN NULL WHEN ev = 'CHQ' AND okind IS NOT NULL THEN coalesce(chqat, date_us) ELSE chqat END,
         CASE WHEN closes THEN okind END,
         CASE WHEN closes THEN ostartlap END,
         CASE WHEN closes THEN greatest(msg_lap, ostartlap) END,
         CASE WHEN closes THEN ostart END,
         CASE WHEN closes THEN end_at END,
         closes AND otimed AND date_us IS NOT NULL AND end_at >= ostart
  FROM (
    SELECT s.session_key, e.rn, s.okind, s.ostartlap, s.ostart, s.otimed, s.chqlap, s.chqat,
           e.ev, e.kind, e.msg_lap, e.date_us, e.end_at,
           e.ev = 'DEPLOY' AND (s.okind IS NULL OR s.okind <> e.kind) AS opens,
           s.okind IS NOT NULL AND ((e.ev = 'DEPLOY' AND s.okind <> e.kind) OR (e.ev = 'END' AND s.okind = e.kind)) AS closes
    FROM sm s JOIN s_events e ON e.session_key = s.session_key AND e.rn = s.rn + 1
  )
)
SELECT * FROM sm;

-- The periods: closed ones, and one still open at the end, which runs to
-- the lap of the chequered flag seen after it (else the last lap) and in
-- time to that flag (else to the end of the data).
CREATE TEMP TABLE s_periods AS
SELECT session_key, pkind AS kind, pstartlap AS start_lap, pendlap AS end_lap, ptimed AS timed, pstart, pend
FROM s_machine WHERE pkind IS NOT NULL
UNION ALL
SELECT m.session_key, m.okind, m.ostartlap,
       greatest(coalesce(m.chqlap, (SELECT max(l.lap) FROM s_lap_rows l WHERE l.session_key = m.session_key), 0), m.ostartlap),
       m.otimed, m.ostart,
       CASE WHEN m.chqat IS NOT NULL AND m.chqat >= m.ostart THEN m.chqat ELSE 9223372036854775807 END
FROM (SELECT * FROM s_machine QUALIFY rn = max(rn) OVER (PARTITION BY session_key)) m
WHERE m.okind IS NOT NULL;

-- A lap is under a period when its lap_number lies in the period's range,
-- or its time span overlaps the period's.
CREATE TEMP TABLE s_lap_flags AS
SELECT sp.session_key, sp.dn, sp.lap, bool_or(p.kind = 'SC') AS sc, bool_or(p.kind = 'VSC') AS vsc
FROM s_spans sp JOIN s_periods p ON p.session_key = sp.session_key
WHERE (sp.lap BETWEEN p.start_lap AND p.end_lap)
   OR (p.timed AND CASE
        WHEN sp.sstart IS NOT NULL AND sp.send IS NOT NULL THEN sp.sstart < p.pend AND sp.send > p.pstart
        WHEN sp.sstart IS NOT NULL THEN sp.sstart >= p.pstart AND sp.sstart < p.pend
        WHEN sp.send IS NOT NULL THEN sp.send > p.pstart AND sp.send <= p.pend
        ELSE false END)
GROUP BY sp.session_key, sp.dn, sp.lap;

-- silver.laps.
CREATE TEMP TABLE silver_laps AS
SELECT l.year::INTEGER AS year, l.meeting_key::INTEGER AS meeting_key, l.session_key::INTEGER AS session_key,
       l.dn AS driver_number, l.lap AS lap_number, l.date_start,
       l.dur AS lap_duration_ms, l.s1 AS sector_1_ms, l.s2 AS sector_2_ms, l.s3 AS sector_3_ms,
       l.i1 AS i1_speed, l.i2 AS i2_speed, l.st AS st_speed,
       l.pit_out AS is_pit_out_lap, pi.driver_number IS NOT NULL AS is_pit_in_lap,
       st.stint_number, st.compound,
       (st.tyre_age_at_start + l.lap - st.lap_start)::INTEGER AS tyre_age,
       coalesce(f.sc, false) AS under_sc, coalesce(f.vsc, false) AS under_vsc,
       dl.driver_number IS NOT NULL AS is_deleted,
       (l.dur IS NOT NULL AND l.lap > 1 AND NOT l.pit_out AND pi.driver_number IS NULL
        AND NOT coalesce(f.sc, false) AND NOT coalesce(f.vsc, false) AND dl.driver_number IS NULL) AS is_accurate,
       l.segments_sector_1, l.segments_sector_2, l.segments_sector_3
FROM s_lap_rows l
LEFT JOIN s_pit pi ON pi.session_key = l.session_key AND pi.driver_number = l.dn AND pi.lap_number = l.lap
LEFT JOIN s_stints st ON st.session_key = l.session_key AND st.driver_number = l.dn AND l.lap BETWEEN st.lap_start AND st.lap_end
LEFT JOIN s_lap_flags f ON f.session_key = l.session_key AND f.dn = l.dn AND f.lap = l.lap
LEFT JOIN s_deleted dl ON dl.session_key = l.session_key AND dl.driver_number = l.dn AND dl.lap_number = l.lap;
