// A metric-row reader that fetches each metric's whole needed range once and answers every later read by
// filtering those rows by bucket: the backtest's fetchRows, so months of ticks cost one pass over the warehouse.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { gridStart } from '../metrics/bucket-grid.ts';
import type { FetchRows } from './create-evaluator.ts';
import { fetchMetricRows, mergeRanges } from './fetch-metric-rows.ts';

interface Fetched {
  covered: Array<[number, number]>;
  /** The rows in fetch order, and their bucket times (ms), sorted by time (stable). */
  rows: Array<{ at: number; row: Record<string, unknown> }>;
}

/** A fetchRows that reads `needed(metric)` (inclusive grid ranges) on a metric's first read; reads outside it go to the warehouse. */
export function prefetchedRows(
  needed: (metric: CatalogMetric) => ReadonlyArray<readonly [number, number]>,
  fetch: FetchRows = fetchMetricRows,
): FetchRows {
  const cache = new Map<string, Promise<Fetched>>();
  return async (pool, metric, grain, timezone, ranges, opts = {}) => {
    const key = `${metric.id}\u0000${grain}\u0000${timezone}`;
    let entry = cache.get(key);
    if (!entry) {
      const covered = mergeRanges(needed(metric));
      entry = fetch(pool, metric, grain, timezone, covered, opts).then((rows) => ({
        covered,
        rows: rows.map((row) => ({ at: new Date(row.bucket as string).getTime(), row })).sort((a, b) => a.at - b.at),
      }));
      // A failed fetch is not remembered: the next read tries the warehouse again.
      void entry.catch(() => cache.delete(key));
      cache.set(key, entry);
    }
    const fetched = await entry;
    const wanted = mergeRanges(ranges);
    const inside = wanted.every(([a, b]) => fetched.covered.some(([c, d]) => c <= a && b <= d));
    if (!inside) return fetch(pool, metric, grain, timezone, ranges, opts);
    const out: Record<string, unknown>[] = [];
    for (const [a, b] of wanted) {
      const from = gridStart(a, grain, timezone);
      const to = gridStart(b + 1, grain, timezone);
      for (let i = lowerBound(fetched.rows, from); i < fetched.rows.length && fetched.rows[i]!.at < to; i++)
        out.push(fetched.rows[i]!.row);
    }
    return out;
  };
}

// The first index whose time is at or after `t`.
function lowerBound(rows: ReadonlyArray<{ at: number }>, t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
