// Replays a metric's history bucket by bucket (each judged only from data at or before it) and
// returns the alerts that would have fired, grouped as live runs group them. Pure.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { judgeSeries } from '../detect/judge-series.ts';
import { gridStart } from '../metrics/bucket-grid.ts';
import type { MetricSeries } from '../metrics/build-series.ts';
import type { Grain } from '../metrics/grain.ts';
import { groupAnomalies } from './group-anomalies.ts';
import { judgeSpecOf } from '../detect/judge-spec.ts';
import { impactAt } from './judge-metric.ts';
import { severityOf } from './severity.ts';
import { addNoHistorySpan, addSeriesCoverage, emptyCoverage, type JudgingCoverage } from './judging-coverage.ts';

/** An alert of a backtest, as `vigil backtest --json` prints it. */
export interface BacktestAlert {
  metric: string;
  slice: Record<string, string>;
  /** ISO times: the first anomalous bucket, and the end of the last one (or of the replay while still firing). */
  start: string;
  end: string;
  /** When the alert would have fired: the end of the bucket that completed the minimum duration. */
  firedAt: string;
  severity: number;
  score: number;
  /** Its peak was judged against a shorter season than the metric's own (a new slice), with a wider band. */
  lowHistory?: boolean;
  contributors: Array<Record<string, string>>;
}

/** Alerts of one metric between grid indexes from..to, and how many of its slice-buckets could be judged. */
export function backtestMetric(
  metric: CatalogMetric,
  grain: Grain,
  timezone: string,
  series: MetricSeries,
  from: number,
  to: number,
): { alerts: BacktestAlert[]; coverage: JudgingCoverage } {
  const spec = judgeSpecOf(metric);
  const at = (g: number) => gridStart(g, grain, timezone);
  const found = [];
  const coverage = emptyCoverage();
  for (const s of series.slices) {
    const verdict = judgeSeries(series.layout, s.values, spec, from, to);
    addSeriesCoverage(coverage, verdict);
    addNoHistorySpan(coverage, verdict, from, series.layout, s.values, spec);
    for (const e of verdict.episodes) {
      found.push({
        slice: s.slice,
        start: at(e.start),
        end: at(e.end ?? to + 1),
        firedAt: at(e.firedAt + 1),
        score: e.peak.score,
        lowHistory: e.peak.lowHistory === true,
        severity: severityOf(metric, e.peak, impactAt(metric, series.layout, s.values, e.peakAt, e.peak)),
      });
    }
  }
  const alerts = groupAnomalies(found).map((g) => {
    const top = g.members[0]!;
    return {
      metric: metric.id,
      slice: g.slice,
      start: new Date(g.start).toISOString(),
      end: new Date(g.end).toISOString(),
      firedAt: new Date(Math.min(...g.members.map((m) => m.firedAt))).toISOString(),
      severity: Math.min(...g.members.map((m) => m.severity)),
      score: top.score,
      lowHistory: top.lowHistory,
      contributors: g.members.map((m) => m.slice),
    };
  });
  return { alerts, coverage };
}
