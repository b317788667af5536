// The likely cause of an anomaly at open: the metric's own SQL summed per cell over the judged window and the same
// window of earlier weeks (the baseline), drilled over the dimensions the incident's slice leaves free.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { LikelyCause } from '../incidents/incident-types.ts';
import { gridIndex, gridStart, PERIOD } from '../metrics/bucket-grid.ts';
import { checkColumns } from '../metrics/build-series.ts';
import { queryWarehouse, DEFAULT_WAREHOUSE_LIMITS, type WarehouseLimits } from '../warehouse/query-warehouse.ts';
import { describeLikelyCause, type LikelyCauseCell } from './describe-likely-cause.ts';

const MEASURE_COLUMNS = new Set(['bucket', 'numerator', 'denominator', 'value', 'events']);

/** The judged window of the bucket starting at `bucketStart` and `weeksBack` weeks earlier, as SQL parameters. */
export function likelyCauseWindow(
  metric: CatalogMetric,
  bucketStart: number,
  timezone: string,
  weeksBack: number,
): { from: string; to: string; tz: string } {
  const g = gridIndex(bucketStart, metric.grain) - weeksBack * PERIOD[metric.grain];
  // The judged point sums window_buckets buckets ending at the bucket, as the card's figures do.
  const first = g - metric.detector.window_buckets + 1;
  return {
    from: new Date(gridStart(first, metric.grain, timezone)).toISOString(),
    to: new Date(gridStart(g + 1, metric.grain, timezone)).toISOString(),
    tz: timezone,
  };
}

/**
 * Drills into the anomaly of `metric` in `slice` at the bucket starting at `bucketStart` (the slice's own reading
 * when the metric has no dimension left inside it); null when there are no rows in the window. Warehouse errors propagate (the caller opens the
 * incident anyway).
 */
export async function findLikelyCause(
  warehouse: pg.Pool,
  metric: CatalogMetric,
  slice: Record<string, string>,
  bucketStart: number,
  timezone: string,
  limits: WarehouseLimits = DEFAULT_WAREHOUSE_LIMITS,
): Promise<LikelyCause | null> {
  const ratio = metric.kind === 'ratio';
  const weeks = metric.detector.baseline_weeks;
  const cells = new Map<string, { values: Record<string, string>; now: [number, number]; before: [number, number] }>();
  let dims: string[] | undefined;
  for (let k = 0; k <= weeks; k++) {
    const params = likelyCauseWindow(metric, bucketStart, timezone, k);
    const result = await queryWarehouse(warehouse, metric.sql, params, `metric ${metric.id}`, limits);
    checkColumns(metric, result.columns);
    dims ??= result.columns.filter((c) => !MEASURE_COLUMNS.has(c));
    for (const r of result.rows) {
      const values = Object.fromEntries(
        dims.map((d) => [d, r[d] === null || r[d] === undefined ? '(none)' : String(r[d])]),
      );
      if (Object.entries(slice).some(([d, v]) => values[d] !== v)) continue;
      const key = dims.map((d) => values[d]).join('\u0000');
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { values, now: [0, 0], before: [0, 0] }));
      const into = k === 0 ? cell.now : cell.before;
      into[0] += Number(ratio ? r.numerator : r.value) || 0;
      into[1] += ratio ? Number(r.denominator) || 0 : 0;
    }
  }
  const leaves: LikelyCauseCell[] = [...cells.values()].map(({ values, now, before }) =>
    ratio
      ? { values, num: now[0], den: now[1], expectedNum: before[0] / weeks, expectedDen: before[1] / weeks }
      : { values, actual: now[0], expected: before[0] / weeks },
  );
  return describeLikelyCause({
    kind: metric.kind,
    unit: metric.unit,
    scale: ratio ? metric.scale : 1,
    dims: dims ?? [],
    cells: leaves,
    slice,
  });
}
