// Backtests catalog metrics over a period of warehouse history and scores them against labelled incidents.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { backtestMetric, type BacktestAlert } from './backtest-metric.ts';
import { gridIndex, PERIOD } from '../metrics/bucket-grid.ts';
import { buildSeries, layoutOf } from '../metrics/build-series.ts';
import { fetchMetricRows } from './fetch-metric-rows.ts';
import { bucketStart } from '../metrics/grain.ts';
import { scoreBacktest, type LabelledIncident, type MetricScore } from './score-backtest.ts';
import { historyBuckets } from '../detect/judge-spec.ts';
import type { JudgingCoverage } from './judging-coverage.ts';

/** A backtest's alerts and, when labels exist, the figures per metric. */
export interface BacktestReport {
  alerts: BacktestAlert[];
  metrics: Record<string, MetricScore>;
  /** Per metric, its slice-buckets over the period: judged, not judged and why, judged on low history. */
  coverage: Record<string, JudgingCoverage>;
  weeks: number;
  labelled: boolean;
}

/** Replays the metrics over [from, to) and scores them against `labels` (none: figures without precision and recall). */
export async function runBacktest(
  warehouse: pg.Pool,
  metrics: readonly CatalogMetric[],
  timezone: string,
  from: Date,
  to: Date,
  labels: readonly LabelledIncident[] | null,
): Promise<BacktestReport> {
  const alerts: BacktestAlert[] = [];
  const coverage: Record<string, JudgingCoverage> = {};
  for (const metric of metrics) {
    const g0 = gridIndex(bucketStart(from.getTime(), metric.grain, timezone), metric.grain);
    const g1 = gridIndex(bucketStart(to.getTime() - 1, metric.grain, timezone), metric.grain);
    const history = historyBuckets(metric, PERIOD[metric.grain]);
    const layout = layoutOf([[g0 - history, g1]], metric.grain);
    const rows = await fetchMetricRows(warehouse, metric, metric.grain, timezone, [[g0 - history, g1]]);
    const series = buildSeries(metric, metric.grain, layout, rows);
    const replayed = backtestMetric(metric, metric.grain, timezone, series, g0, g1);
    alerts.push(...replayed.alerts);
    coverage[metric.id] = replayed.coverage;
  }
  const weeks = (to.getTime() - from.getTime()) / (7 * 86_400_000);
  const ids = metrics.map((m) => m.id);
  const truth = labels?.filter((l) => Date.parse(l.end) > from.getTime() && Date.parse(l.start) < to.getTime()) ?? [];
  const labelled = labels !== null;
  const metricScores = scoreBacktest(ids, alerts, truth, weeks, 6 * 3_600_000, labelled);
  return { alerts, metrics: metricScores, coverage, weeks, labelled };
}

/** The injected incidents of the demo warehouse, or null when the warehouse has none. */
export async function readLabels(warehouse: pg.Pool): Promise<LabelledIncident[] | null> {
  const exists = await warehouse.query("SELECT to_regclass('warehouse.injected_incidents') IS NOT NULL AS ok");
  if (!exists.rows[0].ok) return null;
  const { rows } = await warehouse.query(
    'SELECT id, metric, slice, start_at, end_at FROM warehouse.injected_incidents ORDER BY start_at',
  );
  return rows.map((r) => ({
    id: r.id,
    metric: r.metric,
    slice: r.slice,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
  }));
}
