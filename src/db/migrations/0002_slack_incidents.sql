-- Slack incident handling: escalation timers, on-call overrides, metric mutes, and idempotent
-- acknowledgement of Slack deliveries.

ALTER TABLE incidents
  ADD COLUMN escalation_level int NOT NULL DEFAULT 0,
  -- Pages the escalation policy has sent (manual escalations are counted in escalation_level).
  ADD COLUMN pages_sent int NOT NULL DEFAULT 0,
  ADD COLUMN last_paged_at timestamptz,
  ADD COLUMN escalation_posted_at timestamptz,
  -- When the escalation policy next needs a look; NULL when nothing is pending. Lives in the
  -- database so a restart (or another replica) picks the timer up.
  ADD COLUMN escalation_due_at timestamptz,
  ADD COLUMN team_id text;
CREATE UNIQUE INDEX incidents_channel_idx ON incidents (channel_id) WHERE channel_id IS NOT NULL;
CREATE INDEX incidents_escalation_due_idx ON incidents (escalation_due_at) WHERE escalation_due_at IS NOT NULL;

CREATE TABLE oncall_overrides (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id  text NOT NULL,
  role     text NOT NULL CHECK (role IN ('primary', 'secondary')),
  starts_at timestamptz NOT NULL,
  ends_at  timestamptz NOT NULL CHECK (ends_at > starts_at),
  set_by   text NOT NULL,
  set_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oncall_overrides_window_idx ON oncall_overrides (ends_at);

CREATE TABLE metric_mutes (
  metric_id  text NOT NULL,
  slice_key  text NOT NULL DEFAULT '',
  slice      jsonb NOT NULL DEFAULT '{}'::jsonb,
  until      timestamptz NOT NULL,
  muted_by   text NOT NULL,
  muted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric_id, slice_key)
);

-- Deliveries already handled, by Slack's trigger id: a retried delivery (x-slack-retry-num) or a
-- replayed request is acknowledged and dropped.
CREATE TABLE slack_deliveries (
  delivery_key text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);
