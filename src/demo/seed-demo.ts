// `vigil demo seed`: builds the synthetic marketplace in a staging schema, then swaps it in as `warehouse`
// in one transaction, so readers see the old warehouse or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { TableWriter } from './bulk-insert.ts';
import { generateDay } from './generate-day.ts';
import { cellIndex, generateMerchants, merchantRow, type Merchant } from './generate-merchants.ts';
import { generateVendorIntervals, intervalPairs } from './generate-vendor-intervals.ts';
import { Effects } from './incident-effects.ts';
import type { InjectedIncident } from './incident-types.ts';
import { CITIES } from './markets.ts';
import { VENDORS } from './partners.ts';
import { planIncidents, type IncidentPlan } from './plan-incidents.ts';
import { DAY, Seasonality, holidayRows } from './seasonality.ts';
import { validateSeedOptions, type SeedOptions } from './seed-options.ts';
import { Users } from './users.ts';
import { TABLES, createIndexesSql, createTablesSql } from './warehouse-ddl.ts';
import { ContactCounter, Ids, type World, type Writers } from './world.ts';

/** The labels and options types, re-exported so callers need only this module. */
export type { InjectedIncident } from './incident-types.ts';
export type { SeedOptions } from './seed-options.ts';

/** What a seeding produced: the ground-truth incidents, rows per table, and how long it took. */
export interface SeedResult {
  incidents: InjectedIncident[];
  rows: Record<string, number>;
  ms: number;
}

/** Writes the demo marketplace into the `warehouse` schema, replacing any previous one atomically. */
export async function seedDemo(pool: pg.Pool, opts: SeedOptions): Promise<SeedResult> {
  const { days, seed, end } = validateSeedOptions(opts);
  const log = opts.log ?? (() => {});
  const began = performance.now();
  const start = end - days * DAY;
  const merchants = generateMerchants(seed, start, days);
  const plan = planIncidents(seed, start, end, merchants);
  const input: LoadInput = {
    seed,
    start,
    end,
    days,
    merchants: [...merchants, ...plan.ringMerchants],
    plan,
    log,
    signal: opts.signal,
  };
  let rows: Record<string, number>;
  try {
    // One client throughout: on the embedded database all connections share one session, so a
    // transaction here would make queries on any other client wait for it.
    const client = await pool.connect();
    try {
      rows = await buildAndSwap(client, `warehouse_seed_${randomBytes(6).toString('hex')}`, input);
      client.release();
    } catch (err) {
      // The connection may be what failed; do not hand it back to the pool.
      client.release(true);
      throw err;
    }
  } catch (err) {
    if (err instanceof VigilError) throw err;
    throw new VigilError(
      'vigil_demo_seed_failed',
      `Seeding the demo warehouse failed: ${(err as Error).message}`,
      'The previous warehouse schema is unchanged; fix the cause above and run `vigil demo seed` again.',
      { cause: err },
    );
  }
  log('replaced the warehouse schema');
  return { incidents: plan.incidents, rows, ms: Math.round(performance.now() - began) };
}

/** Loads and indexes a staging schema, then swaps it in for `warehouse`; on failure drops it. */
async function buildAndSwap(client: pg.PoolClient, staging: string, input: LoadInput): Promise<Record<string, number>> {
  await client.query(`CREATE SCHEMA "${staging}"`);
  try {
    input.log(`seeding ${input.days} days (seed ${input.seed}) into staging schema ${staging}`);
    const rows = await load(client, staging, input);
    input.log('building indexes');
    for (const sql of createIndexesSql(staging)) await client.query(sql);
    for (const table of [...Object.keys(TABLES), 'injected_incidents'])
      await client.query(`ANALYZE "${staging}".${table}`);
    stopIfAborted(input.signal);
    await client.query('BEGIN');
    await client.query('DROP SCHEMA IF EXISTS warehouse CASCADE');
    await client.query(`ALTER SCHEMA "${staging}" RENAME TO warehouse`);
    await client.query('COMMIT');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS "${staging}" CASCADE`).catch(() => {});
    throw err;
  }
}

interface LoadInput {
  seed: number;
  start: number;
  end: number;
  days: number;
  merchants: Merchant[];
  plan: IncidentPlan;
  log: (msg: string) => void;
  signal?: AbortSignal;
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new VigilError(
      'vigil_demo_seed_aborted',
      'Seeding the demo warehouse was stopped before it finished.',
      'Nothing of it was kept and the previous warehouse is unchanged; run `vigil demo seed` (or start vigil) again.',
    );
  }
}

/** Creates the staging tables and fills them, day by day, flushing full batches as it goes. */
async function load(client: pg.PoolClient, staging: string, input: LoadInput): Promise<Record<string, number>> {
  const { seed, start, end, days, merchants, plan, log } = input;
  for (const sql of createTablesSql(staging)) await client.query(sql);
  const out = Object.fromEntries(
    Object.entries(TABLES).map(([name, spec]) => [name, new TableWriter(client, staging, spec)]),
  ) as Writers;
  for (const c of CITIES) out.cities.add([c.id, c.slug, c.name, c.market, c.timezone, c.currency, c.usdPerUnit]);
  for (const v of VENDORS) out.vendors.add([v.id, v.slug, v.name, v.kind, v.site]);
  for (const h of holidayRows(start, end)) out.public_holidays.add([h.market, h.date, h.name]);
  for (const m of merchants) out.merchants.add(merchantRow(m, end));

  const byCell: Merchant[][] = [];
  for (const m of merchants) (byCell[cellIndex(m.cityIdx, m.catIdx)] ??= []).push(m);
  const world: World = {
    seed,
    start,
    end,
    out,
    byCell,
    season: new Seasonality(start, end),
    users: new Users(start, end),
    effects: new Effects(plan.effects),
    ids: new Ids(),
    contacts: new ContactCounter(start, end, intervalPairs()),
  };
  let writing: Promise<unknown> = Promise.resolve();
  for (let day = 0; day < days; day++) {
    stopIfAborted(input.signal);
    generateDay(world, day);
    await writing;
    // Full batches are sent now and awaited after the next day is generated, so a PostgreSQL
    // server inserts while we generate (the embedded one shares our thread anyway).
    const batches = Object.values(out).flatMap((writer) => writer.takeIfFull() ?? []);
    writing = (async () => {
      for (const send of batches) await send();
    })();
    writing.catch(() => {});
    if ((day + 1) % 10 === 0 || day + 1 === days) log(`generated day ${day + 1}/${days}`);
  }
  await writing;
  await generateVendorIntervals(world);
  for (const writer of Object.values(out)) await writer.flush();

  await client.query(
    `INSERT INTO "${staging}".injected_incidents SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS x(id text, kind text, metric text, slice jsonb, start_at timestamptz, end_at timestamptz, cause text)`,
    [JSON.stringify(plan.incidents.map((i) => ({ ...i, start_at: i.start, end_at: i.end })))],
  );
  const rows: Record<string, number> = Object.fromEntries(
    Object.entries(out).map(([name, writer]) => [name, writer.count]),
  );
  rows.injected_incidents = plan.incidents.length;
  return rows;
}
