-- Scheduled digests are posted once however many replicas fire: the first to insert the claim of
-- (kind, period) posts it. A failed run deletes its claim so a later firing or /digest can retry.
CREATE TABLE digest_claims (
  kind         text NOT NULL CHECK (kind IN ('daily', 'weekly')),
  period_start timestamptz NOT NULL,
  replica      text NOT NULL,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  digest_id    bigint REFERENCES digests (id) ON DELETE SET NULL,
  PRIMARY KEY (kind, period_start)
);

-- Who approved, edited or discarded a digest in the review step.
ALTER TABLE digests ADD COLUMN reviewed_by text;
ALTER TABLE digests ADD COLUMN edited_by text;
