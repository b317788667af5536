// The detector's view of a catalog metric.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { JudgeSpec } from './judge-point.ts';
import { normalQuantile } from './rate-significance.ts';
import { baselineReach, seasonsOf } from './judge-at.ts';

/** The judging settings of a catalog metric. */
export function judgeSpecOf(metric: CatalogMetric): JudgeSpec {
  return {
    kind: metric.kind,
    rateKind: metric.rate_kind,
    scale: metric.scale,
    bad: metric.bad,
    minVolume: metric.min_volume,
    thresholds: metric.thresholds,
    detector: metric.detector,
    confidenceZ: normalQuantile(metric.detector.confidence),
  };
}

/** How many buckets before the judged one a run looks at, so episodes and CUSUM start from a settled state. */
export function lookbackBuckets(metric: CatalogMetric, period: number): number {
  const d = metric.detector;
  // Novelty (and density) compare a point with the judged points before it, so a run starts that far back too.
  const density =
    d.density_points > 0
      ? d.density_points + (d.density_novelty_points || d.novelty_points || 10 * d.density_points)
      : 0;
  // Novelty's long memory: two half-lives back, a spike counts a quarter.
  const memory = 2 * d.novelty_memory_half_life;
  const episodes = Math.max(3 * (d.min_duration + d.recovery_buckets), d.novelty_points, density, memory);
  // The excess-events CUSUM drains in quiet buckets: two days (in buckets of the grain) settle it.
  const burst = d.excess_cusum_h > 0 ? Math.max(episodes, Math.ceil((2 * period) / 7)) : episodes;
  return d.cusum_h > 0 ? Math.max(burst, 4 * period) : burst;
}

/** How many buckets before a judged point its verdict may read (its baseline, first choice or fallback). */
export function historyBuckets(metric: CatalogMetric, period: number): number {
  return baselineReach(metric.detector, period);
}

/** The grid ranges judging buckets from..to reads: the range and each baseline point's window, of the first or all seasons. */
export function judgedRanges(
  metric: CatalogMetric,
  period: number,
  from: number,
  to: number,
  allSeasons = true,
): Array<[number, number]> {
  const w = metric.detector.window_buckets;
  const ranges: Array<[number, number]> = [[from - w + 1, to]];
  const seasons = seasonsOf(metric.detector, period);
  for (const season of allSeasons ? seasons : seasons.slice(0, 1)) {
    if (season.step <= w + (to - from)) {
      // Lags closer together than the judged span: one contiguous range covers them all.
      ranges.push([from - season.count * season.step - w + 1, to]);
      continue;
    }
    for (let k = 1; k <= season.count; k++) ranges.push([from - k * season.step - w + 1, to - k * season.step]);
  }
  return ranges;
}

/** Parses a catalog duration ("90m", "2h", "1d") to milliseconds. */
export function durationMs(text: string): number {
  const n = Number(text.slice(0, -1));
  const unit = text.at(-1);
  return n * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
}
