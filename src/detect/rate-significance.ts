// Sampling noise of a rate at the volume it was measured on, so that a thin slice (a merchant with
// three orders) needs a much larger move than a whole city before it counts.

/** Two-sided normal quantile for a confidence level (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(confidence: number): number {
  const p = 1 - (1 - confidence) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * Wilson score interval of a proportion (successes of n trials) at normal quantile z. Unlike the
 * plain normal interval it stays inside [0, 1] and stays wide for small n (Wilson 1927).
 */
export function wilsonInterval(successes: number, n: number, z: number): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Interval for a Poisson rate (events per unit of exposure) at normal quantile z, from the Wilson-style
 * score interval for a Poisson mean: solving (k - mu)^2 = z^2 mu gives both ends.
 */
export function poissonRateInterval(events: number, exposure: number, z: number): { low: number; high: number } {
  if (exposure <= 0) return { low: 0, high: Infinity };
  const k = Math.max(0, events);
  const z2 = z * z;
  const centre = k + z2 / 2;
  const half = z * Math.sqrt(k + z2 / 4);
  return { low: Math.max(0, centre - half) / exposure, high: (centre + half) / exposure };
}
