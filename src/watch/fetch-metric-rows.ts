// Fetches a metric's rows for ranges of grid indexes, one read-only query per chunk of buckets.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { queryWarehouse, type WarehouseLimits, DEFAULT_WAREHOUSE_LIMITS } from '../warehouse/query-warehouse.ts';
import { gridStart } from '../metrics/bucket-grid.ts';
import { checkColumns } from '../metrics/build-series.ts';
import type { Grain } from '../metrics/grain.ts';

/** Merges overlapping or adjacent inclusive ranges. */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Rows of the metric's SQL over the ranges (inclusive grid indexes), at most `chunk` buckets per query. */
export async function fetchMetricRows(
  pool: pg.Pool,
  metric: CatalogMetric,
  grain: Grain,
  timezone: string,
  ranges: ReadonlyArray<readonly [number, number]>,
  opts: { chunk?: number; limits?: WarehouseLimits } = {},
): Promise<Record<string, unknown>[]> {
  const chunk = opts.chunk ?? 24 * 14;
  const rows: Record<string, unknown>[] = [];
  for (const [a, b] of mergeRanges(ranges)) {
    for (let from = a; from <= b; from += chunk) {
      const to = Math.min(b, from + chunk - 1);
      const params = {
        from: new Date(gridStart(from, grain, timezone)).toISOString(),
        to: new Date(gridStart(to + 1, grain, timezone)).toISOString(),
        tz: timezone,
      };
      const result = await queryWarehouse(
        pool,
        metric.sql,
        params,
        `metric ${metric.id}`,
        opts.limits ?? DEFAULT_WAREHOUSE_LIMITS,
      );
      checkColumns(metric, result.columns);
      for (const r of result.rows) rows.push(r);
    }
  }
  return rows;
}
