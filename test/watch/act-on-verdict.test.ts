// The card's evidence for a group of firing slices (evidenceOf): what it carries from the judgement.
import { describe, expect, it } from 'vitest';
import type { PointJudgement } from '../../src/detect/judge-point.ts';
import { sliceKey } from '../../src/metrics/slice-key.ts';
import { evidenceOf, type GroupedSlice } from '../../src/watch/act-on-verdict.ts';
import { ratioMetric } from '../helpers/ratio-metric.ts';

const metric = ratioMetric();
const T = Date.parse('2026-03-03T10:00:00Z');

function member(city: string, lowHistory?: boolean): GroupedSlice {
  const judgement: PointJudgement = {
    observed: 0.3,
    expected: 0.05,
    low: 0,
    high: 0.1,
    z: 9,
    score: 0.8,
    anomalous: true,
    healthy: false,
    reason: 'r',
    ...(lowHistory ? { lowHistory } : {}),
  };
  const slice = { city };
  return {
    slice,
    key: sliceKey(slice),
    judgement,
    since: T,
    fresh: true,
    impact: 0,
    severity: 3,
    start: T,
    end: T,
    score: 0.8,
  };
}

describe('evidenceOf', () => {
  it('marks the evidence "low history" when its reading was judged on low history, and only then', () => {
    const group = (m: GroupedSlice) => ({ slice: m.slice, start: T, end: T, score: 0.8, members: [m] });
    expect(evidenceOf(metric, group(member('jakarta', true)), T)).toMatchObject({ lowHistory: true, reason: 'r' });
    expect(evidenceOf(metric, group(member('jakarta')), T)).not.toHaveProperty('lowHistory');
  });
});
