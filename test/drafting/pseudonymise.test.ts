import { describe, expect, it } from 'vitest';
import { pseudonymise } from '../../src/drafting/pseudonymise.ts';
import { sampleDigest, sampleIncident } from '../summaries/fixtures/sample-summaries.ts';

const RAW = [
  '27003',
  '27011',
  '88812',
  'U04PUTRI01',
  'U05CSVEND2',
  'U06ONCALL3',
  'siti@example.com',
  '812-3456-7890',
  'nobody answers',
];

describe('pseudonymise', () => {
  it('leaves no raw identifier, phone, e-mail or quoted ticket text in the facts', () => {
    for (const facts of [sampleDigest, sampleIncident]) {
      const json = JSON.stringify(pseudonymise(facts).facts);
      for (const raw of RAW) expect(json).not.toContain(raw);
    }
  });

  it('gives stable pseudonyms and keeps figures, dates and the rest of the text', () => {
    const p = pseudonymise(sampleIncident);
    const note = p.facts.timeline[2]!.detail;
    expect(note).toBe(
      'merchant M1 and merchant M2 share a payout account; customer EMAIL1, PHONE1, ticket T1: "[ticket text]"',
    );
    expect(p.facts.incident.owner).toBe('U1');
    expect(p.facts.timeline[1]!.actor).toBe('U1');
    expect(p.facts.incident.openedAt).toBe('2025-06-02T07:00:00Z');
    expect(p.facts.timeline[0]!.detail).toBe('refund rate 11.2% against 2.1% expected in city=jakarta, category=spa');
    const d = pseudonymise(sampleDigest).facts;
    expect(d.incidents.list[2]!.slice).toEqual({ merchant_id: 'M1' });
    expect(d.incidents.list[2]!.title).toBe('Redemption failures at merchant_id=M1');
  });

  it('restores real values in what the model wrote, and leaves unknown pseudonyms alone', () => {
    const p = pseudonymise(sampleIncident);
    expect(p.restore('<@U1> found merchant M1 and M2 (ticket T1, PHONE1); M9 stays')).toBe(
      '<@U04PUTRI01> found merchant 27003 and 27011 (ticket 88812, +62 812-3456-7890); M9 stays',
    );
  });
});
