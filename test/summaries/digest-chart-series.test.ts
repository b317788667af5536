// The chart series' usual band: median and robust spread of the same weekday over the four weeks before.
import { describe, expect, it } from 'vitest';
import { metricFactSchema } from '../../src/summaries/digest-facts-schema.ts';
import { BAND_SPREADS, usualBands } from '../../src/summaries/metric-day-values.ts';
import { addDays } from '../../src/time/zone-time.ts';
import { metricFact } from '../slack/digest-fixtures.ts';

const LAST = '2026-06-02';

describe('usualBands', () => {
  it('gives each day the median of its weekday over the four weeks before, +/- two scaled MADs', () => {
    // Four weeks before the last day: 10, 12, 14 and 30 (an outlier the median and MAD shrug off).
    const past: Record<string, number> = {
      [addDays(LAST, -7)]: 10,
      [addDays(LAST, -14)]: 12,
      [addDays(LAST, -21)]: 14,
      [addDays(LAST, -28)]: 30,
      [LAST]: 20,
    };
    const series = usualBands((d) => past[d] ?? null, LAST, 28, 4);
    expect(series).toHaveLength(28);
    expect(series[0]!.day).toBe(addDays(LAST, -27));
    const last = series.at(-1)!;
    expect(last.value).toBe(20);
    expect(last.expected).toBe(13);
    // Deviations from 13: 3, 1, 1, 17; their median 2, scaled 2.9652.
    expect(last.low).toBeCloseTo(13 - BAND_SPREADS * 1.4826 * 2, 9);
    expect(last.high).toBeCloseTo(13 + BAND_SPREADS * 1.4826 * 2, 9);
  });

  it('has no band with fewer than two same weekdays, and floors the spread at 1 % of the median', () => {
    const flat = (d: string) => (d < addDays(LAST, -14) ? null : 100);
    const series = usualBands(flat, LAST, 28, 4);
    // LAST has LAST-7 and LAST-14 (two values); LAST-6 has only LAST-13.
    expect(series.at(-1)).toMatchObject({ expected: 100, low: 100 - BAND_SPREADS, high: 100 + BAND_SPREADS });
    expect(series.at(-7)).toMatchObject({ expected: null, low: null, high: null });
  });

  it('reads facts stored before the band existed', () => {
    const stored = JSON.parse(JSON.stringify(metricFact({ series: [{ day: LAST, value: 0.02 }] })));
    expect(metricFactSchema.parse(stored).series).toEqual([
      { day: LAST, value: 0.02, expected: null, low: null, high: null },
    ]);
  });
});
