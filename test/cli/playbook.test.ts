// `vigil playbook list|run` through the real binary: JSON shapes, dry runs, errors and exit codes.
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';
import { createThrowawayDatabase } from '../helpers/test-database.ts';

const FIXTURES = fileURLToPath(new URL('../playbooks/fixtures/engine/', import.meta.url));
const env = (extra: Record<string, string> = {}) =>
  childEnv({ VIGIL_PLAYBOOKS_DIR: FIXTURES, VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-cli-')), ...extra });

describe('vigil playbook (no database)', () => {
  it('lists playbooks as JSON', async () => {
    const r = await runVigil(['playbook', 'list', '--json'], env());
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      playbooks: { id: string; params: string[]; steps: number }[];
      problems: string[];
    };
    expect(out.problems).toEqual([]);
    expect(out.playbooks.map((p) => p.id)).toEqual(['probe', 'shop-refunds', 'writer']);
    expect(out.playbooks[1]).toMatchObject({ params: ['city', 'window', 'to', 'from'], steps: 8 });
  });

  it('lists the good playbooks and names the broken file, exiting 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pb-'));
    cpSync(join(FIXTURES, 'probe.yml'), join(dir, 'probe.yml'));
    writeFileSync(join(dir, 'bad.yml'), 'id: bad\ntitle: Bad\ndescription: x\nsteps:\n  - id: q\n    kind: query\n');
    const r = await runVigil(['playbook', 'list'], env({ VIGIL_PLAYBOOKS_DIR: dir }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^probe {2}Probe: Runs one statement/m);
    expect(r.stdout).toMatch(/bad\.yml:5: steps\.0\.sql: /);
  });

  it('prints the --json shape of a dry run and the SQL of a text dry run', async () => {
    const json = await runVigil(['playbook', 'run', 'shop-refunds', 'city=jakarta', '--dry-run', '--json'], env());
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['id', 'ok', 'steps', 'findings']);
    expect(out).toMatchObject({ id: 'shop-refunds', ok: true, findings: [] });
    expect((out.steps as unknown[])[0]).toEqual({
      id: 'rate',
      kind: 'compare',
      ok: true,
      rows: 0,
      ms: expect.any(Number),
    });
    const text = await runVigil(['playbook', 'run', 'shop-refunds', 'city=jakarta', '--dry-run'], env());
    expect(text.stdout).toMatch(
      /-- baseline 1 week back; parameters: \{"tz":"[^"]+","city":"jakarta",.*"to":"2026-02-23T00:00:00\.000Z","from":"2026-02-22T00:00:00\.000Z"\}/,
    );
    expect(text.stdout).toMatch(/^· 4\/8 drill \(drilldown\): drilling down by city x shop$/m);
    expect(text.stdout).toContain('FROM wh_pb.orders o LEFT JOIN wh_pb.refunds r USING (order_id)');
  });

  it('explains an unknown playbook and a bad parameter, exiting 1', async () => {
    const missing = await runVigil(['playbook', 'run', 'nope', '--dry-run'], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /There is no playbook "nope"[\s\S]*fix: Use one of: probe, shop-refunds, writer[\s\S]*code: vigil_playbook_not_found/,
    );
    const bad = await runVigil(['playbook', 'run', 'shop-refunds', 'window=forever', '--dry-run'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/window=forever: is not a duration[\s\S]*code: vigil_playbook_param_invalid/);
    const word = await runVigil(['playbook', 'run', 'shop-refunds', 'jakarta', '--dry-run'], env());
    expect(word.stderr).toMatch(/"jakarta" is not a parameter[\s\S]*name=value/);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('vigil playbook run on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  beforeAll(async () => {
    db = await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, 'vigil_cli_pb', 2);
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_pb');
    await db.pool.query(
      'CREATE TABLE wh_pb.orders (order_id int PRIMARY KEY, shop text, city text, paid_at timestamptz)',
    );
    await db.pool.query('CREATE TABLE wh_pb.refunds (order_id int PRIMARY KEY)');
    await db.pool.query(
      `INSERT INTO wh_pb.orders SELECT n, 's' || (n % 3), 'jakarta', timestamptz '2026-02-20T00:00:00Z' + n * interval '5 minutes' FROM generate_series(0, 3000) n`,
    );
    await db.pool.query('INSERT INTO wh_pb.refunds SELECT order_id FROM wh_pb.orders WHERE order_id % 17 = 0');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('runs, stores the run and prints the JSON shape; a failed step exits 1', async () => {
    const r = await runVigil(['playbook', 'run', 'shop-refunds', '--json'], env({ DATABASE_URL: db.url }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      steps: { id: string; ok: boolean; rows: number }[];
      findings: string[];
    };
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.id)).toEqual([
      'rate',
      'shops',
      'leaves',
      'drill',
      'daily',
      'chart',
      'headline',
      'summary',
    ]);
    expect(out.steps.find((s) => s.id === 'daily')!.rows).toBe(11);
    expect(out.findings[0]).toMatch(/^Refund rate: /);
    const { rows } = await db.pool.query(
      "SELECT status, requested_by FROM playbook_runs WHERE playbook_id = 'shop-refunds'",
    );
    expect(rows).toEqual([{ status: 'succeeded', requested_by: 'cli:unknown' }]);
    const failed = await runVigil(['playbook', 'run', 'probe', 'statement=fail'], env({ DATABASE_URL: db.url }));
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✗ 2\/4 act \(query\)[\s\S]*fix: /);
    expect(failed.stdout).toMatch(/Finished with failed steps; stored as run \d+\./);
  });
});
