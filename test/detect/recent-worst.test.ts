// Novelty (detector.novelty_points): a point must be more unusual than the worst recent one to alert.
import { describe, expect, it } from 'vitest';
import { detectorSchema, metricSchema, type DetectorSettings } from '../../src/metrics/metric-catalog-schema.ts';
import type { JudgeSpec } from '../../src/detect/judge-point.ts';
import { judgeSeries } from '../../src/detect/judge-series.ts';
import { judgeSpecOf } from '../../src/detect/judge-spec.ts';
import { denseLayout } from '../../src/metrics/series-layout.ts';

// A flat 100 with a 1 % spread floor: a point's z is its value minus 100.
function spec(detector: Partial<DetectorSettings>): JudgeSpec {
  return judgeSpecOf(
    metricSchema.parse({
      id: 'level',
      title: 'Level',
      description: 'A flat level with spikes.',
      kind: 'amount',
      rate_kind: 'continuous',
      grain: 'hour',
      bad: 'up',
      sql: 'select bucket, value from levels',
      detector: { season: 'none', min_duration: 1, instant_factor: 0, ...detector },
    }),
  );
}

const N = 200;
const spikes: Record<number, number> = { 50: 150, 100: 140, 150: 190 };
const num = new Float64Array(N).fill(100);
for (const [g, v] of Object.entries(spikes)) num[Number(g)] = v;
const values = { num, den: new Float64Array(N), events: null };
const layout = denseLayout(0, N - 1, 10);

function fired(detector: Partial<DetectorSettings>): number[] {
  return judgeSeries(layout, values, spec(detector), 10, N - 1).episodes.map((e) => e.firedAt);
}

describe('novelty_points', () => {
  it('is off by default: every spike beyond the band alerts', () => {
    expect(detectorSchema.parse({}).novelty_points).toBe(0);
    expect(fired({})).toEqual([50, 100, 150]);
  });

  it('on: a spike smaller than one in the window alerts no more; a larger one does', () => {
    expect(fired({ novelty_points: 100 })).toEqual([50, 150]);
    const j = judgeSeries(layout, values, spec({ novelty_points: 100 }), 10, N - 1).judgements[100 - 10]!;
    // z 40 against a worst recent z of 50: 4 * 40 / 50.
    expect(j.z).toBeCloseTo(3.2, 6);
    expect(j.anomalous).toBe(false);
    expect(j.high - j.expected).toBeCloseTo(50, 6);
  });

  it('forgets a spike older than the window', () => {
    expect(fired({ novelty_points: 40 })).toEqual([50, 100, 150]);
  });
});

describe('novelty_memory_half_life', () => {
  it('is off by default; on, a spike older than novelty_points still counts, fading by half every half-life', () => {
    expect(detectorSchema.parse({}).novelty_memory_half_life).toBe(0);
    // z 40 at 100 against the spike of z 50 at 50, remembered as 50 * 2^(-50 / half-life), times the share.
    expect(fired({ novelty_points: 40, novelty_memory_half_life: 1000, novelty_memory_share: 1 })).toEqual([50, 150]);
    expect(fired({ novelty_points: 40, novelty_memory_half_life: 10, novelty_memory_share: 1 })).toEqual([
      50, 100, 150,
    ]);
    // 0.6 of 48.3 is below 40.
    expect(fired({ novelty_points: 40, novelty_memory_half_life: 1000, novelty_memory_share: 0.6 })).toEqual([
      50, 100, 150,
    ]);
  });

  it('remembers a point thousands of spreads out as 50 times the threshold, so it fades like any other', () => {
    const huge = Float64Array.from(num);
    huge[50] = 100 + 10_000;
    const v = { num: huge, den: new Float64Array(N), events: null };
    const d = { novelty_points: 40, novelty_memory_half_life: 10, novelty_memory_share: 0.6 };
    // Uncapped, 0.6 * 10000 / 32 = 187 spreads would still hide the z 40 at 100; capped, 0.6 * 200 / 32 = 3.75.
    expect(judgeSeries(layout, v, spec(d), 10, N - 1).episodes.map((e) => e.firedAt)).toEqual([50, 100, 150]);
  });
});
