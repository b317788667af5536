// Thins a long series to a ceiling the renderer handles quickly, keeping its spikes and anomalies. Pure.

/** One point of a metric series as the chart sees it (epoch ms, value in the metric's unit). */
export interface ChartPoint {
  t: number;
  value: number | null;
  expected?: number | null;
  low?: number | null;
  high?: number | null;
  anomalous?: boolean;
}

/** Above this many points a chart is downsampled: Vega lays out and resvg draws each one. */
export const MAX_CHART_POINTS = 2000;

/** The points in time order, at most `max` of them: every anomaly (up to a quarter of the budget) plus each bucket's lowest and highest value. */
export function downsamplePoints(points: readonly ChartPoint[], max = MAX_CHART_POINTS): ChartPoint[] {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  if (sorted.length <= max) return sorted;
  // The newest anomalies matter most on an incident card, so an overflow drops the oldest ones.
  const anomalies = sorted.filter((p) => p.anomalous).slice(-Math.floor(max / 4));
  const buckets = Math.max(1, Math.floor((max - anomalies.length) / 2));
  const kept = new Set<ChartPoint>(anomalies);
  const size = sorted.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const slice = sorted.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    // Min and max rather than a mean: an average would flatten the very spike the incident is about.
    let lo = slice[0]!;
    let hi = slice[0]!;
    for (const p of slice) {
      if (p.value === null) continue;
      if (lo.value === null || p.value < lo.value) lo = p;
      if (hi.value === null || p.value > hi.value) hi = p;
    }
    kept.add(lo);
    kept.add(hi);
  }
  return [...kept].sort((a, b) => a.t - b.t);
}
