// The bot's database: the server at DATABASE_URL, or the embedded one in VIGIL_DATA_DIR.
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { createPool } from './create-pool.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { reachRunningDatabase } from './reach-running-database.ts';

/** An open database and how to close it (pool first, then the embedded server). */
export interface Database {
  pool: pg.Pool;
  mode: 'postgres' | 'embedded';
  /** Where to open more pools on the same database (the embedded server's socket in embedded mode). */
  connectionString: string;
  /** The PID of the running vigil whose embedded server this uses (it owns the server; close ends only the pool). */
  servedBy?: number;
  close(): Promise<void>;
}

/** Where the database is, and whether a running vigil's embedded server may be used (CLI commands, not a second bot). */
export interface OpenDatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  /**
   * Set by CLI commands: when a live vigil holds `dataDir` and its recorded server answers, use that server
   * and say so through this; unset, a held directory is refused (vigil_data_dir_locked).
   */
  onRunning?: (line: string) => void;
}

/** Opens the bot's database; `dataDir: undefined` with no URL gives an in-memory embedded one (tests). */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // The bot's own queries take milliseconds; one still waiting after 15 s is on a connection cut off from the server.
    // Not in embedded mode, where every query queues behind the one backend (a demo seed holds it for seconds).
    const pool = await createPool(opts.databaseUrl, { variable: 'DATABASE_URL', queryTimeoutMs: 15_000 });
    return { pool, mode: 'postgres', connectionString: opts.databaseUrl, close: () => pool.end() };
  }
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir });
  } catch (err) {
    const held = err instanceof VigilError && err.code === 'vigil_data_dir_locked';
    if (!held || !opts.onRunning || opts.dataDir === undefined) throw err;
    const running = await reachRunningDatabase(opts.dataDir, err, opts.onRunning);
    // Not ours to stop: closing ends only this pool, and the bot's server keeps running.
    return {
      pool: running.pool,
      mode: 'embedded',
      connectionString: running.connectionString,
      servedBy: running.holder,
      close: () => running.pool.end(),
    };
  }
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
