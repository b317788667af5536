-- The postmortem document of each incident (`/incident postmortem`): one row per incident, replaced when it is
-- written again, with the version counting the rewrites; the Markdown is exactly what was uploaded and exported.
CREATE TABLE postmortems (
  incident_id bigint PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
  version     integer NOT NULL,
  source      text NOT NULL CHECK (source IN ('llm', 'template', 'mixed')),
  markdown    text NOT NULL,
  facts       jsonb NOT NULL,
  replaced    jsonb NOT NULL DEFAULT '[]',
  written_by  text NOT NULL,
  written_at  timestamptz NOT NULL,
  -- Where it was uploaded (null until an upload succeeds).
  channel_id  text,
  file_id     text
);
