-- A reopened incident is paged again: the escalation policy runs from when it was reopened.
ALTER TABLE incidents ADD COLUMN reopened_at timestamptz;
