// Opt-in (CONCLUSION_SEEDS=7,11,23 with TEST_DATABASE_URL): seeds a 35-day demo per seed and holds each incident
// playbook's conclusion to the planted cause. Off by default: seeding takes about 20 s a seed.
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import type { InjectedIncident } from '../../src/demo/incident-types.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.ts';
import { resolveParams } from '../../src/playbooks/resolve-params.ts';
import { runPlaybook } from '../../src/playbooks/run-playbook.ts';
import type { RunConclusion } from '../../src/playbooks/run-types.ts';
import { createThrowawayDatabase } from '../helpers/test-database.ts';

const SEEDS = (process.env.CONCLUSION_SEEDS ?? '').split(',').filter(Boolean).map(Number);
const END = new Date('2026-11-26T00:00:00Z');
const catalog = demoCatalog();
const playbooks = loadPlaybooks().playbooks;

// What a conclusion must name for each planted kind: the label's slice or the injected entity.
const EXPECT: Record<string, { playbook: string; names: (c: RunConclusion, i: InjectedIncident) => boolean }[]> = {
  cs_sla_breach: [
    {
      playbook: 'cs-sla-breach',
      names: (c, i) =>
        c.elements.vendor === i.slice.vendor && /under-staffed: \d+(\.\d+)?% of its usual agent hours/.test(c.text),
    },
  ],
  moderation_qa_drop: [{ playbook: 'vendor-quality-drop', names: (c, i) => c.elements.vendor === i.slice.vendor }],
  fake_review_burst: [
    {
      playbook: 'fake-review-burst',
      names: (c, i) => [...i.cause.matchAll(/#(\d+)/g)].some((m) => m[1] === c.elements.merchant_id),
    },
  ],
  redemption_failure: [
    { playbook: 'redemption-failure', names: (c, i) => c.elements.pos_integration === i.slice.pos_integration },
  ],
  external_shock: [{ playbook: 'external-shock', names: (c, i) => c.elements.city === i.slice.city }],
  refund_spike: [
    {
      playbook: 'refund-spike',
      names: (c, i) => c.elements.city === i.slice.city && c.elements.category === i.slice.category,
    },
    { playbook: 'merchant-fraud-ring', names: (c) => /^A merchant ring: \d+ merchants/.test(c.text) },
  ],
};

describe.skipIf(SEEDS.length === 0 || !process.env.TEST_DATABASE_URL)('conclusions on other seeds', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it.each(SEEDS)(
    'seed %i: each incident playbook concludes with the planted cause',
    async (seed) => {
      const db = await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, 'vigil_test_conclusions', 4);
      closers.push(() => db.close());
      const seeded = await seedDemo(db.pool, { days: 35, seed, end: END });
      const misses: string[] = [];
      for (const incident of seeded.incidents) {
        for (const { playbook: id, names } of EXPECT[incident.kind] ?? []) {
          const pb = playbooks.find((p) => p.id === id)!;
          const given: Record<string, string> = { from: incident.start, to: incident.end };
          for (const [k, v] of Object.entries(incident.slice)) if (pb.params[k]) given[k] = v;
          const resolved = resolveParams(pb, given, {
            now: END,
            timezone: 'Asia/Singapore',
            metrics: new Map(catalog.map((m) => [m.id, []])),
          });
          if (!resolved.ok) throw new Error(resolved.message);
          const run = await runPlaybook(pb, resolved.values, {
            warehouse: db.pool,
            timezone: 'Asia/Singapore',
            catalog,
          });
          const c = run.conclusion;
          if (!c || !names(c, incident)) misses.push(`${id} on ${incident.id}: ${c?.text ?? '(none)'}`);
        }
      }
      expect(misses).toEqual([]);
    },
    300_000,
  );
});
