// anomalies: the firing slices the watcher records, linked to the incident they belong to, read back by the digest.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { MetricVerdict } from './judge-metric.ts';

/** An anomalous slice of a period at its largest impact. */
export interface TopSlice {
  metricId: string;
  slice: Record<string, string>;
  observed: number;
  expected: number;
  impact: number | null;
}

/** Records the firing slices of a verdict as anomalies (each metric, slice and bucket once). */
export async function recordAnomalies(pool: pg.Pool, metric: CatalogMetric, verdict: MetricVerdict): Promise<void> {
  for (const f of verdict.firing) {
    const j = f.judgement;
    await pool.query(
      `INSERT INTO anomalies (metric_id, slice, slice_key, bucket, observed, expected, band_low, band_high, score, impact, reason, detector, grain, severity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'seasonal', $12, $13) ON CONFLICT (metric_id, slice_key, bucket) DO NOTHING`,
      [
        metric.id,
        JSON.stringify(f.slice),
        f.key,
        new Date(verdict.bucketStart),
        j.observed,
        j.expected,
        j.low,
        j.high,
        j.score,
        f.impact,
        j.reason,
        metric.grain,
        f.severity,
      ],
    );
  }
}

/** Links the metric's anomalies of `bucket` in the given slices to their incident. */
export async function linkAnomalies(
  pool: pg.Pool,
  incidentId: number,
  metricId: string,
  bucket: Date,
  sliceKeys: string[],
): Promise<void> {
  await pool.query(
    'UPDATE anomalies SET incident_id = $1 WHERE metric_id = $2 AND bucket = $3 AND slice_key = ANY($4)',
    [incidentId, metricId, bucket, sliceKeys],
  );
}

/** The largest impact estimate among each incident's anomalies (incidents without one are left out). */
export async function largestImpacts(
  pool: pg.Pool,
  incidentIds: readonly number[],
): Promise<Array<{ incidentId: number; impact: number }>> {
  const { rows } = await pool.query(
    'SELECT incident_id, max(impact) AS impact FROM anomalies WHERE incident_id = ANY($1::bigint[]) AND impact IS NOT NULL GROUP BY 1',
    [incidentIds],
  );
  return rows.map((r) => ({ incidentId: Number(r.incident_id), impact: Number(r.impact) }));
}

/** The anomalous slices of [start, end), each at its largest impact, largest first, at most `limit`. */
export async function topSlices(pool: pg.Pool, start: Date, end: Date, limit: number): Promise<TopSlice[]> {
  const { rows } = await pool.query(
    `SELECT metric_id, slice, observed, expected, impact FROM (
       SELECT DISTINCT ON (metric_id, slice_key) metric_id, slice, observed, expected, impact, abs(observed - expected) AS gap
         FROM anomalies
        WHERE bucket >= $1 AND bucket < $2 AND observed IS NOT NULL AND expected IS NOT NULL
        ORDER BY metric_id, slice_key, impact DESC NULLS LAST, abs(observed - expected) DESC, bucket DESC
     ) a ORDER BY impact DESC NULLS LAST, gap DESC, metric_id LIMIT ${Math.floor(limit)}`,
    [start, end],
  );
  return rows.map((r) => ({
    metricId: r.metric_id as string,
    slice: (r.slice as Record<string, string>) ?? {},
    observed: Number(r.observed),
    expected: Number(r.expected),
    impact: r.impact === null ? null : Number(r.impact),
  }));
}
