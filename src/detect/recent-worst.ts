// Novelty: a point judged against the worst deviation of the recent past, not only against its baseline.
//
// Reasoning. A fixed z threshold suits a metric whose deviations are near normal; a heavy-tailed one
// (bursty volumes, a gauge that is flat for hours then jumps) passes it many times a day. Measured
// against the largest |z| of the last `novelty_points` judged points, "as unusual as the worst recent
// point" lands at the threshold, so a noisy metric and a quiet one share one setting and an alert
// means "new", not "bigger than a fixed number of spreads".
import { rescaleDeviation, type JudgeSpec, type PointJudgement } from './judge-point.ts';
import { RollingMax } from './rolling-max.ts';

/** Rescales each verdict of a series by the worst recent |z| (at least the threshold); null when novelty_points is 0. */
export function recentWorst(spec: JudgeSpec): ((j: PointJudgement) => PointJudgement) | null {
  const d = spec.detector;
  if (d.novelty_points <= 0) return null;
  const worst = new RollingMax(d.novelty_points);
  return (j) => {
    const factor = Math.max(worst.max(0), d.z) / d.z;
    // The point joins the history on its own deviation, before rescaling: the history holds what was seen.
    worst.push(Math.abs(j.z));
    return factor > 1 ? rescaleDeviation(j, factor, spec) : j;
  };
}
