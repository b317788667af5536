// Per-metric health (ok, broken, stale) in the database, so a broken metric alerts its owner once per
// episode rather than on every run, whichever replica runs it.
import type pg from 'pg';

/** Records the metric's state; true when this is a new broken/stale episode whose owner has not been told yet. */
export async function recordMetricHealth(
  pool: pg.Pool,
  metricId: string,
  status: 'ok' | 'broken' | 'stale',
  error: string | null,
  now: Date,
): Promise<boolean> {
  const { rows } = await pool.query(
    `INSERT INTO metric_health (metric_id, status, since, last_error, notified_at, checked_at)
     VALUES ($1, $2, $4, $3, NULL, $4)
     ON CONFLICT (metric_id) DO UPDATE SET
       since = CASE WHEN metric_health.status = EXCLUDED.status THEN metric_health.since ELSE EXCLUDED.since END,
       notified_at = CASE WHEN metric_health.status = EXCLUDED.status THEN metric_health.notified_at ELSE NULL END,
       status = EXCLUDED.status, last_error = EXCLUDED.last_error, checked_at = EXCLUDED.checked_at
     RETURNING notified_at`,
    [metricId, status, error, now],
  );
  if (status === 'ok' || rows[0].notified_at) return false;
  // Claim the notification, so two replicas do not both send it.
  const claim = await pool.query(
    'UPDATE metric_health SET notified_at = $2 WHERE metric_id = $1 AND notified_at IS NULL',
    [metricId, now],
  );
  return claim.rowCount === 1;
}

/** A metric that is broken (its query fails) or stale (its data stopped arriving). */
export interface MetricHealthIssue {
  metricId: string;
  status: 'broken' | 'stale';
  since: Date;
  lastError: string | null;
}

/** The metrics whose last check was not ok, by status then metric id. */
export async function unhealthyMetrics(pool: pg.Pool): Promise<MetricHealthIssue[]> {
  const { rows } = await pool.query(
    "SELECT metric_id, status, since, last_error FROM metric_health WHERE status <> 'ok' ORDER BY status, metric_id",
  );
  return rows.map((r) => ({ metricId: r.metric_id, status: r.status, since: r.since, lastError: r.last_error }));
}
