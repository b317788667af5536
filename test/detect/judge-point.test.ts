import { describe, expect, it } from 'vitest';
import { detectorSchema, type DetectorSettings } from '../../src/metrics/metric-catalog-schema.ts';
import { judgePoint, pointValue, rescaleDeviation, type JudgeSpec } from '../../src/detect/judge-point.ts';
import type { WindowPoint } from '../../src/metrics/series-layout.ts';
import { normalQuantile } from '../../src/detect/rate-significance.ts';

function spec(over: Partial<Omit<JudgeSpec, 'detector'>> = {}, detector: Partial<DetectorSettings> = {}): JudgeSpec {
  const d = detectorSchema.parse(detector);
  return {
    kind: 'ratio',
    rateKind: 'proportion',
    scale: 1,
    bad: 'up',
    minVolume: 0,
    detector: d,
    confidenceZ: normalQuantile(d.confidence),
    ...over,
  };
}

const pt = (num: number, den: number, events = 0): WindowPoint => ({ num, den, events });

// Four past weeks of a 2 % failure rate on 1,000 attempts, with a little week-to-week wobble.
const PAST_2PCT = [pt(19, 1000), pt(20, 1000), pt(21, 1000), pt(22, 1000)];

describe('judgePoint', () => {
  it('flags a clear spike of a proportion measured on volume', () => {
    const j = judgePoint(pt(60, 1000), PAST_2PCT, spec())!;
    expect(j.observed).toBeCloseTo(0.06, 10);
    expect(j.expected).toBeCloseTo(0.0205, 10);
    expect(j.z).toBeGreaterThan(4);
    expect(j.anomalous).toBe(true);
    expect(j.healthy).toBe(false);
    expect(j.reason).toMatch(/above the usual level/);
    expect(j.low).toBeLessThan(j.expected);
    expect(j.high).toBeGreaterThan(j.expected);
    expect(j.high).toBeLessThan(j.observed);
  });

  it('does not flag the same proportion on a slice with three trials (rate-aware)', () => {
    const past = [pt(99, 1000), pt(100, 1000), pt(101, 1000), pt(102, 1000)];
    const wide = judgePoint(pt(1000, 3000), past, spec())!;
    const thin = judgePoint(pt(1, 3), past, spec())!;
    expect(wide.observed).toBeCloseTo(thin.observed, 10);
    expect(wide.anomalous).toBe(true);
    expect(thin.anomalous).toBe(false);
    // The three-trial point is within sampling noise, not just stopped by a gate.
    expect(thin.z).toBeLessThan(4);
    expect(thin.z).toBeLessThan(wide.z / 10);
  });

  it('does not page on a couple of failures when most past points had none (median of zero)', () => {
    const past = [pt(0, 20), pt(0, 20), pt(1, 20), pt(0, 20)];
    const j = judgePoint(pt(2, 20), past, spec())!;
    expect(j.expected).toBe(0);
    expect(j.anomalous).toBe(false);
  });

  it('measures a thin slice from the pooled past rate when the median is zero', () => {
    // Median 0, pooled 16/400 = 4 %. 10 of 100 is 5 spreads above 0 (and its Wilson interval clears 0),
    // but only 3 spreads above the pooled 4 % (and its interval does not clear 4 %): not anomalous.
    const past = [pt(0, 100), pt(0, 100), pt(0, 100), pt(16, 100)];
    const j = judgePoint(pt(10, 100), past, spec())!;
    expect(j.expected).toBe(0);
    expect(j.z).toBeGreaterThan(2);
    expect(j.z).toBeLessThan(4);
    expect(j.anomalous).toBe(false);
    // Twice as many failures clears the pooled rate too.
    expect(judgePoint(pt(20, 100), past, spec())!.anomalous).toBe(true);
  });

  it('with bad=down flags drops and ignores rises', () => {
    const past = [pt(948, 1000), pt(950, 1000), pt(952, 1000), pt(951, 1000)];
    const down = spec({ bad: 'down' });
    // 95 % -> 70 %: a 26 % relative drop, past the default min_change of 20 %.
    const drop = judgePoint(pt(700, 1000), past, down)!;
    expect(drop.anomalous).toBe(true);
    expect(drop.z).toBeGreaterThan(4);
    expect(drop.reason).toMatch(/below the usual level/);
    const rise = judgePoint(pt(999, 1000), past, down)!;
    expect(rise.anomalous).toBe(false);
    expect(rise.z).toBeLessThan(0);
    expect(rise.score).toBe(0);
    // The same drop is no anomaly for a metric where only rises are bad, and either is for bad=both.
    expect(judgePoint(pt(700, 1000), past, spec({ bad: 'up' }))!.anomalous).toBe(false);
    expect(judgePoint(pt(700, 1000), past, spec({ bad: 'both' }))!.anomalous).toBe(true);
    expect(judgePoint(pt(999, 1000), past, spec({ bad: 'both' }))!.z).toBeGreaterThan(0);
  });

  it('flags a static threshold breach whatever the baseline, volume or change', () => {
    // The baseline is itself above the threshold: no statistical anomaly, but the fixed limit is breached.
    const past = [pt(60, 1000), pt(60, 1000), pt(61, 1000), pt(59, 1000)];
    const s = spec({ thresholds: { above: 0.05 }, minVolume: 1_000_000 });
    const j = judgePoint(pt(60, 1000), past, s)!;
    expect(j.anomalous).toBe(true);
    expect(j.healthy).toBe(false);
    expect(j.reason).toBe('above the fixed threshold 0.05');
    const below = judgePoint(
      pt(900, 1000),
      [pt(900, 1000), pt(900, 1000)],
      spec({ bad: 'down', thresholds: { below: 0.95 } }),
    )!;
    expect(below.anomalous).toBe(true);
    expect(below.reason).toBe('below the fixed threshold 0.95');
    // Inside the limits nothing is flagged.
    expect(judgePoint(pt(40, 1000), past, s)!.anomalous).toBe(false);
  });

  it('requires a relative change of at least min_change', () => {
    // 1,000,000 attempts a point: a move from 2.0 % to 2.2 % is many spreads, but only a 10 % change.
    const past = [pt(20_000, 1e6), pt(20_000, 1e6), pt(20_000, 1e6), pt(20_000, 1e6)];
    const current = pt(22_000, 1e6);
    const strict = judgePoint(current, past, spec({}, { min_change: 0.2 }))!;
    expect(strict.z).toBeGreaterThan(4);
    expect(strict.anomalous).toBe(false);
    expect(judgePoint(current, past, spec({}, { min_change: 0.05 }))!.anomalous).toBe(true);
  });

  it('requires min_volume in the judged point', () => {
    expect(judgePoint(pt(60, 1000), PAST_2PCT, spec({ minVolume: 1000 }))!.anomalous).toBe(true);
    expect(judgePoint(pt(60, 1000), PAST_2PCT, spec({ minVolume: 1001 }))!.anomalous).toBe(false);
  });

  it('judges weighted proportions on the number of samples in the events column', () => {
    // QA accuracy with each sample weighted 100: 1,000 weight units are only 10 samples.
    const past = [pt(948, 1000), pt(950, 1000), pt(952, 1000), pt(951, 1000)];
    const down = spec({ bad: 'down' });
    const byWeight = judgePoint(pt(700, 1000), past, down)!;
    const bySamples = judgePoint(pt(700, 1000, 10), past, down)!;
    expect(byWeight.observed).toBe(bySamples.observed);
    expect(byWeight.anomalous).toBe(true);
    expect(bySamples.anomalous).toBe(false);
    expect(bySamples.z).toBeLessThan(byWeight.z / 3);
    // With 500 samples behind the same weights the drop is clear again.
    expect(judgePoint(pt(700, 1000, 500), past, down)!.anomalous).toBe(true);
  });

  it('scores 0.5 at the z threshold, 0 at or below the expected value, and towards 1 beyond', () => {
    // Amounts without a sampling model: spread = scaled MAD of 90, 100, 100, 110 = 1.4826 x 5.
    const amount = spec({ kind: 'amount', rateKind: 'continuous' }, { z: 2, min_change: 0 });
    const past = [pt(90, 0), pt(100, 0), pt(100, 0), pt(110, 0)];
    const sd = 1.4826 * 5;
    const at = judgePoint(pt(100 + 2 * sd, 0), past, amount)!;
    expect(at.z).toBeCloseTo(2, 9);
    expect(at.score).toBeCloseTo(0.5, 9);
    expect(judgePoint(pt(100 + 2.001 * sd, 0), past, amount)!.anomalous).toBe(true);
    expect(judgePoint(pt(100 + 4 * sd, 0), past, amount)!.score).toBeCloseTo(0.75, 9);
    expect(judgePoint(pt(100 + 1.9 * sd, 0), past, amount)!.anomalous).toBe(false);
    expect(judgePoint(pt(100, 0), past, amount)!.score).toBe(0);
    expect(judgePoint(pt(50, 0), past, amount)!.score).toBe(0);
  });

  it('calls a point healthy only when it is well inside the threshold', () => {
    const past = [pt(90, 0), pt(100, 0), pt(100, 0), pt(110, 0)];
    const amount = spec({ kind: 'amount', rateKind: 'continuous' }, { z: 4, min_change: 0.2 });
    const sd = 1.4826 * 5;
    // z 3 and a 22 % change: not anomalous (z < 4), not healthy either (z >= 2 and change >= 10 %).
    const hovering = judgePoint(pt(100 + 3 * sd, 0), past, amount)!;
    expect(hovering.anomalous).toBe(false);
    expect(hovering.healthy).toBe(false);
    expect(judgePoint(pt(100 + 1.5 * sd, 0), past, amount)!.healthy).toBe(true);
  });

  it('judges Poisson counts: a thin city needs a larger relative drop than a busy one', () => {
    const count = spec({ kind: 'amount', rateKind: 'count', bad: 'down' }, { z: 5, min_change: 0.3 });
    const busy = [pt(1000, 0), pt(1010, 0), pt(990, 0), pt(1005, 0)];
    expect(judgePoint(pt(600, 0), busy, count)!.anomalous).toBe(true);
    const thin = [pt(10, 0), pt(10, 0), pt(10, 0), pt(10, 0)];
    expect(judgePoint(pt(6, 0), thin, count)!.anomalous).toBe(false);
  });

  it('returns null with an empty denominator or fewer than two past points', () => {
    expect(judgePoint(pt(0, 0), PAST_2PCT, spec())).toBeNull();
    expect(judgePoint(pt(60, 1000), [pt(20, 1000)], spec())).toBeNull();
    expect(judgePoint(pt(60, 1000), [pt(20, 1000), pt(5, 0)], spec())).toBeNull();
    expect(judgePoint(pt(60, 1000), [pt(20, 1000), pt(21, 1000)], spec())).not.toBeNull();
  });

  it('scales ratios by the metric scale', () => {
    expect(pointValue(pt(3, 1000), spec({ scale: 1000, rateKind: 'count' }))).toBe(3);
    expect(pointValue(pt(3, 0), spec())).toBeNull();
    expect(pointValue(pt(42, 0), spec({ kind: 'amount' }))).toBe(42);
  });

  describe('minimum impact and amounts behind few events', () => {
    it('needs min_excess events beyond the expected count (a sure but tiny move is no alert)', () => {
      // 2 % of 1,000 expected; 60 observed is 40 extra failures.
      expect(judgePoint(pt(60, 1000), PAST_2PCT, spec({}, { min_excess: 30 }))!.anomalous).toBe(true);
      expect(judgePoint(pt(60, 1000), PAST_2PCT, spec({}, { min_excess: 50 }))!.anomalous).toBe(false);
    });

    it('does not flag an amount ratio whose event count did not move (one large refund)', () => {
      const amounts = spec({ rateKind: 'continuous' });
      // Past weeks: about 3 % of 5,000 USD in ~10 refunds; now the same 10 refunds, but one of them large.
      const past = [pt(150, 5000, 10), pt(140, 5000, 9), pt(160, 5000, 11), pt(155, 5000, 10)];
      const bigOne = judgePoint(pt(600, 5000, 10), past, amounts)!;
      expect(bigOne.observed).toBeCloseTo(0.12, 10);
      expect(bigOne.anomalous).toBe(false);
      // Forty refunds where ten are usual is a spike.
      expect(judgePoint(pt(600, 5000, 40), past, amounts)!.anomalous).toBe(true);
    });

    it('measures sampling noise at the pooled rate when the baseline median is zero', () => {
      // Three of four past days had no refunds at all; today has the usual handful.
      const amounts = spec({ rateKind: 'continuous' });
      const past = [pt(0, 4300, 0), pt(160, 5000, 2), pt(0, 4300, 0), pt(0, 3800, 0)];
      const j = judgePoint(pt(220, 4400, 3), past, amounts)!;
      expect(j.expected).toBe(0);
      expect(Number.isFinite(j.z)).toBe(true);
      expect(j.z).toBeLessThan(4);
      expect(j.anomalous).toBe(false);
    });
  });
});

describe('rescaleDeviation', () => {
  it('widens the spread: z, score and band follow, a statistical flag can drop, a static breach stays', () => {
    const j = judgePoint(pt(60, 1000), PAST_2PCT, spec())!;
    const wide = rescaleDeviation(j, j.z / 2.5, spec());
    expect(wide.z).toBeCloseTo(2.5, 10);
    expect(wide.score).toBeCloseTo(1 - 2 ** (-2.5 / 4), 10);
    expect(wide.high - wide.expected).toBeCloseTo(((j.high - j.expected) * j.z) / 2.5, 10);
    expect(wide.low).toBe(0);
    expect([wide.anomalous, wide.healthy, wide.reason]).toEqual([false, false, '']);
    const capped = spec({ thresholds: { above: 0.05 } });
    const breach = rescaleDeviation(judgePoint(pt(60, 1000), PAST_2PCT, capped)!, 100, capped);
    expect([breach.anomalous, breach.reason]).toEqual([true, 'above the fixed threshold 0.05']);
  });
});

describe('detector.resolution', () => {
  const amount = (detector: Partial<DetectorSettings>) =>
    spec({ kind: 'amount', rateKind: 'continuous', bad: 'up' }, detector);
  const zeros = [pt(0, 0), pt(0, 0), pt(0, 0), pt(0, 0)];

  it('off by default: one more after a run of identical values is a storm', () => {
    expect(detectorSchema.parse({}).resolution).toBe(0);
    expect(judgePoint(pt(1, 0), zeros, amount({}))!.anomalous).toBe(true);
  });

  it('on: the spread is at least one step of the data, so one more is one spread; a jump of 10 steps still alerts', () => {
    const j = judgePoint(pt(1, 0), zeros, amount({ resolution: 1 }))!;
    expect(j.z).toBeCloseTo(1, 10);
    expect(j.anomalous).toBe(false);
    expect(judgePoint(pt(10, 0), zeros, amount({ resolution: 1, min_change: 0 }))!.anomalous).toBe(true);
  });
});
