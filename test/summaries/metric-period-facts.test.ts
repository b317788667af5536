// The scorecard line of one metric from daily cells: values and the status rule, without a database.
import { describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { addDays } from '../../src/time/zone-time.ts';
import type { MetricDays } from '../../src/summaries/metric-day-values.ts';
import { firstFactDay, metricPeriodFact } from '../../src/summaries/metric-period-fact.ts';

const DAY = '2026-11-25';
const newest = new Date(0);
const metric = (over: Record<string, unknown> = {}) =>
  metricSchema.parse({
    id: 'm',
    title: 'M',
    description: 'd',
    kind: 'ratio',
    grain: 'hour',
    bad: 'up',
    sql: 'SELECT 1 AS bucket -- test',
    ...over,
  });
// 29 days of `den` trials with `rate` failures each, the period day at `today`.
function days(rate: number, today: number, den = 10_000, back = 28): MetricDays {
  const out: MetricDays = new Map();
  for (let i = 1; i <= back; i++) out.set(addDays(DAY, -i), { num: rate * den, den, events: 0, newest });
  out.set(DAY, { num: today * den, den, events: 0, newest });
  return out;
}

describe('metricPeriodFact', () => {
  it('is red far beyond the usual level, amber moderately beyond it, green within it', () => {
    expect(metricPeriodFact(metric(), days(0.05, 0.1), [DAY], []).status).toBe('red');
    // Twice the floor spread (1 % of expected) and 12 % up: past half of z=4 and half of min_change=0.2, not the whole.
    const moderate = metricPeriodFact(metric(), days(0.05, 0.056), [DAY], []);
    expect(moderate).toMatchObject({ status: 'amber', statusReason: 'worse than usual' });
    expect(metricPeriodFact(metric(), days(0.05, 0.051), [DAY], [])).toMatchObject({
      status: 'green',
      statusReason: 'within the usual range',
    });
  });

  it('is never red or amber for a move in the good direction, but both directions count for bad: both', () => {
    expect(metricPeriodFact(metric(), days(0.05, 0.01), [DAY], []).status).toBe('green');
    expect(metricPeriodFact(metric({ bad: 'both' }), days(0.05, 0.01), [DAY], []).status).toBe('red');
  });

  it('is red past a fixed threshold and with an open SEV1/SEV2, amber with an open SEV3/SEV4', () => {
    expect(metricPeriodFact(metric({ thresholds: { above: 0.04 } }), days(0.05, 0.05), [DAY], [])).toMatchObject({
      status: 'red',
      statusReason: 'past its fixed threshold',
    });
    expect(metricPeriodFact(metric(), days(0.05, 0.05), [DAY], [1, 4])).toMatchObject({
      status: 'red',
      statusReason: 'an open high-severity incident',
    });
    expect(metricPeriodFact(metric(), days(0.05, 0.05), [DAY], [3])).toMatchObject({
      status: 'amber',
      statusReason: 'an open incident',
    });
    expect(metricPeriodFact(metric({ target: 0.04 }), days(0.05, 0.05), [DAY], [3])).toMatchObject({
      status: 'amber',
      statusReason: 'an open incident; worse than target',
    });
  });

  it('calls a value worse than target only when it prints worse: 3.04% against 3% is on target, 3.06% is not', () => {
    expect(metricPeriodFact(metric({ target: 0.03 }), days(0.0304, 0.0304), [DAY], [])).toMatchObject({
      status: 'green',
      statusReasons: ['within_usual', 'on_target'],
    });
    expect(metricPeriodFact(metric({ target: 0.03 }), days(0.0306, 0.0306), [DAY], [])).toMatchObject({
      status: 'amber',
      statusReasons: ['worse_than_target'],
    });
  });

  it('reads from far enough back that every day of the 28-day series has its usual band', () => {
    expect(firstFactDay([DAY])).toBe(addDays(DAY, -55));
    expect(firstFactDay(Array.from({ length: 7 }, (_, i) => addDays(DAY, i - 6)))).toBe(addDays(DAY, -55));
    const f = metricPeriodFact(metric(), days(0.05, 0.05, 10_000, 55), [DAY], []);
    expect(f.series).toHaveLength(28);
    expect(f.series.every((d) => d.expected !== null && d.low !== null)).toBe(true);
  });

  it('applies the catalog scale, like the detector and the targets', () => {
    const f = metricPeriodFact(
      metric({ scale: 1000, rate_kind: 'count', unit: 'count' }),
      days(0.005, 0.005),
      [DAY],
      [],
    );
    expect(f.value).toBeCloseTo(5, 9);
    expect(f.expected).toBeCloseTo(5, 9);
    // ...and says so, so the scorecard can print "5 per 1,000".
    expect(f.per).toBe(1000);
    expect(metricPeriodFact(metric(), days(0.05, 0.05), [DAY], []).per).toBeNull();
  });

  it('is green with too little history to judge, and grey without data', () => {
    expect(metricPeriodFact(metric(), days(0.05, 0.5, 10_000, 7), [DAY], [])).toMatchObject({
      status: 'green',
      statusReason: 'too little history to judge against',
      expected: 0.05,
    });
    expect(metricPeriodFact(metric(), new Map(), [DAY], []).status).toBe('grey');
    expect(metricPeriodFact(metric(), new Map(), [DAY], [1], true)).toMatchObject({
      status: 'grey',
      statusReason: 'no data: its query failed',
    });
  });
});
