// One seeded demo warehouse per kind of test database, built once and copied for each test that reads it:
// a template database on TEST_DATABASE_URL (CREATE DATABASE ... TEMPLATE) and a PGlite data directory.
// Both are named by a hash of the seeding code, so a later run reuses them until that code changes.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { seedDemo, type SeedResult } from '../../src/demo/seed-demo.ts';
import { ensurePgliteTemplate, openPgliteCopy, pgliteVersion, ROOT } from './pglite-template.ts';
import { createThrowawayDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

/** The demo every template holds: tests that only read a seeded warehouse use these options. */
export const DEMO_TEMPLATE = { days: 35, seed: 7, end: new Date('2026-11-26T00:00:00Z') } as const;

/** A fresh database holding the DEMO_TEMPLATE warehouse, and what seeding it returned. */
export interface DemoTestDatabase extends TestDatabase {
  seeded: SeedResult;
}

const PG_TEMPLATE_PREFIX = 'vigil_test_demo_tpl_';
const PG_BUILD_PREFIX = 'vigil_test_demo_build_';
// Any fixed 64-bit number; it only has to differ from the bot's own advisory lock keys.
const PG_BUILD_LOCK = '7610510310511601';

/** Opens a copy of the demo template of `kind` (building the template first if this run has none). */
export async function openDemoDatabase(kind: TestDatabaseKind): Promise<DemoTestDatabase> {
  if (kind === 'pglite') return openDemoPgliteCopy();
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  // A run on other seeding code may drop this template between the check and the copy: build it again then.
  for (let attempt = 0; ; attempt++) {
    const { name, seeded } = await ensurePostgresTemplate(adminUrl);
    try {
      return { kind, seeded, ...(await createThrowawayDatabase(adminUrl, 'vigil_test_demo', 10, name)) };
    } catch (err) {
      if ((err as { code?: string }).code !== '3D000' || attempt > 0) throw err;
    }
  }
}

/** Builds the missing templates of `kinds` (the global setup calls this once per run). */
export async function ensureDemoTemplates(kinds: TestDatabaseKind[]): Promise<void> {
  await Promise.all(
    kinds.map((kind) =>
      kind === 'pglite' ? ensureDemoPgliteTemplate() : ensurePostgresTemplate(process.env.TEST_DATABASE_URL!),
    ),
  );
}

let hash: string | undefined;
/** A hash of the seeding code (seed-demo.ts and every module it imports), the options, and PGlite's version. */
export function demoTemplateHash(): string {
  if (hash) return hash;
  const h = createHash('sha256');
  h.update(JSON.stringify(DEMO_TEMPLATE));
  h.update(pgliteVersion());
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    h.update(file.slice(ROOT.length)).update(text);
    for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)) visit(resolve(dirname(file), spec!));
  };
  visit(join(ROOT, 'src/demo/seed-demo.ts'));
  hash = h.digest('hex').slice(0, 12);
  return hash;
}

// ---- PostgreSQL: a template database, cloned with CREATE DATABASE ... TEMPLATE.

async function ensurePostgresTemplate(adminUrl: string): Promise<{ name: string; seeded: SeedResult }> {
  const name = PG_TEMPLATE_PREFIX + demoTemplateHash();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await templateComment(admin, name);
    if (found) return { name, seeded: found };
    // One build at a time across workers and concurrent runs; the others wait here, then find it built.
    await admin.query('SELECT pg_advisory_lock($1::bigint)', [PG_BUILD_LOCK]);
    try {
      const built = await templateComment(admin, name);
      if (built) return { name, seeded: built };
      // Under the lock nobody builds, so a build database is a killed run's; a template of other code is stale
      // (one being cloned right now refuses to drop, which is fine).
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE '${PG_BUILD_PREFIX}%' OR (datname LIKE '${PG_TEMPLATE_PREFIX}%' AND datname <> $1)`,
        [name],
      );
      for (const { datname } of rows) {
        const force = datname.startsWith(PG_BUILD_PREFIX) ? ' WITH (FORCE)' : '';
        await admin.query(`DROP DATABASE IF EXISTS ${datname}${force}`).catch(() => {});
      }
      const build = PG_BUILD_PREFIX + randomBytes(6).toString('hex');
      await admin.query(`CREATE DATABASE ${build}`);
      const url = new URL(adminUrl);
      url.pathname = `/${build}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      let seeded: SeedResult;
      try {
        seeded = await seedDemo(pool, { ...DEMO_TEMPLATE });
      } finally {
        await pool.end();
      }
      // The seed result rides on the database itself; no connections allowed, so a clone never finds one open.
      await admin.query(`COMMENT ON DATABASE ${build} IS ${admin.escapeLiteral(JSON.stringify(seeded))}`);
      await admin.query(`ALTER DATABASE ${build} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`ALTER DATABASE ${build} RENAME TO ${name}`);
      return { name, seeded };
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1::bigint)', [PG_BUILD_LOCK]).catch(() => {});
    }
  } finally {
    await admin.end().catch(() => {});
  }
}

async function templateComment(admin: pg.Client, name: string): Promise<SeedResult | undefined> {
  const { rows } = await admin.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [name],
  );
  return rows[0]?.comment ? (JSON.parse(rows[0].comment) as SeedResult) : undefined;
}

// ---- PGlite: a data directory, copied for each test.

async function ensureDemoPgliteTemplate(): Promise<{ dir: string; built: SeedResult }> {
  return ensurePgliteTemplate('demo', demoTemplateHash(), (pool) => seedDemo(pool, { ...DEMO_TEMPLATE }));
}

async function openDemoPgliteCopy(): Promise<DemoTestDatabase> {
  const { dir, built } = await ensureDemoPgliteTemplate();
  return { kind: 'pglite', seeded: built, ...(await openPgliteCopy(dir)) };
}
