-- Incident set-up repair: an incident whose Slack set-up (channel, card, pin, alerts notice) did not finish
-- is resumed by the incident timer with backoff until it is whole.
ALTER TABLE incidents
  ADD COLUMN card_pinned boolean NOT NULL DEFAULT false,
  -- The alerts-channel notice: its channel id and ts (escalation pages link to it).
  ADD COLUMN notice_channel text,
  ADD COLUMN notice_ts text,
  -- When the set-up is next tried; NULL once it is whole (or nothing to set up: no Slack).
  ADD COLUMN setup_next_at timestamptz,
  -- Who holds the set-up until then (the open in progress, or a timer run): replicas never run it twice at once.
  ADD COLUMN setup_claimed_until timestamptz,
  ADD COLUMN setup_attempts int NOT NULL DEFAULT 0;
-- Incidents from before this migration count as set up, except open ones left without a channel or card.
UPDATE incidents SET card_pinned = card_ts IS NOT NULL,
  setup_next_at = CASE WHEN status <> 'resolved' AND (channel_id IS NULL OR card_ts IS NULL) THEN now() END;
CREATE INDEX incidents_setup_next_idx ON incidents (setup_next_at) WHERE setup_next_at IS NOT NULL;
