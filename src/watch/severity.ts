// A metric's severity rules applied to an anomaly. Pure.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';

/** The severity of the first rule whose conditions hold (4 when none does). */
export function severityOf(
  metric: CatalogMetric,
  point: { observed: number; expected: number; score: number },
  impact: number,
): number {
  const change = point.expected !== 0 ? Math.abs(point.observed / point.expected - 1) : Infinity;
  for (const rule of metric.severity) {
    if (rule.min_change !== undefined && change < rule.min_change) continue;
    if (rule.min_impact !== undefined && impact < rule.min_impact) continue;
    if (rule.min_score !== undefined && point.score < rule.min_score) continue;
    return rule.severity;
  }
  return 4;
}
