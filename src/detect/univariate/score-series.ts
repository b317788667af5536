// Scores a whole series with the default univariate detector, row by row, as it would have run live.
import { DEFAULT_UNIVARIATE, UnivariateDetector, type UnivariateConfig } from './univariate-detector.ts';

/** Anomaly scores in [0, 1], one per row; each row's score depends only on the rows up to it. */
export function scoreSeries(
  timestamps: readonly number[],
  values: readonly number[],
  config: UnivariateConfig = DEFAULT_UNIVARIATE,
): number[] {
  const detector = new UnivariateDetector(config);
  return values.map((v, i) => detector.update(timestamps[i]!, v));
}
