-- Follow-up actions with an owner and a due date, for digests and incident summaries; an action may
-- belong to an incident (kept when the incident is deleted, as a free-standing action).
CREATE TABLE actions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint REFERENCES incidents (id) ON DELETE SET NULL,
  text        text NOT NULL CHECK (btrim(text) <> ''),
  -- Slack user or user group id; NULL while nobody owns it.
  owner       text,
  due_at      timestamptz,
  done_at     timestamptz,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actions_open_idx ON actions (due_at) WHERE done_at IS NULL;
CREATE INDEX actions_incident_idx ON actions (incident_id);
