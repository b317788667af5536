// `vigil demo seed`: writes the synthetic marketplace into the warehouse and, optionally, its labels.
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import type pg from 'pg';
import { loadConfig } from '../config/load-config.ts';
import { createPool } from '../db/create-pool.ts';
import { migrate } from '../db/migrate.ts';
import { withDemoSeedLock } from '../demo/demo-seed-lock.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { startOfHour } from '../app/ensure-demo-warehouse.ts';
import { VigilError } from '../errors.ts';
import { openCliDatabase } from './open-cli-database.ts';
import { optionInstant } from './option-instant.ts';

/** Flags of `vigil demo seed`. */
export interface DemoSeedFlags {
  days: number;
  seed: number;
  labelsOut?: string;
  /** A date alone is local midnight in the team's zone. */
  end?: string | Date;
}

/** Seeds the warehouse (WAREHOUSE_URL, or the bot database's `warehouse` schema); returns lines to print. */
export async function runDemoSeed(
  env: NodeJS.ProcessEnv,
  flags: DemoSeedFlags,
  progress: (msg: string) => void,
): Promise<string[]> {
  const config = loadConfig(env);
  const labelsPath = flags.labelsOut ? resolve(flags.labelsOut) : undefined;
  // Check the labels file can be written before spending a minute seeding.
  const tmpLabels = labelsPath ? reserveTempFile(labelsPath) : undefined;
  try {
    const db = await openCliDatabase(config);
    try {
      await migrate(db.pool);
      if (db.servedBy !== undefined && !config.warehouseUrl) await refuseIfSeeding(db.pool, db.servedBy);
      const warehouse = config.warehouseUrl
        ? await createPool(config.warehouseUrl, { variable: 'WAREHOUSE_URL', max: 2 })
        : db.pool;
      try {
        const end = seedEnd(flags.end, config.timezone, new Date());
        const result = await withDemoSeedLock(warehouse, () =>
          seedDemo(warehouse, { days: flags.days, seed: flags.seed, end, log: progress }),
        );
        if (labelsPath && tmpLabels) {
          writeFileSync(tmpLabels, `${JSON.stringify(result.incidents, null, 2)}\n`);
          renameSync(tmpLabels, labelsPath);
        }
        const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
        return [
          `seeded ${flags.days} days ending ${end.toISOString()} with seed ${flags.seed}: ${total.toLocaleString('en-US')} rows in ${(result.ms / 1000).toFixed(1)} s`,
          ...Object.entries(result.rows).map(([table, n]) => `  warehouse.${table}: ${n.toLocaleString('en-US')}`),
          `injected incidents: ${result.incidents.length}${labelsPath ? ` (labels written to ${labelsPath})` : ''}`,
          ...result.incidents.map(
            (i) => `  ${i.id} ${i.kind} ${i.metric} ${JSON.stringify(i.slice)} ${i.start} .. ${i.end}`,
          ),
        ];
      } finally {
        if (warehouse !== db.pool) await warehouse.end();
      }
    } finally {
      await db.close();
    }
  } finally {
    if (tmpLabels) rmSync(tmpLabels, { force: true });
  }
}

/** The end of the seeded period: --end (a date alone: local midnight in `timezone`) or `now`, at the start of its hour. */
export function seedEnd(end: string | Date | undefined, timezone: string, now: Date): Date {
  return startOfHour(optionInstant('--end', end, timezone) ?? now);
}

// On the running bot's embedded server all clients share one session, so the seeding lock (an advisory lock) excludes
// nothing there: a seeding in progress, the bot's first-start one or another command's, is waited for, not swept away.
async function refuseIfSeeding(pool: pg.Pool, holder: number): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'warehouse\\_seed\\_%' LIMIT 1",
  );
  if (!rows[0]) return;
  throw new VigilError(
    'vigil_demo_seed_busy',
    `A demo seeding is in progress on the database of the running vigil (PID ${holder}): its staging schema ${rows[0].name} exists.`,
    'Wait for it to finish (the bot logs "demo marketplace seeded"), then run this again; if none runs (a killed one left the schema), stop the bot and run `vigil demo seed` on its own.',
  );
}

function reserveTempFile(target: string): string {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    closeSync(openSync(tmp, 'w'));
    return tmp;
  } catch (err) {
    throw new VigilError(
      'vigil_labels_unwritable',
      `Cannot write the labels file ${target} (${(err as NodeJS.ErrnoException).code}).`,
      'Give --labels-out a path in an existing directory you can write to.',
      { cause: err },
    );
  }
}
