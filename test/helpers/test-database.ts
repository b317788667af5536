// Test databases: embedded PGlite always, and a throwaway database on TEST_DATABASE_URL when set.
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensurePgliteTemplate, openPgliteCopy, pgliteVersion } from './pglite-template.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** The kinds every database test runs on. */
export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A fresh, empty database of one kind; `close` removes it. */
export interface TestDatabase {
  kind: TestDatabaseKind;
  pool: pg.Pool;
  /** A URL other code can connect to (the embedded server's while it runs). */
  url: string;
  close(): Promise<void>;
}

/** Opens a fresh database: PGlite on a copy of a new cluster's directory, or a new database created on TEST_DATABASE_URL. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    // Reopening a copied, initialised directory takes about a quarter of the time PGlite needs to create a cluster.
    const { dir } = await ensurePgliteTemplate('empty', emptyClusterKey(), async () => null);
    return { kind, ...(await openPgliteCopy(dir)) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  return { kind, ...(await createThrowawayDatabase(adminUrl, 'vigil_test', 10)) };
}

/** Creates `<prefix>_<random>` on the server at `adminUrl`, a copy of `template` if given; `close` drops it (benches use this too). */
export async function createThrowawayDatabase(
  adminUrl: string,
  prefix: string,
  poolMax: number,
  template?: string,
): Promise<{ pool: pg.Pool; url: string; close(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolMax });
  // DROP DATABASE ... WITH (FORCE) terminates stragglers; that is expected, not a failure.
  pool.on('error', () => {});
  return {
    pool,
    url: url.toString(),
    async close() {
      await pool.end();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

// A new cluster depends on PGlite's version and on how the embedded server creates it.
function emptyClusterKey(): string {
  const worker = readFileSync(new URL('../../src/db/embedded-postgres-worker.mjs', import.meta.url));
  return createHash('sha256').update(pgliteVersion()).update(worker).digest('hex').slice(0, 12);
}
