// metric_mutes: mutes set by `/vigil mute`, stored with an end time; detection skips muted metrics and slices.
import type pg from 'pg';
import { sliceKey } from '../metrics/slice-key.ts';

/** A mute as stored. */
export interface MetricMute {
  metricId: string;
  slice: Record<string, string>;
  until: Date;
  mutedBy: string;
}

/** Sets (or extends) a mute. */
export async function muteMetric(pool: pg.Pool, mute: MetricMute): Promise<void> {
  await pool.query(
    `INSERT INTO metric_mutes (metric_id, slice_key, slice, until, muted_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (metric_id, slice_key) DO UPDATE SET until = EXCLUDED.until, muted_by = EXCLUDED.muted_by, muted_at = now()`,
    [mute.metricId, sliceKey(mute.slice), JSON.stringify(mute.slice), mute.until, mute.mutedBy],
  );
}

/** Removes every mute of a metric; returns how many there were. */
export async function unmuteMetric(pool: pg.Pool, metricId: string): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM metric_mutes WHERE metric_id = $1', [metricId]);
  return rowCount ?? 0;
}

/** Mutes still in force at `now`. */
export async function activeMutes(pool: pg.Pool, now: Date): Promise<MetricMute[]> {
  const { rows } = await pool.query(
    'SELECT metric_id, slice, until, muted_by FROM metric_mutes WHERE until > $1 ORDER BY metric_id, slice_key',
    [now],
  );
  return rows.map((r) => ({ metricId: r.metric_id, slice: r.slice, until: r.until, mutedBy: r.muted_by }));
}

/** The slices of the metric muted at `at` ({} mutes the whole metric). */
export async function mutedSlicesOf(pool: pg.Pool, metricId: string, at: Date): Promise<Array<Record<string, string>>> {
  const { rows } = await pool.query('SELECT slice FROM metric_mutes WHERE metric_id = $1 AND until > $2', [
    metricId,
    at,
  ]);
  return rows.map((r) => r.slice as Record<string, string>);
}
