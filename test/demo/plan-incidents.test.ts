import { describe, expect, it } from 'vitest';
import { generateMerchants, merchantRow } from '../../src/demo/generate-merchants.ts';
import { INCIDENT_KINDS, METRIC_IDS, SLICE_KEYS } from '../../src/demo/incident-types.ts';
import { BASELINE_DAYS, planIncidents } from '../../src/demo/plan-incidents.ts';
import { DAY } from '../../src/demo/seasonality.ts';

const END = Date.parse('2025-06-03T10:00:00Z') / 1000;

function plan(seed: number, days: number) {
  const start = END - days * DAY;
  return planIncidents(seed, start, END, generateMerchants(seed, start, days));
}

describe('planIncidents', () => {
  it.each([35, 45, 120, 365])(
    'places every kind after a clean baseline, inside the period, with one still live (%i days)',
    (days) => {
      for (let seed = 0; seed < 10; seed++) {
        const { incidents, effects } = plan(seed, days);
        expect(new Set(incidents.map((i) => i.kind))).toEqual(new Set(INCIDENT_KINDS));
        expect(effects).toHaveLength(incidents.length);
        for (const i of incidents) {
          const start = Date.parse(i.start) / 1000;
          const end = Date.parse(i.end) / 1000;
          expect(start).toBeGreaterThanOrEqual(END - days * DAY + BASELINE_DAYS * DAY);
          expect(end).toBeLessThanOrEqual(END);
          expect(end).toBeGreaterThan(start);
          expect(METRIC_IDS as readonly string[]).toContain(i.metric);
          for (const key of Object.keys(i.slice)) expect(SLICE_KEYS as readonly string[]).toContain(key);
          expect(Object.values(i.slice).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
          expect(i.cause.length).toBeGreaterThan(40);
        }
        expect(new Set(incidents.map((i) => i.id)).size).toBe(incidents.length);
        // Something other than the slow drift is still going on in the final two days.
        expect(incidents.some((i) => i.kind !== 'slow_drift' && Date.parse(i.end) / 1000 === END)).toBe(true);
      }
    },
  );

  it('labels each kind with its metric and slice shape', () => {
    const shapes: Record<string, [string[], string[]]> = {
      refund_spike: [['refund_rate'], ['category,city']],
      redemption_failure: [['redemption_failure_rate'], ['pos_integration']],
      fake_review_burst: [['inauthentic_review_share'], ['category,city']],
      moderation_qa_drop: [['moderation_qa_accuracy'], ['language,vendor']],
      cs_sla_breach: [['cs_first_response_sla'], ['vendor', 'language,vendor']],
      external_shock: [['order_volume'], ['city']],
      slow_drift: [['merchant_cancellation_rate', 'negative_review_rate'], ['category,city']],
    };
    for (let seed = 10; seed < 20; seed++) {
      for (const i of plan(seed, 120).incidents) {
        const [metrics, slices] = shapes[i.kind]!;
        expect(metrics).toContain(i.metric);
        expect(slices).toContain(Object.keys(i.slice).sort().join(','));
      }
    }
  });

  it('is a pure function of seed, days and end', () => {
    expect(plan(5, 60)).toEqual(plan(5, 60));
  });

  it('moves incidents in time and place with the seed', () => {
    const fingerprint = (seed: number) =>
      plan(seed, 120).incidents.map((i) => `${i.kind}@${i.start}:${JSON.stringify(i.slice)}`);
    const seen = new Set([1, 2, 3, 4].map((s) => fingerprint(s).join('|')));
    expect(seen.size).toBe(4);
    const slices = new Set(
      [1, 2, 3, 4, 5, 6].map((s) =>
        JSON.stringify(plan(s, 120).incidents.find((i) => i.kind === 'refund_spike')!.slice),
      ),
    );
    expect(slices.size).toBeGreaterThan(1);
  });

  it('gives a refund spike a ring of new merchants sharing one payout account, active before and suspended at its end', () => {
    for (let seed = 0; seed < 6; seed++) {
      const { incidents, ringMerchants } = plan(seed, 90);
      const spikes = incidents.filter((i) => i.kind === 'refund_spike');
      expect(ringMerchants.length).toBeGreaterThanOrEqual(3 * spikes.length);
      for (const spike of spikes) {
        const start = Date.parse(spike.start) / 1000;
        const ring = ringMerchants.filter((m) => m.ring?.start === start);
        expect(ring.length).toBeGreaterThanOrEqual(3);
        expect(new Set(ring.map((m) => m.payoutHash)).size).toBe(1);
        expect(spike.cause).toContain(ring[0]!.payoutHash.slice(0, 6));
        for (const m of ring) {
          expect(start - m.onboardedAt).toBeLessThan(30 * DAY);
          expect(merchantRow(m, END)[7]).toBe(m.ring!.end < END ? 'suspended' : 'active');
        }
      }
    }
  });
});
