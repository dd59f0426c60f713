-- The peer of /api/ytd.json (bench/peer.py): Datasette runs this one hand-written query,
-- as a canned query, on the product's own SQLite file. For the as-of date :as_of
-- (YYYY-MM-DD), one row per window: this year's from January 1 to :as_of, and the
-- same days of the year before (February 29 becomes the 28th there).
-- The product's counting rules (incidents/counting.py and incidents/ytd.py):
-- voided incidents and voided recoveries count in no figure, nor do the victims of
-- voided incidents; only seized firearms are "recovered"; a figure is NULL ("no
-- data") for a window in a year before the year of the first record of its kind.
WITH windows AS (
  SELECT 'current' AS name, substr(:as_of, 1, 4) || '-01-01' AS first, :as_of AS last
  UNION ALL
  SELECT 'previous',
         printf('%04d-01-01', substr(:as_of, 1, 4) - 1),
         printf('%04d', substr(:as_of, 1, 4) - 1)
           || CASE WHEN substr(:as_of, 6) = '02-29' THEN '-02-28'
                   ELSE substr(:as_of, 5) END
),
earliest AS (
  SELECT substr((SELECT min(date) FROM incidents_incident WHERE voided_at IS NULL),
                1, 4) AS incident_year,
         substr((SELECT min(date) FROM incidents_firearmrecovery
                 WHERE voided_at IS NULL), 1, 4) AS recovery_year
),
incidents AS (
  SELECT i.date, i.shots_fired_confirmed AS confirmed, count(v.id) AS shot,
         coalesce(sum(v.outcome = 'killed'), 0) AS killed
  FROM incidents_incident i
  LEFT JOIN incidents_victim v ON v.incident_id = i.id
  WHERE i.voided_at IS NULL
    AND i.date >= (SELECT min(first) FROM windows)
    AND i.date <= (SELECT max(last) FROM windows)
  GROUP BY i.id
),
counted AS (
  SELECT w.name, w.first, w.last,
         coalesce(sum(i.confirmed), 0) AS shots_fired_confirmed,
         coalesce(sum(i.shot > 0), 0) AS shooting_incidents_with_injury,
         coalesce(sum(i.shot), 0) AS shooting_victims,
         coalesce(sum(i.killed), 0) AS victims_killed,
         (SELECT coalesce(sum(r.count), 0) FROM incidents_firearmrecovery r
          WHERE r.voided_at IS NULL AND r.source = 'seized'
            AND r.date >= w.first AND r.date <= w.last) AS firearms_recovered
  FROM windows w
  LEFT JOIN incidents i ON i.date >= w.first AND i.date <= w.last
  GROUP BY w.name, w.first, w.last
)
SELECT c.name, c.first, c.last,
       CASE WHEN incident_year <= year THEN shots_fired_confirmed END
         AS shots_fired_confirmed,
       CASE WHEN incident_year <= year THEN shooting_incidents_with_injury END
         AS shooting_incidents_with_injury,
       CASE WHEN incident_year <= year THEN shooting_victims END AS shooting_victims,
       CASE WHEN incident_year <= year THEN victims_killed END AS victims_killed,
       CASE WHEN recovery_year <= year THEN firearms_recovered END AS firearms_recovered
FROM (SELECT *, substr(last, 1, 4) AS year FROM counted) c, earliest
ORDER BY c.first DESC
