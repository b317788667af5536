-- One message per digest period (or incident summary) and destination: the row whose `destination` is set
-- is that message; a re-run updates it in place (text, blocks, facts; `updates` counts the edits) instead
-- of posting again. Two runs racing for a period insert the same key, and only the first posts.
ALTER TABLE digests ADD COLUMN destination text;
ALTER TABLE digests ADD COLUMN language text NOT NULL DEFAULT 'en';
ALTER TABLE digests ADD COLUMN updates integer NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Rows posted before this migration: the newest message of each period (or incident) and channel owns it.
UPDATE digests d SET destination = d.channel_id
 WHERE d.status = 'posted' AND d.channel_id IS NOT NULL AND d.message_ts IS NOT NULL
   AND d.id = (SELECT max(x.id) FROM digests x
                WHERE x.status = 'posted' AND x.kind = d.kind AND x.channel_id = d.channel_id
                  AND x.message_ts IS NOT NULL
                  AND (CASE WHEN d.kind = 'incident' THEN x.incident_id = d.incident_id
                            ELSE x.period_start = d.period_start END));

CREATE UNIQUE INDEX digests_one_period_post_idx ON digests (kind, period_start, destination)
  WHERE destination IS NOT NULL AND kind <> 'incident';
CREATE UNIQUE INDEX digests_one_incident_post_idx ON digests (incident_id, destination)
  WHERE destination IS NOT NULL AND kind = 'incident';
