-- Whole-market totals of each catalog metric per local day, kept once a day has settled, so a digest
-- queries the warehouse for its newest days only. Keyed by a hash of the metric's SQL: editing the SQL
-- in vigil.yml starts afresh.
CREATE TABLE metric_day_totals (
  metric_id   text NOT NULL,
  sql_hash    text NOT NULL,
  timezone    text NOT NULL,
  day         date NOT NULL,
  has_data    boolean NOT NULL,
  num         double precision NOT NULL,
  den         double precision NOT NULL,
  events      double precision NOT NULL,
  newest      timestamptz,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric_id, sql_hash, timezone, day)
);
