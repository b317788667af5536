// The local workspace is clearly local: never with Slack credentials, on 127.0.0.1, and every page carries the banner.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { LOCAL_BANNER, localPageRoute } from '../../src/local/local-page-routes.ts';

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

function yml(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-local-mode-')), 'vigil.yml');
  writeFileSync(path, '');
  return path;
}

async function getPage(dir: string): Promise<{ status: number; type: string; body: string }> {
  const route = localPageRoute({
    pool: { query: async () => ({ rows: [] }) } as never,
    delivery: {} as never,
    name: 'GNE',
    pageDir: dir,
  });
  let status = 0;
  let type = '';
  let body = '';
  const res = {
    writeHead: (s: number, h: Record<string, string>) => ((status = s), (type = h['content-type']!), res),
    end: (b: string) => (body = String(b)),
  };
  await route({ method: 'GET', url: '/', headers: {} } as IncomingMessage, res as unknown as ServerResponse);
  return { status, type, body };
}

describe('the local workspace mode', () => {
  it('never starts with Slack credentials, and listens on 127.0.0.1 by default', () => {
    for (const creds of [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SIGNING_SECRET },
    ]) {
      const config = loadConfig({ VIGIL_CONFIG: yml(), VIGIL_LOCAL_WORKSPACE: 'on', ...creds });
      expect(config.slack.mode).not.toBe('local');
      expect(config.slack.botToken).toBe('xoxb-1');
    }
    const local = loadConfig({ VIGIL_CONFIG: yml() });
    expect(local).toMatchObject({
      host: '127.0.0.1',
      slack: { mode: 'local', apiUrl: 'http://127.0.0.1:3000/local/api/' },
    });
  });

  it('says it is the local workspace on the page, whatever index.html holds, and without one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigil-page-'));
    const placeholder = await getPage(empty);
    expect(placeholder).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(placeholder.body).toContain(LOCAL_BANNER);
    const bare = mkdtempSync(join(tmpdir(), 'vigil-page-'));
    writeFileSync(join(bare, 'index.html'), '<!doctype html><html><body class="x"><main>hi</main></body></html>');
    expect((await getPage(bare)).body).toContain(
      `<body class="x"><div class="local-banner" role="note">${LOCAL_BANNER}</div>`,
    );
  });
});
