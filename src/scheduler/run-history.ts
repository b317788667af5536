// What /vigil status shows of the scheduler: the last run of each grain and the metrics that are not ok.
import type pg from 'pg';
import { GRAINS, type Grain } from '../metrics/grain.ts';
import type { RunStatus } from './plan-runs.ts';

/** The last run of a grain (the one started last), and the newest bucket of the grain that succeeded. */
export interface GrainRunSummary {
  grain: Grain;
  bucket: Date;
  status: RunStatus;
  replica: string;
  attempts: number;
  leaseUntil: Date;
  startedAt: Date;
  finishedAt: Date | null;
  metricsJudged: number;
  anomalies: number;
  incidents: number;
  errorCount: number;
  newestSucceeded: Date | null;
}

/** A metric that is broken (its query fails) or stale (its data stopped arriving), from metric_health. */
export interface MetricHealthIssue {
  metricId: string;
  status: 'broken' | 'stale';
  since: Date;
  lastError: string | null;
}

/** The scheduler's picture for /vigil status. */
export interface SchedulerHistory {
  grains: GrainRunSummary[];
  health: MetricHealthIssue[];
}

/** Reads the last run per grain (in GRAINS order) and the metrics that are not ok. */
export async function readRunHistory(pool: pg.Pool): Promise<SchedulerHistory> {
  const runs = await pool.query(
    `SELECT DISTINCT ON (r.grain) r.grain, r.bucket, r.status, r.replica, r.attempts, r.lease_until, r.started_at, r.finished_at,
            r.metrics_judged, r.anomalies, r.incidents, jsonb_array_length(r.errors) AS error_count, s.newest_succeeded
     FROM metric_runs r
     JOIN (SELECT grain, max(bucket) FILTER (WHERE status = 'succeeded') AS newest_succeeded FROM metric_runs GROUP BY grain) s USING (grain)
     ORDER BY r.grain, r.started_at DESC, r.id DESC`,
  );
  const health = await pool.query("SELECT metric_id, status, since, last_error FROM metric_health WHERE status <> 'ok' ORDER BY status, metric_id");
  const grains = runs.rows
    .map((r): GrainRunSummary => ({
      grain: r.grain, bucket: r.bucket, status: r.status, replica: r.replica, attempts: r.attempts, leaseUntil: r.lease_until,
      startedAt: r.started_at, finishedAt: r.finished_at, metricsJudged: r.metrics_judged, anomalies: r.anomalies, incidents: r.incidents,
      errorCount: r.error_count, newestSucceeded: r.newest_succeeded,
    }))
    .sort((a, b) => GRAINS.indexOf(a.grain) - GRAINS.indexOf(b.grain));
  return {
    grains,
    health: health.rows.map((r) => ({ metricId: r.metric_id, status: r.status, since: r.since, lastError: r.last_error })),
  };
}
