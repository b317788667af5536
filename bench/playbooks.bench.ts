// Playbook speed: a 120-day demo warehouse in a scratch database, every built-in playbook run several
// times with the injected incidents' slices and windows, median and max seconds each (target < 5 s),
// against a plain count of the orders in the same window measured in the same run.
import { seedDemo } from '../src/demo/seed-demo.ts';
import type { InjectedIncident } from '../src/demo/incident-types.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadPlaybooks } from '../src/playbooks/load-playbooks.ts';
import { resolveParams } from '../src/playbooks/resolve-params.ts';
import { runPlaybook } from '../src/playbooks/run-playbook.ts';
import { demoCatalog } from '../src/metrics/load-catalog.ts';
import { median, type BenchResult } from './bench-result.ts';
import { openScratchDatabase } from './scratch-database.ts';

const END = new Date('2026-11-26T00:00:00Z');
const DAYS = 120;
const SEED = 7;
const RUNS = Number(process.env.BENCH_PLAYBOOK_RUNS ?? 5);
const catalog = demoCatalog();
const TARGET_SECONDS = 5;

/** Parameters for each playbook: the window and slice of an injected incident of the kind it serves. */
function paramsFor(id: string, incidents: InjectedIncident[], ringMerchant: string): Record<string, string> {
  const of = (kind: string) => incidents.find((i) => i.kind === kind);
  const at = (i: InjectedIncident | undefined, slice = true) =>
    i ? { ...(slice ? i.slice : {}), from: i.start, to: i.end } : { to: END.toISOString() };
  switch (id) {
    case 'refund-spike':
    case 'merchant-fraud-ring':
      return at(of('refund_spike'));
    case 'metric-drilldown':
      return { metric: 'refund_rate', ...at(of('refund_spike'), false) };
    case 'redemption-failure':
      return at(of('redemption_failure'));
    case 'fake-review-burst':
      return at(of('fake_review_burst'));
    case 'vendor-quality-drop':
      return at(of('moderation_qa_drop'));
    case 'cs-sla-breach':
      return at(of('cs_sla_breach'));
    case 'external-shock':
      return at(of('external_shock'));
    case 'merchant-profile':
      return { merchant_id: ringMerchant, to: END.toISOString() };
    default:
      return { to: END.toISOString() };
  }
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const db = await openScratchDatabase('bench_playbooks');
  const results: BenchResult[] = [];
  try {
    await migrate(db.pool);
    console.error(`  seeding ${DAYS} days (seed ${SEED}) on ${db.where} ...`);
    const { incidents } = await seedDemo(db.pool, { days: DAYS, seed: SEED, end: END });
    await db.pool.query('ANALYZE');
    const ring = await db.pool.query<{ id: string }>(
      `SELECT merchant_id::text AS id FROM warehouse.merchants WHERE status = 'suspended' ORDER BY 1 LIMIT 1`,
    );
    const ringMerchant = ring.rows[0]?.id ?? '10001';
    const { playbooks, problems } = loadPlaybooks();
    if (problems.length > 0) throw new Error(`playbooks did not load: ${problems.join('; ')}`);
    for (const pb of playbooks) {
      const given = paramsFor(pb.id, incidents, ringMerchant);
      const resolved = resolveParams(pb, given, {
        now: END,
        timezone: 'Asia/Singapore',
        metrics: new Map(catalog.map((m) => [m.id, []])),
      });
      if (!resolved.ok) throw new Error(`${pb.id}: ${resolved.message}`);
      const from = String(resolved.values.from ?? new Date(END.getTime() - 86_400_000).toISOString());
      const to = String(resolved.values.to ?? END.toISOString());
      const seconds: number[] = [];
      const baseline: number[] = [];
      let failed: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        let began = performance.now();
        const result = await runPlaybook(
          pb,
          resolved.values,
          { warehouse: db.pool, timezone: 'Asia/Singapore', catalog },
          { clock: () => END },
        );
        seconds.push((performance.now() - began) / 1000);
        failed = result.steps.filter((s) => !s.ok).map((s) => s.id);
        began = performance.now();
        await db.pool.query('SELECT count(*) FROM warehouse.orders WHERE paid_at >= $1 AND paid_at < $2', [from, to]);
        baseline.push((performance.now() - began) / 1000);
      }
      const med = median(seconds);
      const max = Math.max(...seconds);
      console.error(`  ${pb.id}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s`);
      results.push({
        name: `playbook ${pb.id} on the ${DAYS}-day demo warehouse (${db.where})`,
        median: med,
        unit: 's',
        runs: RUNS,
        baseline: { name: 'SELECT count(*) FROM warehouse.orders over the same window', median: median(baseline) },
        ratio: med / Math.max(median(baseline), 1e-6),
        target: { text: `< ${TARGET_SECONDS} s, every step ok`, met: max < TARGET_SECONDS && failed.length === 0 },
        notes: `max ${max.toFixed(2)} s; params ${JSON.stringify(given)}${failed.length ? `; FAILED steps ${failed.join(', ')}` : ''}`,
      });
    }
  } finally {
    await db.close();
  }
  return results;
}
