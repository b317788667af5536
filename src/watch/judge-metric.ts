// One metric at one moment: which bucket is judged, which ranges to fetch, and the verdict on every
// watched slice. Pure; fetching and acting on the verdict are create-evaluator.ts's job.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { PointJudgement } from '../detect/judge-point.ts';
import { judgeSeries } from '../detect/judge-series.ts';
import { judgeAt } from '../detect/judge-at.ts';
import { positionOf, type SeriesLayout, type SeriesValues } from '../metrics/series-layout.ts';
import { gridIndex, gridStart, PERIOD } from '../metrics/bucket-grid.ts';
import type { MetricSeries } from '../metrics/build-series.ts';
import { bucketStart, type Grain } from '../metrics/grain.ts';
import { durationMs, judgedRanges, judgeSpecOf, lookbackBuckets } from '../detect/judge-spec.ts';
import { severityOf } from './severity.ts';
import { emptyCoverage, type JudgingCoverage } from './judging-coverage.ts';

/** The newest bucket complete at `at` (data settles `complete_after` after a bucket ends), as a grid index. */
export function judgedBucket(metric: CatalogMetric, at: Date, timezone: string): number {
  const settled = at.getTime() - durationMs(metric.complete_after);
  return gridIndex(bucketStart(settled, metric.grain, timezone), metric.grain) - 1;
}

/**
 * The grid ranges a judgement of bucket g needs: the recent run-up, and the same span at each baseline point of
 * the metric's own season, or of every season it falls back to (read only when a slice is new: see needsFallback).
 */
export function rangesFor(metric: CatalogMetric, g: number, fallback = false): Array<[number, number]> {
  const period = PERIOD[metric.grain];
  return judgedRanges(metric, period, g - lookbackBuckets(metric, period), g, fallback);
}

/** A slice that is firing at the judged bucket. */
export interface FiringSlice {
  slice: Record<string, string>;
  key: string;
  judgement: PointJudgement;
  /** Epoch ms of the first anomalous bucket of the episode. */
  since: number;
  /** It fired at this very bucket (a new alert), rather than continuing one. */
  fresh: boolean;
  impact: number;
  severity: number;
}

/** The verdict on every watched slice at one bucket. */
export interface MetricVerdict {
  bucket: number;
  bucketStart: number;
  firing: FiringSlice[];
  /** Consecutive healthy buckets at the end, by slice key (0 for firing slices). */
  healthyRun: Map<string, number>;
  /** Slices judged (had enough data). */
  judged: number;
  /** The slices at the judged bucket: judged, not judged and why, judged on low history. */
  coverage: JudgingCoverage;
  /** A slice lacked its own season's history somewhere in the judged run-up: the fallback seasons' ranges are needed. */
  needsFallback?: boolean;
}

/** Judges every slice of `series` at grid index g; `excluded` holds, by slice key, grid indexes kept out of baselines. */
export function judgeMetric(
  metric: CatalogMetric,
  grain: Grain,
  timezone: string,
  series: MetricSeries,
  g: number,
  excluded?: ReadonlyMap<string, ReadonlySet<number>>,
): MetricVerdict {
  const spec = judgeSpecOf(metric);
  const from = g - lookbackBuckets(metric, PERIOD[grain]);
  const firing: FiringSlice[] = [];
  const healthyRun = new Map<string, number>();
  let judged = 0;
  const coverage = emptyCoverage();
  let needsFallback = false;
  for (const s of series.slices) {
    const out = excluded?.get(s.key);
    const v = judgeSeries(series.layout, s.values, spec, from, g, out);
    const last = v.judgements.at(-1);
    if (last) judged += 1;
    if (v.unjudged.noHistory > 0 || v.lowHistory > 0) needsFallback = true;
    if (last?.lowHistory) coverage.lowHistory += 1;
    // The series verdict counts its whole range; the reason at the judged bucket alone is asked again.
    if (!last) {
      if (judgeAt(series.layout, s.values, g, spec, out) === 'no_data') coverage.noData += 1;
      else coverage.noHistory += 1;
    }
    healthyRun.set(s.key, v.firing ? 0 : v.healthyRun);
    const episode = v.episodes.at(-1);
    if (!v.firing || !episode || !last) continue;
    const impact = impactAt(metric, series.layout, s.values, g, last);
    const judgement = last.reason
      ? last
      : {
          ...last,
          reason: `not recovered yet: in an alert since ${new Date(gridStart(episode.start, grain, timezone)).toISOString()}, waiting for ${metric.detector.recovery_buckets} healthy buckets in a row`,
        };
    firing.push({
      slice: s.slice,
      key: s.key,
      judgement,
      since: gridStart(episode.start, grain, timezone),
      fresh: episode.firedAt === g,
      impact,
      severity: severityOf(metric, last, impact),
    });
  }
  coverage.judged = judged;
  return { bucket: g, bucketStart: gridStart(g, grain, timezone), firing, healthyRun, judged, coverage, needsFallback };
}

/** |observed - expected| x the judged window's volume x the catalog's `impact.per` (0 without an impact section). */
export function impactAt(
  metric: CatalogMetric,
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  j: PointJudgement,
): number {
  if (!metric.impact) return 0;
  let den = 0;
  for (let w = 0; w < metric.detector.window_buckets; w++) {
    const p = positionOf(layout, g - w);
    if (p >= 0) den += values.den[p]!;
  }
  const volume = metric.kind === 'ratio' ? den / metric.scale : 1;
  return Math.abs(j.observed - j.expected) * volume * metric.impact.per;
}
