// The local workspace's request rules, request by request: Host, Origin, token, method and body type; and the
// workspace served beyond loopback.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createLocalWorkspace } from '../../src/local/local-workspace.ts';
import {
  allowedHosts,
  cookieNameFor,
  interfaceAddresses,
  judgeLocalRequest,
  tokenCookie,
  type LocalAccess,
} from '../../src/local/guard-local-request.ts';
import { localBanner, LOCAL_BANNER } from '../../src/local/local-page-routes.ts';

const TOKEN = 'ab'.repeat(32);
const access: LocalAccess = { token: TOKEN, hosts: allowedHosts('127.0.0.1', 3000), cookie: cookieNameFor(3000) };
const judge = (method: string, url: string, headers: Record<string, string>) =>
  judgeLocalRequest({ method, url, headers: { host: '127.0.0.1:3000', ...headers } }, access);

describe('judgeLocalRequest', () => {
  it('names this server by loopback names and the bound address, with the port', () => {
    expect([...allowedHosts('127.0.0.1', 3000)].sort()).toEqual(['127.0.0.1:3000', '[::1]:3000', 'localhost:3000']);
    expect(allowedHosts('10.1.2.3', 8080).has('10.1.2.3:8080')).toBe(true);
    expect(allowedHosts('127.0.0.1', 80).has('localhost')).toBe(true);
    expect(allowedHosts('127.0.0.1', 3000).has('localhost')).toBe(false);
    // A wildcard bind is reached on every interface's address.
    const wide = allowedHosts('0.0.0.0', 3000);
    for (const a of interfaceAddresses())
      expect(wide.has(`${a.includes(':') ? `[${a}]` : a}:3000`.toLowerCase())).toBe(true);
  });

  it('takes the token as a bearer, a query parameter or its cookie, and nothing else', () => {
    expect(judge('GET', '/local/page/state', { authorization: `Bearer ${TOKEN}` })).toEqual({ ok: true });
    expect(judge('GET', `/local/page/state?token=${TOKEN}`, {})).toEqual({ ok: true });
    expect(judge('GET', '/local/page/state', { cookie: `a=b; vigil_local_3000=${TOKEN}` })).toEqual({ ok: true });
    // Another port's cookie is another workspace's.
    expect(judge('GET', '/local/page/state', { cookie: `vigil_local_3001=${TOKEN}` })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(judge('GET', '/local/page/state', { authorization: `Bearer ${TOKEN}x` })).toMatchObject({
      ok: false,
      status: 401,
      error: 'not_authed',
    });
    expect(judge('GET', '/local/page/state', { authorization: `Bearer ${TOKEN.slice(0, 10)}` })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("refuses a foreign Host before anything else, and an Origin other than the page's own", () => {
    expect(judge('GET', '/', { host: 'rebind.example:3000', authorization: `Bearer ${TOKEN}` })).toMatchObject({
      ok: false,
      status: 403,
      error: 'forbidden_host',
    });
    expect(judge('GET', '/', { host: '', authorization: `Bearer ${TOKEN}` })).toMatchObject({ ok: false, status: 403 });
    expect(
      judge('POST', '/local/page/command', { origin: 'http://localhost:3000', authorization: `Bearer ${TOKEN}` }),
    ).toMatchObject({ ok: false, status: 403, error: 'forbidden_origin' });
    expect(
      judge('POST', '/local/page/command', {
        origin: 'http://127.0.0.1:3000',
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'content-length': '2',
      }),
    ).toEqual({ ok: true });
  });

  it('reads JSON on the page, JSON or forms on the Web API, anything on an upload, and a body-less POST anywhere', () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(
      judge('POST', '/local/page/command', { ...auth, 'content-type': 'application/json; charset=utf-8' }),
    ).toEqual({ ok: true });
    expect(judge('POST', '/local/page/command', { ...auth, 'content-type': 'text/plain;charset=UTF-8' })).toMatchObject(
      { status: 415 },
    );
    expect(judge('POST', '/local/page/command', { ...auth, 'content-length': '12' })).toMatchObject({ status: 415 });
    expect(judge('POST', '/local/page/command', { ...auth, 'content-length': '0' })).toEqual({ ok: true });
    expect(
      judge('POST', '/local/api/chat.postMessage', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }),
    ).toEqual({ ok: true });
    expect(
      judge('POST', '/local/api/chat.postMessage', { ...auth, 'content-type': 'multipart/form-data; boundary=x' }),
    ).toMatchObject({ status: 415 });
    expect(judge('POST', '/local/upload/F1', { ...auth, 'content-type': 'multipart/form-data; boundary=x' })).toEqual({
      ok: true,
    });
    expect(judge('DELETE', '/local/page/command', auth)).toMatchObject({ status: 405 });
  });

  it("lets a response URL through on its own random path, as Slack's are", () => {
    expect(judge('POST', `/local/response/${'0a'.repeat(12)}`, { 'content-type': 'application/json' })).toEqual({
      ok: true,
    });
    expect(judge('POST', '/local/response/short', { 'content-type': 'application/json' })).toMatchObject({
      status: 401,
    });
    expect(judge('POST', `/local/response/${'0a'.repeat(12)}`, { 'content-type': 'text/plain' })).toMatchObject({
      status: 415,
    });
  });

  it('keeps the cookie from scripts and from other sites', () => {
    expect(tokenCookie(access)).toMatch(
      new RegExp(`^vigil_local_3000=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`),
    );
  });

  it('says on the page when the workspace is served beyond this computer', () => {
    expect(localBanner('http://127.0.0.1:3000', true)).toBe(LOCAL_BANNER);
    expect(localBanner('0.0.0.0:3000 (192.168.1.5)', false)).toMatch(
      /served on 0\.0\.0\.0:3000 \(192\.168\.1\.5\), reachable from other computers/,
    );
  });
});

describe('a local workspace served beyond loopback (HOST=0.0.0.0, VIGIL_LOCAL_WORKSPACE=on)', () => {
  it("names its real address and takes requests for this computer's addresses, still with the token", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-wide-'));
    writeFileSync(join(dir, 'vigil.yml'), '');
    const config = loadConfig({
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      VIGIL_DATA_DIR: dir,
      HOST: '0.0.0.0',
      VIGIL_LOCAL_WORKSPACE: 'on',
      PORT: '4321',
    });
    expect(config.slack.mode).toBe('local');
    // No database is reached: the page itself is a file, and the guard answers first.
    const local = createLocalWorkspace({ config, pool: {} as never, logger: createLogger({ level: 'silent' }) });
    local.listening({ address: '0.0.0.0', port: 4321, family: 'IPv4' });
    expect(local.pageUrl()).toMatch(/^http:\/\/127\.0\.0\.1:4321\/\?token=[0-9a-f]{64}$/);
    const outside = interfaceAddresses().filter((a) => !/^(127\.|::1$)/.test(a));
    if (outside.length > 0) expect(local.exposedOn()).toBe(`0.0.0.0:4321 (${outside.join(', ')})`);
    else expect(local.exposedOn()).toBeUndefined();
    const status = async (host: string, auth: boolean) => {
      let code = 0;
      const res = { writeHead: (s: number) => ((code = s), res), end: () => res };
      await local.route(
        {
          method: 'GET',
          url: '/',
          headers: { host, ...(auth ? { cookie: `vigil_local_4321=${local.botToken()}` } : {}) },
        } as never,
        res as never,
      );
      return code;
    };
    for (const a of outside) expect(await status(`${a.includes(':') ? `[${a}]` : a}:4321`, true)).toBe(200);
    expect(await status('127.0.0.1:4321', false)).toBe(401);
    expect(await status('vigil.attacker.example:4321', true)).toBe(403);
  });
});
