-- What vigil has told each paging service (PagerDuty, Opsgenie) about each incident: one row per service, alert key,
-- action and round (a reopen starts a new round), claimed before the call, so a retried open never pages twice.
CREATE TABLE paging_deliveries (
  provider     text NOT NULL,
  paging_key   text NOT NULL,
  action       text NOT NULL CHECK (action IN ('trigger', 'acknowledge', 'resolve')),
  round        text NOT NULL,
  incident_id  bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  claimed_at   timestamptz NOT NULL,
  delivered_at timestamptz,
  PRIMARY KEY (provider, paging_key, action, round)
);
