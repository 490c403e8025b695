-- silver.car_data, summarised: samples checked like silver (keys, int32
-- values, date present, known driver), de-duplicated on (driver, date) with
-- the latest ingested then last read winning, lap_number assigned by an
-- ASOF join on the lap spans.
WITH accepted AS (
  SELECT x.part_session AS session_key, x.meeting_key, x.driver_number, epoch_us(x.date) AS us,
         x.rpm, x.speed, x.n_gear, x.throttle, x.brake, x.drs, x._ingested_at, x.ord
  FROM b_car_data x
  JOIN cal c ON c.session_key = x.part_session
  LEFT JOIN t_has_drivers hd ON hd.session_key = x.part_session
  LEFT JOIN t_drivers kd ON kd.session_key = x.part_session AND kd.driver_number = x.driver_number
  WHERE x.driver_number IS NOT NULL AND i32ok(x.driver_number) AND x.date IS NOT NULL
    AND i32ok(x.rpm) AND i32ok(x.speed) AND i32ok(x.n_gear) AND i32ok(x.throttle) AND i32ok(x.brake) AND i32ok(x.drs)
    AND x.meeting_key IS NOT NULL AND i32ok(x.meeting_key) AND x.session_key IS NOT NULL AND i32ok(x.session_key)
    AND x.session_key = x.part_session AND x.meeting_key = c.meeting_key
    AND (hd.session_key IS NULL OR kd.driver_number IS NOT NULL)
), deduped AS (
  SELECT * FROM accepted
  QUALIFY row_number() OVER (PARTITION BY session_key, driver_number, us ORDER BY _ingested_at DESC, ord DESC) = 1
), car_data AS (
  SELECT d.session_key, d.meeting_key, d.driver_number::INTEGER AS driver_number, d.us,
         CASE WHEN d.us < s.send THEN s.lap END AS lap_number,
         d.rpm::INTEGER AS rpm, d.speed::INTEGER AS speed, d.n_gear::INTEGER AS n_gear,
         d.throttle::INTEGER AS throttle, d.brake::INTEGER AS brake, d.drs::INTEGER AS drs
  FROM deduped d
  ASOF LEFT JOIN t_spans s ON s.session_key = d.session_key AND s.dn = d.driver_number AND d.us >= s.sstart
)
SELECT count(*) AS "rows",
       count(lap_number) AS "count(lap_number)",
       sum(lap_number) AS "sum(lap_number)",
       sum(driver_number) AS "sum(driver_number)",
       sum(us % 1000000007) AS "sum(epoch_us(date) % 1000000007)",
       sum(rpm) AS "sum(rpm)",
       sum(speed) AS "sum(speed)",
       sum(n_gear) AS "sum(n_gear)",
       sum(throttle) AS "sum(throttle)",
       sum(brake) AS "sum(brake)",
       sum(drs) AS "sum(drs)",
       count(drs) AS "count(drs)"
FROM car_data
