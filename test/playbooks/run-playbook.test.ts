// The engine on a real database: a tiny warehouse, every step kind, stored runs, bound parameters,
// read-only queries, timeouts and failures that keep the steps that did finish.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPlaybookService } from '../../src/playbooks/create-playbook-service.ts';
import type { PlaybookService } from '../../src/playbooks/playbook-service-types.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const DIR = fileURLToPath(new URL('./fixtures/engine/', import.meta.url));
const config = loadConfig({ VIGIL_CONFIG: fileURLToPath(new URL('../../vigil.yml', import.meta.url)) });

async function seedTinyWarehouse(db: TestDatabase): Promise<void> {
  await db.pool.query('DROP SCHEMA IF EXISTS wh_pb CASCADE');
  await db.pool.query('CREATE SCHEMA wh_pb');
  await db.pool.query('CREATE SEQUENCE wh_pb.counter');
  await db.pool.query(
    'CREATE TABLE wh_pb.orders (order_id int PRIMARY KEY, shop text, city text, paid_at timestamptz)',
  );
  await db.pool.query('CREATE TABLE wh_pb.refunds (order_id int PRIMARY KEY)');
  // 8 days x 4 shops x 50 orders; every 20th order refunded (5 %), except shop s1 in jakarta on the
  // last day, which refunds 30 of its 50 orders.
  await db.pool.query(`INSERT INTO wh_pb.orders
    SELECT d * 1000 + s * 100 + n, 's' || s, CASE WHEN s < 2 THEN 'jakarta' ELSE 'bandung' END,
           timestamptz '2026-02-22T00:00:00Z' + d * interval '1 day' + n * interval '20 minutes'
      FROM generate_series(0, 7) d, generate_series(0, 3) s, generate_series(0, 49) n`);
  await db.pool.query(`INSERT INTO wh_pb.refunds SELECT order_id FROM wh_pb.orders
    WHERE order_id % 20 = 0 OR (order_id >= 7100 AND order_id < 7130)`);
}

describe.each(testDatabaseKinds)('playbook engine on %s', (kind) => {
  let db: TestDatabase;
  let service: PlaybookService;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    await seedTinyWarehouse(db);
    service = createPlaybookService({
      pool: db.pool,
      warehouse: db.pool,
      config,
      logger: pino({ level: 'silent' }),
      clock: () => new Date('2026-03-02T00:30:00Z'),
      dir: DIR,
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the fixtures without problems and suggests by metric', () => {
    expect(service.problems()).toEqual([]);
    expect(service.list().map((p) => p.id)).toEqual(['probe', 'shop-refunds', 'writer']);
    // The catalog's own playbook for refund_rate (refund-spike) is not in this folder, so only the listing one remains.
    expect(service.suggestFor('refund_rate')).toEqual(['shop-refunds']);
  });

  it('runs every step kind, finds the shop that moved, and stores the run', async () => {
    const progress: string[] = [];
    const out = await service.run(
      'shop-refunds',
      {},
      {
        requestedBy: 'U1',
        channelId: 'C1',
        onProgress: (p) => {
          progress.push(`${p.index}/${p.total} ${p.step.title}`);
        },
      },
    );
    if (!out.ok) throw new Error(out.message);
    const { result, runId } = out;
    expect(result.ok).toBe(true);
    expect(progress).toEqual(
      expect.arrayContaining(['1/8 comparing with the baseline (rate)', '4/8 drilling down by city x shop']),
    );
    const step = (id: string) => result.steps.find((s) => s.id === id)!;
    // Each shop refunds orders 0, 20 and 40 of its 50 a day (12 of 200); on the last day s1 also refunds 1-29 (40 of 200).
    expect(step('rate').data[0]).toMatchObject({ current: 40 / 200, baseline: 12 / 200 });
    expect(step('shops').data[0]).toMatchObject({ shop: 's1', events: 31, exposure: 50 });
    // s1 is the one leaf that moved (and the only s1 there is); jakarta's other shop did not.
    expect(step('drill').causes?.[0]?.elements.shop).toBe('s1');
    expect(step('chart').png?.subarray(1, 4).toString()).toBe('PNG');
    expect(step('headline').text).toMatch(/^s1 leads with 2\d refunds above expected; the rate is 20%\.$/);
    expect(step('summary').text).toContain('Refund rate: 20% against 6% expected');
    expect(result.findings.length).toBeGreaterThanOrEqual(4);

    const stored = await service.readRun(runId!);
    expect(stored).toMatchObject({ runId, requestedBy: 'U1', channelId: 'C1', status: 'succeeded' });
    expect(stored!.result.steps.map((s) => [s.id, s.ok, s.rows])).toEqual(
      result.steps.map((s) => [s.id, s.ok, s.rows]),
    );
    expect(stored!.result.steps[0]!.sql).toHaveLength(5);
    expect(stored!.result.steps[0]!.sql[1]!.params).toMatchObject({
      from: '2026-02-22T00:00:00.000Z',
      to: '2026-02-23T00:00:00.000Z',
    });
    expect(stored!.result.steps.some((s) => 'png' in s)).toBe(false);
  });

  it('a dry run lists the SQL with its parameters and stores nothing', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM playbook_runs');
    const out = await service.run('shop-refunds', { city: 'jakarta' }, { requestedBy: 'U1', dryRun: true });
    if (!out.ok) throw new Error(out.message);
    expect(out.runId).toBeNull();
    expect(out.result.steps.map((s) => s.sql.length)).toEqual([5, 1, 1, 0, 1, 0, 0, 0]);
    expect(out.result.steps[0]!.sql[0]!.params).toMatchObject({ city: 'jakarta', from: '2026-03-01T00:00:00.000Z' });
    expect(out.result.steps.every((s) => s.rows === 0)).toBe(true);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM playbook_runs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('binds every parameter type: injection attempts are data, or refused by the type', async () => {
    const attack = "x'); DROP TABLE wh_pb.orders; --";
    const out = await service.run('probe', { s: attack, sl: `city=${attack}` }, { requestedBy: 'U1' });
    if (!out.ok) throw new Error(out.message);
    expect(out.result.steps[0]!.data[0]).toMatchObject({
      s: attack,
      e: 'a',
      i: 1,
      d: 3600,
      m: 'refund_rate',
      city: attack.split(',')[0],
      orders: '1600',
    });
    // The enum value with a quote travels as data too.
    const quoted = await service.run('probe', { e: "b'c" }, { requestedBy: 'U1' });
    expect(quoted.ok && quoted.result.steps[0]!.data[0]!.e).toBe("b'c");
    for (const [name, value] of [
      ['i', '1; DROP TABLE wh_pb.orders'],
      ['d', "1h'; DROP TABLE x"],
      ['t', "2026-03-01'; DROP TABLE x"],
      ['m', "refund_rate'--"],
      ['e', "a' OR '1'='1"],
      ['statement', 'write; DROP'],
    ]) {
      const r = await service.run('probe', { [name!]: value! }, { requestedBy: 'U1' });
      expect(r).toMatchObject({ ok: false, code: 'vigil_playbook_param_invalid' });
    }
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM wh_pb.orders');
    expect(rows[0].n).toBe(1600);
  });

  it('cannot write: a sequence bump, a deleting CTE and a second statement are all refused', async () => {
    const out = await service.run('writer', {}, { requestedBy: 'U1' });
    if (!out.ok) throw new Error(out.message);
    expect(out.result.ok).toBe(false);
    expect(out.result.steps.map((s) => s.ok)).toEqual([false, false, false]);
    expect(out.result.steps[0]!.error?.code).toBe('vigil_warehouse_read_only');
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM wh_pb.refunds');
    expect(rows[0].n).toBeGreaterThan(0);
    const seq = await db.pool.query('SELECT last_value, is_called FROM wh_pb.counter');
    expect(seq.rows[0].is_called).toBe(false);
  });

  it('a failed step is reported, what reads it is skipped, the rest still runs and the run is stored as failed', async () => {
    const out = await service.run('probe', { statement: 'fail' }, { requestedBy: 'U1' });
    if (!out.ok) throw new Error(out.message);
    const [echo, act, after, chart] = out.result.steps;
    expect(echo!.ok).toBe(true);
    expect(act).toMatchObject({ ok: false, skipped: false, error: { code: 'vigil_warehouse_query_failed' } });
    expect(after).toMatchObject({ ok: true, text: '1600 orders' });
    expect(chart).toMatchObject({ ok: false, skipped: true, error: { code: 'vigil_playbook_step_skipped' } });
    const stored = await service.readRun(out.runId!);
    expect(stored?.status).toBe('failed');
    expect(stored?.result.steps[0]!.data[0]).toMatchObject({ orders: '1600' });
  });

  it.runIf(kind === 'postgres')('cancels a step that runs past its timeout and keeps the finished ones', async () => {
    const t0 = Date.now();
    const out = await service.run('probe', { statement: 'sleep' }, { requestedBy: 'U1' });
    if (!out.ok) throw new Error(out.message);
    expect(Date.now() - t0).toBeLessThan(4000);
    const act = out.result.steps[1]!;
    expect(act.error?.code).toBe('vigil_warehouse_timeout');
    expect(act.error?.message).toMatch(/longer than 1 s and was cancelled/);
    const stored = await service.readRun(out.runId!);
    expect(stored).toMatchObject({ status: 'failed' });
    expect(stored!.result.steps[0]).toMatchObject({ ok: true, rows: 1 });
    // The cancelled query holds nothing: the pool still answers at once.
    const { rows } = await db.pool.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(5)%' AND state = 'active' AND pid <> pg_backend_pid()",
    );
    expect(rows[0].n).toBe(0);
  });
});
