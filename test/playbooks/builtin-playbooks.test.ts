// The shipped playbooks: every file loads, and on a seeded 35-day demo warehouse each one runs and the
// key ones name the injected incident's cause (ring merchants, burst merchants and devices, the failing POS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectedIncident } from '../../src/demo/incident-types.ts';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import type { Playbook } from '../../src/playbooks/playbook-schema.ts';
import { resolveParams } from '../../src/playbooks/resolve-params.ts';
import { runPlaybook } from '../../src/playbooks/run-playbook.ts';
import type { PlaybookRunResult } from '../../src/playbooks/run-types.ts';
import { DEMO_TEMPLATE, openDemoDatabase, type DemoTestDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

// The shared seeded demo (35 days, seed 7, ending 2026-11-26), copied per database.
const END = DEMO_TEMPLATE.end;
const BUILT_IN = [
  'cs-sla-breach',
  'dispute-spike',
  'external-shock',
  'fake-review-burst',
  'merchant-fraud-ring',
  'merchant-profile',
  'metric-drilldown',
  'redemption-failure',
  'refund-spike',
  'vendor-quality-drop',
];
const catalog = demoCatalog();
const loaded = loadPlaybooks();

describe('the built-in playbooks', () => {
  it('all load without problems', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.playbooks.map((p) => p.id)).toEqual(expect.arrayContaining(BUILT_IN));
  });
});

function playbook(id: string): Playbook {
  const found = loaded.playbooks.find((p) => p.id === id);
  if (!found) throw new Error(`playbook ${id} did not load`);
  return found;
}

describe.each(testDatabaseKinds)('the built-in playbooks on a seeded demo warehouse on %s', (kind) => {
  let db: DemoTestDatabase;
  let incidents: InjectedIncident[];

  const run = async (id: string, given: Record<string, string>): Promise<PlaybookRunResult> => {
    const pb = playbook(id);
    const resolved = resolveParams(pb, given, {
      now: END,
      timezone: 'Asia/Singapore',
      metrics: new Map(catalog.map((m) => [m.id, []])),
    });
    if (!resolved.ok) throw new Error(`${id}: ${resolved.message}`);
    const result = await runPlaybook(
      pb,
      resolved.values,
      { warehouse: db.pool, timezone: 'Asia/Singapore', catalog },
      { clock: () => END },
    );
    const failed = result.steps.filter((s) => !s.ok).map((s) => `${s.id}: ${s.error?.message}`);
    expect(failed, id).toEqual([]);
    return result;
  };
  const window = (i: InjectedIncident) => ({ from: i.start, to: i.end });
  const step = (r: PlaybookRunResult, id: string) => r.steps.find((s) => s.id === id)!;
  const first = (k: string) => incidents.find((i) => i.kind === k);

  beforeAll(async () => {
    db = await openDemoDatabase(kind);
    incidents = db.seeded.incidents;
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('refund-spike ranks the ring merchants first, and merchant-fraud-ring walks from them to the ring', async () => {
    const spike = first('refund_spike');
    if (!spike) return;
    const ring = (
      await db.pool.query<{ id: string }>(
        `SELECT m.merchant_id::text AS id FROM warehouse.merchants m JOIN warehouse.cities c ON c.city_id = m.city_id
        WHERE c.slug = $1 AND m.category_l2 = $2 AND m.onboarded_at > $3::timestamptz - interval '30 days'
          AND m.payout_account_hash IN (SELECT payout_account_hash FROM warehouse.merchants GROUP BY 1 HAVING count(*) >= 3)`,
        [spike.slice.city, spike.slice.category, spike.start],
      )
    ).rows.map((r) => r.id);
    expect(ring.length).toBeGreaterThanOrEqual(3);
    const result = await run('refund-spike', { ...spike.slice, ...window(spike) });
    const top = step(result, 'top_merchants')
      .data.slice(0, 3)
      .map((r) => String(r.merchant_id));
    expect(top.length).toBeGreaterThan(0);
    for (const id of top) expect(ring).toContain(id);

    const fraud = await run('merchant-fraud-ring', { ...spike.slice, ...window(spike) });
    const members = step(fraud, 'component').data.map((r) => String(r.merchant_id));
    expect(members.sort()).toEqual(ring.sort());
  }, 120_000);

  it('fake-review-burst names the burst merchants and their shared devices', async () => {
    const burst = first('fake_review_burst');
    if (!burst) return;
    const targets = [...burst.cause.matchAll(/#(\d+)/g)].map((m) => m[1]!);
    const result = await run('fake-review-burst', { ...burst.slice, ...window(burst) });
    const top = step(result, 'bursting_merchants')
      .data.slice(0, targets.length)
      .map((r) => String(r.merchant_id));
    expect(top.sort()).toEqual([...targets].sort());
    const shared = step(result, 'shared_identifiers').data.filter((r) => r.kind === 'device');
    expect(shared.length).toBeGreaterThan(0);
    for (const t of targets) expect(String(shared[0]!.merchant_ids)).toContain(t);
  }, 120_000);

  it('redemption-failure names the failing POS integration', async () => {
    const outage = first('redemption_failure');
    if (!outage) return;
    const result = await run('redemption-failure', window(outage));
    expect(step(result, 'by_integration').data[0]!.pos_integration).toBe(outage.slice.pos_integration);
    expect(step(result, 'drilldown').causes?.[0]?.elements.pos_integration).toBe(outage.slice.pos_integration);
  }, 120_000);

  it('metric-drilldown localises any catalog metric: the failing POS from redemption_failure_rate alone', async () => {
    const outage = first('redemption_failure');
    if (!outage) return;
    const result = await run('metric-drilldown', { metric: 'redemption_failure_rate', ...window(outage) });
    expect(step(result, 'cells').causes?.[0]?.elements).toEqual({ pos_integration: outage.slice.pos_integration });
    expect(step(result, 'cells').sql).toHaveLength(5);
  }, 120_000);

  it('external-shock finds the whole city down at once', async () => {
    const shock = first('external_shock');
    if (!shock) return;
    const result = await run('external-shock', { ...shock.slice, ...window(shock) });
    const row = step(result, 'breadth').data[0]!;
    expect(row.city).toBe(shock.slice.city);
    expect(Number(row.breadth)).toBeGreaterThanOrEqual(0.5);
  }, 120_000);

  it('cs-sla-breach and vendor-quality-drop localise the vendor', async () => {
    const breach = first('cs_sla_breach');
    if (breach) {
      const result = await run('cs-sla-breach', { ...breach.slice, ...window(breach) });
      expect(step(result, 'reply_times').data[0]!.vendor).toBe(breach.slice.vendor);
    }
    const qa = first('moderation_qa_drop');
    if (qa) {
      const result = await run('vendor-quality-drop', { ...qa.slice, ...window(qa) });
      const accuracy = step(result, 'accuracy').data[0]!;
      expect(Number(accuracy.current)).toBeLessThan(Number(accuracy.baseline));
    }
  }, 120_000);

  // Each playbook's last word names the planted cause, in the units and local times users read.
  it('every built-in playbook ends with a conclusion naming the planted cause', async () => {
    for (const pb of loaded.playbooks) expect(pb.steps.at(-1)!.kind, pb.id).toBe('conclusion');
    const conclude = async (id: string, i: InjectedIncident, extra: Record<string, string> = {}) => {
      const pb = playbook(id);
      const given: Record<string, string> = { ...window(i), ...extra };
      for (const [k, v] of Object.entries(i.slice)) if (pb.params[k]) given[k] = v;
      const c = (await run(id, given)).conclusion;
      expect(c, id).toBeDefined();
      return c!;
    };
    const breach = first('cs_sla_breach');
    if (breach) {
      const c = await conclude('cs-sla-breach', breach);
      expect(c.elements.vendor).toBe(breach.slice.vendor);
      // The planted share of scheduled agents ("only 53% of its scheduled agents") is the share of usual agent hours.
      const planted = Number(/(\d+)% of its scheduled/.exec(breach.cause)![1]);
      const said = Number(/: (\d+(?:\.\d+)?)% of its usual agent hours/.exec(c.text)?.[1]);
      expect(Math.abs(said - planted), c.text).toBeLessThanOrEqual(5);
      expect(c.text).toMatch(new RegExp(`^${breach.slice.vendor} was under-staffed`));
      // Local times (Asia/Singapore): the UTC start of the window 00:00 reads 08:00.
      expect(c.text).toMatch(/\d{2}:\d{2}/);
      expect(c.text).not.toMatch(/T\d{2}:\d{2}|Z\b/);
    }
    const qa = first('moderation_qa_drop');
    if (qa) expect((await conclude('vendor-quality-drop', qa)).elements).toMatchObject(qa.slice);
    const burst = first('fake_review_burst');
    if (burst) {
      const c = await conclude('fake-review-burst', burst);
      const targets = [...burst.cause.matchAll(/#(\d+)/g)].map((m) => m[1]!);
      expect(targets).toContain(c.elements.merchant_id);
      for (const t of targets) expect(c.text).toContain(t);
    }
    const outage = first('redemption_failure');
    if (outage) {
      const c = await conclude('redemption-failure', outage);
      expect(c.elements).toEqual(outage.slice);
      expect(c.text).toContain(`The ${outage.slice.pos_integration} POS integration was failing`);
      const m = await conclude('metric-drilldown', outage, { metric: 'redemption_failure_rate' });
      expect(m.elements).toEqual(outage.slice);
    }
    const shock = first('external_shock');
    if (shock) {
      const c = await conclude('external-shock', shock);
      expect(c.elements).toEqual(shock.slice);
      expect(c.text).toMatch(/^An external shock in /);
    }
    const spike = first('refund_spike');
    if (spike) {
      const c = await conclude('refund-spike', spike);
      expect(c.elements).toMatchObject(spike.slice);
      expect(c.text).toContain('merchant_tenure=new');
      const ring = await conclude('merchant-fraud-ring', spike);
      expect(ring.text).toMatch(/^A merchant ring: \d+ merchants/);
    }
  }, 300_000);

  it('dispute-spike projects a merchant over the threshold, and merchant-profile runs', async () => {
    // The demo injects no chargebacks; turn some refunds of one merchant into disputes (this database is a throwaway).
    const { rows } = await db.pool.query<{ merchant_id: string }>(
      `SELECT o.merchant_id::text FROM warehouse.orders o WHERE o.payment_method = 'card' AND o.paid_at >= $1::timestamptz - interval '20 days'
        GROUP BY 1 HAVING count(*) BETWEEN 30 AND 400 ORDER BY count(*) DESC LIMIT 1`,
      [END],
    );
    const merchant = rows[0]!.merchant_id;
    await db.pool.query(
      `INSERT INTO warehouse.refunds (refund_id, order_id, requested_at, amount, amount_usd, kind, reason_code, fault_party, auto_approved)
       SELECT 900000000 + row_number() OVER (), o.order_id, greatest(o.paid_at + interval '1 hour', $2::timestamptz - interval '5 days'), o.gmv, o.gmv_usd, 'chargeback', 'fraud', 'user', false
         FROM warehouse.orders o WHERE o.merchant_id = $1 AND o.payment_method = 'card' AND o.paid_at >= date_trunc('month', $2::timestamptz)
          AND o.paid_at < $2::timestamptz - interval '1 day' LIMIT 12`,
      [merchant, END],
    );
    const result = await run('dispute-spike', { to: END.toISOString() });
    const projection = step(result, 'projection').data;
    expect(String(projection[0]!.merchant_id)).toBe(merchant);
    expect(projection[0]!.likely_breach).toBe(true);
    expect(step(result, 'top_merchants').data.map((r) => String(r.merchant_id))).toContain(merchant);
    expect(result.conclusion?.elements).toEqual({ merchant_id: merchant });
    expect(result.conclusion?.text).toContain('is over the dispute threshold');

    const profile = await run('merchant-profile', { merchant_id: merchant, to: END.toISOString() });
    expect(step(profile, 'identity').data[0]!.merchant_id).toBeDefined();
    expect(Number(step(profile, 'health').data[0]!.disputes)).toBeGreaterThan(0);
  }, 120_000);
});
