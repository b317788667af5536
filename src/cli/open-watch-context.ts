// What `vigil check` and `vigil backtest` need: config, the bot database (migrated), the warehouse pool.
import type pg from 'pg';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { loadConfig, type Config } from '../config/load-config.ts';
import { createPool } from '../db/create-pool.ts';
import { migrate } from '../db/migrate.ts';
import { catalogOf } from '../metrics/load-catalog.ts';
import { openCliDatabase } from './open-cli-database.ts';

/** An open context; close() releases everything. */
export interface WatchContext {
  config: Config;
  pool: pg.Pool;
  warehouse: pg.Pool;
  catalog: CatalogMetric[];
  close(): Promise<void>;
}

/** Opens the databases (the warehouse: WAREHOUSE_URL, or the bot database's `warehouse` schema). */
export async function openWatchContext(env: NodeJS.ProcessEnv): Promise<WatchContext> {
  const config = loadConfig(env);
  const db = await openCliDatabase(config);
  try {
    await migrate(db.pool);
    const warehouse = config.warehouseUrl
      ? await createPool(config.warehouseUrl, { variable: 'WAREHOUSE_URL', max: 2 })
      : db.pool;
    return {
      config,
      pool: db.pool,
      warehouse,
      catalog: catalogOf(config),
      async close() {
        if (warehouse !== db.pool) await warehouse.end();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
