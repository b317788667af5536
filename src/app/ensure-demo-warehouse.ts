// On first start with an empty warehouse, seeds the demo marketplace so the bot has data to watch.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Workspace } from '../config/workspace-schema.ts';
import { withDemoSeedLock } from '../demo/demo-seed-lock.ts';
import { seedDemo } from '../demo/seed-demo.ts';

/** The warehouse's state after start-up: "external", "ready", "seeded" or "empty" (seeding off). */
export interface DemoWarehouseResult {
  state: 'external' | 'ready' | 'seeded' | 'empty';
  seededSeconds?: number;
}

/** Seeds `warehouse` when it has no orders table, the warehouse is ours, and vigil.yml allows it. */
export async function ensureDemoWarehouse(opts: {
  pool: pg.Pool;
  external: boolean;
  demo: Workspace['demo'];
  end: Date;
  logger: Logger;
  signal?: AbortSignal;
  onSeedStart?: () => void;
}): Promise<DemoWarehouseResult> {
  if (opts.external) return { state: 'external' };
  if (await hasWarehouse(opts.pool)) return { state: 'ready' };
  if (!opts.demo.seed_on_start) {
    opts.logger.warn(
      'the warehouse schema is empty and demo.seed_on_start is false: run `vigil demo seed` or set WAREHOUSE_URL',
    );
    return { state: 'empty' };
  }
  // Two replicas on one empty database must not both seed; the second waits, then finds data.
  return withDemoSeedLock(opts.pool, async () => {
    if (await hasWarehouse(opts.pool)) return { state: 'ready' } as const;
    opts.onSeedStart?.();
    opts.logger.info(
      { days: opts.demo.days, seed: opts.demo.seed },
      'empty warehouse: seeding the demo marketplace (first start only)',
    );
    const result = await seedDemo(opts.pool, {
      days: opts.demo.days,
      seed: opts.demo.seed,
      end: startOfHour(opts.end),
      log: (msg) => opts.logger.info(msg),
      signal: opts.signal,
    });
    const seconds = result.ms / 1000;
    opts.logger.info({ seconds, rows: result.rows, incidents: result.incidents.length }, 'demo marketplace seeded');
    return { state: 'seeded', seededSeconds: seconds } as const;
  });
}

async function hasWarehouse(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('warehouse.orders') IS NOT NULL AS present",
  );
  return rows[0]?.present === true;
}

/** The start of the UTC hour containing `d`: the demo's data ends at the last complete hour. */
export function startOfHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}
