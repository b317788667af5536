// The bot's database: the server at DATABASE_URL, or the embedded one in VIGIL_DATA_DIR.
import type pg from 'pg';
import { createPool } from './create-pool.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';

/** An open database and how to close it (pool first, then the embedded server). */
export interface Database {
  pool: pg.Pool;
  mode: 'postgres' | 'embedded';
  /** Where to open more pools on the same database (the embedded server's socket in embedded mode). */
  connectionString: string;
  close(): Promise<void>;
}

/** Opens the bot's database; `dataDir: undefined` with no URL gives an in-memory embedded one (tests). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  if (opts.databaseUrl) {
    // The bot's own queries take milliseconds; one still waiting after 15 s is on a connection cut off from the server.
    // Not in embedded mode, where every query queues behind the one backend (a demo seed holds it for seconds).
    const pool = await createPool(opts.databaseUrl, { variable: 'DATABASE_URL', queryTimeoutMs: 15_000 });
    return { pool, mode: 'postgres', connectionString: opts.databaseUrl, close: () => pool.end() };
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: opts.dataDir });
  try {
    const pool = await createPool(embedded.connectionString, { variable: 'VIGIL_DATA_DIR' });
    return {
      pool,
      mode: 'embedded',
      connectionString: embedded.connectionString,
      async close() {
        await pool.end().catch(() => {});
        await embedded.stop();
      },
    };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}
