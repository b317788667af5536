// Judges a range of a series and turns point verdicts into alerts: CUSUM for sustained shifts, then
// a combiner with a minimum duration before firing and hysteresis before recovering.
//
// Reasoning. A single bad point is often noise or a late-loading bucket, so an alert fires only after
// `min_duration` anomalous points in a row; once firing it recovers only after `recovery_buckets`
// points that are clearly healthy (within half the threshold), so a metric hovering at the threshold
// does not open and close alerts all day. A slow drift never clears the point threshold, so a one-sided
// CUSUM of the standardised deviations (capped at 4 so one spike cannot trip it) accumulates the
// evidence; it steps by the judged window so overlapping windows are not counted twice.
//
// Earlier alerts. A long window (24 or 48 hourly buckets, for volume) dilutes a burst that began a few
// hours ago: its sum crosses the band only once the burst fills a good part of it, and then waits
// min_duration more. So a metric may also judge a short window (`fast_window_buckets`, the burst's own
// buckets) against the same seasons; the short window must pass every test on its own (z, change,
// significance and excess at its own volume) while the long window must carry `min_volume`. And a point
// far beyond the band (`instant_factor` times both z and min_change) fires at once: it is no wobble.
//
// Bursts of events. Even a short window waits for min_excess extra events inside it and then
// min_duration more buckets; a thin slice at one or two extra refunds an hour spends most of a day there.
// With `excess_cusum_h`, a one-sided CUSUM of each bucket's own bad events (refunds, fake reviews, QA
// errors) beyond those the baseline's pooled rate expects at that bucket's volume accumulates a burst's
// evidence hour by hour: a bucket adds x - k mu (x events, mu expected, k = (r - 1) / ln r for a rise to r
// times the usual rate: the Poisson log-likelihood ratio in events), and the sum never goes below 0, so
// quiet hours drain it. Once it reaches h extra events, with the long window carrying min_volume and on
// the bad side, the point fires at once (the sum is the evidence min_duration would wait for) and the sum
// starts again from 0; while it stays above h / 2 the series is not counted healthy.
import type { JudgeSpec, PointJudgement } from './judge-point.ts';
import { bucketEventsAt, judgeAt, type BucketEvents } from './judge-at.ts';
import { recentDensity } from './recent-density.ts';
import { recentWorst } from './recent-worst.ts';
import { windowPointInto, type SeriesLayout, type SeriesValues, type WindowPoint } from '../metrics/series-layout.ts';

/** A firing period of one series: from its first anomalous point to its first healthy one. */
export interface Episode {
  /** Grid index of the first anomalous point of the run that fired. */
  start: number;
  /** Grid index at which it fired (start + min_duration - 1). */
  firedAt: number;
  /** Grid index of the first point of the healthy run that ended it; null while still firing. */
  end: number | null;
  /** The most anomalous point's verdict and grid index. */
  peak: PointJudgement;
  peakAt: number;
}

/** The range's verdicts: per grid index, and the episodes in it. */
export interface SeriesVerdict {
  judgements: Array<PointJudgement | null>;
  episodes: Episode[];
  /** Whether the series is firing at the last grid index. */
  firing: boolean;
  /** Consecutive healthy points at the end of the range. */
  healthyRun: number;
  /** Points of the range without a verdict: no value at them, or too little history to compare with. */
  unjudged: { noData: number; noHistory: number };
  /** Points judged against a shorter season than the metric's own (a new slice). */
  lowHistory: number;
}

/** Judges grid indexes from..to (inclusive) in order, each from data at or before it only. */
export function judgeSeries(
  layout: SeriesLayout,
  values: SeriesValues,
  spec: JudgeSpec,
  from: number,
  to: number,
  excluded?: ReadonlySet<number>,
): SeriesVerdict {
  const d = spec.detector;
  const n = Math.max(0, to - from + 1);
  const judgements: Array<PointJudgement | null> = new Array(n);
  const cusum = new Float64Array(n);
  const episodes: Episode[] = [];
  let open: Episode | null = null;
  let run = 0;
  let runPeak: { j: PointJudgement; g: number } | null = null;
  let healthyRun = 0;
  const unjudged = { noData: 0, noHistory: 0 };
  let lowHistory = 0;
  // Anomalous points judged here stay out of later points' baselines, beside those the caller excludes.
  const out = new Set(excluded);
  const fast = fastSpec(spec);
  const novelty = recentWorst(spec);
  const density = recentDensity(spec);
  const burst = burstCusum(spec);
  for (let i = 0; i < n; i++) {
    const g = from + i;
    const verdict = judgeAt(layout, values, g, spec, out);
    let j = typeof verdict === 'string' ? null : verdict;
    if (verdict === 'no_data') unjudged.noData++;
    else if (verdict === 'no_history') unjudged.noHistory++;
    else if (verdict.lowHistory) lowHistory++;
    if (j && fast && !j.anomalous) j = withFastWindow(j, layout, values, g, spec, fast, out);
    const raw = j;
    if (j && novelty) j = novelty(j);
    if (raw && j && density) j = density(raw, j);
    judgements[i] = j;
    const prev = i >= d.window_buckets ? cusum[i - d.window_buckets]! : 0;
    cusum[i] = j ? Math.max(0, prev + Math.min(j.z, 4) - d.cusum_k) : prev;
    const drift = d.cusum_h > 0 && cusum[i]! > d.cusum_h;
    if (j && drift && !j.anomalous) {
      judgements[i] = {
        ...j,
        anomalous: true,
        healthy: false,
        reason:
          j.reason ||
          `a sustained shift: small deviations in the bad direction have added up (CUSUM ${cusum[i]!.toFixed(1)})`,
      };
    }
    let burstFired = false;
    if (judgements[i] && burst) {
      const b = burst.step(layout, values, g, judgements[i]!, out);
      if (b) {
        burstFired = b.fired;
        judgements[i] = b.judgement;
      }
    }
    const v = judgements[i];
    if (!v) continue;
    if (v.anomalous) out.add(g);
    if (!open) {
      if (v.anomalous) {
        run += 1;
        if (!runPeak || v.score > runPeak.j.score) runPeak = { j: v, g };
        if (run >= d.min_duration || burstFired || isExtreme(v, spec)) {
          open = { start: g - run + 1, firedAt: g, end: null, peak: runPeak.j, peakAt: runPeak.g };
          episodes.push(open);
          healthyRun = 0;
        }
      } else {
        run = 0;
        runPeak = null;
      }
      continue;
    }
    if (v.score > open.peak.score && v.anomalous) {
      open.peak = v;
      open.peakAt = g;
    }
    healthyRun = v.healthy ? healthyRun + 1 : 0;
    if (healthyRun >= d.recovery_buckets) {
      open.end = g - healthyRun + 1;
      open = null;
      run = 0;
      runPeak = null;
    }
  }
  if (!open) {
    healthyRun = 0;
    for (let i = n - 1; i >= 0 && judgements[i]?.healthy; i--) healthyRun++;
  }
  return { judgements, episodes, firing: open !== null, healthyRun, unjudged, lowHistory };
}

// The spec of the short window (null when off): the long window's volume guards it instead of min_volume.
function fastSpec(spec: JudgeSpec): JudgeSpec | null {
  const w = spec.detector.fast_window_buckets;
  if (w <= 0 || w >= spec.detector.window_buckets) return null;
  return { ...spec, minVolume: 0, detector: { ...spec.detector, window_buckets: w } };
}

const longWindow: WindowPoint = { num: 0, den: 0, events: 0 };

// The long window's verdict, made anomalous when the short window ending at g is (and the long one has the volume).
function withFastWindow(
  j: PointJudgement,
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  spec: JudgeSpec,
  fast: JudgeSpec,
  excluded: ReadonlySet<number>,
): PointJudgement {
  if (!windowPointInto(layout, values, g, spec.detector.window_buckets, longWindow)) return j;
  const volume = spec.kind === 'amount' ? Math.abs(longWindow.num) : longWindow.den;
  if (volume < spec.minVolume) return j;
  const f = judgeAt(layout, values, g, fast, excluded);
  if (typeof f === 'string') return j;
  // A short window not yet back to normal holds off recovery too.
  if (!f.anomalous) return f.healthy || !j.healthy ? j : { ...j, healthy: false };
  const buckets = fast.detector.window_buckets;
  return {
    ...j,
    anomalous: true,
    healthy: false,
    score: Math.max(j.score, f.score),
    reason: `over the last ${buckets} buckets: ${f.reason}`,
  };
}

const bucketEvents: BucketEvents = { observed: 0, expected: 0 };

// The excess-events CUSUM of one series (null when off): step() takes each judged point in order.
function burstCusum(spec: JudgeSpec) {
  const d = spec.detector;
  const h = d.excess_cusum_h;
  if (h <= 0) return null;
  const r = d.excess_cusum_ratio;
  const k = (r - 1) / Math.log(r);
  let sum = 0;
  let since = -1;
  let excess = 0;
  return {
    step(
      layout: SeriesLayout,
      values: SeriesValues,
      g: number,
      j: PointJudgement,
      excluded: ReadonlySet<number>,
    ): { judgement: PointJudgement; fired: boolean } | null {
      if (!bucketEventsAt(layout, values, g, spec, excluded, bucketEvents)) return null;
      const { observed, expected } = bucketEvents;
      sum = Math.max(0, sum + observed - k * expected);
      if (sum === 0) {
        since = -1;
        excess = 0;
        return null;
      }
      if (since < 0) since = g;
      excess += observed - expected;
      if (sum < h) return sum > h / 2 && j.healthy ? { judgement: { ...j, healthy: false }, fired: false } : null;
      if (j.z <= 0 || !windowPointInto(layout, values, g, d.window_buckets, longWindow)) return null;
      const volume = spec.kind === 'amount' ? Math.abs(longWindow.num) : longWindow.den;
      if (volume < spec.minVolume) return null;
      const buckets = g - since + 1;
      const reason =
        `a burst: ${Math.round(excess)} more events than usual at this volume over the last ${buckets} ` +
        `bucket${buckets === 1 ? '' : 's'} (CUSUM ${sum.toFixed(1)} of ${h})`;
      sum = 0;
      since = -1;
      excess = 0;
      return {
        judgement: { ...j, anomalous: true, healthy: false, reason: j.anomalous && j.reason ? j.reason : reason },
        fired: true,
      };
    },
  };
}

// Far beyond both the z threshold and the minimum change: fires without waiting for min_duration.
function isExtreme(v: PointJudgement, spec: JudgeSpec): boolean {
  const d = spec.detector;
  if (d.instant_factor <= 0 || !v.anomalous) return false;
  const change = v.expected !== 0 ? Math.abs(v.observed / v.expected - 1) : v.observed !== 0 ? Infinity : 0;
  return v.z >= d.instant_factor * d.z && change >= d.instant_factor * d.min_change;
}
