import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemoSeed, seedEnd } from '../../src/cli/run-demo-seed.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { heldDataDir } from '../helpers/held-data-dir.ts';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';
import { openTestDatabase, testDatabaseKinds } from '../helpers/test-database.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-cli-'));
// An empty vigil.yml: the built-in defaults, independent of the repository's own file.
const NO_CONFIG = join(tmp(), 'vigil.yml');
writeFileSync(NO_CONFIG, '');

describe('vigil CLI', () => {
  it('prints help listing its commands', async () => {
    const { code, stdout } = await runVigil(['--help'], childEnv({}));
    expect(code).toBe(0);
    for (const cmd of ['start', 'migrate', 'demo']) expect(stdout).toContain(cmd);
  });

  it('rejects an unknown flag with exit 1 and a pointer to the usage', async () => {
    const { code, stderr } = await runVigil(['demo', 'seed', '--dayz', '40'], childEnv({}));
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option '--dayz'");
    expect(stderr).toContain('--help');
  });

  it('explains that the demo is not seeded when checking an empty warehouse', async () => {
    const { code, stderr } = await runVigil(
      ['demo', 'check'],
      childEnv({ VIGIL_DATA_DIR: join(tmp(), 'data'), VIGIL_CONFIG: NO_CONFIG }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain('code: vigil_demo_not_seeded');
    expect(stderr).toContain('vigil demo seed');
  });

  it('refuses an unwritable --labels-out before seeding anything', async () => {
    const dataDir = join(tmp(), 'data');
    const { code, stderr } = await runVigil(
      ['demo', 'seed', '--days', '35', '--labels-out', '/nonexistent/dir/labels.json'],
      childEnv({ VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: NO_CONFIG }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain('code: vigil_labels_unwritable');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('seedEnd (demo seed --end)', () => {
  it('reads a date alone as local midnight in the configured zone, and an instant as given', () => {
    const now = new Date('2026-07-01T10:30:00Z');
    expect(seedEnd('2026-06-01', 'America/New_York', now).toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(seedEnd('2026-06-01T09:45:00Z', 'America/New_York', now).toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(seedEnd(undefined, 'UTC', now).toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(() => seedEnd('2026-02-30', 'UTC', now)).toThrow(/--end 2026-02-30 is not a date/);
  });
});

describe('vigil demo seed beside the running bot', () => {
  it("waits for a seeding in progress on the bot's database instead of sweeping its staging schema away", async () => {
    const bot = await openDatabase({});
    try {
      await bot.pool.query('CREATE SCHEMA warehouse_seed_0123456789ab');
      const dataDir = heldDataDir(new URL(bot.connectionString).host);
      await expect(
        runDemoSeed({ VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: NO_CONFIG }, { days: 35, seed: 1 }, () => {}),
      ).rejects.toMatchObject({
        code: 'vigil_demo_seed_busy',
        message: expect.stringContaining(`running vigil (PID ${process.ppid})`),
        hint: expect.stringContaining('demo marketplace seeded'),
      });
      const { rows } = await bot.pool.query(
        "SELECT nspname FROM pg_namespace WHERE nspname = 'warehouse_seed_0123456789ab'",
      );
      expect(rows).toHaveLength(1);
    } finally {
      await bot.close();
    }
  });
});

describe.each(testDatabaseKinds)('vigil demo seed on %s', (kind) => {
  it('writes labels that match warehouse.injected_incidents', async () => {
    const dir = tmp();
    const labelsPath = join(dir, 'labels.json');
    const testDb = kind === 'postgres' ? await openTestDatabase('postgres') : undefined;
    const env = childEnv({
      VIGIL_DATA_DIR: join(dir, 'data'),
      VIGIL_CONFIG: NO_CONFIG,
      VIGIL_TIMEZONE: 'UTC',
      ...(testDb ? { DATABASE_URL: testDb.url } : {}),
    });
    try {
      const run = await runVigil(
        ['demo', 'seed', '--days', '40', '--seed', '11', '--end', '2026-06-01', '--labels-out', labelsPath],
        env,
      );
      expect(run.stderr).not.toMatch(/^error/m);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/seeded 40 days ending 2026-06-01T00:00:00.000Z with seed 11/);

      const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Array<Record<string, unknown>>;
      expect(labels.length).toBeGreaterThanOrEqual(7);
      for (const label of labels)
        expect(Object.keys(label).sort()).toEqual(['cause', 'end', 'id', 'kind', 'metric', 'slice', 'start']);

      const check = await runVigil(['demo', 'check', '--labels', labelsPath, '--json'], env);
      expect(check.code).toBe(0);
      const report = JSON.parse(check.stdout) as {
        ok: boolean;
        incidents: Array<{ id: string; visible: boolean; ratio: number }>;
      };
      expect(report.ok).toBe(true);
      expect(report.incidents.map((i) => i.id).sort()).toEqual(labels.map((l) => String(l.id)).sort());
      expect(report.incidents.every((i) => i.visible && i.ratio !== 1)).toBe(true);

      const db = testDb ? undefined : await openDatabase({ dataDir: join(dir, 'data') });
      const pool = testDb?.pool ?? db!.pool;
      try {
        const { rows } = await pool.query(
          'SELECT id, kind, metric, slice, start_at, end_at, cause FROM warehouse.injected_incidents ORDER BY id',
        );
        const fromDb = rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          metric: r.metric,
          slice: r.slice,
          start: r.start_at.toISOString(),
          end: r.end_at.toISOString(),
          cause: r.cause,
        }));
        const sortById = (xs: Array<Record<string, unknown>>) =>
          [...xs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
        expect(sortById(fromDb)).toEqual(sortById(labels));
      } finally {
        await db?.close();
      }
    } finally {
      await testDb?.close();
    }
  }, 180_000);
});
