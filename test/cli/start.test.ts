import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, runVigil, startVigil } from '../helpers/run-vigil.ts';

function workspace(demoDays: number): { dataDir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-start-'));
  const config = join(dir, 'vigil.yml');
  // Metric runs and digests are background work this file does not test; off, they add no load to a busy machine.
  writeFileSync(
    config,
    `demo:\n  seed_on_start: true\n  days: ${demoDays}\n  seed: 3\nschedule:\n  enabled: false\ndigest:\n  enabled: false\n`,
  );
  return { dataDir: join(dir, 'data'), config };
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('vigil start (embedded defaults)', () => {
  it('seeds on first start, serves /healthz and /metrics, serves a CLI command beside it, refuses a second bot, stops cleanly, reuses data', async () => {
    const { dataDir, config } = workspace(35);
    const env = childEnv({ VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: config, PORT: '0', LOG_LEVEL: 'info' });

    const first = startVigil(env);
    const listening = await first.waitForLog('http server listening');
    const base = String(listening.url);
    await first.waitForLog('vigil is ready', 120_000);
    expect(first.lines.some((l) => l.msg === 'demo marketplace seeded')).toBe(true);
    expect(first.lines.find((l) => String(l.msg).startsWith('Slack is off'))?.msg).toMatch(/SLACK_BOT_TOKEN/);

    const health = await getJson(`${base}/healthz`);
    // Busy is healthy: the embedded database queues every query, so a ping can wait behind a long one.
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'ok', database: expect.stringMatching(/^(ok|busy)$/), warehouse: 'seeded' },
    });
    expect(health.body.version).toMatch(/^\d+\.\d+\.\d+/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^vigil_demo_seed_seconds \d/m);
    expect(metrics).toMatch(/^vigil_migrations_applied_total [1-9]/m);

    // A CLI command beside the bot uses the bot's database server; a second bot is refused the directory.
    const beside = await runVigil(['migrate'], env);
    expect(beside.stderr).toContain(`using the database of the running vigil (PID ${first.child.pid})`);
    expect(beside).toMatchObject({ code: 0, stdout: expect.stringContaining('up to date') });
    const check = await runVigil(['check', '--dry-run', '--json'], env);
    expect(check.code, check.stderr).toBe(0);
    const judged = JSON.parse(check.stdout) as { dryRun: boolean; metricsJudged: number; errors: unknown[] };
    expect(judged).toMatchObject({ dryRun: true, errors: [] });
    expect(judged.metricsJudged).toBeGreaterThan(0);
    const second = await runVigil(['start'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already in use by PID ${first.child.pid}`);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.lines.some((l) => l.msg === 'stopped cleanly')).toBe(true);
    expect(existsSync(join(dataDir, 'vigil.lock'))).toBe(false);

    const again = startVigil(env);
    const url = String((await again.waitForLog('http server listening')).url);
    await again.waitForLog('vigil is ready');
    expect((await getJson(`${url}/healthz`)).body).toMatchObject({ status: 'ok', warehouse: 'ready' });
    expect(again.lines.some((l) => l.msg === 'demo marketplace seeded')).toBe(false);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 240_000);

  it('stops at an invalid vigil.yml before touching the data directory', async () => {
    const { dataDir, config } = workspace(35);
    writeFileSync(config, 'demo:\n  days: many\n');
    const result = await runVigil(['start'], childEnv({ VIGIL_DATA_DIR: dataDir, VIGIL_CONFIG: config, PORT: '0' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/vigil\.yml:2: demo\.days/);
    expect(result.stderr).toContain('code: vigil_config_invalid');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('explains an unreachable DATABASE_URL and exits 1', async () => {
    const { config } = workspace(35);
    const result = await runVigil(
      ['start'],
      childEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', VIGIL_CONFIG: config, PORT: '0' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/x \(connection refused\)/);
    expect(result.stderr).toMatch(/fix: .*DATABASE_URL/);
  });
});
