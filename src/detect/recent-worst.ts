// Novelty: a point judged against the worst deviation of the recent past, not only against its baseline.
//
// Reasoning. A fixed z threshold suits a metric whose deviations are near normal; a heavy-tailed one
// (bursty volumes, a gauge that is flat for hours then jumps) passes it many times a day. Measured
// against the largest |z| of the last `novelty_points` judged points, "as unusual as the worst recent
// point" lands at the threshold, so a noisy metric and a quiet one share one setting and an alert
// means "new", not "bigger than a fixed number of spreads".
//
// A hard window forgets at once: a metric that bursts every three days alerts on every burst when the
// window is two days long. With `novelty_memory_half_life`, the worst |z| of all earlier points also
// counts, each worth half as much every half-life, and a point must pass `novelty_memory_share` of it.
import { rescaleDeviation, type JudgeSpec, type PointJudgement } from './judge-point.ts';
import { RollingMax } from './rolling-max.ts';

// A point thousands of spreads out (a flat stretch has almost no spread) says "very unusual", no more: remembered
// as such, it would silence the metric for many half-lives.
const MEMORY_CAP = 50;

/** Rescales each verdict of a series by the worst recent |z| (at least the threshold); null when novelty_points is 0. */
export function recentWorst(spec: JudgeSpec): ((j: PointJudgement) => PointJudgement) | null {
  const d = spec.detector;
  if (d.novelty_points <= 0) return null;
  const worst = new RollingMax(d.novelty_points);
  const fade = d.novelty_memory_half_life > 0 ? 2 ** (-1 / d.novelty_memory_half_life) : 0;
  // max over earlier points of |z| * 2^(-age / half-life): one number carried along the series.
  let remembered = 0;
  return (j) => {
    const reference = Math.max(worst.max(0), d.novelty_memory_share * remembered, d.z);
    // The point joins the history on its own deviation, before rescaling: the history holds what was seen.
    const seen = Math.abs(j.z);
    worst.push(seen);
    remembered = Math.max(remembered * fade, Math.min(seen, MEMORY_CAP * d.z));
    return reference > d.z ? rescaleDeviation(j, reference / d.z, spec) : j;
  };
}
