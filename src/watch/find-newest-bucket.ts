// The newest bucket a metric has any row for, however old: what the stale notice names when the
// span read for judging holds no data. Run once per stale episode, so its full-history scan is rare.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { DEFAULT_WAREHOUSE_LIMITS, queryWarehouse, type WarehouseLimits } from '../warehouse/query-warehouse.ts';

/** The start of the metric's newest bucket before `before` (epoch ms), or null when it has no data at all. */
export async function findNewestBucket(
  pool: pg.Pool,
  metric: CatalogMetric,
  timezone: string,
  before: number,
  limits: WarehouseLimits = DEFAULT_WAREHOUSE_LIMITS,
): Promise<Date | null> {
  const body = metric.sql.trim().replace(/;+\s*$/, '');
  const params = { from: '1970-01-01T00:00:00.000Z', to: new Date(before).toISOString(), tz: timezone };
  const result = await queryWarehouse(
    pool,
    `SELECT max(bucket) AS newest FROM (\n${body}\n) AS metric_rows`,
    params,
    `metric ${metric.id} (newest bucket)`,
    limits,
  );
  const newest = result.rows[0]?.newest;
  return newest === null || newest === undefined ? null : new Date(newest as string | Date);
}
