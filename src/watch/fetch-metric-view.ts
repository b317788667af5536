// /metrics show: a catalog metric in one slice over a window, each bucket judged as the detector judges
// it, and the latest complete bucket's verdict. The same building blocks as the incident chart.
import type pg from 'pg';
import type { ChartPoint } from '../charts/downsample-points.ts';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { PointJudgement } from '../detect/judge-point.ts';
import { judgeSeries } from '../detect/judge-series.ts';
import { gridStart, PERIOD } from '../metrics/bucket-grid.ts';
import { buildSeries, layoutOf } from '../metrics/build-series.ts';
import { fetchMetricRows } from './fetch-metric-rows.ts';
import { GRAIN_MS } from '../metrics/grain.ts';
import { judgedBucket } from './judge-metric.ts';
import { historyBuckets, judgeSpecOf } from '../detect/judge-spec.ts';
import { sliceKey } from '../metrics/slice-key.ts';

/** Window /metrics show looks at unless told. */
export const DEFAULT_METRIC_WINDOW_MS = 14 * 86_400_000;
/** Longest window: ninety days of 15-minute buckets is already 8,640 points to judge and draw. */
export const MAX_METRIC_WINDOW_MS = 90 * 86_400_000;

/** A metric in a slice over a window, ready to render. */
export interface MetricView {
  metric: CatalogMetric;
  slice: Record<string, string>;
  /** Every bucket of the window, oldest first, judged. */
  points: ChartPoint[];
  /** Start of the latest complete bucket (epoch ms) and its verdict (null: too little data to judge). */
  latest: { at: number; judgement: PointJudgement | null };
  /** An alert episode is running at the latest bucket (min_duration anomalous buckets, not yet recovered). */
  firing: boolean;
  /** Start of the first anomalous bucket of that episode (epoch ms). */
  firingSince?: number;
  windowMs: number;
}

/** Reads and judges the slice; buckets with no rows come back as points without a value. */
export async function fetchMetricView(
  warehouse: pg.Pool,
  metric: CatalogMetric,
  slice: Record<string, string>,
  opts: { now: Date; timezone: string; windowMs?: number },
): Promise<MetricView> {
  const windowMs = Math.min(opts.windowMs ?? DEFAULT_METRIC_WINDOW_MS, MAX_METRIC_WINDOW_MS);
  const grain = metric.grain;
  const g = judgedBucket(metric, opts.now, opts.timezone);
  const from = g - Math.max(1, Math.ceil(windowMs / GRAIN_MS[grain])) + 1;
  // The baseline weeks before the window, so its first buckets are judged like the last.
  const range: [number, number] = [from - historyBuckets(metric, PERIOD[grain]), g];
  const own = { ...metric, slices: [Object.keys(slice)] };
  const rows = await fetchMetricRows(warehouse, own, grain, opts.timezone, [range]);
  const series = buildSeries(own, grain, layoutOf([range], grain), rows);
  const values = series.slices.find((s) => s.key === sliceKey(slice))?.values;
  const at = gridStart(g, grain, opts.timezone);
  if (!values) {
    const points = Array.from({ length: g - from + 1 }, (_, i) => ({
      t: gridStart(from + i, grain, opts.timezone),
      value: null,
    }));
    return { metric, slice, points, latest: { at, judgement: null }, firing: false, windowMs };
  }
  const verdict = judgeSeries(series.layout, values, judgeSpecOf(metric), from, g);
  const points = verdict.judgements.map((j, i) => ({
    t: gridStart(from + i, grain, opts.timezone),
    value: j?.observed ?? null,
    expected: j?.expected ?? null,
    low: j?.low ?? null,
    high: j?.high ?? null,
    anomalous: j?.anomalous ?? false,
  }));
  const episode = verdict.firing ? verdict.episodes.at(-1) : undefined;
  return {
    metric,
    slice,
    points,
    latest: { at, judgement: verdict.judgements.at(-1) ?? null },
    firing: verdict.firing,
    windowMs,
    ...(episode ? { firingSince: gridStart(episode.start, grain, opts.timezone) } : {}),
  };
}
