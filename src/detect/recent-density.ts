// Density: a burst of moderate deviations judged as one signal, beside each point on its own.
//
// Reasoning. Many incidents are not one extreme point but many moderate ones (spikes getting frequent,
// a machine starting to flap, a gauge jittering around a new level): no single point passes the band,
// yet the last few dozen points together are unlike anything recent. The density of a point is the mean
// |z| (each capped at `density_cap`, so one spike cannot make a burst) of the last `density_points`
// judged points including it; it gets the novelty treatment of recent-worst.ts against the densities of
// the `density_novelty_points` judged points before it (0: novelty_points; without novelty, 10 x
// density_points), and a floor: `density_floor` spreads. A density beyond both makes the point anomalous, at
// z = threshold x density / max(worst recent density, floor).
import type { JudgeSpec, PointJudgement } from './judge-point.ts';
import { RollingMax } from './rolling-max.ts';

/** The density verdict step of a series (null when density_points is 0): takes each point's verdict before novelty's rescaling. */
export function recentDensity(spec: JudgeSpec): ((raw: PointJudgement, j: PointJudgement) => PointJudgement) | null {
  const d = spec.detector;
  const n = d.density_points;
  if (n <= 0) return null;
  const capped = new Float64Array(n);
  let at = 0;
  let seen = 0;
  let sum = 0;
  const worst = new RollingMax(d.density_novelty_points || d.novelty_points || 10 * n);
  return (raw, j) => {
    const x = Math.min(Math.max(raw.z, 0), d.density_cap);
    sum += x - capped[at]!;
    capped[at] = x;
    at = (at + 1) % n;
    seen++;
    if (seen < n) return j;
    // Summing and subtracting drifts: the sum is recomputed once per window.
    if (at === 0) sum = capped.reduce((a, b) => a + b, 0);
    const density = sum / n;
    const reference = Math.max(worst.max(0), d.density_floor);
    worst.push(density);
    const z = (d.z * density) / reference;
    if (z < d.z || z <= j.z) return j;
    return {
      ...j,
      z,
      anomalous: true,
      healthy: false,
      reason:
        j.reason ||
        `a burst: the last ${n} points average ${density.toFixed(1)} spreads from the usual, ` +
          `more than any run of the recent past`,
    };
  };
}
