// Throwaway databases for benches: a new database on BENCH_DATABASE_URL's server (dropped on close),
// or an in-memory embedded PGlite when BENCH_DATABASE_URL is set empty or the server cannot be reached.
import type pg from 'pg';
import { openDatabase } from '../src/db/open-database.ts';
import { createThrowawayDatabase } from '../test/helpers/test-database.ts';

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
  if (!adminUrl) return embedded();
  try {
    const db = await createThrowawayDatabase(adminUrl, prefix, poolMax);
    return { pool: db.pool, where: 'PostgreSQL', close: db.close };
  } catch (err) {
    console.error(`bench: cannot create a database on ${adminUrl} (${(err as Error).message}); using embedded PGlite`);
    return embedded();
  }
}

async function embedded(): Promise<ScratchDatabase> {
  const db = await openDatabase({});
  return { pool: db.pool, where: 'embedded PGlite', close: () => db.close() };
}
