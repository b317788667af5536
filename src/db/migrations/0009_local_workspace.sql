-- The local workspace (no Slack credentials set): a Slack-compatible surface on 127.0.0.1 keeps its
-- channels, messages, files, people and open modals here, so a restart keeps the history.
CREATE TABLE local_users (
  id   text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('responder', 'manager', 'admin', 'bot'))
);

CREATE TABLE local_channels (
  id         text PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  topic      text NOT NULL DEFAULT '',
  purpose    text NOT NULL DEFAULT '',
  is_private boolean NOT NULL DEFAULT false,
  archived   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE local_members (
  channel_id text NOT NULL REFERENCES local_channels (id) ON DELETE CASCADE,
  user_id    text NOT NULL,
  PRIMARY KEY (channel_id, user_id)
);

-- ts is Slack's "seconds.micros" string, unique per channel and increasing (see next-local-ts.ts).
CREATE TABLE local_messages (
  channel_id   text NOT NULL REFERENCES local_channels (id) ON DELETE CASCADE,
  ts           text NOT NULL,
  thread_ts    text,
  user_id      text NOT NULL,
  text         text NOT NULL DEFAULT '',
  blocks       jsonb,
  files        jsonb,
  ephemeral_to text,
  pinned       boolean NOT NULL DEFAULT false,
  edited       boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, ts)
);
CREATE INDEX local_messages_thread ON local_messages (channel_id, thread_ts);

CREATE TABLE local_files (
  id         text PRIMARY KEY,
  title      text NOT NULL DEFAULT '',
  filename   text NOT NULL DEFAULT '',
  bytes      bytea,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Modals opened with views.open, shown to their user until submitted or closed.
CREATE TABLE local_views (
  id               text PRIMARY KEY,
  user_id          text NOT NULL,
  view             jsonb NOT NULL,
  private_metadata text NOT NULL DEFAULT '',
  open             boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now()
);
