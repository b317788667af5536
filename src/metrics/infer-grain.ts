// The grain a plain series of timestamps was sampled at, for series that come without a catalog entry.
import { GRAIN_MS, GRAINS, type Grain } from './grain.ts';

/** The grain nearest (on a log scale, so 30 minutes sits between 15m and hour) to the median spacing of sorted timestamps; `hour` for fewer than two distinct ones. */
export function inferGrain(sorted: readonly number[]): Grain {
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) gaps.push(sorted[i]! - sorted[i - 1]!);
  if (gaps.length === 0) return 'hour';
  gaps.sort((a, b) => a - b);
  const spacing = gaps[gaps.length >> 1]!;
  let best: Grain = GRAINS[0];
  for (const g of GRAINS) {
    if (Math.abs(Math.log(spacing / GRAIN_MS[g])) < Math.abs(Math.log(spacing / GRAIN_MS[best]))) best = g;
  }
  return best;
}
