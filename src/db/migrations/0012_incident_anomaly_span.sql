-- The first bucket of an incident's anomalous span (last_anomaly_bucket is its last): an anomaly in another
-- dimension that starts moving within the span joins the incident instead of opening one of its own.
ALTER TABLE incidents ADD COLUMN anomaly_since timestamptz;
UPDATE incidents SET anomaly_since = last_anomaly_bucket WHERE last_anomaly_bucket IS NOT NULL;
