// Throwaway databases for benches: a new database on BENCH_DATABASE_URL's server (dropped on close),
// or an in-memory embedded PGlite when BENCH_DATABASE_URL is set empty or the server cannot be reached.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/open-database.ts';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database for one bench run; `where` names it in results, `close` removes it. */
export interface ScratchDatabase {
  pool: pg.Pool;
  where: 'PostgreSQL' | 'embedded PGlite';
  close(): Promise<void>;
}

/** The server URL benches create scratch databases on ('' means embedded PGlite). */
export function benchAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

/** Opens a new database named `<prefix>_<random>` on the bench server, or PGlite without one. */
export async function openScratchDatabase(prefix: string, poolMax = 4): Promise<ScratchDatabase> {
  const adminUrl = benchAdminUrl();
  if (adminUrl) {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
    } catch (err) {
      await admin.end().catch(() => {});
      console.error(`bench: cannot create a database on ${adminUrl} (${(err as Error).message}); using embedded PGlite`);
      return embedded();
    }
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: poolMax });
    pool.on('error', () => {});
    return {
      pool,
      where: 'PostgreSQL',
      async close() {
        await pool.end();
        const drop = new pg.Client({ connectionString: adminUrl });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  }
  return embedded();
}

async function embedded(): Promise<ScratchDatabase> {
  const db = await openDatabase({});
  return { pool: db.pool, where: 'embedded PGlite', close: () => db.close() };
}
