// kill -9 while Slack hangs on conversations.create during an open, then a restart: the incident timer of the new
// process finishes the set-up (one channel, pinned card, alerts notice) and tells the opener.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../helpers/fake-slack-server.ts';
import { childEnv, startVigil, type RunningVigil } from '../helpers/run-vigil.ts';
import { eventually, postSlack, SIGNING_SECRET, slashCommand } from '../helpers/slack-http.ts';
import { createThrowawayDatabase, testDatabaseKinds } from '../helpers/test-database.ts';

// Short timer and hold, so a restart takes the crashed open over within seconds.
const YML = `demo:
  seed_on_start: false
schedule:
  enabled: false
digest:
  enabled: false
incidents:
  repair: { check_every_seconds: 1, hold_seconds: 3, first_retry_seconds: 1, max_retry_seconds: 5 }
`;

describe.each(testDatabaseKinds)('a crash during an open, then a restart, on %s', (kind) => {
  it('makes the incident whole after the restart with one channel, and tells the opener', async () => {
    const fake = await startFakeSlack();
    fake.hooks['conversations.create'] = () => ({ hang: 'before' });
    const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
    writeFileSync(join(dir, 'vigil.yml'), YML);
    const database =
      kind === 'postgres' ? await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, 'vigil_crash', 2) : undefined;
    const env = childEnv({
      ...(database ? { DATABASE_URL: database.url } : { VIGIL_DATA_DIR: join(dir, 'data') }),
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      PORT: '0',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    let vigil: RunningVigil | undefined = startVigil(env);
    try {
      const base = String((await vigil.waitForLog('http server listening')).url);
      await vigil.waitForLog('vigil is ready');
      const opened = await postSlack(
        base,
        slashCommand('/incident', 'new Checkout failures in Bandung sev=2', {
          response_url: fake.responseUrl,
          user_id: 'U0OPENER',
        }),
      );
      expect(opened.status).toBe(200);
      await eventually(
        () => fake.calls.some((c) => c.method === 'conversations.create'),
        30_000,
        'the open reaching conversations.create',
      );
      vigil.child.kill('SIGKILL');
      await vigil.exited;
      expect(fake.channels.size).toBe(0);

      delete fake.hooks['conversations.create'];
      vigil = startVigil(env);
      await vigil.waitForLog('vigil is ready');
      const repaired = await vigil.waitForLog('incident set-ups repaired', 60_000);
      expect(repaired.incidents).toEqual([1]);

      const [name, ...others] = [...fake.channels.keys()];
      expect(others).toEqual([]);
      expect(name).toMatch(/^inc-\d{8}-1-checkout-failures-in-bandung$/);
      const channel = fake.channels.get(name!)!.id;
      const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
      const cards = posts.filter(
        (c) =>
          c.body.channel === channel &&
          (JSON.parse(String(c.body.blocks ?? '[]')) as Array<{ type: string }>).some((b) => b.type === 'actions'),
      );
      expect(cards).toHaveLength(1);
      expect(fake.calls.some((c) => c.method === 'pins.add' && c.body.channel === channel)).toBe(true);
      expect(
        posts.filter((c) => c.body.channel === 'gne-alerts' && String(c.body.text).includes(`<#${channel}>`)),
      ).toHaveLength(1);
      expect(
        posts.filter(
          (c) => c.body.channel === 'U0OPENER' && /Incident #1 .* is set up now in <#/.test(String(c.body.text)),
        ),
      ).toHaveLength(1);
      vigil.child.kill('SIGTERM');
      expect(await vigil.exited).toBe(0);
      vigil = undefined;
    } finally {
      if (vigil && vigil.child.exitCode === null) vigil.child.kill('SIGKILL');
      await fake.close();
      await database?.close();
    }
  }, 180_000);
});
