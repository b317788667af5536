// SIGTERM while commands are in flight against a Slack that answers in 3 s: vigil exits 0 after its grace period, and
// every acknowledged command either finished or its user was told what happened (0 silent losses).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { RESTARTING_TEXT } from '../../src/slack/acked-request.ts';
import { startFakeSlack } from '../helpers/fake-slack-server.ts';
import { childEnv, startVigil } from '../helpers/run-vigil.ts';
import { eventually, postSlack, SIGNING_SECRET, slashCommand } from '../helpers/slack-http.ts';
import { createThrowawayDatabase, testDatabaseKinds } from '../helpers/test-database.ts';

const SLACK_MS = 3000;
const GRACE_SECONDS = 8;
const RESPONSE_URL_MS = 1000;

// Records each response_url post by its path, so every command's replies can be told apart. Slack's response URLs
// answer in a second, so telling users takes time the shutdown must leave them (a reply counts once answered).
async function startReplyRecorder(): Promise<{
  url: (k: string) => string;
  replies: Map<string, string[]>;
  server: Server;
}> {
  const replies = new Map<string, string[]>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const key = (req.url ?? '/').slice(1);
      setTimeout(() => {
        replies.set(key, [...(replies.get(key) ?? []), String((JSON.parse(raw || '{}') as { text?: unknown }).text)]);
        res.writeHead(200).end('ok');
      }, RESPONSE_URL_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: (k) => `http://127.0.0.1:${port}/${k}`, replies, server };
}

// The incident titles vigil stored, read after it exited (from the server, or by opening its embedded data directory).
async function incidentTitles(url: string | undefined, dataDir: string): Promise<string[]> {
  const db = url
    ? { pool: new pg.Pool({ connectionString: url }), close: () => Promise.resolve() }
    : await openDatabase({ dataDir });
  try {
    return (await db.pool.query('SELECT title FROM incidents')).rows.map((r) => String(r.title));
  } finally {
    if (url) await db.pool.end();
    await db.close();
  }
}

// What counts as the user knowing the outcome: the command's own answer, or vigil saying it did not (fully) run it.
const TOLD = /Opened incident #\d+|nothing was done|may be partly done|did not run that/;

describe.each(testDatabaseKinds)('SIGTERM during six /incident new on %s', (kind) => {
  it('finishes or tells the user of every acknowledged command, refuses new ones, and exits 0', async () => {
    const fake = await startFakeSlack();
    for (const method of [
      'conversations.create',
      'conversations.setTopic',
      'conversations.invite',
      'chat.postMessage',
      'pins.add',
    ]) {
      fake.hooks[method] = () => ({ delayMs: SLACK_MS });
    }
    const recorder = await startReplyRecorder();
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sigterm-'));
    writeFileSync(
      join(dir, 'vigil.yml'),
      'demo:\n  seed_on_start: false\nschedule:\n  enabled: false\ndigest:\n  enabled: false\n',
    );
    const database =
      kind === 'postgres'
        ? await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, 'vigil_sigterm', 2)
        : undefined;
    const vigil = startVigil(
      childEnv({
        ...(database ? { DATABASE_URL: database.url } : { VIGIL_DATA_DIR: join(dir, 'data') }),
        VIGIL_CONFIG: join(dir, 'vigil.yml'),
        PORT: '0',
        LOG_LEVEL: 'info',
        VIGIL_SHUTDOWN_GRACE: String(GRACE_SECONDS),
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      }),
    );
    try {
      const base = String((await vigil.waitForLog('http server listening')).url);
      await vigil.waitForLog('vigil is ready');
      const titles = Array.from({ length: 6 }, (_, i) => `Checkout failures wave ${i + 1}`);
      for (const [i, title] of titles.entries()) {
        expect(
          (
            await postSlack(
              base,
              slashCommand('/incident', `new ${title} sev=2`, { response_url: recorder.url(`open-${i}`) }),
            )
          ).status,
        ).toBe(200);
      }
      expect(
        (await postSlack(base, slashCommand('/vigil', 'status', { response_url: recorder.url('status') }))).status,
      ).toBe(200);
      await eventually(
        () => fake.calls.some((c) => c.method === 'conversations.create'),
        30_000,
        'the first open under way',
      );

      vigil.child.kill('SIGTERM');
      await vigil.waitForLog('shutting down: finishing work in progress');
      expect(
        (await postSlack(base, slashCommand('/incident', 'new Too late sev=3', { response_url: recorder.url('late') })))
          .status,
      ).toBe(200);
      // While it drains, a load balancer's health check sends new requests elsewhere.
      const health = await fetch(`${base}/healthz`);
      expect([health.status, ((await health.json()) as { status: string }).status]).toEqual([503, 'stopping']);
      expect(await vigil.exited).toBe(0);

      const keys = [...titles.keys()].map((i) => `open-${i}`);
      const silent = [...keys, 'status'].filter(
        (k) => !(recorder.replies.get(k) ?? []).some((t) => TOLD.test(t) || (k === 'status' && t !== 'undefined')),
      );
      expect(silent, JSON.stringify(Object.fromEntries(recorder.replies))).toEqual([]);
      expect(recorder.replies.get('late')).toEqual([RESTARTING_TEXT]);
      // The shutdown was not instant: some opens were cut short or never started, and their users heard so.
      const told = keys
        .flatMap((k) => recorder.replies.get(k) ?? [])
        .filter((t) => /nothing was done|may be partly done/.test(t));
      expect(told.length).toBeGreaterThan(0);
      // Work given up at the deadline may meet the closed pool; that is logged as expected (info), never as an error.
      const errors = JSON.stringify(vigil.lines.filter((l) => Number(l.level) >= 50));
      expect(errors).not.toContain('Cannot use a pool after calling end');
      expect(JSON.stringify(vigil.lines)).not.toMatch(/unhandled/i);
      expect(vigil.lines.some((l) => l.msg === 'stopped cleanly')).toBe(true);

      // The rows match what users were told: no incident for a command that never started; an incident for each confirmation.
      const rows = await incidentTitles(database?.url, join(dir, 'data'));
      for (const [i, title] of titles.entries()) {
        const replies = recorder.replies.get(`open-${i}`) ?? [];
        if (replies.some((t) => /nothing was done/.test(t))) expect(rows).not.toContain(title);
        if (replies.some((t) => /Opened incident/.test(t))) expect(rows).toContain(title);
      }
      expect(rows).not.toContain('Too late');
      if (process.env.SHOW_REPLIES) console.log(JSON.stringify(Object.fromEntries(recorder.replies), null, 1), rows);
    } finally {
      if (vigil.child.exitCode === null) vigil.child.kill('SIGKILL');
      await fake.close();
      await new Promise((r) => recorder.server.close(r));
      await database?.close();
    }
  }, 180_000);
});
