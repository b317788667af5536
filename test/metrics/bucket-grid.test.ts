import { describe, expect, it } from 'vitest';
import { VigilError } from '../../src/errors.ts';
import { gridIndex, gridStart, PERIOD } from '../../src/metrics/bucket-grid.ts';
import { bucketEnd, bucketStart, GRAIN_MS, parseGrain, type Grain } from '../../src/metrics/grain.ts';

const H = 3_600_000;
const DAY = 86_400_000;
const NY = 'America/New_York';
const SG = 'Asia/Singapore';

// The local calendar date and time of an instant, e.g. "2025-03-09 00:00".
function local(at: number, tz: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

// Local midnights of consecutive dates, found by scanning hours (independent of the code under test).
function localMidnights(fromUtc: number, days: number, tz: string): number[] {
  const out: number[] = [];
  for (let t = fromUtc; out.length < days; t += 15 * 60_000) if (local(t, tz).endsWith(' 00:00')) out.push(t);
  return out;
}

describe('sub-daily grid', () => {
  for (const grain of ['15m', 'hour'] as const) {
    it(`round-trips ${grain} bucket starts across the New York spring-forward and fall-back`, () => {
      for (const from of [Date.parse('2025-03-09T04:00:00Z'), Date.parse('2025-11-02T03:00:00Z')]) {
        let last: number | null = null;
        for (let t = from; t < from + 6 * H; t += GRAIN_MS[grain]) {
          const g = gridIndex(t, grain);
          expect(gridStart(g, grain, NY)).toBe(t);
          expect(gridStart(g, grain, SG)).toBe(t);
          if (last !== null) expect(g).toBe(last + 1);
          last = g;
        }
      }
    });
  }

  it('puts every instant of a bucket in the same cell', () => {
    const t = Date.parse('2025-05-05T10:00:00Z');
    expect(gridIndex(t + 59 * 60_000, 'hour')).toBe(gridIndex(t, 'hour'));
    expect(gridIndex(t + 14 * 60_000, '15m')).toBe(gridIndex(t, '15m'));
    expect(gridIndex(t + 15 * 60_000, '15m')).toBe(gridIndex(t, '15m') + 1);
    expect(bucketStart(t + 37 * 60_000, '15m', NY)).toBe(t + 30 * 60_000);
    expect(bucketEnd(t, 'hour', NY)).toBe(t + H);
  });

  it('finds the same hour last week at g - 168 and the same quarter hour at g - 672', () => {
    const t = Date.parse('2025-03-12T15:00:00Z');
    expect(gridIndex(t - 7 * DAY, 'hour')).toBe(gridIndex(t, 'hour') - PERIOD.hour);
    expect(PERIOD.hour).toBe(168);
    expect(gridIndex(t - 7 * DAY, '15m')).toBe(gridIndex(t, '15m') - PERIOD['15m']);
    expect(PERIOD['15m']).toBe(672);
    expect(gridIndex(t - 7 * DAY, '5m')).toBe(gridIndex(t, '5m') - PERIOD['5m']);
    expect(gridIndex(t - 7 * DAY, '1m')).toBe(gridIndex(t, '1m') - PERIOD['1m']);
    expect(gridStart(gridIndex(t, 'hour') - 168, 'hour', SG)).toBe(t - 7 * DAY);
  });
});

describe('daily grid', () => {
  for (const tz of [SG, NY, 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Europe/London']) {
    it(`gives local midnights of ${tz} consecutive indexes that round-trip, across DST changes`, () => {
      for (const from of [Date.parse('2025-03-05T00:00:00Z'), Date.parse('2025-10-24T00:00:00Z')]) {
        const midnights = localMidnights(from, 14, tz);
        const first = gridIndex(midnights[0]!, 'day');
        for (const [i, m] of midnights.entries()) {
          expect(gridIndex(m, 'day'), local(m, tz)).toBe(first + i);
          expect(gridStart(first + i, 'day', tz), local(m, tz)).toBe(m);
          // Any instant of the local day starts the same bucket.
          expect(bucketStart(m + 13 * H + 17_000, 'day', tz)).toBe(m);
        }
        for (let i = 0; i + 1 < midnights.length; i++)
          expect(bucketEnd(midnights[i]!, 'day', tz)).toBe(midnights[i + 1]);
      }
    });
  }

  it('has 23- and 25-hour days in New York on the DST changes', () => {
    const spring = gridIndex(Date.parse('2025-03-09T05:00:00Z'), 'day');
    expect(local(gridStart(spring, 'day', NY), NY)).toBe('2025-03-09 00:00');
    expect(gridStart(spring + 1, 'day', NY) - gridStart(spring, 'day', NY)).toBe(23 * H);
    const fall = gridIndex(Date.parse('2025-11-02T04:00:00Z'), 'day');
    expect(local(gridStart(fall, 'day', NY), NY)).toBe('2025-11-02 00:00');
    expect(bucketEnd(gridStart(fall, 'day', NY), 'day', NY) - gridStart(fall, 'day', NY)).toBe(25 * H);
  });

  it('finds the same weekday last week at g - 7, also across a DST change', () => {
    const after = Date.parse('2025-03-12T04:00:00Z'); // midnight EDT, Wednesday 12 March
    const g = gridIndex(after, 'day');
    expect(PERIOD.day).toBe(7);
    expect(local(gridStart(g - PERIOD.day, 'day', NY), NY)).toBe('2025-03-05 00:00');
    // A week before is 167 hours back on the clock here, not 168.
    expect(after - gridStart(g - 7, 'day', NY)).toBe(167 * H);
    const sg = Date.parse('2025-05-04T16:00:00Z'); // midnight SGT, 5 May
    expect(gridStart(gridIndex(sg, 'day') - 7, 'day', SG)).toBe(sg - 7 * DAY);
  });

  it('gives Singapore and New York midnights of the same date the same index', () => {
    const sg = Date.parse('2025-05-04T16:00:00Z'); // 2025-05-05 00:00 SGT
    const ny = Date.parse('2025-05-05T04:00:00Z'); // 2025-05-05 00:00 EDT
    expect(gridIndex(sg, 'day')).toBe(gridIndex(ny, 'day'));
  });
});

describe('parseGrain', () => {
  it('accepts the grain names and names them when rejecting another', () => {
    for (const g of ['1m', '5m', '15m', 'hour', 'day'] satisfies Grain[]) expect(parseGrain(g)).toBe(g);
    expect(() => parseGrain('week')).toThrow(VigilError);
    expect(() => parseGrain('week')).toThrow(
      expect.objectContaining({ code: 'vigil_grain_unknown', hint: 'Use one of: 1m, 5m, 15m, hour, day.' }),
    );
  });
});
