-- Incident roles besides the commander (the commander is owner_user_id), and the messages people put on an
-- incident's timeline (pinned, marked with the timeline emoji, or added by a shortcut).
ALTER TABLE incidents
  ADD COLUMN comms_user_id text,
  ADD COLUMN scribe_user_id text;

CREATE TABLE incident_timeline_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  channel_id  text NOT NULL,
  message_ts  text NOT NULL,
  author      text NOT NULL,
  text        text NOT NULL,
  -- When the message was posted (from its ts): the timeline orders by this, not by when it was marked.
  posted_at   timestamptz NOT NULL,
  -- What keeps the entry there: 'pin', 'reaction:<user>', 'shortcut:<user>'. The entry goes with the last mark.
  marks       text[] NOT NULL DEFAULT '{}',
  added_by    text NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, channel_id, message_ts)
);
CREATE INDEX incident_timeline_messages_channel_idx ON incident_timeline_messages (channel_id, message_ts);
