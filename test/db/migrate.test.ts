import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { VigilError } from '../../src/errors.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const BOT_TABLES = ['anomalies', 'audit_log', 'digests', 'incident_events', 'incidents', 'playbook_runs'];

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.table_name as string);
}

describe('readMigrations', () => {
  it('orders NNNN_name.sql files by number and ignores other files', () => {
    const dir = migrationsDir({
      '0002_b.sql': 'SELECT 2',
      '0001_a.sql': 'SELECT 1',
      'README.md': '#',
      '12_bad.sql': 'x',
    });
    expect(readMigrations(dir).map((m) => `${m.version}:${m.name}`)).toEqual(['1:a', '2:b']);
  });

  it('rejects two migrations with the same number', () => {
    const dir = migrationsDir({ '0001_a.sql': 'SELECT 1', '0001_b.sql': 'SELECT 1' });
    expect(() => readMigrations(dir)).toThrow(/numbered 1/);
  });
});

describe.each(testDatabaseKinds)('migrate on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await db.close();
  });

  it("creates the bot's tables once; a second run applies nothing", async () => {
    const first = await migrate(db.pool);
    expect(first.applied[0]).toBe('0001_bot_state');
    expect(await tables(db.pool)).toEqual(expect.arrayContaining([...BOT_TABLES, 'vigil_migrations']));
    const second = await migrate(db.pool);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
  });

  it('enforces incident invariants in the schema', async () => {
    await migrate(db.pool);
    await expect(
      db.pool.query("INSERT INTO incidents (title, severity, opened_by) VALUES ('x', 5, 'U1')"),
    ).rejects.toThrow(/check/i);
    await db.pool.query(
      "INSERT INTO incidents (title, severity, opened_by, dedup_key) VALUES ('x', 2, 'U1', 'refund_rate|city=jakarta')",
    );
    await expect(
      db.pool.query(
        "INSERT INTO incidents (title, severity, opened_by, dedup_key) VALUES ('y', 2, 'U1', 'refund_rate|city=jakarta')",
      ),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it('rolls back a failing migration completely and keeps the ones before it', async () => {
    const dir = migrationsDir({
      '0001_good.sql': 'CREATE TABLE good (id int)',
      '0002_bad.sql': 'CREATE TABLE half (id int); SELECT no_such_function();',
    });
    const err = await migrate(db.pool, readMigrations(dir)).catch((e) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect(err.code).toBe('vigil_migration_failed');
    expect(err.message).toMatch(/Migration 2 \(bad\)/);
    const names = await tables(db.pool);
    expect(names).toContain('good');
    expect(names).not.toContain('half');
    const { rows } = await db.pool.query('SELECT version FROM vigil_migrations');
    expect(rows.map((r) => r.version)).toEqual([1]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int)' });
    await migrate(db.pool, readMigrations(dir));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint)');
    await expect(migrate(db.pool, readMigrations(dir))).rejects.toMatchObject({ code: 'vigil_migration_changed' });
  });
});

describe.runIf(testDatabaseKinds.includes('postgres'))('migrate on postgres with racing replicas', () => {
  it('applies each migration exactly once when several replicas start together', async () => {
    const db = await openTestDatabase('postgres');
    const replicas = Array.from({ length: 4 }, () =>
      new pg.Pool({ connectionString: db.url, max: 2 }).on('error', () => {}),
    );
    try {
      const results = await Promise.all(replicas.map((p) => migrate(p)));
      const appliedCounts = results.map((r) => r.applied.length).sort();
      expect(appliedCounts).toEqual([0, 0, 0, readMigrations().length]);
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM vigil_migrations');
      expect(rows[0].n).toBe(readMigrations().length);
    } finally {
      await Promise.all(replicas.map((p) => p.end()));
      await db.close();
    }
  });
});
