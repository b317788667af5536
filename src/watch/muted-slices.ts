// Which firing slices are muted: by the catalog's planned mute windows or by `/vigil mute`.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { MetricVerdict } from './judge-metric.ts';
import { mutedSlicesOf } from './metric-mutes.ts';

// A mute covers a slice when every key it fixes has the slice's value (an empty mute covers all).
function covers(mute: Record<string, string>, slice: Record<string, string>): boolean {
  return Object.entries(mute).every(([k, v]) => slice[k] === v);
}

/** Keys of the verdict's firing slices that are muted at `at`. */
export async function mutedSlices(
  pool: pg.Pool,
  metric: CatalogMetric,
  verdict: MetricVerdict,
  at: Date,
): Promise<Set<string>> {
  const mutes = metric.mutes
    .filter((m) => Date.parse(m.from) <= at.getTime() && at.getTime() < Date.parse(m.until))
    .map((m) => m.slice);
  if (verdict.firing.length > 0) {
    mutes.push(...(await mutedSlicesOf(pool, metric.id, at)));
  }
  return new Set(verdict.firing.filter((f) => mutes.some((m) => covers(m, f.slice))).map((f) => f.key));
}
