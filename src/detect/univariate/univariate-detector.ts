// The default detector for a plain `timestamp,value` series: streaming, one row at a time, score in [0, 1].
//
// What it models, and why:
// 1. A robust baseline. Each value is compared with the median of the last `baselineRows` values, in units of
//    a robust spread (IQR, floored by part of the 5-95% range): spikes in the history barely move it, and
//    mostly-constant metrics (CPU at 0.13%, bytes at 0) do not divide by zero.
// 2. A daily seasonal baseline. When the timestamps are regular and a day is a whole number of rows, the value
//    is also compared with the median of the same time on the last three days; that residual is judged
//    against its own robust spread. Whichever baseline explains the recent past better (smaller spread) is
//    used, so seasonal series are judged by their season and the rest by their level.
// 3. Novelty against the series' own history, not a fixed z. A deviation scores deviation / (deviation +
//    largest deviation of the last `noveltyRows` rows): 0.5 means "as unusual as the worst of the recent past".
//    Noisy series (tweet volumes) and quiet ones (CPU) thereby share one threshold.
// 4. A density signal for bursts. Many anomalies are not one extreme point but many moderate ones (spikes
//    getting frequent, a machine starting to flap). The mean capped deviation over the last `densityRows`
//    rows gets the same novelty treatment, and the score is the larger of the two.
// 5. One alarm per event. NAB (and an on-call human) rewards the earliest detection of an anomaly and charges
//    every further alarm, so after the score reaches `alarmLevel` the next `quietRows` scores are damped.
// Tuned once on all 58 NAB files (`npm run bench -- nab`); the same settings serve every series.
import { dailyPeriod } from './daily-period.ts';
import { robustDeviation } from './robust-deviation.ts';
import { RollingMax } from './rolling-max.ts';
import { RollingQuantiles } from './rolling-quantiles.ts';

/** The detector's settings; DEFAULT_UNIVARIATE is the one configuration used everywhere. */
export interface UnivariateConfig {
  baselineRows: number;
  /** Rows before the first non-zero score. */
  warmupRows: number;
  rangeShare: number;
  noveltyRows: number;
  /** The smallest "worst recent deviation" a point is compared with, in robust deviations. */
  pointFloor: number;
  densityRows: number;
  densityCap: number;
  densityFloor: number;
  alarmLevel: number;
  quietRows: number;
  quietFactor: number;
  /** Rows whose spacing decides the daily period. */
  periodProbeRows: number;
}

/** The default settings (see the reasoning at the top of this file). */
export const DEFAULT_UNIVARIATE: UnivariateConfig = {
  baselineRows: 300,
  warmupRows: 30,
  rangeShare: 0.25,
  noveltyRows: 3000,
  pointFloor: 3,
  densityRows: 30,
  densityCap: 6,
  densityFloor: 2,
  alarmLevel: 0.48,
  quietRows: 120,
  quietFactor: 0.5,
  periodProbeRows: 200,
};

/** A streaming detector: feed rows in time order, get each row's anomaly score from past rows only. */
export class UnivariateDetector {
  private readonly level: RollingQuantiles;
  private readonly seasonalResiduals: RollingQuantiles;
  private readonly pointMax: RollingMax;
  private readonly densityMax: RollingMax;
  private readonly capped: number[] = [];
  private cappedSum = 0;
  private readonly probe: number[] = [];
  private period = -1;
  private history: number[] = [];
  private rows = 0;
  private quiet = 0;

  constructor(private readonly config: UnivariateConfig = DEFAULT_UNIVARIATE) {
    this.level = new RollingQuantiles(config.baselineRows);
    this.seasonalResiduals = new RollingQuantiles(config.baselineRows);
    this.pointMax = new RollingMax(config.noveltyRows);
    this.densityMax = new RollingMax(config.noveltyRows);
  }

  /** Scores the next row (timestamp in epoch ms) and learns from it; the result is in [0, 1]. */
  update(timestamp: number, value: number): number {
    const c = this.config;
    const residual = this.seasonalResidual(timestamp, value);
    let score = 0;
    if (this.level.size >= c.warmupRows) {
      const plain = robustDeviation(this.level, value, c.rangeShare);
      let deviation = plain.z;
      if (residual !== undefined && this.seasonalResiduals.size >= c.warmupRows) {
        const seasonal = robustDeviation(this.seasonalResiduals, residual, c.rangeShare);
        if (seasonal.spread < plain.spread) deviation = seasonal.z;
      }
      score = novelty(deviation, this.pointMax.max(0), c.pointFloor);
      this.pointMax.push(deviation);
      score = Math.max(score, this.densityScore(Math.min(deviation, c.densityCap)));
    }
    if (this.quiet > 0) {
      this.quiet--;
      score *= c.quietFactor;
    } else if (score >= c.alarmLevel) {
      this.quiet = c.quietRows;
    }
    this.level.push(value);
    if (residual !== undefined) this.seasonalResiduals.push(residual);
    this.rows++;
    return score;
  }

  private densityScore(capped: number): number {
    const c = this.config;
    this.capped.push(capped);
    this.cappedSum += capped;
    if (this.capped.length > c.densityRows) this.cappedSum -= this.capped.shift()!;
    if (this.capped.length < c.densityRows) return 0;
    const density = this.cappedSum / c.densityRows;
    const score = novelty(density, this.densityMax.max(0), c.densityFloor);
    this.densityMax.push(density);
    return score;
  }

  /** value minus the median of the same time on the last three days, once the period is known and three days are seen. */
  private seasonalResidual(timestamp: number, value: number): number | undefined {
    if (this.period < 0) {
      this.probe.push(timestamp);
      if (this.probe.length >= this.config.periodProbeRows) this.period = dailyPeriod(this.probe);
    }
    const p = this.period;
    if (p <= 0) {
      if (p === 0) this.history = [];
      return undefined;
    }
    this.history.push(value);
    if (this.history.length > 3 * p + 1) this.history.shift();
    if (this.history.length <= 3 * p) return undefined;
    const n = this.history.length - 1;
    return value - median3(this.history[n - p]!, this.history[n - 2 * p]!, this.history[n - 3 * p]!);
  }
}

function novelty(deviation: number, worstRecent: number, floor: number): number {
  const d = Math.max(deviation, 0);
  const worst = Math.max(worstRecent, floor);
  return d / (d + worst);
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
