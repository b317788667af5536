// Folding anomalies into an incident's evidence: affected slices most specific first, "also moving" readings.
import { describe, expect, it } from 'vitest';
import type { IncidentEvidence } from '../../src/incidents/incident-types.ts';
import { addAlsoMoving, joinEvidence, mergeAffected } from '../../src/watch/merge-evidence.ts';

const evidence = (slice: Record<string, string>, observed: number, o: Partial<IncidentEvidence> = {}) =>
  ({
    metricId: 'refund_rate',
    bucket: '2026-03-02T10:00:00.000Z',
    observed,
    expected: 0.05,
    unit: 'ratio',
    slice,
    contributors: [],
    ...o,
  }) as IncidentEvidence;

describe('mergeAffected', () => {
  it('keeps one reading per slice (the newest), most specific first, then the larger change', () => {
    const merged = mergeAffected(
      [
        { slice: {}, observed: 0.06, expected: 0.05 },
        { slice: { city: 'jakarta' }, observed: 0.2, expected: 0.05 },
      ],
      [
        { slice: { city: 'jakarta' }, observed: 0.3, expected: 0.05 },
        { slice: { city: 'bangkok' }, observed: 0.4, expected: 0.05 },
        { slice: { city: 'jakarta', category: 'spa' }, observed: 0.1, expected: 0.05 },
      ],
    );
    expect(merged.map((m) => [m.slice, m.observed])).toEqual([
      [{ city: 'jakarta', category: 'spa' }, 0.1],
      [{ city: 'bangkok' }, 0.4],
      [{ city: 'jakarta' }, 0.3],
      [{}, 0.06],
    ]);
  });
});

describe('joinEvidence', () => {
  it('lists both slices and keeps the incident headline, chart and likely cause when another slice joins', () => {
    const current = evidence({ vendor: 'b' }, 0.2, {
      chartFileId: 'F1',
      likelyCause: { elements: { vendor: 'b' }, text: 'vendor-b', source: 'drill-down' },
    });
    const fresh = evidence({ vendor: 'b', language: 'id' }, 0.1, { bucket: '2026-03-02T11:00:00.000Z' });
    const joined = joinEvidence(current, fresh);
    expect(joined).toMatchObject({ slice: { vendor: 'b' }, observed: 0.2, bucket: '2026-03-02T11:00:00.000Z' });
    expect(joined.chartFileId).toBe('F1');
    expect(joined.likelyCause?.text).toBe('vendor-b');
    expect(joined.contributors!.map((c) => c.slice)).toEqual([{ vendor: 'b', language: 'id' }, { vendor: 'b' }]);
  });

  it('takes the new reading as the headline when it is the incident slice', () => {
    const joined = joinEvidence(evidence({ city: 'jakarta' }, 0.2), evidence({ city: 'jakarta' }, 0.3));
    expect(joined.observed).toBe(0.3);
    expect(joined.contributors).toEqual([{ slice: { city: 'jakarta' }, observed: 0.3, expected: 0.05 }]);
  });

  it("keeps the headline's low-history mark only while its newest reading is on low history", () => {
    const young = evidence({ city: 'jakarta' }, 0.2, { lowHistory: true });
    expect(joinEvidence(young, evidence({ city: 'jakarta' }, 0.3)).lowHistory).toBeUndefined();
    expect(joinEvidence(young, evidence({ city: 'jakarta' }, 0.3, { lowHistory: true })).lowHistory).toBe(true);
    // Another slice joining leaves the headline, and its mark, as they were.
    expect(joinEvidence(young, evidence({ city: 'bandung' }, 0.3)).lowHistory).toBe(true);
  });

  it('is the fresh evidence when the incident had none', () => {
    const fresh = evidence({ city: 'jakarta' }, 0.3);
    expect(joinEvidence(null, fresh)).toBe(fresh);
  });
});

describe('addAlsoMoving', () => {
  it('adds a related metric reading once per metric and slice, refreshing it', () => {
    const moving = {
      metricId: 'complaint_rate',
      metricTitle: 'Complaint rate',
      slice: { city: 'jakarta' },
      observed: 9,
      expected: 3,
      unit: 'count' as const,
    };
    const once = addAlsoMoving(evidence({ city: 'jakarta' }, 0.2), moving);
    const twice = addAlsoMoving(once, { ...moving, observed: 12 });
    expect(twice.alsoMoving).toEqual([{ ...moving, observed: 12 }]);
    expect(addAlsoMoving(twice, { ...moving, slice: {} }).alsoMoving).toHaveLength(2);
  });
});
