// Baseline hygiene on the live path: the points of past incidents of a metric, by slice, kept out of the
// baselines later points are judged against (a storm is not a usual Friday).
import type pg from 'pg';
import { incidentWindows, type IncidentWindow } from '../incidents/incident-watch-store.ts';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { gridIndex, gridStart, PERIOD } from '../metrics/bucket-grid.ts';
import { bucketStart } from '../metrics/grain.ts';
import { sliceKey } from '../metrics/slice-key.ts';
import { historyBuckets, lookbackBuckets } from '../detect/judge-spec.ts';

/** The exclusions for judging bucket g: the metric's incidents over every point that judgement may read. */
export async function readIncidentExclusions(
  pool: pg.Pool,
  metric: CatalogMetric,
  g: number,
  timezone: string,
): Promise<Map<string, Set<number>>> {
  const period = PERIOD[metric.grain];
  const from = g - lookbackBuckets(metric, period) - historyBuckets(metric, period) - metric.detector.window_buckets;
  const at = (i: number) => new Date(gridStart(i, metric.grain, timezone));
  return incidentExclusions(metric, timezone, await incidentWindows(pool, metric.id, at(from), at(g + 1)), from, g);
}

/**
 * Pure: by slice key, the grid indexes from..to whose judged window overlaps an incident's span (an open one runs to
 * `to`): judgeMetric's `excluded`. A slice is an incident's own or one that joined it.
 */
export function incidentExclusions(
  metric: CatalogMetric,
  timezone: string,
  windows: readonly IncidentWindow[],
  from: number,
  to: number,
): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const grid = (at: Date) => gridIndex(bucketStart(at.getTime(), metric.grain, timezone), metric.grain);
  for (const w of windows) {
    const first = Math.max(from, grid(w.from));
    // A window point ends at its grid index and reaches window_buckets - 1 back, so later ones still hold the span.
    const last = Math.min(to, (w.to ? grid(w.to) : to) + metric.detector.window_buckets - 1);
    for (const slice of w.slices) {
      const key = sliceKey(slice);
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      for (let g = first; g <= last; g++) set.add(g);
    }
  }
  return out;
}
