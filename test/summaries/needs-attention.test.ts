import { describe, expect, it } from 'vitest';
import { needsAttention, rankAttention } from '../../src/summaries/needs-attention.ts';
import { sampleDigest } from './fixtures/sample-summaries.ts';
import type { DigestFacts } from '../../src/summaries/digest-facts-schema.ts';

const base = sampleDigest;

describe('needs attention', () => {
  it('ranks the open SEV2 after red metrics it does not explain, and skips a red metric its SEV2 explains', () => {
    // refund_rate is red and carries the open SEV2 #12; chat_frt_p90 is red with only a SEV3 on it.
    const items = rankAttention(base);
    expect(items.slice(0, 2)).toEqual([
      { kind: 'metric', ref: 'chat_frt_p90' },
      { kind: 'incident', ref: '12' },
    ]);
    expect(items).not.toContainEqual({ kind: 'metric', ref: 'refund_rate' });
  });

  it('puts an open SEV1 first and lists at most three, counting the rest', () => {
    const sev1 = { ...base.incidents.list[0]!, id: 99, severity: 1, metricId: null };
    const f: DigestFacts = {
      ...base,
      incidents: { ...base.incidents, list: [...base.incidents.list, sev1] },
      actions: base.actions.map((a) => ({ ...a, due: '2025-06-01T00:00:00Z' })),
    };
    const all = rankAttention(f);
    expect(all[0]).toEqual({ kind: 'incident', ref: '99' });
    const { needsAttention: shown, moreNeedingAttention } = needsAttention(f);
    expect(shown).toHaveLength(3);
    expect(moreNeedingAttention).toBe(all.length - 3);
    expect(all.filter((i) => i.kind === 'action_overdue').length).toBeGreaterThan(0);
  });

  it('lists an overdue update of a SEV3 but not of a SEV2 (its own item says it)', () => {
    const late = '2025-06-02T00:00:00Z';
    const f: DigestFacts = {
      ...base,
      incidents: { ...base.incidents, list: base.incidents.list.map((i) => ({ ...i, nextUpdateAt: late })) },
    };
    const items = rankAttention(f);
    expect(items).toContainEqual({ kind: 'update_overdue', ref: '13' });
    expect(items).not.toContainEqual({ kind: 'update_overdue', ref: '12' });
    // Resolved incidents owe no update.
    expect(items).not.toContainEqual({ kind: 'update_overdue', ref: '11' });
  });

  it('is empty when every metric is green, nothing severe is open and nothing is overdue', () => {
    const f: DigestFacts = {
      ...base,
      metrics: base.metrics.map((m) => ({ ...m, status: 'green' as const })),
      incidents: { ...base.incidents, list: [] },
      actions: [],
    };
    expect(needsAttention(f)).toEqual({ needsAttention: [], moreNeedingAttention: 0 });
  });
});
