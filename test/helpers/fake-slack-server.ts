// A Slack-compatible Web API on localhost for end-to-end runs through SLACK_API_URL, with hooks to fail, slow or hang a method.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded call: the Web API method (or "response_url") and its parsed body. */
export interface FakeSlackCall {
  method: string;
  body: Record<string, unknown>;
}

/**
 * What a hook makes of the n-th call (1-based) of its method: `undefined` answers as Slack would;
 * `status` answers that HTTP status (a 500); `hang` never answers, after doing the call's work when
 * `hang: 'after'` (Slack did it, the answer was lost); `delayMs` answers as usual that much later.
 */
export type FakeSlackAnswer =
  { status: number; json?: unknown } | { hang: 'before' | 'after' } | { delayMs: number } | undefined;

/** A running fake: its base URLs, the calls so far, the channels made, and close(). */
export interface FakeSlack {
  apiUrl: string;
  responseUrl: string;
  calls: FakeSlackCall[];
  /** Channels created, by name (conversations.create refuses a taken name as Slack does). */
  channels: Map<string, { id: string; created: number }>;
  /** Hooks by method; set or delete them while the fake runs. */
  hooks: Record<string, (n: number, body: Record<string, unknown>) => FakeSlackAnswer>;
  close(): Promise<void>;
}

/** Starts a fake Slack answering like Slack for the methods vigil calls. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const channels = new Map<string, { id: string; created: number }>();
  const hooks: FakeSlack['hooks'] = {};
  const hanging = new Set<ServerResponse>();
  let n = 0;
  const answer = (method: string, body: Record<string, unknown>): unknown => {
    switch (method) {
      case 'auth.test':
        return { ok: true, team: 'GNE', team_id: 'T0VIGIL', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'conversations.create': {
        const name = String(body.name);
        if (channels.has(name)) return { ok: false, error: 'name_taken' };
        const channel = { id: `C0E2E${n}`, created: Math.floor(Date.now() / 1000) };
        channels.set(name, channel);
        return { ok: true, channel: { id: channel.id, name, created: channel.created } };
      }
      case 'conversations.list':
        return {
          ok: true,
          channels: [...channels].map(([name, c]) => ({ id: c.id, name, created: c.created })),
          response_metadata: { next_cursor: '' },
        };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: String(body.channel).replace(/^#/, ''),
          ts: `1700000${String(n).padStart(3, '0')}.000100`,
        };
      default:
        return { ok: true };
    }
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const url = req.url ?? '/';
      const body = (req.headers['content-type'] ?? '').includes('json')
        ? JSON.parse(raw || '{}')
        : Object.fromEntries(new URLSearchParams(raw));
      const method = url.startsWith('/api/') ? url.slice('/api/'.length).split('?')[0]! : 'response_url';
      calls.push({ method, body });
      n++;
      const reply = (obj: unknown, status = 200) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      const hooked = hooks[method]?.(calls.filter((c) => c.method === method).length, body);
      if (hooked && 'status' in hooked) return reply(hooked.json ?? { ok: false, error: 'fatal_error' }, hooked.status);
      if (hooked && 'hang' in hooked) {
        if (hooked.hang === 'after') answer(method, body);
        hanging.add(res);
        return;
      }
      const result = answer(method, body);
      if (hooked && 'delayMs' in hooked) setTimeout(() => reply(result), hooked.delayMs);
      else reply(result);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: `http://127.0.0.1:${port}/response/1`,
    calls,
    channels,
    hooks,
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
