// metric_runs: claims of metric runs (one replica per bucket, reclaimed after a failure or a lapsed lease), and the last run of each grain.
import type pg from 'pg';
import type { EvaluationError, EvaluationResult } from '../watch/evaluation-types.ts';
import type { Grain } from '../metrics/grain.ts';
import type { RunRecord, RunStatus } from './plan-runs.ts';

/** A bucket this replica holds: finish it with finishRun. */
export interface RunClaim {
  id: string;
  grain: Grain;
  bucket: Date;
  replica: string;
  attempts: number;
}

/** What claiming needs besides the bucket. */
export interface ClaimOptions {
  replica: string;
  now: Date;
  leaseMs: number;
  maxAttempts: number;
}

/**
 * Claims (grain, bucket) for this replica, or returns null when another holds it, it succeeded, or it
 * used up its attempts. One statement: a new bucket is inserted; a failed one, or a running one whose
 * lease lapsed, is taken over with attempts + 1. Concurrent claimers of one bucket wait on its row
 * lock and re-check the condition, so exactly one wins.
 */
export async function claimRun(pool: pg.Pool, grain: Grain, bucket: Date, o: ClaimOptions): Promise<RunClaim | null> {
  const { rows } = await pool.query(
    `INSERT INTO metric_runs (grain, bucket, status, replica, attempts, lease_until, started_at)
     VALUES ($1, $2, 'running', $3, 1, $4, $5)
     ON CONFLICT (grain, bucket) DO UPDATE SET
       status = 'running', replica = EXCLUDED.replica, attempts = metric_runs.attempts + 1,
       lease_until = EXCLUDED.lease_until, started_at = EXCLUDED.started_at, finished_at = NULL,
       metrics_judged = 0, anomalies = 0, incidents = 0, errors = '[]'::jsonb
     WHERE (metric_runs.status = 'failed' OR (metric_runs.status = 'running' AND metric_runs.lease_until < $5))
       AND metric_runs.attempts < $6
     RETURNING id::text AS id, attempts`,
    [grain, bucket, o.replica, new Date(o.now.getTime() + o.leaseMs), o.now, o.maxAttempts],
  );
  const row = rows[0];
  return row ? { id: row.id, grain, bucket, replica: o.replica, attempts: row.attempts } : null;
}

/** Extends the lease of a run still held; false when the claim was lost (taken over after a lapse). */
export async function renewLease(pool: pg.Pool, claim: RunClaim, until: Date): Promise<boolean> {
  const { rowCount } = await pool.query(
    "UPDATE metric_runs SET lease_until = $4 WHERE id = $1 AND replica = $2 AND attempts = $3 AND status = 'running'",
    [claim.id, claim.replica, claim.attempts, until],
  );
  return rowCount === 1;
}

/** How a run ended. */
export type RunOutcome =
  | { status: 'succeeded'; result: EvaluationResult }
  | { status: 'failed'; errors: EvaluationError[]; result?: EvaluationResult };

/** Records the end of a claimed run; false when the claim was lost meanwhile (the record is the new holder's). */
export async function finishRun(
  pool: pg.Pool,
  claim: RunClaim,
  outcome: RunOutcome,
  finishedAt: Date,
): Promise<boolean> {
  const r = outcome.result;
  const errors = outcome.status === 'failed' ? outcome.errors : outcome.result.errors;
  const { rowCount } = await pool.query(
    `UPDATE metric_runs SET status = $4, finished_at = $5, metrics_judged = $6, anomalies = $7, incidents = $8, errors = $9::jsonb
     WHERE id = $1 AND replica = $2 AND attempts = $3 AND status = 'running'`,
    [
      claim.id,
      claim.replica,
      claim.attempts,
      outcome.status,
      finishedAt,
      r?.metricsJudged ?? 0,
      r?.anomalies ?? 0,
      r?.incidents ?? 0,
      JSON.stringify(errors),
    ],
  );
  return rowCount === 1;
}

/** What planning reads of a grain: its newest recorded bucket, and the runs from `since` on. */
export async function readRunState(
  pool: pg.Pool,
  grain: Grain,
  since: Date,
): Promise<{ latestBucket: Date | null; recent: RunRecord[] }> {
  const latest = await pool.query('SELECT max(bucket) AS latest FROM metric_runs WHERE grain = $1', [grain]);
  const { rows } = await pool.query(
    'SELECT bucket, status, attempts, lease_until FROM metric_runs WHERE grain = $1 AND bucket >= $2',
    [grain, since],
  );
  const recent = rows.map((r): RunRecord => ({
    bucket: r.bucket,
    status: r.status as RunStatus,
    attempts: r.attempts,
    leaseUntil: r.lease_until,
  }));
  return { latestBucket: (latest.rows[0]?.latest as Date | null) ?? null, recent };
}

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

/** The last run of each grain that has run (in no particular order). */
export async function lastRunPerGrain(pool: pg.Pool): Promise<GrainRunSummary[]> {
  const { rows } = await pool.query(
    `SELECT DISTINCT ON (r.grain) r.grain, r.bucket, r.status, r.replica, r.attempts, r.lease_until, r.started_at, r.finished_at,
            r.metrics_judged, r.anomalies, r.incidents, jsonb_array_length(r.errors) AS error_count, s.newest_succeeded
     FROM metric_runs r
     JOIN (SELECT grain, max(bucket) FILTER (WHERE status = 'succeeded') AS newest_succeeded FROM metric_runs GROUP BY grain) s USING (grain)
     ORDER BY r.grain, r.started_at DESC, r.id DESC`,
  );
  return rows.map((r): GrainRunSummary => ({
    grain: r.grain,
    bucket: r.bucket,
    status: r.status,
    replica: r.replica,
    attempts: r.attempts,
    leaseUntil: r.lease_until,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    metricsJudged: r.metrics_judged,
    anomalies: r.anomalies,
    incidents: r.incidents,
    errorCount: r.error_count,
    newestSucceeded: r.newest_succeeded,
  }));
}
