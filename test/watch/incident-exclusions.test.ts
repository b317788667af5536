import { describe, expect, it } from 'vitest';
import { gridIndex } from '../../src/metrics/bucket-grid.ts';
import { incidentExclusions } from '../../src/watch/incident-exclusions.ts';
import { ratioMetric } from '../helpers/ratio-metric.ts';

const HOUR = 3_600_000;
const T = Date.parse('2026-03-02T10:00:00Z');
const g = gridIndex(T, 'hour');

describe('incidentExclusions', () => {
  it("keeps every window point holding an incident's span out, for its slice and the slices that joined it", () => {
    const metric = ratioMetric({ detector: { window_buckets: 3 } });
    const windows = [
      { slices: [{ city: 'jakarta' }, { city: 'bandung' }], from: new Date(T - 10 * HOUR), to: new Date(T - 8 * HOUR) },
      // Open with no anomaly marked: it runs to the end of the range.
      { slices: [{ city: 'medan' }], from: new Date(T - 2 * HOUR), to: null },
    ];
    const out = incidentExclusions(metric, 'UTC', windows, g - 20, g);
    // Windows of 3 buckets: those ending up to 2 buckets after the span still hold part of it.
    const span = [-10, -9, -8, -7, -6].map((d) => g + d);
    expect([...out.get('city=jakarta')!]).toEqual(span);
    expect([...out.get('city=bandung')!]).toEqual(span);
    expect([...out.get('city=medan')!]).toEqual([g - 2, g - 1, g]);
    // Clipped to the range asked for.
    expect([...incidentExclusions(metric, 'UTC', windows, g - 8, g - 7).get('city=jakarta')!]).toEqual([g - 8, g - 7]);
  });
});
