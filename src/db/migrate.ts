// Applies the numbered SQL migrations, each once and in its own transaction, under an advisory lock.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { VigilError } from '../errors.ts';

/** The directory of vigil's own migrations. */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any fixed 64-bit number works; this one is "vigil" in ASCII, so it is recognisable in pg_locks.
const MIGRATION_LOCK_KEY = '118105103105108';

/** A migration file: its number, name and SQL. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `NNNN_name.sql` files in order; other files are ignored, duplicate numbers are an error. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file) }))
    .filter((f) => f.match !== null)
    .map(({ file, match }) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(match![1]),
        name: match![2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new VigilError(
        'vigil_migration_duplicate',
        `Two migrations are numbered ${migrations[i]!.version}.`,
        `Renumber one of the files in ${dir}.`,
      );
    }
  }
  return migrations;
}

/** What a migrate run did. */
export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** Brings the database up to date. Safe to run from several replicas at once. */
export async function migrate(pool: pg.Pool, migrations = readMigrations()): Promise<MigrateResult> {
  // One client for everything: the session-level lock belongs to it, and in embedded mode a
  // transaction on one client would block queries from any other.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS vigil_migrations (
        version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM vigil_migrations',
      );
      const done = new Map(rows.map((r) => [r.version, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        const checksum = done.get(m.version);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) throw changedAfterApply(m);
          continue;
        }
        await applyOne(client, m);
        applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
      }
      return { applied, alreadyApplied: done.size };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function applyOne(client: pg.PoolClient, m: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(m.sql);
    await client.query('INSERT INTO vigil_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      m.checksum,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw new VigilError(
      'vigil_migration_failed',
      `Migration ${m.version} (${m.name}) failed and was rolled back: ${(err as Error).message}`,
      'Nothing from it was kept. Fix the SQL or the database state it depends on, then run `vigil migrate` again.',
      { cause: err },
    );
  }
}

function changedAfterApply(m: Migration): VigilError {
  return new VigilError(
    'vigil_migration_changed',
    `Migration ${m.version} (${m.name}) was edited after it was applied to this database.`,
    'Never edit an applied migration: restore the file and add a new numbered migration with the change.',
  );
}
