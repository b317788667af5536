-- The bot's own state: incidents and their timeline, detected anomalies, playbook runs,
-- digests and the audit log. Later capabilities add numbered migrations after this one.

CREATE TABLE incidents (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Idempotency key: a detector opening the same metric and slice twice gets the same incident.
  dedup_key       text UNIQUE,
  title           text NOT NULL,
  severity        smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status          text NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'acknowledged', 'escalated', 'resolved', 'reopened')),
  metric_id       text,
  slice           jsonb NOT NULL DEFAULT '{}'::jsonb,
  evidence        jsonb,
  channel_id      text,
  channel_name    text,
  card_ts         text,
  owner_user_id   text,
  opened_by       text NOT NULL,
  opened_at       timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at     timestamptz,
  resolved_by     text,
  resolution_note text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_open_idx ON incidents (status) WHERE status <> 'resolved';
CREATE INDEX incidents_metric_idx ON incidents (metric_id, opened_at DESC);

CREATE TABLE incident_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  kind        text NOT NULL,
  from_status text,
  to_status   text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, at);

CREATE TABLE anomalies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  metric_id   text NOT NULL,
  slice       jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Canonical text form of the slice (sorted keys), so one bucket of one slice is judged once.
  slice_key   text NOT NULL,
  bucket      timestamptz NOT NULL,
  observed    double precision,
  expected    double precision,
  band_low    double precision,
  band_high   double precision,
  score       double precision,
  impact      double precision,
  reason      text,
  detector    text,
  incident_id bigint REFERENCES incidents (id) ON DELETE SET NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (metric_id, slice_key, bucket)
);
CREATE INDEX anomalies_bucket_idx ON anomalies (bucket DESC);

CREATE TABLE playbook_runs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_id  text NOT NULL,
  params       jsonb NOT NULL DEFAULT '{}'::jsonb,
  requested_by text NOT NULL,
  incident_id  bigint REFERENCES incidents (id) ON DELETE SET NULL,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  steps        jsonb NOT NULL DEFAULT '[]'::jsonb,
  findings     jsonb NOT NULL DEFAULT '[]'::jsonb,
  error        text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX playbook_runs_incident_idx ON playbook_runs (incident_id, started_at DESC);

CREATE TABLE digests (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('daily', 'weekly', 'incident')),
  period_start timestamptz NOT NULL,
  period_end   timestamptz NOT NULL,
  incident_id  bigint REFERENCES incidents (id) ON DELETE SET NULL,
  source       text NOT NULL CHECK (source IN ('llm', 'template', 'mixed')),
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'posted', 'discarded')),
  text         text NOT NULL,
  blocks       jsonb,
  facts        jsonb NOT NULL,
  replaced     jsonb NOT NULL DEFAULT '[]'::jsonb,
  channel_id   text,
  message_ts   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  posted_at    timestamptz
);
CREATE INDEX digests_period_idx ON digests (kind, period_end DESC);

CREATE TABLE audit_log (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text,
  detail  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
