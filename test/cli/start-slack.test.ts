import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../helpers/fake-slack-server.ts';
import { childEnv, startVigil } from '../helpers/run-vigil.ts';
import { SIGNING_SECRET, buttonClick, eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';

describe('vigil start with Slack in HTTP mode against a Slack-compatible server (SLACK_API_URL)', () => {
  it('opens an incident from a signed command, acknowledges from the card, rejects a bad signature, stops cleanly', async () => {
    const fake = await startFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    // No demo, no scheduled runs, no digests: this test is about Slack (metric runs would report every metric broken).
    writeFileSync(
      join(dir, 'vigil.yml'),
      'demo:\n  seed_on_start: false\nschedule:\n  enabled: false\ndigest:\n  enabled: false\n',
    );
    const vigil = startVigil(
      childEnv({
        VIGIL_DATA_DIR: join(dir, 'data'),
        VIGIL_CONFIG: join(dir, 'vigil.yml'),
        PORT: '0',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      }),
    );
    try {
      const base = String((await vigil.waitForLog('http server listening')).url);
      await vigil.waitForLog('vigil is ready');
      expect(fake.calls[0]?.method).toBe('auth.test');

      const opened = await postSlack(
        base,
        slashCommand('/incident', 'new Refund spike in Jakarta sev=2', { response_url: fake.responseUrl }),
      );
      expect(opened.status).toBe(200);
      await eventually(
        () => fake.calls.some((c) => c.method === 'response_url' && /Opened incident #1/.test(String(c.body.text))),
        15_000,
        'the confirmation',
      );
      const methods = fake.calls.map((c) => c.method);
      for (const m of [
        'conversations.create',
        'conversations.setTopic',
        'conversations.invite',
        'chat.postMessage',
        'pins.add',
      ])
        expect(methods).toContain(m);
      const notice = fake.calls.find(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body.channel === 'gne-alerts' &&
          /Refund spike/.test(String(c.body.text)),
      );
      expect(String(notice?.body.text)).toMatch(/SEV2/);

      await postSlack(base, buttonClick('incident_ack', '1'));
      await eventually(() => fake.calls.some((c) => c.method === 'chat.update'), 15_000, 'the card updated in place');
      // The acknowledgement ends by setting the topic again (the open set it first).
      await eventually(
        () => fake.calls.filter((c) => c.method === 'conversations.setTopic').length === 2,
        15_000,
        'the topic updated',
      );

      const forged = await postSlack(
        base,
        slashCommand('/incident', 'new Forged', { response_url: fake.responseUrl }),
        { signature: 'v0=00' },
      );
      expect(forged.status).toBe(401);
      await vigil.waitForLog('refused a Slack request that failed the signature check');
      // The bot's identity is looked up once at start, not before every ack (Bolt would by default).
      expect(fake.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
      // Shutdown drains every acked command, so a forged one let through would have acted by now. Only the
      // forged request's own effects count: the bot's other work may call Slack at any time.
      vigil.child.kill('SIGTERM');
      expect(await vigil.exited).toBe(0);
      expect(fake.calls.filter((c) => /forged/i.test(JSON.stringify(c.body)))).toEqual([]);
    } finally {
      vigil.child.kill('SIGTERM');
      await vigil.exited;
      await fake.close();
    }
  }, 120_000);

  it('refuses to start when Slack rejects the token, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
    const { runVigil } = await import('../helpers/run-vigil.ts');
    const result = await runVigil(
      ['start'],
      childEnv({
        VIGIL_DATA_DIR: join(dir, 'data'),
        VIGIL_CONFIG: join(dir, 'vigil.yml'),
        PORT: '0',
        // A proxy key in the query is printed nowhere: not in the error, not in the start-up lines.
        SLACK_BOT_TOKEN: 'xoxb-bad',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: 'http://127.0.0.1:1/api/?key=s3cret-proxy-key',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('code: vigil_slack_auth_failed');
    expect(result.stderr).toContain('Cannot reach Slack at http://127.0.0.1:1/api/?key=REDACTED');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN');
    expect(`${result.stdout}${result.stderr}`).not.toContain('s3cret');
  }, 120_000);
});
