// Density (detector.density_points): a run of moderate deviations, none beyond the band on its own, alerts.
import { describe, expect, it } from 'vitest';
import { detectorSchema, metricSchema, type DetectorSettings } from '../../src/metrics/metric-catalog-schema.ts';
import type { JudgeSpec } from '../../src/detect/judge-point.ts';
import { judgeSeries } from '../../src/detect/judge-series.ts';
import { judgeSpecOf, lookbackBuckets } from '../../src/detect/judge-spec.ts';
import { denseLayout } from '../../src/metrics/series-layout.ts';

function metric(detector: Partial<DetectorSettings>) {
  return metricSchema.parse({
    id: 'level',
    title: 'Level',
    description: 'A flat level with bursts.',
    kind: 'amount',
    rate_kind: 'continuous',
    grain: 'hour',
    bad: 'both',
    sql: 'select bucket, value from levels',
    detector: { season: 'none', trailing_points: 100, min_duration: 1, instant_factor: 0, ...detector },
  });
}

// A flat 100 with a 1 % spread floor (a point's z is its distance from 100) and two bursts of 20 points each,
// at z 3 and then z 2.5: below the threshold of 4 one by one.
function spec(detector: Partial<DetectorSettings>): JudgeSpec {
  return judgeSpecOf(metric(detector));
}
const N = 400;
const num = new Float64Array(N).fill(100);
for (let g = 200; g < 220; g++) num[g] = 103;
for (let g = 300; g < 320; g++) num[g] = 102.5;
const values = { num, den: new Float64Array(N), events: null };
const layout = denseLayout(0, N - 1, 10);

function fired(detector: Partial<DetectorSettings>): number[] {
  return judgeSeries(layout, values, spec(detector), 10, N - 1).episodes.map((e) => e.firedAt);
}

describe('density_points', () => {
  it('is off by default: no point of a burst passes the band, so nothing alerts', () => {
    const d = detectorSchema.parse({});
    expect([d.density_points, d.density_novelty_points]).toEqual([0, 0]);
    expect(fired({})).toEqual([]);
  });

  it('on: fires once the mean capped |z| of the last points passes the floor, at z = threshold x density / floor', () => {
    // Density after k burst points of z 3 in a window of 10: 3k / 10, past the floor of 2 at k = 7 (point 206).
    const verdict = judgeSeries(layout, values, spec({ density_points: 10 }), 10, N - 1);
    expect(verdict.episodes.map((e) => e.firedAt)).toEqual([206]);
    const j = verdict.judgements[206 - 10]!;
    expect(j.z).toBeCloseTo((4 * 2.1) / 2, 6);
    expect(j.anomalous).toBe(true);
    expect(j.reason).toMatch(/^a burst: the last 10 points average 2\.1 spreads/);
    // The point before it: density 1.8, under the floor, and the point alone (z 3) under the threshold.
    expect(verdict.judgements[205 - 10]!.anomalous).toBe(false);
  });

  it('a burst milder than one of the recent past alerts no more; forgotten past density_novelty_points, it does', () => {
    // The second burst's density (2.5 at most) against the first's (3): z 4 x 2.5 / 3 < 4.
    expect(fired({ density_points: 10, density_novelty_points: 200 })).toEqual([206]);
    expect(fired({ density_points: 10, density_novelty_points: 50 })).toEqual([206, 307]);
  });

  it('a higher floor or cap changes when it fires', () => {
    expect(fired({ density_points: 10, density_floor: 3.5 })).toEqual([]);
    expect(fired({ density_points: 10, density_cap: 1.9 })).toEqual([]);
  });

  it('a live run starts far enough back to have seen the densities it compares with', () => {
    const d = { novelty_points: 0, recovery_buckets: 3 };
    expect(lookbackBuckets(metric({ ...d, density_points: 10 }), 168)).toBe(10 + 100);
    expect(lookbackBuckets(metric({ ...d, density_points: 10, density_novelty_points: 500 }), 168)).toBe(510);
    expect(lookbackBuckets(metric({ ...d, novelty_points: 800, density_points: 60 }), 168)).toBe(860);
    // Novelty's long memory: two half-lives back.
    expect(lookbackBuckets(metric({ ...d, novelty_points: 800, novelty_memory_half_life: 4000 }), 168)).toBe(8000);
  });
});
