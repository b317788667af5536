// Who may use the local workspace: the page holding the access token, on this computer's own address.
// Every refused request is checked to have changed nothing it would have changed.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createLocalWorkspace, type LocalWorkspace } from '../../src/local/local-workspace.ts';
import { LOCAL_TOKEN_FILE } from '../../src/local/local-token.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const RESPONDER = 'U0LRESP';

// A raw request, so the test chooses every header (fetch would set Host and Origin its own way).
function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe.each(testDatabaseKinds)('local workspace access (%s)', (kind) => {
  let db: TestDatabase;
  let server: Server;
  let local: LocalWorkspace;
  let config: Config;
  let port: number;
  let token: string;
  let alerts: string;
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const json = (body: unknown) => JSON.stringify(body);
  // The texts of the alerts channel as the responder sees them: what a refused post would have added to.
  const texts = async () => {
    const res = await send(port, {
      path: `/local/page/messages?channel=${alerts}&user=${RESPONDER}`,
      headers: bearer(),
    });
    return (JSON.parse(res.body) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-local-access-'));
    writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
    config = loadConfig({ VIGIL_CONFIG: join(dir, 'vigil.yml'), VIGIL_DATA_DIR: join(dir, 'data'), PORT: '0' });
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    local = createLocalWorkspace({ config, pool: db.pool, logger: createLogger({ level: 'silent' }) });
    server = createServer(
      (req, res) =>
        void (async () => {
          if (!(await local.route(req, res))) res.writeHead(404).end();
        })(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    local.listening(server.address() as AddressInfo);
    await local.prepare();
    port = (server.address() as AddressInfo).port;
    token = new URL(local.pageUrl()).searchParams.get('token')!;
    const state = JSON.parse((await send(port, { path: '/local/page/state', headers: bearer() })).body) as {
      channels: Array<{ id: string; name: string }>;
    };
    alerts = state.channels.find((c) => c.name === 'gne-alerts')!.id;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((r) => server?.close(() => r()));
    await db?.close();
  });

  it('keeps the token in the data directory, readable by its owner only, and reuses it after a restart', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(local.botToken()).toBe(token);
    expect(statSync(join(config.dataDir, LOCAL_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    const again = createLocalWorkspace({ config, pool: db.pool, logger: createLogger({ level: 'silent' }) });
    expect(again.botToken()).toBe(token);
  });

  it('sets an HttpOnly, SameSite=Strict cookie from the tokened address and drops the token from it; the cookie alone then works', async () => {
    const opened = await send(port, { path: `/?token=${token}` });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe('/');
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^vigil_local_${port}=${token}; `));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    const jar = { cookie: `other=1; ${cookie.split(';')[0]}` };
    const page = await send(port, { path: '/', headers: jar });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/local workspace/i);
    expect((await send(port, { path: '/local/app.js', headers: jar })).status).toBe(200);
    const posted = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: { ...jar, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: json({ user: RESPONDER, channel: alerts, text: 'with the cookie' }),
    });
    expect(JSON.parse(posted.body)).toEqual({ ok: true });
    expect(await texts()).toContain('with the cookie');
  });

  it('refuses every request without the token, and says how to get it', async () => {
    for (const path of ['/', '/local/app.js', '/local/page/state', '/local/files/F0NONE', '/local/api/auth.test']) {
      const res = await send(port, { path });
      expect(res.status, path).toBe(401);
      expect(res.body, path).toContain('vigil local url');
    }
    const wrong = await send(port, { path: '/', headers: { cookie: `vigil_local_${port}=${'0'.repeat(64)}` } });
    expect(wrong.status).toBe(401);
    const post = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: { 'content-type': 'application/json' },
      body: json({ user: RESPONDER, channel: alerts, text: 'no token' }),
    });
    expect(post.status).toBe(401);
    const api = await send(port, {
      method: 'POST',
      path: '/local/api/chat.postMessage',
      headers: { 'content-type': 'application/json' },
      body: json({ channel: alerts, text: 'no token api' }),
    });
    expect(api.status).toBe(401);
    expect(await texts()).not.toEqual(expect.arrayContaining(['no token']));
    expect(await texts()).not.toEqual(expect.arrayContaining(['no token api']));
  });

  it('refuses a cross-origin POST, even with the cookie (CSRF), and changes nothing', async () => {
    const res = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: {
        cookie: `vigil_local_${port}=${token}`,
        'content-type': 'application/json',
        origin: 'https://attacker.example',
      },
      body: json({ user: RESPONDER, channel: alerts, text: 'cross origin' }),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: 'forbidden_origin' });
    const nullOrigin = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: { ...bearer(), 'content-type': 'application/json', origin: 'null' },
      body: json({ user: RESPONDER, channel: alerts, text: 'cross origin' }),
    });
    expect(nullOrigin.status).toBe(403);
    expect(await texts()).not.toContain('cross origin');
  });

  it('reads only JSON on the page routes: a text/plain body (what a form or beacon sends) is refused and changes nothing', async () => {
    const res = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: json({ user: RESPONDER, channel: alerts, text: 'plain text' }),
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: 'unsupported_media_type' });
    const form = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: { ...bearer(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `user=${RESPONDER}&channel=${alerts}&text=plain+text`,
    });
    expect(form.status).toBe(415);
    const api = await send(port, {
      method: 'POST',
      path: '/local/api/chat.postMessage',
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: json({ channel: alerts, text: 'plain text' }),
    });
    expect(api.status).toBe(415);
    expect(await texts()).not.toContain('plain text');
  });

  it('writes only over POST: GET on a Web API method that writes is refused (an <img> tag cannot post), reads still answer', async () => {
    const res = await send(port, {
      path: `/local/api/chat.postMessage?channel=${alerts}&text=over+get`,
      headers: bearer(),
    });
    expect(res.status).toBe(405);
    expect(
      (await send(port, { path: `/local/api/conversations.create?name=inc-over-get`, headers: bearer() })).status,
    ).toBe(405);
    expect((await send(port, { method: 'PUT', path: '/local/page/message', headers: bearer() })).status).toBe(405);
    expect(await texts()).not.toContain('over get');
    const list = await send(port, { path: '/local/api/conversations.list', headers: bearer() });
    expect(JSON.parse(list.body).channels.map((c: { name: string }) => c.name)).not.toContain('inc-over-get');
    expect(JSON.parse((await send(port, { path: '/local/api/auth.test', headers: bearer() })).body)).toMatchObject({
      ok: true,
    });
  });

  it('refuses a foreign Host header (DNS rebinding) and changes nothing; localhost and 127.0.0.1 answer', async () => {
    const res = await send(port, {
      method: 'POST',
      path: '/local/page/message',
      headers: {
        ...bearer(),
        host: `attacker.example:${port}`,
        'content-type': 'application/json',
        origin: `http://attacker.example:${port}`,
      },
      body: json({ user: RESPONDER, channel: alerts, text: 'rebound' }),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: 'forbidden_host' });
    expect(
      (await send(port, { path: '/', headers: { cookie: `vigil_local_${port}=${token}`, host: 'attacker.example' } }))
        .status,
    ).toBe(403);
    expect(await texts()).not.toContain('rebound');
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect((await send(port, { path: '/local/page/state', headers: { ...bearer(), host } })).status, host).toBe(200);
    }
  });

  it('lets the bot post to a response URL it was handed, without the workspace token, and no one to a made-up one', async () => {
    const res = await send(port, {
      method: 'POST',
      path: `/local/response/${'a'.repeat(24)}`,
      headers: { 'content-type': 'application/json' },
      body: json({ text: 'made up' }),
    });
    expect(res.status).toBe(404);
    expect(
      (
        await send(port, {
          method: 'POST',
          path: '/local/response/../page/message',
          headers: { 'content-type': 'application/json' },
          body: json({ text: 'made up' }),
        })
      ).status,
    ).toBe(401);
    expect(await texts()).not.toContain('made up');
  });
});
