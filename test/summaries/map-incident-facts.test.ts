// An incident's fact carries the card's likely cause; a responder's resolution note still wins as the cause.
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/incident-types.ts';
import { causeOf, incidentFact } from '../../src/summaries/map-incident-facts.ts';

const likelyCause = {
  elements: { vendor: 'vendor-b' },
  text: 'vendor-b was under-staffed: 40% of its usual agent hours 06:00–07:00.',
  source: 'playbook' as const,
  playbook: 'cs-sla-breach',
};
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 3,
  dedupKey: null,
  title: 'CS SLA breach',
  severity: 2,
  status: 'open',
  metricId: 'cs_first_response_sla',
  slice: { vendor: 'vendor-b' },
  evidence: {
    metricId: 'cs_first_response_sla',
    bucket: '2026-11-18T22:00:00.000Z',
    observed: 0.229,
    expected: 0.972,
    unit: 'ratio',
    slice: { vendor: 'vendor-b' },
    likelyCause,
  },
  channelId: null,
  channelName: null,
  cardTs: null,
  ownerUserId: null,
  openedBy: 'detector',
  openedAt: new Date('2026-11-18T23:00:00Z'),
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  reopenedAt: null,
  resolvedBy: null,
  resolutionNote: null,
  escalationLevel: 0,
  lastUpdateAt: null,
  nextUpdateAt: null,
  ...over,
});
const none = {
  findings: ['Drill-down by vendor: vendor=vendor-b (3.85% to 88.9%).'],
  impactValue: null,
  latestUpdate: null,
};

describe('the likely cause in incident facts', () => {
  it("is the card's, and the cause (a hypothesis) before any playbook finding", () => {
    const fact = incidentFact(incident(), none, new Date('2026-11-19T00:00:00Z'));
    expect(fact.likelyCause).toEqual({ ...likelyCause, playbook: 'cs-sla-breach' });
    expect(fact.cause).toEqual({ text: likelyCause.text, confirmed: false });
  });

  it('gives way to a resolution note, and is absent without one on the card', () => {
    expect(causeOf('Shift plan rolled back', none.findings, likelyCause)).toEqual({
      text: 'Shift plan rolled back',
      confirmed: true,
    });
    const plain = incident({ evidence: { ...incident().evidence!, likelyCause: undefined } });
    const fact = incidentFact(plain, none, new Date('2026-11-19T00:00:00Z'));
    expect(fact.likelyCause).toBeNull();
    expect(fact.cause).toEqual({ text: none.findings[0], confirmed: false });
  });
});

describe("the drill-down's likely cause at open", () => {
  it('loses its own "Likely cause:" label, which the summary gives', () => {
    const text = 'Likely cause: vendor=vendor-b · language=id — 22.9% vs 97.2% expected, 84% of the shortfall.';
    const drill = { elements: { vendor: 'vendor-b', language: 'id' }, text, source: 'drill-down' as const };
    const fact = incidentFact(
      incident({ evidence: { ...incident().evidence!, likelyCause: drill } }),
      none,
      new Date('2026-11-19T00:00:00Z'),
    );
    expect(fact.likelyCause?.text).toBe(
      'vendor=vendor-b · language=id — 22.9% vs 97.2% expected, 84% of the shortfall.',
    );
    expect(fact.cause?.text).toBe(fact.likelyCause?.text);
  });
});
