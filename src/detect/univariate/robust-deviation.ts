// How unusual a value is against a window of past values, in robust standard deviations.
import type { RollingQuantiles } from './rolling-quantiles.ts';

/** |x - median| in units of a robust spread (IQR/1.349, floored by a share of the 5-95% range so
 * that mostly-constant series with rare jumps do not divide by zero), and the spread itself. */
export function robustDeviation(past: RollingQuantiles, x: number, rangeShare: number): { z: number; spread: number } {
  const median = past.quantile(0.5);
  const iqr = past.quantile(0.75) - past.quantile(0.25);
  const range = past.quantile(0.95) - past.quantile(0.05);
  const spread = Math.max(iqr / 1.349, (range / 3.29) * rangeShare, 1e-9 + Math.abs(median) * 1e-6);
  return { z: Math.abs(x - median) / spread, spread };
}
