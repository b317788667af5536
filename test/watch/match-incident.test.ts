// Which incident a new anomaly joins: the slice relations, the same-buckets rule, reopen and "also moving".
import { describe, expect, it } from 'vitest';
import {
  matchIncident,
  sliceRelation,
  type IncidentCandidate,
  type MatchPolicy,
  type NewAnomaly,
} from '../../src/watch/match-incident.ts';

const HOUR = 3_600_000;
const T = Date.parse('2026-03-02T12:00:00Z');

const policy: MatchPolicy = { now: T, bucketMs: HOUR, reopenWithinMs: 24 * HOUR, related: ['complaint_rate'] };

function incident(o: Partial<IncidentCandidate> = {}): IncidentCandidate {
  return {
    id: 1,
    metricId: 'refund_rate',
    open: true,
    resolvedAt: null,
    slices: [{ city: 'jakarta' }],
    anomalySince: T - 3 * HOUR,
    lastAnomaly: T - HOUR,
    ...o,
  };
}

function anomaly(slice: Record<string, string>, o: Partial<NewAnomaly> = {}): NewAnomaly {
  return { metricId: 'refund_rate', slices: [slice], start: T, severity: 3, ...o };
}

describe('sliceRelation', () => {
  it.each([
    [{ city: 'jakarta' }, { city: 'jakarta' }, 'same'],
    [{}, {}, 'same'],
    [{}, { city: 'jakarta' }, 'parent'],
    [{ vendor: 'b' }, { vendor: 'b', language: 'id' }, 'parent'],
    [{ vendor: 'b', language: 'id' }, { vendor: 'b' }, 'child'],
    [{ city: 'bangkok' }, { city: 'jakarta' }, 'sibling'],
    [{ city: 'jakarta', category: 'spa' }, { city: 'jakarta', partner: 'p3' }, 'sibling'],
    [{ city: 'jakarta', category: 'spa' }, { city: 'jakarta', category: 'food' }, 'sibling'],
    [{ city: 'jakarta', category: 'spa' }, { city: 'bangkok', category: 'food' }, null],
    [{ partner: 'p3' }, { city: 'jakarta' }, null],
    [{ city: 'bangkok' }, { city: 'jakarta', category: 'spa' }, null],
  ] as const)('%o to %o is %s', (a, b, expected) => {
    expect(sliceRelation(a, b)).toBe(expected);
  });
});

describe('matchIncident: joining an open incident of the same metric', () => {
  it.each([
    [{ city: 'jakarta' }, 'same'],
    [{}, 'parent'],
    [{ city: 'jakarta', category: 'spa' }, 'child'],
    [{ city: 'bangkok' }, 'sibling'],
  ] as const)('joins on %o (%s)', (slice, relation) => {
    expect(matchIncident(anomaly(slice), [incident()], policy)).toEqual({ kind: 'join', incidentId: 1, relation });
  });

  it('joins vendor × language to the vendor incident (one SLA breach, one incident)', () => {
    const vendor = incident({ metricId: 'cs_sla', slices: [{ vendor: 'vendor-b' }] });
    const a = anomaly({ vendor: 'vendor-b', language: 'id' }, { metricId: 'cs_sla' });
    expect(matchIncident(a, [vendor], policy)).toMatchObject({ kind: 'join', relation: 'child' });
  });

  it('relates through any of the incident affected slices and any member of the group', () => {
    const grown = incident({ slices: [{ city: 'jakarta' }, { city: 'jakarta', partner: 'p3' }] });
    // partner=p3 in Bangkok is a sibling of the affected jakarta × p3 slice, not of jakarta.
    const a = anomaly({ city: 'bangkok', partner: 'p3' }, { start: T - 20 * HOUR });
    expect(matchIncident(a, [grown], policy)).toMatchObject({ kind: 'join', relation: 'sibling' });
    const group = anomaly({ partner: 'p9' }, { slices: [{ partner: 'p9' }, { city: 'jakarta', partner: 'p9' }] });
    expect(matchIncident({ ...group, start: T - 20 * HOUR }, [incident()], policy)).toMatchObject({
      kind: 'join',
      relation: 'child',
    });
  });

  describe('another dimension in the same buckets', () => {
    // The incident on city=jakarta was anomalous from T-3h to T-1h; partner=p3 is not related by its slice.
    it.each([
      ['at the start of its span', T - 3 * HOUR, true],
      ['one bucket before its span', T - 4 * HOUR, true],
      ['two buckets before its span', T - 5 * HOUR, false],
      ['inside its span', T - 2 * HOUR, true],
      ['one bucket after its last anomalous bucket', T, true],
      ['two buckets after its last anomalous bucket', T + HOUR, false],
    ])('partner=p3 starting %s: joins %s', (_what, start, joins) => {
      const m = matchIncident(anomaly({ partner: 'p3' }, { start }), [incident()], policy);
      expect(m).toEqual(joins ? { kind: 'join', incidentId: 1, relation: 'same_buckets' } : { kind: 'open' });
    });

    it('needs a recorded anomalous bucket; without its first one, the span is its last bucket', () => {
      expect(matchIncident(anomaly({ partner: 'p3' }), [incident({ lastAnomaly: null })], policy).kind).toBe('open');
      const single = incident({ anomalySince: null, lastAnomaly: T - HOUR });
      expect(matchIncident(anomaly({ partner: 'p3' }, { start: T - 2 * HOUR }), [single], policy).kind).toBe('join');
      expect(matchIncident(anomaly({ partner: 'p3' }, { start: T - 3 * HOUR }), [single], policy).kind).toBe('open');
    });
  });

  it('prefers the closest relation, then the newest incident', () => {
    const city = incident({ id: 1, slices: [{ city: 'jakarta' }] });
    const other = incident({ id: 2, slices: [{ city: 'bangkok' }] });
    expect(matchIncident(anomaly({ city: 'bangkok' }), [city, other], policy)).toMatchObject({ incidentId: 2 });
    const newer = incident({ id: 3, slices: [{ city: 'jakarta' }] });
    expect(matchIncident(anomaly({ city: 'jakarta' }), [city, newer], policy)).toMatchObject({ incidentId: 3 });
  });

  it('opens a new incident for an unrelated slice outside the incident span, or another metric not related', () => {
    expect(matchIncident(anomaly({ partner: 'p3' }, { start: T + 5 * HOUR }), [incident()], policy)).toEqual({
      kind: 'open',
    });
    expect(matchIncident(anomaly({ city: 'jakarta' }, { metricId: 'order_volume' }), [incident()], policy)).toEqual({
      kind: 'open',
    });
    expect(matchIncident(anomaly({ city: 'jakarta' }), [], policy)).toEqual({ kind: 'open' });
  });
});

describe('matchIncident: reopening', () => {
  const resolved = (hoursAgo: number) => incident({ open: false, resolvedAt: T - hoursAgo * HOUR });

  it('reopens an incident of the same metric and a related slice resolved within reopen_within', () => {
    expect(matchIncident(anomaly({ city: 'jakarta' }), [resolved(2)], policy)).toEqual({
      kind: 'reopen',
      incidentId: 1,
      relation: 'same',
    });
    expect(matchIncident(anomaly({ city: 'jakarta' }), [resolved(24)], policy).kind).toBe('reopen');
  });

  it('opens a new one once reopen_within has passed, or for an unrelated slice', () => {
    expect(matchIncident(anomaly({ city: 'jakarta' }), [resolved(25)], policy)).toEqual({ kind: 'open' });
    const old = { ...resolved(2), lastAnomaly: T - 20 * HOUR, anomalySince: T - 22 * HOUR };
    expect(matchIncident(anomaly({ partner: 'p3' }), [old], policy)).toEqual({ kind: 'open' });
  });

  it('joins an open incident rather than reopen a resolved one', () => {
    const open = incident({ id: 1, slices: [{ city: 'bangkok' }] });
    const gone = { ...resolved(1), id: 2 };
    expect(matchIncident(anomaly({ city: 'jakarta' }), [open, gone], policy)).toMatchObject({
      kind: 'join',
      incidentId: 1,
    });
  });
});

describe('matchIncident: related metrics also moving', () => {
  const complaints = (slice: Record<string, string>, o: Partial<NewAnomaly> = {}) =>
    anomaly(slice, { metricId: 'complaint_rate', ...o });
  const refunds = incident({ id: 7 });
  // Complaints' related metrics, as the catalog gives them (symmetric).
  const rel: MatchPolicy = { ...policy, related: ['refund_rate'] };

  it.each([
    [{ city: 'jakarta' }, 'same'],
    [{}, 'parent'],
    [{ city: 'jakarta', category: 'spa' }, 'child'],
    [{ city: 'bangkok' }, 'sibling'],
  ] as const)('adds complaints on %o to the open refunds incident (%s)', (slice, relation) => {
    expect(matchIncident(complaints(slice), [refunds], rel)).toEqual({
      kind: 'also_moving',
      incidentId: 7,
      relation,
      reopen: false,
    });
  });

  it('opens its own incident at SEV1, for an unrelated slice, a metric not related, or one resolved long ago', () => {
    expect(matchIncident(complaints({ city: 'jakarta' }, { severity: 1 }), [refunds], rel).kind).toBe('open');
    // Same buckets in another dimension is not enough across metrics.
    expect(matchIncident(complaints({ partner: 'p3' }, { start: T - 2 * HOUR }), [refunds], rel).kind).toBe('open');
    expect(matchIncident(complaints({ city: 'jakarta' }), [refunds], { ...rel, related: [] }).kind).toBe('open');
    const old = incident({ id: 7, open: false, resolvedAt: T - policy.reopenWithinMs - HOUR });
    expect(matchIncident(complaints({ city: 'jakarta' }), [old], rel).kind).toBe('open');
  });

  it('reopens a related incident resolved within reopen_within, as also moving (a lagging symptom)', () => {
    const resolved = incident({ id: 7, open: false, resolvedAt: T - HOUR });
    expect(matchIncident(complaints({ city: 'jakarta' }), [resolved], rel)).toEqual({
      kind: 'also_moving',
      incidentId: 7,
      relation: 'same',
      reopen: true,
    });
    expect(matchIncident(complaints({ city: 'jakarta' }, { severity: 1 }), [resolved], rel).kind).toBe('open');
  });

  it('prefers an open related incident to reopening one of its own metric, and its own reopen to a related one', () => {
    const ownResolved = incident({ id: 3, metricId: 'complaint_rate', open: false, resolvedAt: T - HOUR });
    expect(matchIncident(complaints({ city: 'jakarta' }), [ownResolved, refunds], rel)).toMatchObject({
      kind: 'also_moving',
      incidentId: 7,
      reopen: false,
    });
    const refundsResolved = incident({ id: 7, open: false, resolvedAt: T - HOUR });
    expect(matchIncident(complaints({ city: 'jakarta' }), [ownResolved, refundsResolved], rel)).toMatchObject({
      kind: 'reopen',
      incidentId: 3,
    });
  });

  it('joins its own metric incident before being "also moving" in another', () => {
    const own = incident({ id: 3, metricId: 'complaint_rate', slices: [{ city: 'bangkok' }] });
    expect(matchIncident(complaints({ city: 'jakarta' }), [refunds, own], rel)).toMatchObject({
      kind: 'join',
      incidentId: 3,
    });
  });
});
