// The detector's columns of `incidents`: the incidents an anomaly may join or reopen, their anomalous span, recovery.
import type pg from 'pg';
import { sliceKey } from '../metrics/slice-key.ts';

/** An open incident the detector opened, whose slice may be recovering. */
export interface RecoveryCandidate {
  id: number;
  slice: Record<string, string>;
  sliceKey: string;
  /** The slice keys of the affected slices its evidence lists (slices that joined it). */
  affectedKeys: string[];
  lastAnomalyBucket: Date;
}

/**
 * Marks the incident anomalous in `bucket` (an anomaly that started at `since`, default `bucket`): its count of
 * healthy buckets and its recovery note start over, and its anomalous span reaches back to `since`.
 */
export async function markAnomalous(pool: pg.Pool, id: number, bucket: Date, since: Date = bucket): Promise<void> {
  await pool.query(
    `UPDATE incidents SET last_anomaly_bucket = GREATEST(last_anomaly_bucket, $2), healthy_buckets = 0, recovered_noted_at = NULL,
        anomaly_since = LEAST(anomaly_since, $3) WHERE id = $1`,
    [id, bucket, since],
  );
}

/** An incident an anomaly may join, reopen or be "also moving" in (see src/watch/match-incident.ts). */
export interface WatchCandidate {
  id: number;
  metricId: string;
  open: boolean;
  resolvedAt: Date | null;
  /** Its slice, then the affected slices of its evidence. */
  slices: Array<Record<string, string>>;
  anomalySince: Date | null;
  lastAnomaly: Date | null;
}

/** The incidents of these metrics that are open, or were resolved at or after `resolvedSince`. */
export async function watchCandidates(
  pool: pg.Pool,
  metricIds: readonly string[],
  resolvedSince: Date,
): Promise<WatchCandidate[]> {
  const { rows } = await pool.query(
    `SELECT id, metric_id, status, resolved_at, slice, evidence, anomaly_since, last_anomaly_bucket FROM incidents
      WHERE metric_id = ANY($1) AND (status <> 'resolved' OR resolved_at >= $2) ORDER BY id`,
    [metricIds, resolvedSince],
  );
  return rows.map((r) => {
    const contributors = (r.evidence?.contributors ?? []) as Array<{ slice: Record<string, string> }>;
    return {
      id: Number(r.id),
      metricId: r.metric_id as string,
      open: r.status !== 'resolved',
      resolvedAt: (r.resolved_at as Date | null) ?? null,
      slices: [r.slice as Record<string, string>, ...contributors.map((c) => c.slice)],
      anomalySince: (r.anomaly_since as Date | null) ?? null,
      lastAnomaly: (r.last_anomaly_bucket as Date | null) ?? null,
    };
  });
}

/** The metric's unresolved incidents opened by vigil, with a last anomalous bucket and no recovery note yet. */
export async function recoveryCandidates(pool: pg.Pool, metricId: string): Promise<RecoveryCandidate[]> {
  const { rows } = await pool.query(
    `SELECT id, slice, slice_key, evidence, last_anomaly_bucket FROM incidents
      WHERE metric_id = $1 AND status <> 'resolved' AND opened_by = 'vigil' AND recovered_noted_at IS NULL AND last_anomaly_bucket IS NOT NULL`,
    [metricId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    slice: r.slice as Record<string, string>,
    sliceKey: r.slice_key as string,
    affectedKeys: ((r.evidence?.contributors ?? []) as Array<{ slice: Record<string, string> }>).map((c) =>
      sliceKey(c.slice),
    ),
    lastAnomalyBucket: r.last_anomaly_bucket as Date,
  }));
}

/** Records how many buckets the incident's slice has been healthy since its last anomaly. */
export async function setHealthyBuckets(pool: pg.Pool, id: number, healthy: number): Promise<void> {
  await pool.query('UPDATE incidents SET healthy_buckets = $2 WHERE id = $1', [id, healthy]);
}

/** Claims the incident's recovery note; true for the one caller (of several replicas) that gets it. */
export async function claimRecoveryNote(pool: pg.Pool, id: number): Promise<boolean> {
  const claimed = await pool.query(
    'UPDATE incidents SET recovered_noted_at = now() WHERE id = $1 AND recovered_noted_at IS NULL',
    [id],
  );
  return claimed.rowCount === 1;
}

/** The last bucket the detector found the incident's slice anomalous in (null: none, or no such incident). */
export async function lastAnomalyBucket(pool: pg.Pool, id: number): Promise<Date | null> {
  const { rows } = await pool.query<{ at: Date | null }>(
    'SELECT last_anomaly_bucket AS at FROM incidents WHERE id = $1',
    [id],
  );
  return rows[0]?.at ?? null;
}

/** A past incident of a metric as a span of time: its slices (its own, then those that joined it) and when it ran. */
export interface IncidentWindow {
  slices: Array<Record<string, string>>;
  /** Its first anomalous bucket (or its opening, when no anomaly was marked). */
  from: Date;
  /** Its last anomalous bucket (or its resolve); null for an open incident with no anomaly marked: until now. */
  to: Date | null;
}

/** The metric's incidents, open or resolved, whose span overlaps [from, to): their points are kept out of baselines. */
export async function incidentWindows(
  pool: pg.Pool,
  metricId: string,
  from: Date,
  to: Date,
): Promise<IncidentWindow[]> {
  const { rows } = await pool.query(
    `SELECT slice, evidence, from_at, to_at FROM (
        SELECT slice, evidence, COALESCE(anomaly_since, opened_at) AS from_at, COALESCE(last_anomaly_bucket, resolved_at) AS to_at
          FROM incidents WHERE metric_id = $1) w
      WHERE from_at < $3 AND (to_at IS NULL OR to_at >= $2) ORDER BY from_at`,
    [metricId, from, to],
  );
  return rows.map((r) => ({
    slices: [
      r.slice as Record<string, string>,
      ...((r.evidence?.contributors ?? []) as Array<{ slice: Record<string, string> }>).map((c) => c.slice),
    ],
    from: r.from_at as Date,
    to: (r.to_at as Date | null) ?? null,
  }));
}
