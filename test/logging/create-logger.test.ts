import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';

function collect() {
  const lines: string[] = [];
  return { lines, destination: { write: (l: string) => lines.push(l) } };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level names and a timestamp', () => {
    const { lines, destination } = collect();
    const log = createLogger({ level: 'info', destination, pretty: false });
    log.info({ incident: 7 }, 'opened');
    log.debug('hidden below the level');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'opened', incident: 7, service: 'vigil' });
    expect(new Date(entry.time).getTime()).not.toBeNaN();
  });

  it('redacts tokens, signing secret, API keys and authorization headers by field', () => {
    const { lines, destination } = collect();
    const log = createLogger({ level: 'info', destination, pretty: false });
    log.info(
      {
        token: 'plain-token-value',
        config: { slack: { botToken: 'tok-aaa', signingSecret: 'sec-bbb' }, openai: { apiKey: 'key-ccc' } },
        req: { headers: { authorization: 'Basic dXNlcjpwYXNz' } },
        env: { OPENAI_API_KEY: 'key-ddd', SLACK_SIGNING_SECRET: 'sec-eee' },
      },
      'request',
    );
    const line = lines[0]!;
    for (const secret of ['plain-token-value', 'tok-aaa', 'sec-bbb', 'key-ccc', 'dXNlcjpwYXNz', 'key-ddd', 'sec-eee']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line).config.slack.botToken).toBe('[REDACTED]');
  });

  it('scrubs secret-shaped text inside messages and error strings', () => {
    const { lines, destination } = collect();
    const log = createLogger({ level: 'info', destination, pretty: false });
    log.error(
      { err: new Error('auth failed for xoxb-1234-5678-abcdef with Bearer abc.def.ghi') },
      'slack said no to xapp-1-A0-99 and sk-proj-0123456789abcdef via postgres://bot:hunter2@db:5432/x',
    );
    const line = lines[0]!;
    for (const secret of ['xoxb-1234', 'abc.def.ghi', 'xapp-1-A0', 'sk-proj-0123456789', 'hunter2'])
      expect(line).not.toContain(secret);
    expect(line).toContain('postgres://bot:[REDACTED]@db:5432/x');
  });

  it('redacts in pretty terminal output too', async () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', destination, pretty: true });
    log.info({ apiKey: 'key-zzz', note: 'xoxb-99-secret' }, 'pretty line');
    await expect.poll(() => chunks.join('')).toContain('pretty line');
    const out = chunks.join('');
    expect(out).not.toMatch(/^\{/);
    expect(out).not.toContain('key-zzz');
    expect(out).not.toContain('xoxb-99-secret');
  });
});
