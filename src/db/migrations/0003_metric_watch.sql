-- Watching the metrics: scheduled runs (one per grain and bucket across replicas), metric health
-- (broken or stale, alerted once per episode), and what incidents need to notice recovery.

CREATE TABLE metric_runs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grain           text NOT NULL CHECK (grain IN ('15m', 'hour', 'day')),
  -- Start of the newest bucket the run judges; UNIQUE so each bucket is judged once however many replicas run.
  bucket          timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  replica         text NOT NULL,
  attempts        int NOT NULL DEFAULT 1,
  -- A replica that dies mid-run loses its claim when the lease lapses.
  lease_until     timestamptz NOT NULL,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  metrics_judged  int NOT NULL DEFAULT 0,
  anomalies       int NOT NULL DEFAULT 0,
  incidents       int NOT NULL DEFAULT 0,
  errors          jsonb NOT NULL DEFAULT '[]'::jsonb,
  UNIQUE (grain, bucket)
);
CREATE INDEX metric_runs_started_idx ON metric_runs (started_at DESC);

CREATE TABLE metric_health (
  metric_id    text PRIMARY KEY,
  status       text NOT NULL CHECK (status IN ('ok', 'broken', 'stale')),
  since        timestamptz NOT NULL DEFAULT now(),
  last_error   text,
  -- Set when the owner was told; cleared when the metric is ok again, so each episode alerts once.
  notified_at  timestamptz,
  checked_at   timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE anomalies
  ADD COLUMN grain text,
  ADD COLUMN severity smallint,
  ADD COLUMN contributors jsonb NOT NULL DEFAULT '[]'::jsonb;

ALTER TABLE incidents
  -- Canonical slice text (sorted keys), so the detector finds the open incident of a metric and slice.
  ADD COLUMN slice_key text,
  ADD COLUMN last_anomaly_bucket timestamptz,
  ADD COLUMN healthy_buckets int NOT NULL DEFAULT 0,
  ADD COLUMN recovered_noted_at timestamptz;
CREATE INDEX incidents_metric_slice_open_idx ON incidents (metric_id, slice_key) WHERE status <> 'resolved';
