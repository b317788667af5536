import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoSeedLock } from '../../src/demo/demo-seed-lock.ts';
import { seedDemo, type SeedResult } from '../../src/demo/seed-demo.ts';
import { TABLES } from '../../src/demo/warehouse-ddl.ts';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

// Every seeding here ends where the shared demo template does (35 days, seed 7).
const END = DEMO_TEMPLATE.end;
const TABLE_NAMES = [...Object.keys(TABLES), 'injected_incidents'].sort();

/** An order-independent fingerprint of every row of every warehouse table: row count and a sum of row hashes (no sort, unlike an ordered md5 of all rows). */
async function checksums(pool: pg.Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLE_NAMES) {
    const { rows } = await pool.query(
      `SELECT count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) AS sum FROM warehouse.${table} x`,
    );
    out[table] = rows[0].sum as string;
  }
  return out;
}

async function schemas(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'warehouse%' ORDER BY 1`);
  return rows.map((r: { nspname: string }) => r.nspname);
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'warehouse' ORDER BY 1`,
  );
  return rows.map((r: { table_name: string }) => r.table_name);
}

describe.each(testDatabaseKinds)('re-seeding the demo on %s', (kind) => {
  let db: TestDatabase;
  let first: SeedResult;
  let firstSums: Record<string, string>;

  beforeAll(async () => {
    // The first warehouse is a copy of the shared template, seeded by the same code in the run's global setup.
    const demo = await openDemoDatabase(kind);
    db = demo;
    first = demo.seeded;
    firstSums = await checksums(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('gives byte-identical data and labels for the same seed, days and end', async () => {
    const again = await seedDemo(db.pool, { ...DEMO_TEMPLATE });
    expect(again.incidents).toEqual(first.incidents);
    expect(again.rows).toEqual(first.rows);
    expect(await checksums(db.pool)).toEqual(firstSums);
  });

  it('replaces the whole schema for another seed, with different data and incidents and no leftovers', async () => {
    const other = await seedDemo(db.pool, { days: 35, seed: 4, end: END });
    expect(await schemas(db.pool)).toEqual(['warehouse']);
    expect(await tables(db.pool)).toEqual(TABLE_NAMES);
    const sums = await checksums(db.pool);
    for (const table of [
      'orders',
      'redemptions',
      'refunds',
      'tickets',
      'reviews',
      'moderation_cases',
      'injected_incidents',
    ]) {
      expect(sums[table], table).not.toBe(firstSums[table]);
    }
    const where = (r: SeedResult) => r.incidents.map((i) => `${i.kind} ${i.start} ${JSON.stringify(i.slice)}`);
    expect(where(other)).not.toEqual(where(first));
    const { rows } = await db.pool.query('SELECT id FROM warehouse.injected_incidents ORDER BY id');
    expect(rows.map((r: { id: string }) => r.id)).toEqual(other.incidents.map((i) => i.id).sort());
  });

  it('leaves the previous warehouse untouched and no staging schema when seeding fails midway', async () => {
    const before = await checksums(db.pool);
    const log = (msg: string) => {
      if (msg.startsWith('generated day 20/')) throw new Error('disk full (simulated)');
    };
    const failing = seedDemo(db.pool, { days: 35, seed: 5, end: END, log });
    await expect(failing).rejects.toMatchObject({
      code: 'vigil_demo_seed_failed',
      message: expect.stringContaining('disk full'),
    });
    expect(await schemas(db.pool)).toEqual(['warehouse']);
    expect(await checksums(db.pool)).toEqual(before);
  });

  it('stops at the next day when aborted, keeping the previous warehouse and no staging schema', async () => {
    const before = await checksums(db.pool);
    const stop = new AbortController();
    const log = (msg: string) => {
      if (msg.startsWith('generated day 10/')) stop.abort();
    };
    const aborted = seedDemo(db.pool, { days: 35, seed: 6, end: END, log, signal: stop.signal });
    await expect(aborted).rejects.toMatchObject({ code: 'vigil_demo_seed_aborted' });
    expect(await schemas(db.pool)).toEqual(['warehouse']);
    expect(await checksums(db.pool)).toEqual(before);
  });

  it('sweeps staging schemas left by a killed seeding before the next one, under the seed lock', async () => {
    await db.pool.query('CREATE SCHEMA warehouse_seed_0123456789ab');
    await db.pool.query('CREATE TABLE warehouse_seed_0123456789ab.orders (id int)');
    const seen = await withDemoSeedLock(db.pool, () => schemas(db.pool));
    expect(seen).toEqual(['warehouse']);
  });
});
