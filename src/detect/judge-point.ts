// Judges one point of a series against its seasonal baseline: the core detector.
//
// Reasoning. Marketplace metrics repeat by hour of week (lunch peaks, weekends), so the expected
// value of a point is the median of the same point 1..K weeks earlier, and its spread the scaled MAD
// of those values: one past incident among them moves neither (a mean and standard deviation would
// learn the incident as normal). Four or so past values give a noisy MAD, and a thin slice is noisy
// in itself, so the spread also carries the sampling noise of the current volume (binomial for a
// proportion, Poisson for counts) and a floor of 1 % of the expected value. A point is anomalous
// when, in the bad direction, it is (a) `z` spreads from the expected value, (b) a relative change
// of at least `min_change` (a statistically sure 2 % wobble is nobody's incident), (c) significant
// at its own volume: the Wilson (proportion) or Poisson score interval of the observed rate lies
// wholly beyond the expected value, and (d) measured on at least `min_volume`. Static thresholds
// from the catalog flag a point whatever the baseline says.
import type { DetectorSettings } from '../metrics/metric-catalog-schema.ts';
import type { WindowPoint } from '../metrics/series-layout.ts';
import { median, scaledMad } from './robust-stats.ts';
import { poissonRateInterval, wilsonInterval } from './rate-significance.ts';

/** How a metric is judged, from its catalog entry. */
export interface JudgeSpec {
  kind: 'ratio' | 'amount';
  rateKind: 'proportion' | 'count' | 'continuous';
  scale: number;
  bad: 'up' | 'down' | 'both';
  minVolume: number;
  thresholds?: { above?: number; below?: number };
  detector: DetectorSettings;
  /** Normal quantile of detector.confidence, computed once per metric. */
  confidenceZ: number;
}

/** The verdict on one point. */
export interface PointJudgement {
  observed: number;
  expected: number;
  low: number;
  high: number;
  /** Deviation in spreads, signed so that positive is the bad direction. */
  z: number;
  /** 0..1, 0.5 at the z threshold. */
  score: number;
  anomalous: boolean;
  /** Clearly back to normal: within half the threshold (recovery needs this, not just "not anomalous"). */
  healthy: boolean;
  reason: string;
  /** Judged against a shorter season than the metric's own, with a wider band: the slice is new. */
  lowHistory?: boolean;
}

/** The value of a point (null when its denominator is empty). */
export function pointValue(p: WindowPoint, spec: JudgeSpec): number | null {
  if (spec.kind === 'amount') return p.num;
  return p.den > 0 ? (p.num / p.den) * spec.scale : null;
}

/** The past points a point is judged against: their values (rate or amount) and pooled sums. */
export interface Baseline {
  /** Values of the past points that have one, in values[0..n). */
  values: Float64Array;
  n: number;
  /** Sums over all past points (including those without a value). */
  num: number;
  den: number;
  events: number;
  /** How many past points there were. */
  count: number;
}

/** A baseline with room for `capacity` past points, to be filled and reused (no allocation per point). */
export function emptyBaseline(capacity: number): Baseline {
  return { values: new Float64Array(capacity), n: 0, num: 0, den: 0, events: 0, count: 0 };
}

/** Adds a past point to a baseline. */
export function addToBaseline(b: Baseline, p: WindowPoint, spec: JudgeSpec): void {
  const v = pointValue(p, spec);
  if (v !== null) b.values[b.n++] = v;
  b.num += p.num;
  b.den += p.den;
  b.events += p.events;
  b.count += 1;
}

/** Judges `current` against the same point in past weeks; null when there is too little to judge. */
export function judgePoint(current: WindowPoint, past: readonly WindowPoint[], spec: JudgeSpec): PointJudgement | null {
  const b = emptyBaseline(past.length);
  for (const p of past) addToBaseline(b, p, spec);
  return judgeAgainst(current, b, spec);
}

/** judgePoint with the baseline already summed; `widen` multiplies the spread (a low-history baseline is less sure). */
export function judgeAgainst(
  current: WindowPoint,
  b: Baseline,
  spec: JudgeSpec,
  widen = 1,
  usual = 'for this time of week',
): PointJudgement | null {
  const observed = pointValue(current, spec);
  if (observed === null || b.n < 2) return null;
  const expected = median(b.values, b.n);
  const d = spec.detector;
  // A thin slice's median can sit at zero (most past hours had no failures); the deviation is then
  // measured from the pooled past rate when that is less alarming, so luck in the baseline pages nobody.
  const pooled =
    spec.kind === 'amount' ? (b.count ? b.num / b.count : null) : b.den > 0 ? (b.num / b.den) * spec.scale : null;
  const reference =
    pooled === null || spec.bad === 'both'
      ? expected
      : spec.bad === 'up'
        ? Math.max(expected, pooled)
        : Math.min(expected, pooled);
  const spread = Math.sqrt(
    scaledMad(b.values, b.n, expected) ** 2 +
      samplingSd(Math.max(Math.abs(reference), Math.abs(expected)), current, b, spec) ** 2,
  );
  const sd = widen * Math.max(spread, 0.01 * Math.abs(expected), d.resolution, 1e-9);
  const raw = (observed - reference) / sd;
  const z = spec.bad === 'down' ? -raw : spec.bad === 'up' ? raw : Math.abs(raw);
  const change = reference !== 0 ? Math.abs(observed / reference - 1) : observed !== 0 ? Infinity : 0;
  const volume = spec.kind === 'amount' ? Math.abs(current.num) : current.den;
  const badSide = z > 0;
  const statistical =
    badSide &&
    z >= d.z &&
    change >= d.min_change &&
    volume >= spec.minVolume &&
    excessEvents(observed, reference, current, b, spec) >= d.min_excess &&
    isSignificant(observed, reference, current, b, spec);
  const breach = staticBreach(observed, spec);
  const reason = breach ?? (statistical ? describe(observed, expected, z, change, usual) : '');
  return {
    observed,
    expected,
    low: Math.max(expected - d.z * sd, bandFloor(spec)),
    high: expected + d.z * sd,
    z,
    score: scoreOf(z, d.z),
    anomalous: statistical || breach !== null,
    healthy: breach === null && (z < d.z / 2 || change < d.min_change / 2),
    reason,
  };
}

// Rates and counts cannot go below zero, so neither does their band.
function bandFloor(spec: JudgeSpec): number {
  return spec.rateKind === 'continuous' && spec.kind === 'amount' ? -Infinity : 0;
}

// 0..1, 0.5 at the threshold.
function scoreOf(z: number, threshold: number): number {
  return 1 - 2 ** (-Math.max(z, 0) / threshold);
}

/** The verdict with its spread `factor` times wider (factor >= 1): z, score, band and flags follow; a static breach stays. */
export function rescaleDeviation(j: PointJudgement, factor: number, spec: JudgeSpec): PointJudgement {
  const d = spec.detector;
  const z = j.z / factor;
  const breach = staticBreach(j.observed, spec) !== null;
  const statistical = j.anomalous && !breach ? z >= d.z : false;
  const halfBand = (j.high - j.expected) * factor;
  return {
    ...j,
    z,
    low: Math.max(j.expected - halfBand, bandFloor(spec)),
    high: j.expected + halfBand,
    score: scoreOf(z, d.z),
    anomalous: breach || statistical,
    healthy: j.healthy || (!breach && z < d.z / 2),
    reason: breach || statistical ? j.reason : '',
  };
}

// The standard deviation of the observed value that sampling alone gives at this volume. The rate
// it assumes is pooled over the past points (with half an event of prior), not the median: a median of
// zero failures would otherwise make one failure infinitely surprising.
function samplingSd(expected: number, current: WindowPoint, b: Baseline, spec: JudgeSpec): number {
  if (spec.kind === 'amount') {
    return spec.rateKind === 'count' ? Math.sqrt(Math.max(expected, (b.num + 0.5) / Math.max(b.count, 1))) : 0;
  }
  if (current.den <= 0 || b.den <= 0) return 0;
  if (spec.rateKind === 'continuous') {
    // A sum of event amounts (compound Poisson): with amounts about as variable as their mean, the
    // relative error is about sqrt(2 / events). Without an events column there is no sampling model.
    if (b.events <= 0) return 0;
    const expectedEvents = Math.max((b.events / b.den) * current.den, 1);
    return Math.abs(expected) * Math.sqrt(2 / expectedEvents);
  }
  const p = (b.num + 0.5) / (b.den + 1);
  if (spec.rateKind === 'proportion')
    return Math.sqrt((Math.min(p, 1) * (1 - Math.min(p, 1))) / trials(current)) * spec.scale;
  return Math.sqrt(p / current.den) * spec.scale;
}

// The observed rate's own confidence interval must clear the expected value on the bad side.
function isSignificant(
  observed: number,
  expected: number,
  current: WindowPoint,
  b: Baseline,
  spec: JudgeSpec,
): boolean {
  const z = spec.confidenceZ;
  if (spec.rateKind === 'continuous') {
    // An amount ratio moves on how many events there were, or on a few big ones; with an events
    // column the count must move too (beyond Poisson noise), so one large refund is not a spike.
    if (b.events <= 0 || b.den <= 0 || current.den <= 0 || spec.bad === 'both') return true;
    const r = poissonRateInterval(current.events, current.den, z);
    const usual = b.events / b.den;
    return spec.bad === 'up' ? r.low > usual : r.high < usual;
  }
  let low: number;
  let high: number;
  if (spec.kind === 'amount') {
    ({ low, high } = poissonRateInterval(current.num, 1, z));
  } else if (spec.rateKind === 'proportion') {
    // Weighted samples (QA weights of 5 or 10) are judged on how many samples there were, not their weight.
    const n = trials(current);
    const w = wilsonInterval((current.num / current.den) * n, n, z);
    low = w.low * spec.scale;
    high = w.high * spec.scale;
  } else {
    const r = poissonRateInterval(current.num, current.den, z);
    low = r.low * spec.scale;
    high = r.high * spec.scale;
  }
  if (spec.bad === 'up') return low > expected;
  if (spec.bad === 'down') return high < expected;
  return observed > expected ? low > expected : high < expected;
}

// How many events the point has beyond what the reference rate predicts at its volume.
function excessEvents(observed: number, reference: number, current: WindowPoint, b: Baseline, spec: JudgeSpec): number {
  if (spec.kind === 'amount') return Math.abs(observed - reference);
  if (spec.rateKind === 'continuous')
    return b.den > 0 ? Math.abs(current.events - (b.events / b.den) * current.den) : Infinity;
  const volume = spec.rateKind === 'proportion' ? trials(current) : current.den;
  return (Math.abs(observed - reference) / spec.scale) * volume;
}

// The number of trials behind a proportion: the events column when the query gives one, else the denominator.
function trials(p: WindowPoint): number {
  return p.events > 0 ? p.events : p.den;
}

function staticBreach(observed: number, spec: JudgeSpec): string | null {
  const t = spec.thresholds;
  if (t?.above !== undefined && observed > t.above) return `above the fixed threshold ${t.above}`;
  if (t?.below !== undefined && observed < t.below) return `below the fixed threshold ${t.below}`;
  return null;
}

function describe(observed: number, expected: number, z: number, change: number, usual: string): string {
  const dir = observed > expected ? 'above' : 'below';
  const pct = Number.isFinite(change) ? `${Math.round(change * 100)}% ${dir}` : `${dir}`;
  return `${pct} the usual level ${usual} (${z.toFixed(1)} spreads), beyond the noise at this volume`;
}
