-- The incident card whose window a playbook run used (incident id, window start and end), so a run read back
-- from the database (reposted after a restart, shown again) still says "the window of incident #N's card".
ALTER TABLE playbook_runs ADD COLUMN window_source jsonb;
