// Incidents for the renderer tests.
import type { Incident, IncidentEvidence } from '../../src/incidents/incident-types.ts';

export const OPENED_AT = new Date('2025-05-01T09:08:00Z');
export const NOW = new Date('2025-05-01T11:13:00Z');
export const TZ = 'Asia/Jakarta';

/** `minutes` after the incident opened. */
export const at = (minutes: number) => new Date(OPENED_AT.getTime() + minutes * 60_000);

/** The refund-rate evidence of the demo's Jakarta refund spike. */
export function evidence(overrides: Partial<IncidentEvidence> = {}): IncidentEvidence {
  return {
    metricId: 'refund_rate',
    metricTitle: 'Refund rate',
    bucket: '2025-05-01T08:00:00Z',
    observed: 0.041,
    expected: 0.01,
    bandLow: 0.008,
    bandHigh: 0.013,
    unit: 'ratio',
    slice: { city: 'jakarta', category: 'spa' },
    contributors: [
      { slice: { city: 'jakarta', category: 'spa', merchant_tier: 'gold' }, observed: 0.062, expected: 0.011 },
      { slice: { city: 'jakarta', category: 'spa', merchant_tier: 'silver' }, observed: 0.03, expected: 0.01 },
    ],
    impact: '~3,100 orders, Rp410M refunded',
    reason: 'refund rate 4x its band',
    ...overrides,
  };
}

/** An open SEV2 incident with evidence, in channel C123. */
export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 12,
    dedupKey: 'refund_rate:city=jakarta',
    title: 'Refund spike in Jakarta',
    severity: 2,
    status: 'open',
    metricId: 'refund_rate',
    slice: { city: 'jakarta' },
    evidence: evidence(),
    channelId: 'C123',
    channelName: 'inc-12-refund-spike',
    cardTs: '1746090480.000100',
    ownerUserId: null,
    openedBy: 'vigil',
    openedAt: OPENED_AT,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
    reopenedAt: null,
    escalationLevel: 0,
    lastUpdateAt: null,
    nextUpdateAt: null,
    ...overrides,
  };
}

export const acknowledged = (o: Partial<Incident> = {}) =>
  incident({ status: 'acknowledged', acknowledgedAt: at(6), acknowledgedBy: 'UALICE', ownerUserId: 'UALICE', ...o });
export const escalated = (o: Partial<Incident> = {}) => acknowledged({ status: 'escalated', escalationLevel: 1, ...o });
export const resolved = (o: Partial<Incident> = {}) =>
  acknowledged({
    status: 'resolved',
    resolvedAt: at(125),
    resolvedBy: 'UBOB',
    resolutionNote: 'Rolled back the refund rule',
    ...o,
  });
