-- Playbook runs remember where they were asked for, so a stored run can be posted again there.
ALTER TABLE playbook_runs ADD COLUMN channel_id text;
CREATE INDEX playbook_runs_started_idx ON playbook_runs (started_at DESC);
